"""Forms for creating and changing staff accounts."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.fields.choices import SelectChoice

from ..forms.fields import ZhSelectField
from ..forms.validators import MaxLength, Required, strip
from ..models.user import ROLE_LABELS


def _long_enough(form, field):
    from wtforms.validators import ValidationError

    if field.data and len(field.data) < 8:
        raise ValidationError("密碼至少 8 個字元")


class UserForm(FlaskForm):
    """A new account."""

    username = StringField(
        "帳號",
        filters=[strip],
        validators=[Required("請填寫帳號"), MaxLength(50, "帳號")],
        render_kw={"autocomplete": "off", "autocapitalize": "none"},
    )
    display_name = StringField("顯示名稱", filters=[strip], validators=[MaxLength(50, "顯示名稱")])
    role = ZhSelectField(
        "角色",
        choices=[SelectChoice(role, label) for role, label in ROLE_LABELS.items()],
        validators=[Required("請選擇角色")],
    )
    password = PasswordField(
        "初始密碼",
        validators=[Required("請設定初始密碼"), _long_enough],
        render_kw={"autocomplete": "new-password"},
        description="至少 8 個字元，請當面或以電話告知本人",
    )

    def validate_username(self, field):
        from wtforms.validators import ValidationError

        from ..extensions import db
        from ..models import User

        if db.session.scalar(db.select(User).filter_by(username=field.data)):
            raise ValidationError("這個帳號已有人使用，請換一個")
