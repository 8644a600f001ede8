"""The login form."""

from wtforms import PasswordField, StringField

from ..forms.cleaning import CleanForm
from ..forms.validators import Required, strip


class LoginForm(CleanForm):
    """Username and password."""

    username = StringField(
        "帳號",
        filters=[strip],
        validators=[Required("請填寫帳號")],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        "密碼", validators=[Required("請填寫密碼")], render_kw={"autocomplete": "current-password"}
    )
