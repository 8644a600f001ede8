"""Helpers for the officer-side training tests: registrations built by hand, a course survey."""

import secrets
from datetime import timedelta

from smeup.extensions import db
from smeup.models import AuditEntry
from smeup.models.surveys import Survey, SurveyOption
from smeup.models.training import TrainingRegistration
from smeup.training.codes import new_code


def add_registration(session, n: int, **values) -> TrainingRegistration:
    """The n-th person's registration, stored as given (status, seat and attendance by hand)."""
    fields = {
        "session_id": session.id,
        "token": secrets.token_urlsafe(32),
        "code": new_code(),
        "status": "registered",
        "seated_at": session.starts_at - timedelta(days=3),
        "company_name": f"測試商行{n}",
        "county": "臺中市",
        "industry": "G",
        "employees": 5,
        "attendee_name": f"學員{n}",
        "attendee_phone": f"09{n:08d}",
        "phone_last4": f"{n:04d}"[-4:],
        "attendee_email": f"person{n}@example.com",
        "attendee_title": "店長",
        "consent": True,
        "created_at": session.starts_at - timedelta(days=3),
    }
    fields.update(values)
    registration = TrainingRegistration(**fields)
    db.session.add(registration)
    db.session.commit()
    return registration


def course_option(
    code: str = "social", label: str = "社群行銷", *, max_ranked: int = 3, others=("ec", "pos")
):
    """A course survey with `code` and a few other options; returns the option."""
    survey = Survey(
        title="115 年課程意願調查",
        min_ranked=1,
        max_ranked=max_ranked,
        locations=["審計新村", "鹿港"],
    )
    option = SurveyOption(survey=survey, code=code, label=label, position=0)
    db.session.add_all([survey, option])
    for n, other in enumerate(others, start=1):
        db.session.add(SurveyOption(survey=survey, code=other, label=f"課程{other}", position=n))
    db.session.commit()
    return option


def audit_actions(app) -> list[tuple[str, dict]]:
    """The audit log's (action, detail) pairs, oldest first."""
    with app.app_context():
        return [
            (e.action, e.detail)
            for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))
        ]
