"""A hostile registry (quality.md, "Calls out to other servers"), over real HTTP on 127.0.0.1.

A registry that drips its answer holds a request no longer than the whole-exchange deadline,
and while it does the rest of the app answers as usual; answers the app cannot use (deep
nesting, huge numbers, wrong types) are "unavailable", never a 500 and never a stored value out
of range; redirects are not followed; the registry's texts lose their control characters.
"""

import contextlib
import http.client
import os
import re
import threading
import time
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest

from bench import database, server
from smeup.extensions import db
from smeup.models.registry import RegistryAnswer
from smeup.registry.client import RegistryUnavailable, fetch_company
from smeup.registry.lookup import RegistrySettings, look_up
from tests import fake_registry as fake
from tests.fake_registry import FakeRegistry
from tests.helpers import NETZERO_FORM, count_rows, login

UNAVAILABLE = "目前無法查詢登記資料"
NOW = datetime(2026, 11, 30, 6, 0)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def value_of(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return match and match.group(1)


@pytest.fixture
def client(registry_app):
    return registry_app.test_client()


def offer(client, ubn: str) -> str:
    response = client.get(f"/registry/offer?form=netzero&ubn={ubn}", headers={"HX-Request": "1"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- 1. A total deadline, and registry calls never starve the app -------------------------


@pytest.mark.parametrize("ubn", fake.DRIP)
def test_a_registry_dripping_its_answer_is_cut_at_the_deadline(client, registry, ubn):
    # One byte every 0.5 s keeps every single read under the 1 s timeout: only a deadline for
    # the whole exchange ends it. The drip takes 30 s; the offer ends long before.
    assert registry.drip_seconds >= 30
    started = time.monotonic()
    html = offer(client, ubn)
    elapsed = time.monotonic() - started
    assert UNAVAILABLE in text_of(html)
    assert registry.asked[ubn] == 1
    assert elapsed < 10, f"the offer took {elapsed:.1f} s against a 1 s deadline"


@pytest.mark.parametrize("ubn", fake.DRIP)
def test_the_deadline_holds_for_the_client_itself(registry, ubn):
    started = time.monotonic()
    with pytest.raises(RegistryUnavailable):
        fetch_company(registry.url, ubn, 1.0)
    assert time.monotonic() - started < 10


def _hang(url: str, ubn: str, timeout: float, concurrency: int) -> None:
    with contextlib.suppress(RegistryUnavailable):
        fetch_company(url, ubn, timeout, concurrency=concurrency)


def _wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def test_at_the_cap_the_next_call_is_unavailable_at_once_and_an_old_answer_is_shown(app, registry):
    settings = RegistrySettings(registry.url, timeout=60, cache_days=30, concurrency=1)
    hanging = threading.Thread(
        target=_hang, args=(registry.url, fake.DRIP_BODY, 60, 1), daemon=True
    )
    hanging.start()
    _wait_for(lambda: registry.asked[fake.DRIP_BODY] == 1)
    try:
        with app.app_context():
            db.session.add(
                RegistryAnswer(
                    ubn="04541302",
                    found=True,
                    company_name="綠能五金股份有限公司",
                    dissolved=False,
                    fetched_at=NOW - timedelta(days=90),
                )
            )
            db.session.commit()
            started = time.monotonic()
            stale = look_up("04541302", settings, NOW)
            fresh = look_up("22099131", settings, NOW)
            elapsed = time.monotonic() - started
            assert stale.found and stale.answer.fetched_at == NOW - timedelta(days=90)
            assert fresh.state == "unavailable"
        assert elapsed < 10
        assert registry.asked["04541302"] == registry.asked["22099131"] == 0  # never asked
    finally:
        registry.release.set()
        hanging.join(10)
    with app.app_context():  # the slot is free again once the hanging call ended
        assert look_up("22099131", settings, NOW).found


@pytest.fixture
def own_database(tmp_path):
    """A fresh database with the schema for a served app (PostgreSQL in the PostgreSQL run)."""
    if os.environ.get("SMEUP_TEST_DATABASE") == "postgres":
        url = database.create_postgres(
            f"smeup_registry_{uuid.uuid4().hex[:12]}", os.environ["SMEUP_TEST_POSTGRES_URL"]
        )
    else:
        url = database.sqlite_url(tmp_path / "registry.sqlite3")
    database.create_schema(url, officer=False)
    yield url
    if url.startswith("postgresql"):
        database.drop_postgres(url)


def _get(base: str, path: str, results: list, timeout: float = 30) -> None:
    started = time.monotonic()
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode()
        results.append((path, response.status, body, time.monotonic() - started))
    except OSError as exc:
        results.append((path, None, repr(exc), time.monotonic() - started))
    finally:
        conn.close()


def test_while_offers_hang_on_a_dripping_registry_the_served_app_answers_at_once(
    own_database,
):
    # gunicorn as deployed (threaded worker), one worker of 4 threads: before the cap, six
    # offers on a dripping registry held all four and /healthz, /login waited for the drip.
    # The deadline (20 s) is long on purpose: this test is about the cap, not the deadline.
    with FakeRegistry() as registry:
        env = server.app_env(
            own_database,
            production=False,
            extra={
                "SMEUP_REGISTRY_URL": registry.url,
                "SMEUP_REGISTRY_TIMEOUT": "20",
                "SMEUP_REGISTRY_LIMIT": "1000 per minute",
            },
        )
        with server.start("wsgi:app", env, workers=1, extra_args=("--threads", "4")) as served:
            offers: list = []
            path = f"/registry/offer?form=netzero&ubn={fake.DRIP_BODY}"
            threads = [
                threading.Thread(target=_get, args=(served.url, path, offers), daemon=True)
                for _ in range(6)
            ]
            for thread in threads:
                thread.start()
            # The cap (2 per process) lets two ask the registry; the other four answer at once.
            _wait_for(lambda: len(offers) >= 4 and registry.asked[fake.DRIP_BODY] >= 2)
            quick: list = []
            for page in ("/healthz", "/login", "/netzero/"):
                _get(served.url, page, quick, timeout=8)
            for page, status, body, elapsed in quick:
                assert status == 200, (page, body[:300])
                assert elapsed < 5, f"{page} took {elapsed:.1f} s"
            for _path, status, body, _elapsed in offers:
                assert status == 200 and UNAVAILABLE in body
            assert len(offers) == 4  # the two in the registry still hang, as they may
            assert registry.asked[fake.DRIP_BODY] == 2
            registry.release.set()  # the drip ends; so do the two offers
            for thread in threads:
                thread.join(30)
            assert len(offers) == 6
            assert all(status == 200 for _path, status, _body, _elapsed in offers)
            assert "Traceback" not in served.log()


# --- 2. Answers the app cannot use ----------------------------------------------------------


@pytest.mark.parametrize("ubn", fake.MALFORMED_ANSWERS)
def test_an_answer_the_app_cannot_use_is_unavailable_on_the_offer(client, registry, ubn):
    text = text_of(offer(client, ubn))
    assert UNAVAILABLE in text
    assert "登記資料：" not in text
    assert registry.asked[ubn] == 1
    assert count_rows(client.application, RegistryAnswer) == 0


@pytest.mark.parametrize("ubn", fake.MALFORMED_ANSWERS)
def test_an_answer_the_app_cannot_use_is_unavailable_on_the_phone_lookup(
    client, users, registry, ubn
):
    assert login(client, users["agent"]).status_code == 302
    response = client.get(f"/registry/phone?ubn={ubn}")
    assert response.status_code == 200
    assert UNAVAILABLE in text_of(response.get_data(as_text=True))
    assert count_rows(client.application, RegistryAnswer) == 0


@pytest.mark.parametrize("button", ["registry_lookup", "registry_fill"])
@pytest.mark.parametrize("ubn", fake.MALFORMED_ANSWERS)
def test_without_javascript_an_unusable_answer_keeps_what_was_typed(client, registry, ubn, button):
    page = client.get("/netzero/").get_data(as_text=True)
    hidden = dict(
        re.findall(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"', page)
    )
    typed = {**NETZERO_FORM, **hidden, "company_name": "我打的公司名", "ubn": ubn}
    pressed = {button: "1" if button == "registry_lookup" else ubn}
    response = client.post("/netzero/", data={**typed, **pressed})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert UNAVAILABLE in text_of(html)
    assert value_of(html, "company_name") == "我打的公司名"
    assert value_of(html, "employees") == "35"
    assert value_of(html, "ubn") == ubn
    assert count_rows(client.application, RegistryAnswer) == 0


def test_an_endless_answer_is_read_no_further_than_the_bound(client, registry):
    started = time.monotonic()
    assert UNAVAILABLE in text_of(offer(client, fake.ENDLESS))
    assert time.monotonic() - started < 10
    assert count_rows(client.application, RegistryAnswer) == 0


# --- 3. No redirects, http(s) only -----------------------------------------------------------


@pytest.mark.parametrize("ubn", fake.REDIRECTS)
def test_a_redirect_is_not_followed(client, registry, ubn):
    assert UNAVAILABLE in text_of(offer(client, ubn))
    assert registry.asked[ubn] == 1
    assert registry.trap.visits == 0
    assert count_rows(client.application, RegistryAnswer) == 0


@pytest.mark.parametrize("scheme", ["ftp", "file", "gopher"])
def test_only_http_and_https_are_spoken(registry, scheme):
    with pytest.raises(RegistryUnavailable):
        fetch_company(f"{scheme}://127.0.0.1:{registry.trap.port}/od/data/api", "04541302", 1)
    assert registry.trap.visits == 0


# --- The registry's texts are cleaned before they are shown or kept --------------------------


def test_the_registry_texts_lose_control_and_bidi_characters(client, users, registry):
    html = offer(client, fake.CONTROL_CHARS)
    assert "登記資料： 綠能五金股份有限公司 （停業），臺中市" in text_of(html)
    assert login(client, users["agent"]).status_code == 302
    html += client.get(f"/registry/phone?ubn={fake.CONTROL_CHARS}").get_data(as_text=True)
    assert "綠能五金股份有限公司" in html
    for char in ("\u202e", "\u200f", "\x07", "\u2066", "\u202d", "\u2067", "\x9b", "\x1b"):
        assert char not in html, repr(char)
    with client.application.app_context():
        stored = db.session.get(RegistryAnswer, fake.CONTROL_CHARS)
        assert (stored.company_name, stored.status) == ("綠能五金股份有限公司", "停業")
        assert stored.responsible_name == "林大明"
        assert stored.address == "台中市西屯區工業區一路100號"
        assert stored.raw["Company_Name"] == "綠能五金股份有限公司"
        assert stored.raw["Responsible_Name"] == "林大明"
