"""One open referral per company × item × unit (issue 24): referring an item again, from an
older check or by two officers at once, names the open one instead of opening another."""

import contextlib
import html
import threading

import pytest

from smeup.database import write_unit
from smeup.extensions import db
from smeup.models.register import Referral
from smeup.register import referrals as referrals_module
from smeup.register.referrals import AlreadyOpen, move, refer
from tests.helpers import csrf_token, login
from tests.register.conftest import store
from tests.register.test_pages import company_id, post, text_of


def two_checks(app):
    """An older and a newer check of one company (both prescribe 健檢診斷 to ITRI)."""
    with app.test_request_context():
        older = store(year=2023, kwh=160000).submission.id
        newer = store(year=2024).submission.id
    return older, newer


def test_referring_an_item_already_open_from_another_check_names_the_open_one(ctx, officer):
    older = store(year=2023, kwh=160000).submission
    newer = store(year=2024).submission
    with write_unit():
        first = refer(newer, "diagnosis", "itri", officer)
        move(first, "已轉介", "", officer)
    already = "已經轉介給這個單位（已轉介，淨零健檢第"
    with pytest.raises(AlreadyOpen, match=already) as refused, write_unit():
        refer(older, "diagnosis", "itri", officer)
    assert refused.value.referral.id == first.id
    assert db.session.scalar(db.select(db.func.count()).select_from(Referral)) == 1
    # Another unit is another referral; so is the same unit once the first one is closed.
    with write_unit():
        other_unit = refer(older, "diagnosis", "pidc", officer)
    assert other_unit.unit == "pidc"
    with write_unit():
        move(first, "已聯繫", "", officer)
        move(first, "已完成", "", officer)
    third = store(year=2025).submission
    with write_unit():
        again = refer(third, "diagnosis", "itri", officer)
    assert again.status == "待轉介" and again.id not in (first.id, other_unit.id)


def test_over_http_an_old_check_links_to_the_open_referral_and_refers_nothing(auth, app):
    older, newer = two_checks(app)
    client = auth("officer")
    company = f"/console/companies/{company_id(app)}"
    first = post(client, f"/console/checks/{newer}/refer", company, item_key="diagnosis",
                 unit="itri", next=company)  # fmt: skip
    assert first.status_code == 303 and first.headers["Location"] == company + "#referrals"
    with app.app_context():
        first_id = db.session.scalar(db.select(Referral.id))
    page = text_of(client.get(company))
    # The older check's 健檢診斷 shows (links to) the open referral, with no 轉介 button.
    assert f'href="#company-referral-{first_id}">已在第 {newer} 號健檢轉介給工研院' in page
    assert f'id="unit-{older}-diagnosis"' not in page
    assert f'id="unit-{older}-counselling"' in page
    # A stale page (or a second tab) posting the old check's form anyway refers nothing.
    again = post(client, f"/console/checks/{older}/refer", company, item_key="diagnosis",
                 unit="itri", next=company)  # fmt: skip
    assert again.status_code == 303
    assert f"淨零健檢第 {newer} 號），沒有再開一筆" in text_of(client.get(company))
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Referral)) == 1


def signed_in(app, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


@pytest.fixture
def meet_after_the_check(monkeypatch):
    """Each refer waits here after finding no open referral, for the other officer's refer:
    without the company lock both would pass the check and write."""
    meeting = threading.Barrier(2)
    checking = referrals_module.open_referral

    def check_then_meet(*args, **kwargs):
        found = checking(*args, **kwargs)
        # The other refer may be waiting for the lock: then go on alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait(timeout=0.5)
        return found

    monkeypatch.setattr(referrals_module, "open_referral", check_then_meet)


@pytest.mark.parametrize("meet", [True, False], ids=["both-passed-the-check", "plain"])
def test_two_officers_referring_the_same_item_at_once_open_one_referral(app, users, meet, request):
    if meet:
        request.getfixturevalue("meet_after_the_check")
    older, newer = two_checks(app)
    with app.app_context():
        page = f"/console/companies/{company_id(app)}"
        db.session.remove()
    jobs = []
    for username, check in ((users["officer"], newer), (users["admin"], older)):
        client = signed_in(app, username)
        data = {"csrf_token": csrf_token(client, page), "item_key": "diagnosis", "unit": "itri"}
        jobs.append((client, f"/console/checks/{check}/refer", data))
    start = threading.Barrier(2)
    answers: list = [None, None]

    def post_one(n):
        client, url, data = jobs[n]
        try:
            start.wait(timeout=10)
            answers[n] = client.post(url, data=data, headers={"HX-Target": "referrals"})
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            answers[n] = error

    threads = [threading.Thread(target=post_one, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not [a for a in answers if isinstance(a, Exception)], answers
    texts = [html.unescape(a.get_data(as_text=True)) for a in answers]
    assert sum("列入工業技術研究院的待轉介清單" in t for t in texts) == 1, texts
    assert sum("沒有再開一筆" in t for t in texts) == 1
    with app.app_context():
        rows = db.session.scalars(db.select(Referral)).all()
        assert [(r.item_key, r.unit, r.status) for r in rows] == [("diagnosis", "itri", "待轉介")]
        db.session.remove()
