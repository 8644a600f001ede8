"""Steps for the offline-outbox browser tests: a kiosk tablet, the network down and up, the
outbox read back."""

import time

from tests.channels.browser_steps import fill_netzero_as_visitor
from tests.helpers import sql

READ_OUTBOX = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("smeup-outbox", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("entries", { keyPath: "key" });
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const read = db.transaction("entries").objectStore("entries").getAll();
    read.onsuccess = () => { db.close(); resolve(read.result); };
  };
})"""

WORKER_KEPT = """(path) => caches.keys().then(names => Promise.all(names.map(name =>
  caches.open(name).then(cache => cache.keys())))).then(lists => lists.flat()
  .some(request => new URL(request.url).pathname === path))"""


def outbox(page) -> list[dict]:
    """The entries in the tablet's outbox, as IndexedDB holds them."""
    return page.evaluate(READ_OUTBOX)


def network_down(context) -> None:
    """The venue's Wi-Fi drops: the page and the service worker's own fetches both fail."""
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def network_up(context) -> None:
    """The Wi-Fi is back (the browser fires `online`)."""
    context.unroute("**/*")
    context.set_offline(False)


def press_send_now(page) -> None:
    """Press 立即送出, even if a retry sent the entry a moment ago and the button just hid.

    The sender also retries on its own timer; when that wins, the button hides between the test
    seeing it and pressing it, and a normal click would wait for it to show again.
    """
    button = page.get_by_role("button", name="立即送出", include_hidden=True)
    button.dispatch_event("click")


def wait_for(page, check, what: str, seconds: float = 30.0):
    """Poll `check` until it returns something truthy (waiting, not a timing assertion).

    It waits through `page`, so Playwright keeps dispatching route handlers meanwhile (the
    sync API runs them only while the test is inside a Playwright call).
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        page.wait_for_timeout(200)
    raise AssertionError(f"gave up waiting for {what}")


def submission_count(app) -> int:
    """How many submissions the server holds."""
    return sql(app, "SELECT count(*) FROM submission")[0][0]


def wait_delivered(page, app, what: str) -> None:
    """The server holds the one entry and the tablet's outbox is empty again."""
    wait_for(page, lambda: submission_count(app) == 1 and not outbox(page), what)


def wait_until_worker_keeps(page, path: str) -> None:
    """The service worker controls the page and has kept `path` for offline use."""
    # wait_for_function evaluates a string (the CSP forbids eval): poll instead.
    wait_for(
        page,
        lambda: page.evaluate("() => navigator.serviceWorker.controller !== null"),
        "the service worker to control the page",
    )
    wait_for(page, lambda: page.evaluate(WORKER_KEPT, path), f"the worker to keep {path}")


EVENT = "淨零巡迴說明會（勝興車站場）"
EVENT_LABEL = "2025-10-18 淨零巡迴說明會（勝興車站場）（苗栗縣勝興車站）"
COMPANY = "勝興山城木作有限公司"
SAVED = "已存在本機，連線恢復後會自動送出"


def fill_and_send_offline(page, company: str = COMPANY) -> None:
    """A visitor fills the net-zero form, the Wi-Fi drops, and they press 送出."""
    page.get_by_role("link", name="淨零健檢").click()
    page.wait_for_url("**/netzero/")
    fill_netzero_as_visitor(page, company)
    network_down(page.context)
    page.get_by_role("button", name="送出並查看結果").click()


def wait_saved(page) -> None:
    """The tablet says the answers are kept on it."""
    page.get_by_text(SAVED).wait_for()
