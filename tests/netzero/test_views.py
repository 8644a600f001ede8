"""The 淨零健檢 pages over HTTP: form, validation, storing once, the result link, inline checks."""

import html
import re

import pytest

from smeup.extensions import limiter
from smeup.models import Submission
from smeup.models.netzero import NetzeroCheck
from smeup.submission_keys import KEY_REUSED
from tests.helpers import NETZERO_FORM, count_rows, sql

FORM = "/netzero/"

# 台 for 臺 and a thousands separator, as people type them.
VALID = {**NETZERO_FORM, "county": "台中市", "electricity_kwh": "120,000", "has_target": "yes"}
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _limits_off(monkeypatch):
    """Flask-Limiter keeps `enabled` on the shared object; a test elsewhere that turns it on
    without restoring it must not make these tests fail (the rate-limit test turns it on)."""
    monkeypatch.setattr(limiter, "enabled", False)


def open_form(client) -> dict:
    """GET the form and return its hidden csrf_token and submission_key."""
    page = client.get(FORM).get_data(as_text=True)
    hidden = dict(
        re.findall(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"', page)
    )
    assert set(hidden) == {"csrf_token", "submission_key"}
    return hidden


def submit(client, headers=None, hidden=None, **changes):
    data = {**VALID, **(hidden or open_form(client)), **changes}
    return client.post(FORM, data=data, headers=headers or {})


def field_html(body: str, name: str) -> str:
    """The markup of one field: from its root div to the next field's."""
    start = body.rindex('<div class="field ', 0, body.index(f'id="field-{name}"'))
    end = body.find('<div class="field ', start + 1)
    return body[start : end if end > 0 else len(body)]


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_form_has_every_field_with_its_label(client):
    page = text(client.get(FORM))
    labels = {
        "data_year": "資料年度",
        "electricity_kwh": "年用電量",
        "natural_gas_m3": "天然氣用量",
        "lpg_kg": "液化石油氣用量",
        "diesel_l": "柴油用量",
        "gasoline_l": "汽油用量",
        "fuel_oil_l": "燃料油用量",
        "supply_chain_request": "客戶是否要求提供碳排資料或減碳目標",
    }
    for name, label in labels.items():
        assert re.search(rf'<label for="{name}">{label}', page), name
    for name, legend in {
        "cbam_export": "是否出口 CBAM 產品至歐盟",
        "listed_company": "是否為上市櫃公司或其子公司",
        "supplier_to_listed": "是否為上市櫃公司之供應商",
        "has_inventory": "是否已完成溫室氣體盤查",
        "has_target": "是否已訂定減碳目標",
    }.items():
        assert f'<legend>{legend}<span class="req">（必填）</span>' in page
        assert f'name="{name}" required type="radio" value="yes"' in page
    assert '<option selected value="2024">2024 年</option>' in page
    assert re.search(r'id="lpg_kg" inputmode="decimal"', page)
    assert (
        '<span class="unit">公斤</span>' in page and '<span class="unit">度（kWh）</span>' in page
    )
    for help_text in ("桶裝瓦斯一桶約 20 公斤", "鋼鐵、鋁、水泥、肥料、氫、電力", "ISO 14064-1"):
        assert help_text in page
    assert re.search(r'<label for="ubn">統一編號<span class="req">（必填）', page)
    assert re.search(r'<label for="employees">員工人數<span class="req">（必填）', page)
    assert 'value="none">沒有' in page and 'value="deadline">有要求且有期限' in page


def test_valid_submission_stores_one_check_and_shows_result(client, app):
    response = submit(client)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(r"/netzero/r/[A-Za-z0-9_-]{43}", location)
    assert count_rows(app, Submission) == 1 and count_rows(app, NetzeroCheck) == 1
    result = text(client.get(location))
    # 120,000 kWh × 0.474 kgCO2e/kWh (2024) = 56.88 t
    assert re.search(r'class="nz-total">56.88<', result)
    assert re.search(r'class="nz-level">低<', result)
    assert "120,000 度" in result and "0.4740 kgCO2e/度" in result
    # Version ids are for officers (the detail page), not the public result (issue 24).
    assert "2025-tw-ar5" not in result and "urgency-v1" not in result
    assert "並非經查證的溫室氣體盤查結果" in result and "並非主管機關的認定" in result
    assert "0800-035399" in result and "(02)2358-1021" in result and "0800-056-476" in result
    assert 'href="https://green.pidc.org.tw/"' in result
    [(channel, county, ubn)] = sql(app, "SELECT channel, county, ubn FROM submission")
    assert (channel, county, ubn) == ("web", "臺中市", "22099131")


def test_high_level_result_lists_every_reason_and_resource(client):
    response = submit(
        client,
        cbam_export="yes",
        supply_chain_request="deadline",
        has_inventory="no",
        diesel_l="1000",
    )
    result = text(client.get(response.headers["Location"]))
    assert re.search(r'class="nz-level">高<', result)
    assert "CBAM" in result and "訂有期限" in result
    for title in ("健檢診斷", "減碳輔導", "能源署 動力與公用設備補助", "協助完成溫室氣體盤查"):
        assert f"<strong>{title}</strong>" in result
    # 1,000 L diesel ≈ 2.69 t (scope 1) + 56.88 t electricity (scope 2)
    assert "柴油" in result and re.search(r'class="nz-total">59.57<', result)


def test_htmx_success_redirects_with_header(client, app):
    response = submit(client, headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/netzero/r/")
    assert count_rows(app, NetzeroCheck) == 1


BAD = {
    "ubn": ("12345678", "統一編號檢查碼不符"),
    "contact_phone": ("12-34", "電話號碼格式不正確"),
    "electricity_kwh": ("-5", "用量不可為負數"),
    "cbam_export": ("", "請選擇「是否出口 CBAM 產品至歐盟」是或否"),
}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_invalid_input_shows_each_error_keeps_values_stores_nothing(client, app, headers):
    response = submit(
        client,
        headers=headers,
        company_name="<b>綠能</b>",
        gasoline_l="1,500.5",
        **{name: value for name, (value, _) in BAD.items()},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    for name, (value, message) in BAD.items():
        field = field_html(body, name)
        assert "has-error" in field, name
        assert message in html.unescape(field), name
        if value:
            assert f'value="{value}"' in field
    assert 'value="1,500.5"' in body and 'value="&lt;b&gt;綠能&lt;/b&gt;"' in body
    assert "<b>綠能" not in body
    assert '<option selected value="C">' in body
    assert "有 4 個地方需要修正" in text(response)
    assert count_rows(app, Submission) == 0
    if headers:
        assert "<html" not in body
        assert body.lstrip().startswith('<form id="netzero-form"')
    else:
        assert "<html" in body


@pytest.mark.parametrize("energy", [{}, {"natural_gas_m3": "0", "lpg_kg": "0.00"}])
def test_no_energy_at_all_is_refused_next_to_energy_section(client, app, energy):
    response = submit(client, electricity_kwh="", **energy)
    assert response.status_code == 422
    body = text(response)
    section = body.split('id="energy-section"')[1].split("</legend>")[1]
    assert section.lstrip().startswith('<p class="help">')
    assert '<p class="field-error" id="energy-error">請至少填寫一項能源用量</p>' in section
    assert count_rows(app, Submission) == 0


def test_energy_limits(client, app):
    response = submit(client, electricity_kwh="10000000000.01", diesel_l="1.234", lpg_kg="abc")
    body = text(response)
    assert response.status_code == 422
    assert "用量不可大於 10,000,000,000 度（kWh）" in body
    assert "最多填到小數點後 2 位" in body and "請填寫數字" in body
    assert "請至少填寫一項能源用量" not in body
    assert submit(client, electricity_kwh="10,000,000,000").status_code == 303


def test_unknown_data_year_is_refused(client, app):
    response = submit(client, data_year="2031")
    assert response.status_code == 422
    assert "請從清單中選擇" in text(response)
    assert count_rows(app, Submission) == 0


def test_double_submit_stores_one_and_shows_same_result(client, app):
    hidden = open_form(client)
    first = submit(client, hidden=hidden)
    second = submit(client, hidden=hidden, electricity_kwh="120000")
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count_rows(app, Submission) == 1


def test_same_key_with_other_content_is_refused(client, app):
    hidden = open_form(client)
    assert submit(client, hidden=hidden).status_code == 303
    response = submit(client, hidden=hidden, electricity_kwh="99")
    assert response.status_code == 422
    body = text(response)
    assert KEY_REUSED in body and 'value="99"' in body
    assert count_rows(app, Submission) == 1


def test_missing_or_forged_key_asks_to_send_again(client, app):
    hidden = open_form(client)
    response = submit(client, hidden={**hidden, "submission_key": "x"})
    assert response.status_code == 422
    body = text(response)
    assert "請確認內容後再按一次「送出」" in body
    new_key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', body).group(1)
    assert new_key != "x" and len(new_key) >= 20
    assert count_rows(app, Submission) == 0
    assert submit(client, hidden={**hidden, "submission_key": new_key}).status_code == 303


def test_result_links_are_random_and_wrong_tokens_404(client, app):
    first = submit(client).headers["Location"]
    second = submit(client).headers["Location"]
    assert first != second
    assert client.get(first).status_code == 200
    assert client.get(first[:-1] + ("A" if first[-1] != "A" else "B")).status_code == 404
    assert client.get("/netzero/r/1").status_code == 404
    [(token,)] = sql(
        app, f"SELECT result_token FROM submission WHERE result_token = '{first[11:]}'"
    )
    assert len(token) >= 43


def test_result_page_escapes_what_was_typed(client):
    location = submit(client, company_name="<script>alert(1)</script>").headers["Location"]
    body = client.get(location).get_data(as_text=True)
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_bidi_controls_are_not_stored(client, app):
    # A right-to-left override typed or pasted into a name would reorder the cells beside it in
    # the console; embeddings, isolates and marks are dropped with the other control characters.
    response = submit(
        client,
        company_name="\u202e綠能\u202a五金\u202c有限\u2067公司\u2069\u200f",
        contact_name="林\u2066小\u061c姐\u200e\x1b",
    )
    assert response.status_code == 303
    [(name, contact)] = sql(app, "SELECT company_name, contact_name FROM submission")
    assert (name, contact) == ("綠能五金有限公司", "林小姐")


def test_agent_entry_is_stamped_phone(client, app, auth):
    auth("agent")
    assert submit(client).status_code == 303
    [(channel, entered_by)] = sql(app, "SELECT channel, entered_by_id FROM submission")
    assert channel == "phone" and entered_by is not None


def test_inline_validation_returns_the_field_with_then_without_error(client):
    hidden = open_form(client)
    url = "/validate/netzero/ubn"
    headers = {**HTMX, "X-CSRFToken": hidden["csrf_token"]}
    bad = client.post(url, data={**VALID, "ubn": "12345678"}, headers=headers)
    assert bad.status_code == 200
    body = text(bad)
    assert body.lstrip().startswith('<div class="field field-stringfield has-error')
    assert 'id="field-ubn"' in body and "統一編號檢查碼不符" in body
    good = text(client.post(url, data={**VALID, "ubn": "22099131"}, headers=headers))
    assert 'id="field-ubn"' in good and "has-error" not in good and "field-error" not in good


def test_inline_validation_of_energy_and_yes_no(client):
    headers = {**HTMX, "X-CSRFToken": open_form(client)["csrf_token"]}
    body = text(client.post("/validate/netzero/lpg_kg", data={"lpg_kg": "-1"}, headers=headers))
    assert "用量不可為負數" in body and 'value="-1"' in body
    body = text(client.post("/validate/netzero/has_target", data={}, headers=headers))
    assert "請選擇「是否已訂定減碳目標」是或否" in body
    body = text(
        client.post("/validate/netzero/has_target", data={"has_target": "no"}, headers=headers)
    )
    assert "field-error" not in body and 'checked id="has_target-1"' in body


def test_public_posts_are_rate_limited(make_app, monkeypatch):
    limited = make_app(RATELIMIT_ENABLED=True, SMEUP_PUBLIC_SUBMIT_LIMIT="2 per minute")
    client = limited.test_client()
    try:
        statuses = [submit(client, electricity_kwh="").status_code for _ in range(3)]
        assert statuses == [422, 422, 429]
        assert "送出太頻繁" in text(submit(client))
        assert client.get(FORM).status_code == 200
    finally:
        with limited.app_context():
            limiter.reset()
