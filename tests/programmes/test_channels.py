"""The navigator on the kiosk and beside the net-zero result (channels.md, issue 15)."""

import html
import re

from tests.channels.helpers import hidden_fields, make_event, post_netzero, start_kiosk
from tests.helpers import NAVIGATOR_FORM, sql


def test_kiosk_offers_the_navigator_and_tags_the_submission(app, client, users):
    event_id = make_event(app, forms=("netzero", "navigator"))
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    start = client.get("/kiosk/").get_data(as_text=True)
    assert re.findall(r'<a class="tile kiosk-tile" href="([^"]+)"', start) == [
        "/netzero/",
        "/navigator/",
    ]
    form = client.get("/navigator/")
    assert form.status_code == 200 and "no-store" in form.headers["Cache-Control"]
    assert 'id="call_note"' not in form.get_data(as_text=True)  # a visitor, not an agent
    hidden = hidden_fields(client, "/navigator/")
    response = client.post("/navigator/", data={**NAVIGATOR_FORM, **hidden})
    assert response.status_code == 303
    assert sql(app, "SELECT channel, event_id, entered_by_id FROM submission") == [
        ("roadshow", event_id, None)
    ]
    result = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "完成" in result and 'class="kiosk-qr"' in result
    assert "再填一份" not in result
    assert "innovation-2026" not in result and "（需確認）" not in result  # issue 24
    # After 完成, the next visitor cannot reopen the result.
    token = hidden_fields(client, "/kiosk/")["csrf_token"]
    client.post("/kiosk/done", data={"csrf_token": token})
    again = client.get(response.headers["Location"])
    assert again.status_code == 302 and again.headers["Location"] == "/kiosk/"


def test_event_form_offers_the_navigator(auth):
    officer = auth("officer")
    page = html.unescape(officer.get("/console/events/new").get_data(as_text=True))
    assert 'value="navigator"' in page and "補助與獎勵導航" in page


def result_of(client, **changes) -> str:
    response = post_netzero(client, **changes)
    assert response.status_code == 303
    return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))


def test_netzero_result_suggests_the_navigator_when_level_is_high_or_medium(client):
    high = result_of(client, cbam_export="yes")
    assert 'class="nz-level">高<' in high
    assert "「淨零應用」主題徵件" in high and 'href="/navigator/"' in high
    medium = result_of(client, supplier_to_listed="yes")
    assert 'class="nz-level">中<' in medium and 'href="/navigator/"' in medium
    low = result_of(client)
    assert 'class="nz-level">低<' in low and 'href="/navigator/"' not in low
