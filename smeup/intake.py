"""Which channel a submission arrives by, and who entered it (channels.md)."""

from dataclasses import dataclass
from datetime import datetime

from flask_login import current_user

from .kiosk_mode import current_kiosk
from .workflow import initial_status


@dataclass(frozen=True)
class Intake:
    """The envelope values a form view stamps on a submission."""

    channel: str
    event_id: int | None
    entered_by_id: int | None
    # Set for a kiosk tablet's outbox delivery: when the answers were captured.
    captured_at: datetime | None = None
    via_outbox: bool = False

    def envelope(self, form_type: str) -> dict:
        """A new submission's envelope columns: how it came in, and its form's first status."""
        return {
            "form_type": form_type,
            "channel": self.channel,
            "event_id": self.event_id,
            "entered_by_id": self.entered_by_id,
            "captured_at": self.captured_at,
            "via_outbox": self.via_outbox,
            "status": initial_status(form_type),
        }


def current_intake() -> Intake:
    """Kiosk mode → roadshow with its event; a signed-in staff member → phone; else web."""
    kiosk = current_kiosk()
    if kiosk:
        return Intake("roadshow", kiosk.event_id, None)
    if current_user.is_authenticated:
        return Intake("phone", None, current_user.id)
    return Intake("web", None, None)
