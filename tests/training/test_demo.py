"""`flask seed-demo` gives every training page something to show."""

from smeup.extensions import db
from smeup.models.base import utcnow
from smeup.models.training import TrainingSession
from smeup.training.figures import session_figures


def test_the_demo_has_a_past_course_with_attendance_a_full_one_and_a_briefing(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # twice: nothing doubled
    with app.app_context():
        sessions = db.session.scalars(
            db.select(TrainingSession).order_by(TrainingSession.starts_at)
        ).all()
        assert [s.kind for s in sessions] == ["course", "course", "briefing"]
        now = utcnow()
        past, full, briefing = (session_figures(s, now) for s in sessions)
        assert past.ended and past.attended == 18 and past.expected == 21 and past.no_show == 3
        assert full.registered == 20 and full.waitlisted >= 1
        assert briefing.registered > 0 and not briefing.ended
