"""Helpers for the SBTR HTTP tests: a valid proposal, a tiny real PDF, posting the form."""

import io
import re
from datetime import date, timedelta

import pytest

from smeup.sbtr.forms import taipei_today


def tiny_pdf(padding: int = 0) -> bytes:
    """A small but well-formed PDF (one empty page), optionally padded inside a comment."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    if padding:
        out += b"%" + b"x" * padding + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200 + b"IEND\xaeB`\x82"
BLUEPRINT = "以在地老屋為基地，結合農產加工、手作體驗與社區導覽，建立可持續經營的城鄉創生事業。" * 2


def start_date() -> date:
    return taipei_today() + timedelta(days=30)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html) or re.search(
        rf'id="{name}" name="{name}" type="hidden" value="([^"]*)"', html
    )
    assert match, f"no hidden {name}"
    return match.group(1)


def company(**overrides) -> dict:
    data = {
        "company_name": "山海創生有限公司",
        "ubn": "22099131",
        "county": "臺東縣",
        "industry": "I",
        "employees": "12",
        "paid_in_capital": "5,000,000",
        "contact_name": "林小姐",
        "contact_phone": "089-123-456",
        "contact_email": "lin@example.com",
        "consent": "y",
    }
    data.update(overrides)
    return data


def proposal_a(**overrides) -> dict:
    """A complete, eligible A類 proposal as posted."""
    data = company()
    data.update(
        {
            "category": "A",
            "plan_title": "老屋新生：池上米食體驗基地",
            "site_county": "臺東縣",
            "site_address": "臺東縣池上鄉中山路 1 號",
            "site_right": "owned",
            "site_right_until": "",
            "site_operating": "y",
            "planned_start": start_date().isoformat(),
            "blueprint": BLUEPRINT,
            "expected_local_jobs": "5",
        }
    )
    data.update(overrides)
    return data


MEMBERS = [
    ("04541302", "乙合作社", "8", "1200000"),
    ("34051920", "丙工作室", "3", "300000"),
]


def proposal_b_plus(members=MEMBERS, **overrides) -> dict:
    """A complete B+類 proposal with two more members (attach the LOI separately)."""
    data = proposal_a(
        category="B_PLUS",
        site_right="leased",
        site_right_until=(start_date() + timedelta(days=700)).isoformat(),
    )
    for n, (ubn, name, employees, capital) in enumerate(members, start=1):
        data.update(
            {
                f"members-{n}-ubn": ubn,
                f"members-{n}-name": name,
                f"members-{n}-employees": employees,
                f"members-{n}-paid_in_capital": capital,
            }
        )
    data.update(overrides)
    return data


class SbtrClient:
    """Open the form like a browser (CSRF token and submission key) and post it."""

    def __init__(self, client):
        self.client = client
        self.html = ""

    def open(self, url: str = "/sbtr/") -> str:
        response = self.client.get(url)
        assert response.status_code == 200, response.status_code
        self.html = response.get_data(as_text=True)
        self.csrf = re.search(r'"X-CSRFToken": "([^"]+)"', self.html).group(1)
        self.key = hidden(self.html, "submission_key")
        return self.html

    def post(self, data: dict, *, loi=None, action="submit", htmx=False, url="/sbtr/"):
        if not self.html:
            self.open()
        body = {"csrf_token": self.csrf, "submission_key": self.key, "action": action, **data}
        if loi is not None:
            content, filename = loi
            body["loi_file"] = (io.BytesIO(content), filename)
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(url, data=body, headers=headers, content_type="multipart/form-data")


@pytest.fixture(autouse=True)
def _one_taipei_day(taipei_midday):
    """Proposals start 30 days after today in Taipei: the test and the app must agree on
    today, so every SBTR test runs at midday (a test crossing midnight would see two days)."""
    return taipei_midday


@pytest.fixture
def sbtr(client):
    """An SbtrClient on the test client."""
    return SbtrClient(client)
