"""submission_rollup always equals a direct count of the submissions it sums."""

import re
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import func

from smeup.extensions import db
from smeup.models import Submission
from smeup.models.netzero import NetzeroCheck
from smeup.models.rollup import SubmissionRollup as R
from smeup.rollups import rebuild, taipei_day
from tests.console import factories as f
from tests.helpers import NETZERO_FORM, csrf_token


def key(s: Submission) -> tuple:
    """A submission's rollup key, taken from the submission itself."""
    return (
        s.form_type,
        taipei_day(s.submitted_at),
        s.channel,
        s.county or "",
        s.segment or "",
        s.status,
    )


def rollup(app) -> Counter:
    """Rollup counts by key, leaving out rows that have fallen to zero."""
    with app.app_context():
        rows = db.session.execute(
            db.select(R.form_type, R.day, R.channel, R.county, R.segment, R.status, R.submissions)
        )
        return Counter({tuple(r[:6]): r[6] for r in rows if r[6]})


def direct(app) -> Counter:
    """The same counts taken straight from the submissions."""
    with app.app_context():
        return Counter(key(s) for s in db.session.scalars(db.select(Submission)))


def offline(app) -> tuple[Counter, Counter]:
    """Offline arrivals by key: from the rollup, and counted from the submissions."""
    with app.app_context():
        rows = db.session.execute(
            db.select(R.form_type, R.day, R.channel, R.county, R.segment, R.status, R.offline)
        )
        kept = Counter({tuple(r[:6]): r[6] for r in rows if r[6]})
        offline_rows = db.select(Submission).where(Submission.via_outbox)
        counted = Counter(key(s) for s in db.session.scalars(offline_rows))
        return kept, counted


def tonnes(app) -> tuple[float, float]:
    """Net-zero tonnes: from the rollup, and summed directly."""
    with app.app_context():
        kept = db.session.scalar(db.select(func.sum(R.total_tco2e)).where(R.form_type == "netzero"))
        summed = db.session.scalar(db.select(func.sum(NetzeroCheck.total_tco2e)))
        return float(kept or 0), float(summed or 0)


def mixed(app, add):
    survey = add(lambda: f.survey())
    return add(
        lambda: [
            f.netzero(
                check={"urgency": "高", "total_tco2e": 10.5}, county="臺中市", via_outbox=True
            ),
            f.netzero(
                check={"urgency": "低", "total_tco2e": 2.25}, channel="phone", via_outbox=True
            ),
            # 23:30 and 00:30 in Taipei: two days.
            f.netzero(submitted_at=datetime(2026, 11, 20, 15, 30), county=None),
            f.netzero(
                submitted_at=datetime(2026, 11, 20, 16, 30), channel="roadshow", via_outbox=True
            ),
            f.sbtr(proposal={"category": "B_PLUS"}),
            f.course(db.session.get(f.Survey, survey)),
        ]
    )


def test_every_insert_is_counted_by_its_key(app, add):
    mixed(app, add)
    assert rollup(app) == direct(app)
    assert sum(rollup(app).values()) == 6
    kept, summed = tonnes(app)
    assert kept == pytest.approx(summed)


def test_status_changes_through_the_console_move_the_count(app, add, officer):
    high, low, *_ = mixed(app, add)
    for sid, target in ((high, "處理中"), (low, "已結案"), (high, "已結案")):
        page = f"/console/netzero/{sid}"
        token = csrf_token(officer, page)
        answer = officer.post(f"{page}/status", data={"csrf_token": token, "status": target})
        assert answer.status_code in (200, 303)
    assert rollup(app) == direct(app)
    with app.app_context():
        closed = db.session.scalar(
            db.select(func.sum(R.submissions)).where(R.status == "已結案", R.form_type == "netzero")
        )
    assert closed == 2
    kept, summed = tonnes(app)
    assert kept == pytest.approx(summed)


def test_edits_and_deletes_through_the_orm_keep_it_equal(app, add):
    ids = mixed(app, add)
    with app.app_context():
        moved = db.session.get(Submission, ids[0])
        moved.county = "花蓮縣"
        moved.channel = "phone"
        gone = db.session.get(Submission, ids[1])
        db.session.delete(gone.netzero)
        db.session.delete(gone)
        db.session.commit()
    assert rollup(app) == direct(app)
    kept, summed = tonnes(app)
    assert kept == pytest.approx(summed)
    kept_offline, counted_offline = offline(app)
    assert kept_offline == counted_offline and sum(counted_offline.values()) == 2


def test_a_form_posted_over_http_is_counted(app, client):
    page = client.get("/netzero/").get_data(as_text=True)
    key = re.search(r'name="submission_key"[^>]*value="([^"]+)"', page).group(1)
    data = {**NETZERO_FORM, "csrf_token": csrf_token(client, "/netzero/"), "submission_key": key}
    assert client.post("/netzero/", data=data).status_code == 303
    assert rollup(app) == direct(app)
    assert sum(rollup(app).values()) == 1


def test_rebuild_recounts_from_the_submissions(app, add):
    mixed(app, add)
    before = rollup(app)
    with app.app_context():
        db.session.execute(db.delete(R))
        rebuild(db.session)
        db.session.commit()
    assert rollup(app) == before == direct(app)
    kept_offline, counted_offline = offline(app)
    assert kept_offline == counted_offline and sum(counted_offline.values()) == 3
