"""What an outbox entry may not decide for itself: its event, its form, when it was captured.

An entry is sealed with the server's public key, which every kiosk page carries: anyone holding
a kiosk cookie can make one that decrypts. So the entry is believed only for the answers, which
the form's own rules check. The kiosk session behind the cookie decides the event; the form must
be one that event offers and, for a survey, open when the entry was captured; and the capture
time must fall within the kiosk session's lifetime.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..clock import taipei
from ..extensions import db
from ..forms.offline_forms import OfflineForm
from ..models import Event
from ..models.audit import AuditEntry
from ..models.kiosk import KioskSession
from ..models.surveys import Survey

# Clocks that disagree by a little are not a reason to doubt an entry (a tablet's clock drifts,
# and its milliseconds between capture and send are measured on that clock).
CLOCK_SKEW = timedelta(minutes=2)
# How the survey editor's audit entries name a survey's changes (surveys/admin_views.py).
SURVEY_CHANGES = ("survey_create", "survey_update")


@dataclass(frozen=True)
class Problem:
    """Why an entry is held for an officer instead of being stored: a kind and a clear reason."""

    kind: str
    reason: str | None


@dataclass(frozen=True)
class CaptureTime:
    """When the answers were captured on the server's clock; None when not believed, and why."""

    at: datetime | None
    doubt: str | None = None


def capture_time(client_ms, sent_ms, now: datetime, kiosk: KioskSession) -> CaptureTime:
    """Now minus the time the tablet counted between capture and send (its own clock's offset
    drops out), believed only within the kiosk session's lifetime (a small skew allowed)."""
    try:
        elapsed = timedelta(milliseconds=float(sent_ms) - float(client_ms))
        captured = now - elapsed
    except (TypeError, ValueError, OverflowError):
        return CaptureTime(None, "填寫時間無法讀取")
    if captured > now + CLOCK_SKEW:
        return CaptureTime(None, "平板回報的填寫時間晚於收到時間")
    if kiosk.started_at is not None and captured < kiosk.started_at - CLOCK_SKEW:
        return CaptureTime(None, "平板回報的填寫時間早於這台展示機啟用的時間")
    return CaptureTime(min(captured, now))


def event_problem(claimed, kiosk: KioskSession) -> Problem | None:
    """The entry names the event it was made for: it must be the kiosk's (or name none)."""
    if claimed is None or claimed == "":
        return None
    text = str(claimed)[:40]
    number = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
    plain = isinstance(claimed, int | str) and not isinstance(claimed, bool)
    if plain and number == kiosk.event_id:
        return None
    named = db.session.get(Event, number) if number is not None else None
    if named is not None:
        what = f"「{named.name}」（編號 {named.id}）"
    elif number is not None:
        what = f"不存在的活動編號 {number}"
    else:
        what = f"無法辨識的活動標示「{text}」"
    return Problem(
        "event",
        f"資料記錄的活動是{what}，但送出它的展示機屬於「{kiosk.event.name}」，未入庫。",
    )


def offer_problem(form: OfflineForm, event: Event) -> Problem | None:
    """The kiosk's event must offer the form the entry fills in."""
    if form.event_form in (event.forms or []):
        return None
    return Problem("form", f"活動「{event.name}」未開放「{form.title}」，未入庫。")


def open_problem(form: OfflineForm, when: datetime, *, time_known: bool) -> Problem | None:
    """A course survey must have been open when the entry was captured."""
    survey = form.survey
    if survey is None or survey_open_at(survey, when):
        return None
    if time_known:
        reason = (
            f"問卷「{survey.title}」在填寫時（{taipei(when, '%Y-%m-%d %H:%M')}）已截止，未入庫。"
        )
    else:
        reason = f"問卷「{survey.title}」已截止，且填寫時間無法確認，未入庫。"
    return Problem("closed", reason)


def survey_open_at(survey: Survey, when: datetime) -> bool:
    """Whether `survey` took answers at `when`.

    Open now: yes (it would take the answer online now). Closed now: the survey editor writes an
    audit entry with each change, in the same transaction, so the survey was closed by one of
    them. If they say whether the survey was open, that settles it; else the latest change is
    the one that closed it, and answers captured before it were captured while it was open.
    A closed survey with no recorded change (made outside the editor) is taken as closed.
    """
    if survey.created_at is not None and when < survey.created_at - CLOCK_SKEW:
        return False
    if survey.is_open:
        return True
    changes = db.session.execute(
        db.select(AuditEntry.at, AuditEntry.detail)
        .where(AuditEntry.action.in_(SURVEY_CHANGES))
        .where(AuditEntry.detail["survey_id"].as_integer() == survey.id)
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    if not changes:
        return False
    states = [
        (at, bool(d["is_open"])) for at, d in changes if isinstance(d, dict) and "is_open" in d
    ]
    if states:
        before = [is_open for at, is_open in states if at <= when]
        # Before its first recorded state the survey was in the other one (it was created before
        # `when`, checked above): a survey first recorded as closing was open until then.
        return before[-1] if before else not states[0][1]
    return when < changes[-1].at
