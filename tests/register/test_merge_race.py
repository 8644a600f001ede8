"""Two people at once (quality.md): two opposite merges end in one merge, never in a cycle.

Each pair of companies gets an officer merging A into B and an admin merging B into A at the
same moment, each with its own client, session and database connection. The first test holds
every merge, once it has checked that neither company is merged yet, until the other merge has
checked too (or half a second has gone by): without a lock both pass the check and write, which
is the cycle the finding saw. With the lock the second merge waits for the first's commit before
it checks, never reaches the meeting point, and is refused. The second test adds no meeting
point at all: two real requests at once, ten times.
"""

import html
import threading

import pytest

from smeup.extensions import db
from smeup.models import AuditEntry, Submission
from smeup.models.register import Company, CompanyMerge
from smeup.register import merge as merge_module
from smeup.register.search import find_companies
from tests.helpers import csrf_token, login
from tests.register.conftest import store

PAIRS = 10
MEET_SECONDS = 0.5


def seed_pairs(app, pairs: int = PAIRS) -> list[tuple[int, int, str, str]]:
    """`pairs` pairs of companies, one check each: (id a, id b, ubn a, ubn b)."""
    seeded = []
    with app.test_request_context():
        for n in range(pairs):
            ubn_a, ubn_b = f"310{n:02d}001", f"310{n:02d}002"
            store(ubn=ubn_a, company_name=f"同時合併甲{n}")
            store(ubn=ubn_b, company_name=f"同時合併乙{n}")
            ids = dict(db.session.execute(db.select(Company.ubn, Company.id)).all())
            seeded.append((ids[ubn_a], ids[ubn_b], ubn_a, ubn_b))
        db.session.remove()
    return seeded


def signed_in(app, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def opposite_merges(app, users, pair) -> list:
    """The officer merges a into b while the admin merges b into a; both responses."""
    id_a, id_b, ubn_a, ubn_b = pair
    jobs = [
        (signed_in(app, users["officer"]), id_a, ubn_b),
        (signed_in(app, users["admin"]), id_b, ubn_a),
    ]
    forms = []
    for client, source, target_ubn in jobs:
        url = f"/console/companies/{source}/merge"
        token = csrf_token(client, url)
        forms.append(
            (client, url, {"csrf_token": token, "target_ubn": target_ubn, "reason": "重複"})
        )
    start = threading.Barrier(2)
    answers: list = [None, None]

    def post(n):
        client, url, data = forms[n]
        try:
            start.wait(timeout=10)
            answers[n] = client.post(url, data=data)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            answers[n] = error

    threads = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def assert_one_merge(app, pair, answers) -> None:
    """Exactly one merge happened, the other was refused in zh-Hant, and there is no cycle."""
    id_a, id_b, ubn_a, ubn_b = pair
    assert not [a for a in answers if isinstance(a, Exception)], answers
    codes = sorted(a.status_code for a in answers)
    assert codes == [303, 422], codes
    refused = html.unescape(next(a for a in answers if a.status_code == 422).get_data(as_text=True))
    assert "已經併入另一筆企業資料" in refused
    with app.test_request_context():
        a, b = db.session.get(Company, id_a), db.session.get(Company, id_b)
        assert (a.merged_into_id, b.merged_into_id) in [(id_b, None), (None, id_a)]
        merges = db.session.scalars(
            db.select(CompanyMerge).where(CompanyMerge.source_id.in_([id_a, id_b]))
        ).all()
        assert len(merges) == 1
        audits = db.session.scalars(db.select(AuditEntry).filter_by(action="company_merge")).all()
        assert len([e for e in audits if e.detail["source_id"] in (id_a, id_b)]) == 1
        live = b if a.merged_into_id else a
        # Both checks are on the company that stays, which search still finds by either number.
        owners = db.session.scalars(
            db.select(Submission.company_id).where(Submission.ubn.in_([ubn_a, ubn_b]))
        ).all()
        assert owners == [live.id, live.id]
        assert [c.id for c in find_companies(live.ubn, limit=5)] == [live.id]
        db.session.remove()


@pytest.fixture
def meet_after_the_check(monkeypatch):
    """Every merge waits here, after its check and before its writes, for the other one."""
    meeting = threading.Barrier(2)
    moving = merge_module.move_referrals

    def meet_then_move(*args, **kwargs):
        try:
            meeting.wait(timeout=MEET_SECONDS)
        except threading.BrokenBarrierError:
            pass  # the other merge is waiting for the lock (or already refused): go on alone
        finally:
            meeting.reset()
        return moving(*args, **kwargs)

    monkeypatch.setattr(merge_module, "move_referrals", meet_then_move)


def test_two_opposite_merges_that_both_passed_the_check_make_one_merge(
    app, users, meet_after_the_check
):
    for pair in seed_pairs(app):
        assert_one_merge(app, pair, opposite_merges(app, users, pair))


def test_two_opposite_merge_requests_at_once_make_one_merge_ten_times(app, users):
    for pair in seed_pairs(app):
        assert_one_merge(app, pair, opposite_merges(app, users, pair))
