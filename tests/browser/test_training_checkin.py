"""The door at phone and tablet size: find a person, check them in, and keep working offline."""

import re
import shutil
import time

import pytest

from smeup.extensions import db
from smeup.models.base import utcnow
from smeup.models.training import TrainingRegistration
from tests.browser.conftest import PHONE, TABLET, new_context, sign_in
from tests.helpers import PASSWORD
from tests.training.test_checkin import registered

pytestmark = pytest.mark.browser
SHOTS = "/tmp/shots"


def shot(page, screenshot, name):
    path = screenshot(page, name)
    shutil.copy(path, f"{SHOTS}/{path.name}")


@pytest.fixture(autouse=True)
def _shots_folder():
    import os

    os.makedirs(SHOTS, exist_ok=True)


def _door(browser, live_server, users, viewport, **options):
    context = new_context(browser, viewport=viewport, **options)
    page = context.new_page()
    sign_in(page, live_server, users["agent"], PASSWORD)
    return context, page


def _stored(app, rid):
    with app.app_context():
        return db.session.get(TrainingRegistration, rid)


@pytest.mark.parametrize("size,name", [(PHONE, "phone"), (TABLET, "tablet")])
def test_check_in_by_search(browser, live_server, app, users, check_page, screenshot, size, name):
    session_id, (rid1, rid2, _) = registered(app, 3)
    context, page = _door(browser, live_server, users, size)
    page.goto(live_server + "/checkin/")
    check_page(page, label="door sessions")
    shot(page, screenshot, f"checkin-index-{name}")
    page.get_by_role("link", name=re.compile("社群行銷實戰班")).click()
    page.wait_for_url(f"**/checkin/{session_id}")
    check_page(page, label="check-in screen")
    page.get_by_label("姓名、公司、手機末四碼、統一編號或報名序號").fill("0002")  # last 4 digits
    hit = page.locator(f"#hit-{rid2}")
    hit.wait_for()
    button = hit.get_by_role("button", name="簽到")
    box = button.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48
    button.click()
    result = page.locator("#checkin-result")
    result.get_by_text(re.compile(r"學員2.*已簽到 \d\d:\d\d")).wait_for()
    assert page.locator("#checkin-counts").inner_text().replace(" ", "") == "已簽到1/應到3"
    time_shown = re.search(r"\d\d:\d\d", hit.inner_text()).group(0)
    check_page(page, label="after a check-in")
    shot(page, screenshot, f"checkin-{name}")
    # The ticket code typed again: the first time, never a new one.
    with app.app_context():
        code = db.session.get(TrainingRegistration, rid2).code
    page.locator("#code").fill(code.lower())
    page.get_by_role("button", name="序號簽到").click()
    result.get_by_text(f"已簽到 {time_shown}，先前已完成簽到").wait_for()
    page.locator("#code").fill("XXXX-XXXX")
    page.get_by_role("button", name="序號簽到").click()
    result.get_by_text("查無此報名：XXXXXXXX").wait_for()
    assert _stored(app, rid2).checkin_source == "door" and not _stored(app, rid1).attended
    page.locator(".door-walkin > summary").click()
    shot(page, screenshot, f"checkin-{name}-walkin")
    check_page(page, label="walk-in form open")
    context.close()


def test_check_in_without_javascript(browser, live_server, app, users, check_page, screenshot):
    session_id, (rid1, *_) = registered(app, 2)
    context, page = _door(browser, live_server, users, PHONE, java_script_enabled=False)
    page.goto(f"{live_server}/checkin/{session_id}")
    page.get_by_label("姓名、公司、手機末四碼、統一編號或報名序號").fill("學員1")
    page.get_by_role("button", name="搜尋").click()
    page.locator(f"#hit-{rid1}").get_by_role("button", name="簽到").click()
    page.get_by_text(re.compile(r"學員1 已簽到 \d\d:\d\d")).first.wait_for()
    check_page(page, label="no-JS after check-in", javascript=False)
    shot(page, screenshot, "checkin-nojs")
    assert _stored(app, rid1).attended
    context.close()


def test_offline_check_in_is_delivered_once_with_its_arrival_time(
    browser, live_server, app, users, check_page, screenshot
):
    session_id, (rid1, *_) = registered(app, 2)
    context, page = _door(browser, live_server, users, TABLET)
    page.goto(f"{live_server}/checkin/{session_id}")
    page.wait_for_load_state("load")
    context.set_offline(True)
    came = utcnow()
    page.get_by_label("姓名、公司、手機末四碼、統一編號或報名序號").fill("學員1")
    hit = page.locator(f"#hit-{rid1}")
    hit.get_by_role("button", name="簽到").click()
    page.locator("#checkin-result").get_by_text("（離線，連線後送出）").wait_for()
    assert page.locator("#door-queue").is_visible()
    assert "1 筆離線簽到待送出" in page.locator("#door-queue").inner_text()
    # The queue keeps ids and times only: nothing personal in the browser's storage.
    stored = page.evaluate("localStorage.getItem('smeup-door-queue')")
    assert "學員" not in stored and "測試商行" not in stored and str(rid1) in stored
    shot(page, screenshot, "checkin-offline")
    check_page(page, label="offline check-in")
    # Tapping 簽到 again offline says the first time (from the page's roster).
    page.locator("#code").fill(_stored(app, rid1).code)
    page.get_by_role("button", name="序號簽到").click()
    page.locator("#checkin-result").get_by_text("先前已完成簽到").wait_for()
    assert not _stored(app, rid1).attended
    time.sleep(2)  # the network comes back a while after the person came
    context.set_offline(False)
    page.locator("#door-queue").wait_for(state="hidden")
    stored = _stored(app, rid1)
    assert stored.attended and stored.checkin_source == "offline"
    assert abs((stored.checked_in_at - came).total_seconds()) < 1.5
    assert page.evaluate("localStorage.getItem('smeup-door-queue')") is None
    # Delivered once: reloading sends nothing more, the time stays.
    page.reload()
    page.wait_for_load_state("load")
    assert _stored(app, rid1).checked_in_at == stored.checked_in_at
    assert page.locator("#checkin-counts").inner_text().replace(" ", "") == "已簽到1/應到2"
    context.close()


def _qr_video(path, text: str) -> None:
    """A Y4M clip (what Chromium's fake camera plays) showing `text` as a QR code."""
    import segno

    width, height, scale = 640, 480, 10
    # A regular QR code: segno.make picks a Micro QR for 8 characters, which phones' cameras,
    # BarcodeDetector and jsQR cannot read (see test_the_ticket_shows_a_regular_qr_code).
    matrix = [list(row) for row in segno.make_qr(text, error="m").matrix]
    size = (len(matrix) + 8) * scale
    left, top = (width - size) // 2, (height - size) // 2
    luma = bytearray(b"\xff" * (width * height))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (top + (y + 4) * scale + dy) * width + left + (x + 4) * scale
                    luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * (width * height // 2)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            out.write(b"FRAME\n" + bytes(luma) + chroma)


def test_scanning_a_ticket_checks_in(
    playwright_driver, live_server, app, users, tmp_path, screenshot
):
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    session_id, (rid1, *_) = registered(app, 2)
    with app.app_context():
        code = db.session.get(TrainingRegistration, rid1).code
    clip = tmp_path / "ticket.y4m"
    _qr_video(clip, code)
    camera_args = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={clip}",
    ]
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS + camera_args
    )
    try:
        context = new_context(browser, viewport=PHONE, permissions=["camera"])
        page = context.new_page()
        sign_in(page, live_server, users["agent"], PASSWORD)
        page.goto(f"{live_server}/checkin/{session_id}")
        page.get_by_role("button", name="掃描 QR code").click()
        page.locator("#checkin-result").get_by_text(
            re.compile(r"學員1.*已簽到 \d\d:\d\d")
        ).wait_for()
        stored = _stored(app, rid1)
        assert stored.attended and stored.checkin_source == "scan"
        # The camera keeps reading the same ticket: it is not sent again and again.
        page.wait_for_timeout(1500)
        assert "先前已完成簽到" not in page.locator("#checkin-result").inner_text()
        shot(page, screenshot, "checkin-scan")
        page.get_by_role("button", name="關閉相機").click()
        context.close()
    finally:
        browser.close()


def test_an_officer_imports_online_attendance(
    page, live_server, app, users, check_page, screenshot, tmp_path
):
    from tests.training.test_attendance_import import REPORT, online_session

    session_id, _ = online_session(app)
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(f"{live_server}/checkin/{session_id}")
    page.get_by_role("link", name="匯入線上出席報表").click()
    check_page(page, label="attendance upload")
    report = tmp_path / "meet.csv"
    report.write_text(REPORT, encoding="utf-8")
    page.get_by_label(re.compile("出席報表")).set_input_files(str(report))
    page.get_by_role("button", name="上傳並預覽").click()
    page.get_by_role("button", name=re.compile("確認匯入")).wait_for()
    check_page(page, label="attendance preview")
    shot(page, screenshot, "attendance-preview")
    page.get_by_role("button", name=re.compile("確認匯入")).click()
    page.get_by_text(re.compile("已匯入「meet.csv」：出席 2 人")).wait_for()
    check_page(page, label="attendance imported")
