"""What the session form offers to pick: courses, sites, tests, roadshow events."""

from __future__ import annotations

from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..models import Event
from ..models.digital import Site
from ..models.prepost import CourseTest
from ..models.surveys import Survey, SurveyOption
from ..models.training import TrainingSession


def load_choices(form, session: TrainingSession | None) -> None:
    """The courses, sites, tests and events to pick from (a session's own, even if hidden)."""
    keep = {
        "course": session.course_option_id if session else None,
        "site": session.site_id if session else None,
        "event": session.event_id if session else None,
    }
    options = db.session.execute(
        db.select(SurveyOption.id, SurveyOption.label, Survey.title)
        .join(Survey, Survey.id == SurveyOption.survey_id)
        .where(db.or_(SurveyOption.hidden.is_(False), SurveyOption.id == keep["course"]))
        .order_by(Survey.id.desc(), SurveyOption.position)
    ).all()
    form.course.choices = [SelectChoice("", "請選擇課程")] + [
        SelectChoice(str(o.id), f"{o.label}（{o.title}）") for o in options
    ]
    sites = db.session.execute(
        db.select(Site.id, Site.name, Site.county)
        .where(db.or_(Site.active.is_(True), Site.id == keep["site"]))
        .order_by(Site.id)
    ).all()
    form.site.choices = [SelectChoice("", "（不屬於場域）")] + [
        SelectChoice(str(s.id), f"{s.name}（{s.county}）") for s in sites
    ]
    tests = db.session.execute(
        db.select(CourseTest.id, CourseTest.title).order_by(CourseTest.id.desc())
    ).all()
    form.course_test.choices = [SelectChoice("", "（不使用）")] + [
        SelectChoice(str(t.id), t.title) for t in tests
    ]
    events = db.session.execute(
        db.select(Event.id, Event.name, Event.date)
        .order_by(Event.date.desc(), Event.id.desc())
        .limit(200)
    ).all()
    if keep["event"] and keep["event"] not in {e.id for e in events}:
        events.append(
            db.session.execute(
                db.select(Event.id, Event.name, Event.date).where(Event.id == keep["event"])
            ).one()
        )
    form.event.choices = [SelectChoice("", "（不是巡迴活動）")] + [
        SelectChoice(str(e.id), f"{e.name}（{e.date:%Y-%m-%d}）") for e in events
    ]
