"""Account commands and the demo seed."""

from smeup.extensions import db
from smeup.models import Event, Submission, User


def test_user_create_makes_a_hashed_account(app, runner):
    result = runner.invoke(
        args=["user", "create", "chen", "--role", "officer", "--password", "s3cret-pass"]
    )
    assert result.exit_code == 0, result.output
    assert "已建立帳號 chen" in result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="chen"))
        assert user.role == "officer" and user.check_password("s3cret-pass")


def test_user_create_refuses_duplicates_and_short_passwords(runner):
    runner.invoke(args=["user", "create", "lin", "--role", "agent", "--password", "long-enough"])
    again = runner.invoke(
        args=["user", "create", "lin", "--role", "agent", "--password", "long-enough"]
    )
    assert again.exit_code != 0 and "已存在" in again.output
    short = runner.invoke(args=["user", "create", "wu", "--role", "agent", "--password", "short"])
    assert short.exit_code != 0 and "至少 8" in short.output


def test_seed_demo_is_safe_to_run_twice_and_prints_accounts(app, runner):
    first = runner.invoke(args=["seed-demo"])
    with app.app_context():
        after_first = db.session.scalar(db.select(db.func.count()).select_from(Submission))
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "officer" in first.output and "密碼" in first.output
    assert first.output == second.output  # same passwords both times
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 3
        assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == after_first
        demo = db.session.scalars(db.select(Submission).filter_by(form_type="netzero")).all()
        assert len(demo) >= 5
        assert {s.channel for s in demo} == {"web", "roadshow", "phone"}
        assert all(s.netzero.total_tco2e > 0 for s in demo)
