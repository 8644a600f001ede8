"""The navigator form as a browser sends it, and its result page read back."""

import html
import re
from datetime import date

import pytest

from smeup.programmes import forms as navigator_forms
from tests.helpers import NAVIGATOR_FORM

FORM = "/navigator/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def fixed_today(monkeypatch):
    """The navigator judges company age against today in Taipei: fix it."""
    monkeypatch.setattr(navigator_forms, "taipei_today", lambda: date(2026, 11, 30))


def open_form(client, url: str = FORM) -> dict:
    page = client.get(url).get_data(as_text=True)
    hidden = dict(
        re.findall(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"', page)
    )
    assert set(hidden) == {"csrf_token", "submission_key"}
    return hidden


def submit(client, headers=None, hidden=None, **changes):
    data = {**NAVIGATOR_FORM, **(hidden or open_form(client)), **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(FORM, data=data, headers=headers or {})


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def cards(page: str) -> dict[str, str]:
    """Each programme card's verdict, by the card's heading id."""
    found = re.findall(
        r'<h2 id="nav-(\w+)"><span class="verdict verdict-[\w-]+">([^<]+)</span>', page
    )
    return dict(found)
