"""The public result shows no internal codes; exclusions and the registry's word on the page."""

import pytest

from smeup.extensions import db
from smeup.models.navigator import NavigatorCheck
from smeup.models.registry import RegistryAnswer
from smeup.programmes.table import RULES_VERSION
from tests.helpers import login, sql
from tests.programmes.navigator_pages import cards, submit, text


@pytest.fixture(autouse=True)
def _today(fixed_today):
    """The navigator judges company age against today in Taipei."""


INTERNAL = (RULES_VERSION, "innovation-2026", "（需確認）", "需確認）", "112 年 9 月")
# Answers that reach every unconfirmed figure: 宜蘭縣's group, Phase 2+ without Phase 2, the
# 新創共創 call, the ratio.
UNCONFIRMED = {
    "county": "宜蘭縣",
    "rnd_stage": "commercialising",
    "need": ["rnd", "cocreation", "digital"],
}


def assert_no_internal_codes(page: str) -> None:
    for code in INTERNAL:
        assert code not in page, code


def test_public_result_page_shows_no_internal_codes(client, users):
    response = submit(client, **UNCONFIRMED)
    url = response.headers["Location"]
    page = text(client.get(url))
    assert "宜蘭縣一般歸入「西部其他縣市」" in page
    assert "依各縣市公告（計畫簡介所列為 1:2）" in page
    assert "請向 SBIR 計畫辦公室確認" in page and "分期公告徵件" in page
    assert "判斷依據：2026 年 1 月公告之補助上限" in page
    assert_no_internal_codes(page)
    # The same public page opened by a signed-in agent: still no codes (staff pages may show
    # the version: the officer detail page, tests/programmes/test_console.py).
    assert login(client, users["agent"]).status_code == 302
    assert_no_internal_codes(text(client.get(url)))


def test_an_old_result_stored_with_markers_is_shown_reworded(client, app):
    response = submit(client, **UNCONFIRMED)
    with app.app_context():
        check = db.session.scalar(db.select(NavigatorCheck))
        programmes = [dict(p) for p in check.programmes]
        local = next(p for p in programmes if p["key"] == "sbir_local")
        local["details"] = ["宜蘭縣屬「西部其他縣市」，地方政府與中央配合比例 1:2（需確認）。"]
        award = next(p for p in programmes if p["key"] == "cocreation")
        award["details"] = [
            "申請時程：分期公告徵件（計畫簡介所載一期於 112 年 9 月開放），請留意最新一期公告。"
        ]
        check.programmes = programmes
        db.session.commit()
    page = text(client.get(response.headers["Location"]))
    assert "地方政府與中央配合比例依各縣市公告（計畫簡介所列為 1:2）" in page
    assert "申請時程：分期公告徵件，請留意最新一期公告。" in page
    assert_no_internal_codes(page)


def test_mainland_capital_excludes_both_sbir_routes(client, app):
    response = submit(client, mainland_capital="yes")
    page = text(client.get(response.headers["Location"]))
    assert cards(page)["sbir_general"] == "不符合" and cards(page)["sbir_local"] == "不符合"
    assert "屬陸資企業，不能申請地方型 SBIR" in page
    assert sql(app, "SELECT sbir_general, sbir_local FROM navigator_check") == [
        ("不符合", "不符合")
    ]


def keep_registry_answer(app, status: str, dissolved: bool) -> None:
    """The registry's kept answer for NAVIGATOR_FORM's 統一編號 (as 查詢登記資料 leaves it)."""
    with app.app_context():
        db.session.add(
            RegistryAnswer(
                ubn="04541302",
                found=True,
                company_name="智聯感測股份有限公司",
                status=status,
                dissolved=dissolved,
                county="新竹市",
            )
        )
        db.session.commit()


def test_a_company_the_registry_says_is_dissolved_fits_no_programme(client, app):
    keep_registry_answer(app, "解散", dissolved=True)
    big = {"need": ["rnd", "accelerator"], "employees": "800", "paid_in_capital": "900000000"}
    for changes in ({}, big):
        response = submit(client, **changes)
        page = text(client.get(response.headers["Location"]))
        assert set(cards(page).values()) == {"不符合"}, changes
        assert page.count("顯示登記狀態為「解散」：已解散、廢止或撤銷的公司不能申請") == 4
    verdicts = sql(
        app, "SELECT sbir_general, sbir_local, cocreation, accelerator FROM navigator_check"
    )
    assert verdicts == [("不符合",) * 4] * 2


def test_a_company_in_good_standing_is_judged_on_its_answers(client, app):
    keep_registry_answer(app, "核准設立", dissolved=False)
    page = text(client.get(submit(client).headers["Location"]))
    assert cards(page)["sbir_general"] == "符合" and "登記狀態" not in page
