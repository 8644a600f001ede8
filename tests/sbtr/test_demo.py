"""`flask seed-demo` stores SBTR proposals through the form and its rules, one under review."""

from smeup.extensions import db
from smeup.models import Submission


def test_the_demo_has_two_proposals_and_an_offline_roadshow_delivery(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # twice: nothing doubled
    with app.app_context():
        proposals = db.session.scalars(
            db.select(Submission).filter_by(form_type="sbtr").order_by(Submission.id)
        ).all()
        assert [p.status for p in proposals] == ["資格審查中", "已收件"]
        assert all(p.sbtr.eligible and p.sbtr.category == "A" for p in proposals)
        offline = db.session.scalars(db.select(Submission).filter_by(via_outbox=True)).all()
        assert offline and all(s.channel == "roadshow" and s.captured_at for s in offline)
