"""Steps the kiosk and phone browser tests share (Playwright, sync API)."""

from tests.browser.conftest import sign_in
from tests.channels.helpers import PIN
from tests.helpers import PASSWORD


def start_kiosk_mode(page, base_url: str, username: str, event_label: str, check_page=None):
    """A staff member signs in on the tablet, picks the event, sets the PIN and starts."""
    sign_in(page, base_url, username, PASSWORD)
    page.goto(base_url + "/kiosk/setup")
    if check_page:
        check_page(page, label="kiosk setup")
    page.get_by_label("活動").select_option(label=event_label)
    page.get_by_label("離開用 PIN").fill(PIN)
    page.get_by_label("再輸入一次 PIN").fill(PIN)
    page.get_by_role("button", name="啟動展示機模式").click()
    page.wait_for_url("**/kiosk/")


def fill_netzero_as_visitor(page, company: str = "鹿港老街文創有限公司") -> None:
    """Fill a valid 淨零健檢 by touch, as a visitor would."""
    page.get_by_label("企業名稱").fill(company)
    page.get_by_label("統一編號").fill("04541302")
    page.get_by_label("所在縣市").select_option("彰化縣")
    page.get_by_label("行業別").select_option("C")
    page.get_by_label("員工人數").fill("12")
    page.get_by_label("聯絡人", exact=False).first.fill("施先生")
    page.get_by_label("聯絡電話").fill("04-777-2345")
    page.get_by_label("年用電量").fill("85000")
    for question in (
        "是否出口 CBAM 產品至歐盟",
        "是否為上市櫃公司或其子公司",
        "是否為上市櫃公司之供應商",
        "是否已完成溫室氣體盤查",
        "是否已訂定減碳目標",
    ):
        page.get_by_role("group", name=question).get_by_label("否").check()
    page.get_by_label("客戶是否要求提供碳排資料或減碳目標").select_option("none")
    page.get_by_label("個人資料蒐集同意").check()


def tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element with `element_id` has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def focused(page) -> str:
    """The id (or text) of the focused element."""
    return page.evaluate(
        "(document.activeElement.id || document.activeElement.textContent || '').trim()"
    )
