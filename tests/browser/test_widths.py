"""Every page at a phone's (390×844) and a portrait tablet's (768×1024) width, as its role.

Each GET page of the URL map that takes no argument (as tests/test_access.py walks them), the
console's form lists, and a few pages with ids from seeded data (a submission, a company) are
opened by the role they are for: nothing may be wider than the screen
(document.documentElement.scrollWidth <= the viewport's width; wide tables scroll inside their
own focusable region), and axe and the Nu Html Checker find nothing (check_page).
"""

import os
from pathlib import Path

import pytest

from smeup.access import access_level
from smeup.extensions import db
from smeup.models.register import Company
from tests.browser.conftest import PHONE, PORTRAIT, htmx_idle, new_context, sign_in
from tests.browser.test_console_pages import seed
from tests.helpers import PASSWORD
from tests.register.conftest import store

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": PHONE, "portrait": PORTRAIT}
ROLE_FOR_LEVEL = {"public": "anonymous", "agent": "agent", "officer": "officer", "admin": "admin"}
# Answers that are no page to look at: data, files, the service worker, redirects, fragments.
NOT_PAGES = {"main.healthz", "outbox.token", "outbox.service_worker", "kiosk.leave"}

# Pages of other rooms still wider than the screen at these widths: (path, viewport width).
# Their owners are fixing them (issue 24); remove an entry as its fix lands. Every entry must
# still be too wide: the test fails on an entry that now fits, so the set only ever shrinks.
KNOWN_WIDE: set[tuple[str, int]] = set()
# Pages of other rooms whose markup the Nu Html Checker still refuses (axe must pass on them):
# a required <select> whose first option is a real choice. Remove an entry as its fix lands.
KNOWN_INVALID: set[str] = set()

SHOTS = Path(os.environ.get("SMEUP_WIDTH_SHOTS", "/tmp/shots-24"))
SHOOT = {"/console/", "/console/netzero/"}  # looked at by a person after each change

# The elements that stick out past the right edge: named in a failure, so it says what to fix.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let inside = el.parentElement, clipped = false;
      while (inside && inside !== document.body) {
        const o = getComputedStyle(inside).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden") { clipped = true; break; }
        inside = inside.parentElement;
      }
      if (!clipped) {
        const cls = el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "";
        out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls + " → " + Math.round(box.right));
      }
    }
  }
  return out.slice(0, 6);
}"""


def pages_by_role(app, ids: dict) -> dict[str, list[str]]:
    """{role: [paths]}: every argument-free GET page, the form lists and the seeded id pages."""
    found: dict[str, list[str]] = {role: [] for role in ROLE_FOR_LEVEL.values()}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or rule.arguments or "GET" not in rule.methods:
            continue
        if rule.endpoint in NOT_PAGES or "." in rule.rule.rsplit("/", 1)[-1]:
            continue  # sw.js, template.xlsx ...
        level = access_level(app, rule.endpoint)
        found[ROLE_FOR_LEVEL[level]].append(rule.rule)
    found["officer"] += [f"/console/{form}/" for form in ("netzero", "course", "sbtr", "navigator")]
    found["officer"] += [
        f"/console/netzero/{ids['netzero']}",
        f"/console/companies/{ids['company']}",
    ]
    return found


def seeded(app, users) -> dict:
    """The console's month of submissions and one company in the register."""
    ids = seed(app, users)
    with app.test_request_context():
        store(ubn="22099131", company_name="綠能五金有限公司")
        db.session.commit()
        ids["company"] = db.session.scalar(db.select(Company.id).filter_by(ubn="22099131"))
    return ids


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_every_page_fits_the_screen_and_passes_axe(
    browser, live_server, app, users, check_page, size
):
    viewport = VIEWPORTS[size]
    width = viewport["width"]
    ids = seeded(app, users)
    problems: list[str] = []
    still_wide: set[tuple[str, int]] = set()
    still_invalid: set[str] = set()
    for role, paths in pages_by_role(app, ids).items():
        context = new_context(browser, viewport)
        page = context.new_page()
        if role != "anonymous":
            sign_in(page, live_server, users[role], PASSWORD)
        for path in paths:
            response = page.goto(live_server + path)
            if (
                response is None
                or response.status != 200
                or "text/html" not in (response.headers.get("content-type", ""))
            ):
                problems.append(f"{path} ({role}): {response and response.status}")
                continue
            if not page.evaluate("document.doctype !== null"):
                continue  # an htmx fragment served on its own
            page.wait_for_load_state("load")
            # A box the page fetches on load (the dashboard's 本季成果) is swapped in by htmx
            # after the load event: measure and check the page it ends up as.
            htmx_idle(page)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                if (path, width) in KNOWN_WIDE:
                    still_wide.add((path, width))
                else:
                    culprits = "; ".join(page.evaluate(OVERFLOWING))
                    problems.append(f"{path} ({role}) is {scroll_width} px wide: {culprits}")
            try:
                check_page(page, label=f"{path} at {width} px as {role}")
            except AssertionError as error:
                message = str(error).split("\nassert")[0]
                if path in KNOWN_INVALID and message.startswith("HTML errors"):
                    still_invalid.add(path)
                else:
                    problems.append(message)
            if path in SHOOT:
                SHOTS.mkdir(parents=True, exist_ok=True)
                name = path.strip("/").replace("/", "-") or "home"
                page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        context.close()
    fixed = {entry for entry in KNOWN_WIDE if entry[1] == width} - still_wide
    assert not fixed, f"these fit now, take them out of KNOWN_WIDE: {sorted(fixed)}"
    valid = KNOWN_INVALID - still_invalid
    assert not valid, f"these pass the checker now, take them out of KNOWN_INVALID: {valid}"
    assert problems == [], "\n".join(problems)
