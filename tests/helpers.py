"""Helpers for tests: CSRF tokens, signing in, counting rows."""

import re

from sqlalchemy import text

from smeup.extensions import db

PASSWORD = "correct horse 42"

# A valid 淨零健檢 as a browser posts it (tests vary it with {**NETZERO_FORM, ...}).
NETZERO_FORM = {
    "company_name": "綠能五金有限公司",
    "ubn": "22099131",
    "county": "臺中市",
    "industry": "C",
    "employees": "35",
    "paid_in_capital": "",
    "contact_name": "林小姐",
    "contact_phone": "04-2222-3333",
    "contact_email": "",
    "consent": "y",
    "data_year": "2024",
    "electricity_kwh": "120000",
    "natural_gas_m3": "",
    "lpg_kg": "",
    "diesel_l": "",
    "gasoline_l": "",
    "fuel_oil_l": "",
    "cbam_export": "no",
    "supply_chain_request": "none",
    "listed_company": "no",
    "supplier_to_listed": "no",
    "has_inventory": "yes",
    "has_target": "no",
}

# A valid 創新加值導航 (programmes.md) as a browser posts it; lists are the check boxes ticked.
NAVIGATOR_FORM = {
    "company_name": "智聯感測股份有限公司",
    "ubn": "04541302",
    "county": "新竹市",
    "industry": "C",
    "employees": "28",
    "paid_in_capital": "15000000",
    "contact_name": "陳先生",
    "contact_phone": "03-5678-123",
    "contact_email": "",
    "consent": "y",
    "founded_on": "2021-03-15",
    "org_form": "company",
    "need": ["rnd", "cocreation"],
    "rnd_stage": "developing",
    "rnd_theme": "ai",
    "focus_industry": "iot",
    "self_funding": "yes",
    "tax_arrears": "no",
    "mainland_capital": "no",
}


def csrf_token(client, url: str = "/login") -> str:
    """Fetch a page and pull its CSRF token out."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


# A CSRF token is signed with the second it was made in: two pages fetched in different seconds
# differ there and only there. Compare pages with the tokens masked.
_TOKEN = re.compile(r'(name="csrf_token" type="hidden" value="|"X-CSRFToken": ")[^"]+')


def without_tokens(html: str) -> str:
    """The page with every CSRF token value replaced by a fixed mark."""
    return _TOKEN.sub(r"\1TOKEN", html)


def login(client, username: str, password: str = PASSWORD):
    """Sign in through the real login form."""
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"csrf_token": token, "username": username, "password": password}
    )


def count_rows(app, model) -> int:
    """How many rows a table holds."""
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def sql(app, statement: str):
    """Run raw SQL in the app's database (for assertions on stored values)."""
    with app.app_context():
        return db.session.execute(text(statement)).all()


def form_fields(page: str) -> dict:
    """The values a browser would send for the form on `page`: inputs and text areas, check
    boxes as ticked, the submit `action` left out."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<(?:input|textarea)[^>]*>(?:[^<]*</textarea>)?", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "action":
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                data[name.group(1)] = "y"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        inner = re.search(r">([^<]*)</textarea>", tag)
        data[name.group(1)] = (
            inner.group(1).strip("\n") if inner else (value.group(1) if value else "")
        )
    return data
