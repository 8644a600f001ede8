"""The company page (issue 24): forms started for the company prefilled, a print layout, and
the referral section swapped in place by htmx (a redirect to #referrals without JavaScript)."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from smeup.extensions import db
from smeup.models import AuditEntry
from smeup.models.register import Referral
from tests.register.conftest import store
from tests.register.test_pages import company_id, post, seed_journey, text_of

HTMX = {"HX-Request": "true", "HX-Target": "referrals"}
PRINT_CSS = Path(__file__).resolve().parents[2] / "smeup" / "static" / "css" / "print.css"


def test_the_company_page_starts_every_form_prefilled_with_the_signed_reference(auth, app):
    seed_journey(app)
    client = auth("officer")
    page = text_of(client.get(f"/console/companies/{company_id(app)}"))
    start = page.partition('aria-labelledby="start-title"')[2].partition("</section>")[0]
    links = dict(re.findall(r'href="([^"]+)">([^<]+)</a>', start))
    by_title = {title: url for url, title in links.items()}
    assert {"淨零健檢（代填）", "SBTR 城鄉創生提案"} <= set(by_title)
    assert any(t.startswith("課程意願調查：") for t in by_title)
    tokens = {parse_qs(urlsplit(u).query)["prefill"][0] for u in by_title.values()}
    assert len(tokens) == 1 and not next(iter(tokens)).isdigit()  # signed, never a bare id
    form = text_of(client.get(by_title["淨零健檢（代填）"]))
    assert 'value="綠能五金有限公司"' in form and 'value="22099131"' in form
    with app.app_context():
        assert db.session.scalars(db.select(AuditEntry.action)).all().count("prefill") == 1


def test_the_company_page_prints_as_one_column_without_forms(auth, app):
    with app.test_request_context():
        store()
    page = text_of(auth("officer").get(f"/console/companies/{company_id(app)}"))
    assert '<div class="company-page">' in page and "列印這一頁" in page
    rules = PRINT_CSS.read_text(encoding="utf-8")
    assert ".company-page .no-print, .company-page form" in rules
    assert ".company-page .detail-layout { display: block; }" in rules


def test_refer_with_htmx_answers_the_referral_section_alone(auth, app):
    _, _, newer = seed_journey(app)
    client = auth("officer")
    company = f"/console/companies/{company_id(app)}"
    page = text_of(client.get(company))
    assert f'data-hx-post="/console/checks/{newer}/refer" data-hx-target="#referrals"' in page
    assert f'name="next" value="{company}#referrals"' in page
    answer = post(client, f"/console/checks/{newer}/refer", company, item_key="diagnosis",
                  unit="itri", next=company + "#referrals")  # fmt: skip
    assert answer.status_code == 303 and answer.headers["Location"] == company + "#referrals"
    swapped = client.post(
        f"/console/checks/{newer}/refer",
        data={"csrf_token": csrf(client, company), "item_key": "counselling", "unit": "itri"},
        headers=HTMX,
    )
    fragment = text_of(swapped)
    assert swapped.status_code == 200 and "<html" not in fragment
    assert fragment.startswith("<section") and 'id="referrals"' in fragment.partition(">")[0]
    assert "已將「減碳輔導」列入工業技術研究院的待轉介清單" in fragment
    # The newer check's two, and the older check's same two items linking to them.
    assert fragment.count("待轉介</strong>") == 4 and fragment.count("referral-elsewhere") == 2
    # Nothing was flashed for the next page: the section said it.
    assert "減碳輔導」列入" not in text_of(client.get(company))


def test_a_referral_moves_on_the_company_page_in_place_and_a_refusal_stays_beside_it(auth, app):
    _, _, newer = seed_journey(app)
    client = auth("officer")
    company = f"/console/companies/{company_id(app)}"
    post(client, f"/console/checks/{newer}/refer", company, item_key="diagnosis", unit="itri")
    with app.app_context():
        referral = db.session.scalar(db.select(Referral.id))
    url = f"/console/referrals/{referral}/move"
    token = csrf(client, company)
    refused = client.post(
        url, data={"csrf_token": token, "status": "不需要", "reason": ""}, headers=HTMX
    )
    fragment = text_of(refused)
    assert refused.status_code == 422 and fragment.startswith("<section")
    assert f'id="move-reason-{referral}-error">改為「不需要」時請填寫理由' in fragment
    assert '<option value="不需要" selected>' in fragment
    moved = client.post(url, data={"csrf_token": token, "status": "已轉介"}, headers=HTMX)
    assert moved.status_code == 200 and "「健檢診斷」已改為「已轉介」" in text_of(moved)
    plain = post(client, url, company, status="已聯繫", next=company)
    assert plain.status_code == 303 and plain.headers["Location"] == company + "#referrals"
    queue = post(client, url, "/console/referrals/itri/", status="已完成",
                 next="/console/referrals/itri/")  # fmt: skip
    assert queue.headers["Location"] == f"/console/referrals/itri/#referral-{referral}"


def csrf(client, page: str) -> str:
    from tests.helpers import csrf_token

    return csrf_token(client, page)
