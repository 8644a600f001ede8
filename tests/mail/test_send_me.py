"""「寄給我」 on the net-zero and navigator result pages: the link only, never the figures."""

import html
import re

import pytest

from smeup.extensions import db
from smeup.models.mail import MailMessage
from tests.helpers import NAVIGATOR_FORM, NETZERO_FORM, csrf_token

FORMS = {"netzero": NETZERO_FORM, "navigator": NAVIGATOR_FORM}


def _result(client, form: str) -> str:
    token = csrf_token(client, f"/{form}/")
    page = client.get(f"/{form}/").get_data(as_text=True)
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)
    data = {**FORMS[form], "csrf_token": token, "submission_key": key}
    response = client.post(f"/{form}/", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


@pytest.mark.parametrize("form", ["netzero", "navigator"])
def test_send_me_without_javascript(app, client, form):
    result = _result(client, form)
    page = client.get(result).get_data(as_text=True)
    assert 'id="send-me"' in page and "寄給我" in page
    token = csrf_token(client, result)
    bad = client.post(f"{result}/mail", data={"csrf_token": token, "email": "lin@example"})
    assert bad.status_code == 422
    text = html.unescape(bad.get_data(as_text=True))
    assert "電子郵件格式不正確" in text and 'value="lin@example"' in text
    assert "<h1>" in text  # the whole result page again
    empty = client.post(f"{result}/mail", data={"csrf_token": token, "email": ""})
    assert empty.status_code == 422 and "請填寫電子郵件" in empty.get_data(as_text=True)
    good = client.post(f"{result}/mail", data={"csrf_token": token, "email": "lin@example.com"})
    assert good.status_code == 303 and good.headers["Location"].endswith(f"{result}#send-me")
    assert client.post(f"{result}/mail", data={"csrf_token": token, "email": "lin@example.com"})
    with app.app_context():
        (row,) = db.session.scalars(db.select(MailMessage)).all()  # asked twice: one message
    assert row.to_address == "lin@example.com"
    assert f"http://127.0.0.1:8000{result}" in row.body_text
    assert f"http://127.0.0.1:8000{result}" in row.body_html
    # the link only: no figure of the result in the mail
    assert not re.search(r"\d+(\.\d+)?\s*(公噸|tCO2e|萬元)", row.body_text + row.body_html)
    assert "連結" in row.subject


@pytest.mark.parametrize("form", ["netzero", "navigator"])
def test_send_me_with_htmx_swaps_the_section(app, client, form):
    result = _result(client, form)
    token = csrf_token(client, result)
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    bad = client.post(f"{result}/mail", data={"email": "不是地址"}, headers=headers)
    assert bad.status_code == 422
    body = html.unescape(bad.get_data(as_text=True))
    assert body.lstrip().startswith('<section id="send-me"') and "電子郵件格式不正確" in body
    assert 'value="不是地址"' in body
    ok = client.post(f"{result}/mail", data={"email": "lin@example.com"}, headers=headers)
    assert ok.status_code == 200
    assert "已排入寄送" in ok.get_data(as_text=True) and "lin@example.com" in ok.get_data(
        as_text=True
    )


def test_send_me_needs_a_real_result(client):
    token = csrf_token(client, "/netzero/")
    response = client.post(
        "/netzero/r/no-such-token/mail", data={"csrf_token": token, "email": "a@b.tw"}
    )
    assert response.status_code == 404


def test_send_me_is_rate_limited_like_other_public_posts(make_app):
    app = make_app(RATELIMIT_ENABLED=True, SMEUP_PUBLIC_SUBMIT_LIMIT="2 per minute")
    client = app.test_client()
    token = csrf_token(client, "/netzero/")
    codes = [
        client.post(
            "/netzero/r/no-such-token/mail", data={"csrf_token": token, "email": "a@b.tw"}
        ).status_code
        for _ in range(3)
    ]
    assert codes == [404, 404, 429]
