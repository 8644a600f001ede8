"""Starting kiosk mode (event and PIN) and leaving it (the PIN again)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField
from wtforms.validators import StopValidation, ValidationError

from ..forms.fields import ZhSelectField
from ..forms.validators import Required
from ..kiosk_mode import PIN_MAX, PIN_MIN, clean_pin, valid_pin

PIN_KW = {"inputmode": "numeric", "autocomplete": "off", "maxlength": PIN_MAX}
PIN_RULE = f"{PIN_MIN} 到 {PIN_MAX} 位數字"


def _pin_format(form, field):
    field.data = clean_pin(field.data)
    if not valid_pin(field.data):
        raise StopValidation(f"PIN 請設定 {PIN_RULE}")


class SetupForm(FlaskForm):
    """Which event the tablet serves, and the PIN that ends kiosk mode."""

    event_id = ZhSelectField("活動", validators=[Required("請選擇活動")])
    pin = PasswordField(
        "離開用 PIN",
        validators=[Required("請設定 PIN"), _pin_format],
        render_kw=PIN_KW,
        description=f"{PIN_RULE}。離開展示機模式時要輸入，請勿告訴民眾。",
    )
    pin_again = PasswordField(
        "再輸入一次 PIN", validators=[Required("請再輸入一次 PIN")], render_kw=PIN_KW
    )

    def validate_pin_again(self, field):
        """Both PIN entries agree (a typo here would lock the tablet in kiosk mode)."""
        if not self.pin.errors and clean_pin(field.data) != self.pin.data:
            raise ValidationError("兩次輸入的 PIN 不一樣，請重新輸入")


class ExitForm(FlaskForm):
    """The PIN that ends kiosk mode; twice when the tablet's outbox still holds entries."""

    pin = PasswordField("PIN", validators=[Required("請輸入 PIN")], render_kw=PIN_KW)
    # Filled in by js/outbox.js with the number of entries still on the tablet.
    outbox_pending = HiddenField(default="0")
    pin_again = PasswordField("再輸入一次 PIN", render_kw=PIN_KW)

    @property
    def pending(self) -> int:
        """Entries the tablet says are still queued (0 when unknown)."""
        raw = (self.outbox_pending.data or "0").strip()
        return min(int(raw), 1_000_000) if raw.isascii() and raw.isdigit() else 0

    def validate_pin_again(self, field):
        """Leaving with a non-empty outbox asks for the PIN a second time."""
        if self.pending and clean_pin(field.data) != clean_pin(self.pin.data):
            raise ValidationError(
                f"本機還有 {self.pending} 筆離線資料未送出；要離開請再輸入一次 PIN"
            )
