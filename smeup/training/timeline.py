"""What the company register's timeline shows of training: registrations and attendance.

The training room talks to the register (architecture.md): it adds its lines as a timeline source.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..extensions import db
from ..models.training import TrainingRegistration, TrainingSession
from ..register.timeline import Event, add_timeline_source
from .words import STATUSES

LIMIT = 200  # the newest; a company sending more people than this is read on the session pages


@dataclass(frozen=True)
class TrainingLine:
    """One registration or attendance as a timeline line, with the session it belongs to."""

    session_id: int
    label: str
    text: str


@add_timeline_source
def company_timeline(company) -> list[Event]:
    """The company's people registering for sessions, and coming to them."""
    rows = db.session.execute(
        db.select(TrainingRegistration, TrainingSession.title, TrainingSession.starts_at)
        .join(TrainingSession, TrainingSession.id == TrainingRegistration.session_id)
        .where(TrainingRegistration.company_id == company.id)
        .order_by(TrainingRegistration.created_at.desc())
        .limit(LIMIT)
    ).all()
    events = []
    for r, title, starts_at in rows:
        events.append(
            Event(
                r.created_at,
                "training",
                None,
                TrainingLine(
                    r.session_id, "報名", f"{r.attendee_name}報名「{title}」：{STATUSES[r.status]}"
                ),
            )
        )
        if r.attended:  # an online session's attendance has no door time: its start
            events.append(
                Event(
                    r.checked_in_at or starts_at,
                    "training",
                    None,
                    TrainingLine(r.session_id, "出席", f"{r.attendee_name}出席「{title}」"),
                )
            )
    return events
