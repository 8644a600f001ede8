"""Every tile of the kiosk start screen with the venue's Wi-Fi down (issue 24): it opens its form
from the service worker, whose 送出 goes to the outbox, or it says it needs the network; a page
the tablet did not keep shows the app's own zh-Hant offline page, never the browser's error."""

import json
from pathlib import Path

import pytest

from smeup.extensions import db
from smeup.forms.catalogue import FORM_KEYS
from smeup.surveys.demo import seed
from tests.browser.offline.outbox_steps import (
    SAVED,
    network_down,
    network_up,
    outbox,
    wait_for,
    wait_until_worker_keeps,
)
from tests.channels.browser_steps import start_kiosk_mode
from tests.channels.helpers import make_event, rate_limits_off  # noqa: F401
from tests.helpers import sql

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-24")
EVENT = "城鄉巡迴說明會（扇形車庫場）"
EVENT_LABEL = "2025-10-18 城鄉巡迴說明會（扇形車庫場）（彰化縣扇形車庫）"
OFFLINE_TILES = {"淨零健檢", "課程意願調查"}
NEEDS_NETWORK = "需要網路連線"
OFFLINE_PAGE = "目前沒有網路連線"
SURVEY = "數位轉型課程意願調查"
COMPANY = "扇形車庫鐵道文創有限公司"


@pytest.fixture
def every_form_event(app):
    """An event offering every form of the catalogue, and an open course survey."""
    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    make_event(app, name=EVENT, county="彰化縣", venue="扇形車庫", forms=FORM_KEYS)
    return survey_id


def tile_names(page) -> list[str]:
    return page.locator("a.kiosk-tile .tile-title").all_inner_texts()


def fill_survey_as_visitor(page) -> None:
    page.get_by_label("企業名稱").fill(COMPANY)
    page.get_by_label("聯絡人").fill("林小姐")
    page.get_by_label("聯絡電話").fill("0912-345-678")
    page.get_by_label("所在場域").select_option("扇形車庫")
    for code in ("brand", "channels", "copy", "social", "events"):
        page.locator(f'[data-rank-tile][data-code="{code}"]').click()
    page.get_by_label("個人資料蒐集同意").check()


def test_offline_every_tile_opens_its_form_or_says_it_needs_the_network(
    page, live_server, users, every_form_event, app, check_page
):
    survey_path = f"/surveys/{every_form_event}"
    start_kiosk_mode(page, live_server, users["agent"], EVENT_LABEL)
    # Online every tile is a plain link: nothing says it needs the network.
    page.wait_for_load_state("load")
    assert page.locator("[data-offline-note]:visible, [data-offline-notice]:visible").count() == 0
    for path in ("/kiosk/", "/netzero/", "/surveys/", survey_path, "/kiosk/offline"):
        wait_until_worker_keeps(page, path)

    network_down(page.context)
    page.goto(live_server + "/kiosk/")  # from the service worker
    page.locator("[data-offline-notice]").wait_for()
    names = tile_names(page)
    assert len(names) == len(FORM_KEYS) and set(names) >= OFFLINE_TILES
    check_page(page, label="kiosk start, offline")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 768, "height": 1024})
    page.screenshot(path=str(SHOTS / "kiosk-start-offline-768x1024.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "kiosk-start-offline-390x844.png"), full_page=True)
    page.set_viewport_size({"width": 1024, "height": 768})

    for name in names:
        tile = page.locator("a.kiosk-tile").filter(has_text=name)
        if name in OFFLINE_TILES:
            assert tile.get_attribute("aria-disabled") is None, name
            assert not tile.get_by_text(NEEDS_NETWORK).is_visible(), name
            continue
        # Greyed, saying so in its name, and pressing it leaves the visitor on the start screen.
        assert tile.get_attribute("aria-disabled") == "true", name
        assert tile.get_by_text(NEEDS_NETWORK).is_visible(), name
        assert "is-offline" in tile.get_attribute("class"), name
        tile.click(force=True)  # a tap: Playwright itself would not press an aria-disabled link
        page.wait_for_timeout(300)  # a navigation would have started by now (none is awaited)
        assert page.url == live_server + "/kiosk/", name

    # The net-zero check opens as it does online.
    page.get_by_role("link", name="淨零健檢").click()
    page.wait_for_url("**/netzero/")
    page.get_by_label("企業名稱").wait_for()
    page.goto(live_server + "/kiosk/")

    # The course survey: the list, an open survey, and its 送出 goes to the outbox.
    page.get_by_role("link", name="課程意願調查").click()
    page.wait_for_url("**/surveys/")
    page.get_by_role("link", name=SURVEY).wait_for()
    check_page(page, label="survey list, offline")
    page.get_by_role("link", name=SURVEY).click()
    page.wait_for_url(f"**{survey_path}")
    fill_survey_as_visitor(page)
    page.get_by_role("button", name="送出").click()
    page.get_by_text(SAVED).wait_for()
    check_page(page, label="course survey after an offline save")
    assert page.get_by_label("企業名稱").input_value() == ""
    assert len(outbox(page)) == 1
    assert sql(app, "SELECT count(*) FROM submission")[0][0] == 0

    network_up(page.context)
    page.goto(live_server + "/kiosk/")
    wait_for(page, lambda: not outbox(page), "the survey entry to arrive", seconds=60)
    [(company, via_outbox, ranks)] = sql(
        app,
        "SELECT s.company_name, s.via_outbox, c.ranks FROM submission s"
        " JOIN course_response c ON c.submission_id = s.id",
    )
    ranks = json.loads(ranks) if isinstance(ranks, str) else ranks  # SQLite text, PostgreSQL JSON
    assert (company, via_outbox, ranks) == (
        COMPANY,
        True,
        ["brand", "channels", "copy", "social", "events"],
    )
    # Back online, the tiles that need the network are plain links again.
    page.locator("[data-offline-notice]").wait_for(state="hidden")
    assert page.locator("a.kiosk-tile[aria-disabled]").count() == 0


def test_offline_a_page_the_tablet_did_not_keep_shows_the_offline_page(
    kiosk_page, live_server, check_page
):
    page = kiosk_page
    wait_until_worker_keeps(page, "/kiosk/offline")
    network_down(page.context)
    for path in ("/sbtr/", "/surveys/r/no-such-receipt", "/kiosk/?from=qr"):
        page.goto(live_server + path)
        page.get_by_role("heading", name=OFFLINE_PAGE).wait_for()
        assert page.url == live_server + path
        assert page.locator("html").get_attribute("lang") == "zh-Hant-TW"
    check_page(page, label="offline page")
    page.screenshot(path=str(SHOTS / "offline-page.png"), full_page=True)
    page.get_by_role("link", name="回開始畫面").click()
    page.wait_for_url("**/kiosk/")
    page.get_by_role("link", name="淨零健檢").wait_for()
