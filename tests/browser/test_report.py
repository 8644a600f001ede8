"""成果報告 in a real browser: 1024×768 and 390 px, the htmx filter, the dashboard's box, and
the print view as an A4 PDF (each strategy on its own page). The PDF and screenshots go to
artifacts/screenshots/ (and SMEUP_SHOTS, when set), the PDF's pages as PNGs when pdftoppm is
installed, to be looked at.
"""

import io
import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.browser.conftest import PHONE, SCREENSHOTS, new_context, sign_in
from tests.helpers import PASSWORD
from tests.report import programme as hand

pytestmark = pytest.mark.browser
PATH = "/console/report/?period=q:2026-3"
NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"
# The smallest rendered size of the map's text: its font size scaled by the drawn width.
MAP_TEXT_PX = """() => {
  const svg = document.querySelector('.tile-map-svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(svg.getAttribute('font-size')) * scale;
}"""
STRATEGIES = ("1. 淨零排放", "2. 數位轉型", "3. 創新加值", "4. 在地共榮", "5. 跨策略")


@pytest.fixture
def officer(page, live_server, users, app):
    with app.test_request_context():
        hand.build()
    sign_in(page, live_server, users["officer"], PASSWORD)
    return page


def _keep(path) -> None:
    if os.environ.get("SMEUP_SHOTS"):
        os.makedirs(os.environ["SMEUP_SHOTS"], exist_ok=True)
        shutil.copy(path, os.environ["SMEUP_SHOTS"])


def test_report_at_tablet_size_filters_in_place(officer, live_server, check_page, screenshot):
    page = officer
    page.goto(live_server + PATH)
    assert page.evaluate(NO_SIDEWAYS)
    check_page(page, label="report 1024")
    _keep(screenshot(page, "report-tablet"))
    for n, section in enumerate(page.locator(".report-strategy").all(), 1):
        section.screenshot(path=str(SCREENSHOTS / f"report-tablet-{n}.png"))
    page.get_by_label("縣市", exact=True).select_option("臺中市")
    page.locator("#report-body .report-period", has_text="臺中市").wait_for()
    assert "county=" in page.url  # the address keeps the filter (bookmark, print)
    assert "臺中市" in page.locator("#report-body .report-period").inner_text()
    check_page(page, label="report 1024, 臺中市")
    # A figure's link opens the list behind it.
    page.get_by_role("link", name="急迫程度「高」").click()
    page.wait_for_load_state("load")
    assert "/console/netzero/" in page.url and "urgency=" in page.url


def test_report_at_phone_width(browser, live_server, users, app, check_page, screenshot):
    with app.test_request_context():
        hand.build()
    context = new_context(browser, PHONE)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + PATH)
    assert page.evaluate(NO_SIDEWAYS)
    assert page.evaluate(MAP_TEXT_PX) >= 12
    check_page(page, label="report 390")
    _keep(screenshot(page, "report-phone"))
    screenshot(page, "report-phone-top", full_page=False)
    page.locator(".report-map").screenshot(path=str(SCREENSHOTS / "report-map-phone.png"))
    context.close()


def test_the_lists_behind_the_figures_at_tablet_and_phone_size(
    browser, live_server, users, app, check_page, screenshot
):
    """From a figure to its list (referrals, companies served), at 1024 and at 390 px."""
    with app.test_request_context():
        hand.build()
    for size, label in (({"width": 1024, "height": 768}, "tablet"), (PHONE, "phone")):
        context = new_context(browser, size)
        page = context.new_page()
        sign_in(page, live_server, users["officer"], PASSWORD)
        page.goto(live_server + PATH)
        page.get_by_role("link", name="14 日內聯繫", exact=True).click()
        page.wait_for_load_state("load")
        assert "/console/report/referrals" in page.url
        assert page.locator("[data-total]").inner_text() == "1"
        assert page.evaluate(NO_SIDEWAYS)
        check_page(page, label=f"report referrals {label}")
        _keep(screenshot(page, f"report-referrals-{label}"))
        page.get_by_role("link", name="← 成果報告 115年第3季").click()
        page.wait_for_load_state("load")
        page.get_by_role("link", name="新加入企業").click()
        page.wait_for_load_state("load")
        assert page.locator("[data-total]").inner_text() == "2"
        assert page.evaluate(NO_SIDEWAYS)
        check_page(page, label=f"report companies {label}")
        _keep(screenshot(page, f"report-companies-{label}"))
        context.close()


def test_dashboard_loads_this_quarters_figures(officer, live_server, check_page):
    page = officer
    page.goto(live_server + "/console/")
    page.locator("#report-headline dl").wait_for()
    assert "本季成果（" in page.locator("#report-headline h2").inner_text()
    check_page(page, label="dashboard with the report box")


def test_print_view_is_a4_with_a_page_per_strategy(officer, live_server):
    page = officer
    page.goto(live_server + PATH)
    page.emulate_media(media="print")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / "report-print.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert round(width) == 595 and round(height) == 842  # A4 portrait, in points
    starts = []
    for title in STRATEGIES:
        found = [i for i, p in enumerate(reader.pages) if title in (p.extract_text() or "")]
        assert found, f"{title} is not in the PDF"
        starts.append(found[0])
    assert starts == sorted(set(starts)), f"strategies share a page: {starts}"
    assert len(reader.pages) == len(STRATEGIES)  # and none spills onto a page of its own
    _keep(pdf)
    if shutil.which("pdftoppm"):  # for people to look at; not needed by the test
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / "report-print")],
            check=True,
        )
