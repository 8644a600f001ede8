"""Page weight and time-to-typable, measured in headless Debian Chromium through Playwright + CDP.

Bytes are what went over the wire (CDP `Network.loadingFinished.encodedDataLength`: headers and
the body as sent, compressed when the server compresses). A repeat visit reuses the browser
context, so files served with long cache lifetimes come from its cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TABLET = {"width": 1024, "height": 768}
# Lighthouse's "fast 3G" (the throttling DevTools calls Slow 4G today), CPU slowed 4×.
FAST_3G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6 * 1_000_000 * 0.9 / 8,  # bytes/s
    "uploadThroughput": 750 * 1000 * 0.9 / 8,
}
CPU_SLOWDOWN = 4
FORM_FIELD = "#company_name"


@dataclass
class Visit:
    """Bytes transferred by one page visit, per response."""

    url: str
    status: int = 0
    total: int = 0
    items: list[tuple[str, int, str]] = field(default_factory=list)  # url, bytes, encoding

    @property
    def compressed(self) -> bool:
        return any(enc for _, _, enc in self.items)


def _record(cdp) -> dict:
    """Collect responses and their transferred bytes from CDP network events."""
    seen: dict = {"responses": {}, "bytes": {}}

    def on_response(event):
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        seen["responses"][event["requestId"]] = (
            response["url"],
            response.get("status", 0),
            headers.get("content-encoding", ""),
        )

    def on_finished(event):
        seen["bytes"][event["requestId"]] = int(event.get("encodedDataLength", 0))

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    return seen


def _visit(page, cdp_seen: dict, url: str) -> Visit:
    cdp_seen["responses"].clear()
    cdp_seen["bytes"].clear()
    response = page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    visit = Visit(url, response.status if response else 0)
    for request_id, size in cdp_seen["bytes"].items():
        got_url, _status, encoding = cdp_seen["responses"].get(request_id, ("?", 0, ""))
        visit.items.append((got_url, size, encoding))
        visit.total += size
    return visit


def measure_weight(browser, url: str, repeat: bool = True) -> tuple[Visit, Visit | None]:
    """First visit (empty cache) and, in the same context, a repeat visit."""
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="zh-TW")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        seen = _record(cdp)
        first = _visit(page, seen, url)
        again = _visit(page, seen, url) if repeat else None
        return first, again
    finally:
        context.close()


@dataclass(frozen=True)
class Typable:
    """Milestones of a throttled cold load, in ms from navigation start."""

    first_contentful_paint: float
    dom_content_loaded: float
    field_painted: float

    @property
    def typable(self) -> float:
        """The form field is painted and the page's deferred scripts have run."""
        return max(self.field_painted, self.dom_content_loaded)


def measure_typable(browser, url: str) -> Typable:
    """Cold load under fast 3G and a 4× slower CPU; when can the form be typed into?"""
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="zh-TW")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(url, wait_until="load", timeout=60_000)
        page.wait_for_selector(FORM_FIELD, state="visible", timeout=60_000)
        # The field was painted in the first contentful paint if it was in the HTML by then
        # (it is: the form is server-rendered); otherwise its own paint time is unknown.
        timing = page.evaluate(
            """() => {
              const nav = performance.getEntriesByType('navigation')[0];
              const fcp = performance.getEntriesByName('first-contentful-paint')[0];
              return {fcp: fcp ? fcp.startTime : -1, dcl: nav.domContentLoadedEventEnd};
            }"""
        )
        page.fill(FORM_FIELD, "測試")  # it really takes typing
        fcp = float(timing["fcp"])
        return Typable(fcp, float(timing["dcl"]), fcp)
    finally:
        context.close()


def launch(playwright):
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
