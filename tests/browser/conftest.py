"""Browser fixtures: the app served in a thread, Debian's Chromium via Playwright, axe and vnu.

Chromium is /usr/bin/chromium (apt), never a Playwright download. Every page a browser test
opens should go through `check_page(page)`: axe-core (no serious/critical violation) and the
Nu Html Checker (no error) on the page as the browser holds it, fragments included.
"""

import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
TABLET = {"width": 1024, "height": 768}
PORTRAIT = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(app):
    """The session app served over real HTTP in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    configured = app.config["SMEUP_PUBLIC_BASE_URL"]
    app.config["SMEUP_PUBLIC_BASE_URL"] = url  # links a browser follows point to this server
    yield url
    app.config["SMEUP_PUBLIC_BASE_URL"] = configured
    server.shutdown()


@pytest.fixture(scope="session")
def playwright_driver():
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Headless Debian Chromium."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "chromium is missing: run `make test` (it installs it) or apt-get install chromium"
        )
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def new_context(browser, viewport=TABLET, **options):
    """A fresh, isolated browser context (no cookies), zh-TW, touch-capable by default."""
    options.setdefault("has_touch", True)
    options.setdefault("locale", "zh-TW")
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser):
    ctx = new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A tablet-landscape page (1024×768, touch)."""
    return context.new_page()


@pytest.fixture(scope="session")
def vnu_url():
    """The Nu Html Checker as a local HTTP service (one JVM per test session)."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail("the Nu Html Checker needs java and node_modules/vnu-jar: run `make test`")
    port = _free_port()
    process = subprocess.Popen(
        [
            java,
            "-Xss1024k",
            "-Xmx768m",
            "-cp",
            str(VNU_JAR),
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the Nu Html Checker did not start")
    yield url
    process.terminate()
    process.wait(10)


def vnu_errors(vnu_url: str, html: str) -> list[str]:
    """Errors the Nu Html Checker finds in a document."""
    request = urllib.request.Request(
        vnu_url + "?out=json",
        data=html.encode("utf-8"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        messages = json.load(response)["messages"]
    errors = [
        f"line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    if any("“hx-" in e for e in errors):
        errors.append(
            "HINT: write htmx attributes in their valid-HTML form: data-hx-post, data-hx-target ..."
        )
    return errors


_AXE = Axe()


@pytest.fixture
def check_page(vnu_url):
    """check_page(page): axe (no serious/critical) and vnu (no error) on the current page.

    For a page in a context with JavaScript off, pass javascript=False.
    """

    def check(page, *, label: str = "", javascript: bool = True):
        page.wait_for_load_state("load")
        html = page.content()
        if javascript:
            results = _AXE.run(page)
        else:
            # axe needs JavaScript: check the same document in a JS-enabled page.
            ctx = page.context.browser.new_context(viewport=page.viewport_size)
            twin = ctx.new_page()
            twin.route("**/*.js*", lambda route: route.abort())
            twin.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
            results = _AXE.run(twin)
            ctx.close()
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} → "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        assert not bad, f"axe violations on {label or page.url}:\n" + "\n".join(bad)
        errors = vnu_errors(vnu_url, html)
        assert not errors, f"HTML errors on {label or page.url}:\n" + "\n".join(errors)

    return check


@pytest.fixture
def screenshot():
    """screenshot(page, name): a full-page PNG under artifacts/screenshots/ to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def sign_in(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the login page."""
    page.goto(base_url + "/login")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(password)
    page.get_by_role("button", name="登入").click()
    page.wait_for_load_state("load")


def press_like_a_person(page, target) -> None:
    """Click target as a hand does: press, let the page finish what the press set off, release.

    Playwright's click releases within a millisecond of pressing; a person's press lasts about
    a tenth of a second, time enough for an htmx request the press started (a blur's change,
    say) to come back and redraw what is under the finger, and a click whose press and release
    land on different elements opens nothing. Waiting for htmx to be idle between the two makes
    that case certain rather than a matter of the machine's speed.
    """
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.mouse.up()


def htmx_idle(page) -> None:
    """Wait until no htmx request is in flight and every swap has settled.

    For a page whose htmx requests no step of the test sets off (an hx-trigger="load" box):
    htmx marks the element while its request runs (.htmx-request) and the swapped-in content
    until it settles, with no gap between the two. Where a swap brings something particular,
    wait for that instead.
    """
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def pause_page_clock(page) -> None:
    """Stop the page's installed clock a moment ahead of its own now (clock.install() first).

    Playwright pauses only at a time still to come; the page's clock runs on between reading it
    and pausing it, by more than any fixed margin on a loaded machine. So read, pause a little
    ahead, and read again if that moment has already gone by.
    """
    for _attempt in range(20):
        ahead = datetime.fromtimestamp(page.evaluate("Date.now()") / 1000 + 0.05, tz=UTC)
        try:
            page.clock.pause_at(ahead)  # a datetime: a bare number would be read as seconds
            return
        except PlaywrightError as error:
            if "to the past" not in str(error):
                raise
    raise AssertionError("the page's clock could not be paused")
