"""Submissions made straight through the models, so console tests need no form views."""

import itertools
from datetime import date, datetime
from decimal import Decimal

from smeup.extensions import db
from smeup.models import Event, Submission, User
from smeup.models.netzero import NetzeroCheck
from smeup.models.sbtr import SbtrMember, SbtrProposal
from smeup.models.surveys import CourseResponse, Survey, SurveyOption
from smeup.workflow import initial_status

_serial = itertools.count(1)
DEMO_OPTIONS = (
    ("brand", "企業品牌經營"),
    ("channels", "新媒體經營－拓展多元通路"),
    ("copy", "品牌行銷－熱銷文案策略"),
    ("social", "新媒體經營－社群媒體經營"),
    ("events", "活動企劃－線上線下行銷活動"),
    ("resources", "活動企劃－活動資源企劃"),
)


def submission(form_type: str, **values) -> Submission:
    """A Submission with a plausible company block; any column can be overridden."""
    n = next(_serial)
    fields = {
        "form_type": form_type,
        "channel": "web",
        "status": initial_status(form_type),
        "submission_key": f"key-{n}-{form_type}",
        "content_hash": "0" * 64,
        "result_token": f"token-{n}-{form_type}",
        "company_name": f"測試企業{n}",
        "ubn": "22099131",
        "county": "臺北市",
        "industry": "C",
        "employees": 12,
        "paid_in_capital": 5_000_000,
        "contact_name": "王小明",
        "contact_phone": "0912345678",
        "contact_email": "ming@example.com",
        "consent": True,
        "submitted_at": datetime(2026, 11, 20, 2, 30, 0),
    }
    fields.update(values)
    row = Submission(**fields)
    db.session.add(row)
    return row


def netzero(**values) -> Submission:
    """A net-zero submission with its stored check; check fields go in `check`."""
    check = {
        "data_year": 2024,
        "electricity_kwh": Decimal("120000"),
        "natural_gas_m3": Decimal("0"),
        "lpg_kg": Decimal("40"),
        "diesel_l": Decimal("0"),
        "gasoline_l": Decimal("1200.5"),
        "fuel_oil_l": Decimal("0"),
        "cbam_export": False,
        "supply_chain_request": "requested",
        "listed_company": False,
        "supplier_to_listed": True,
        "has_inventory": False,
        "has_target": False,
        "scope1_tco2e": 2.9512,
        "scope2_tco2e": 56.76,
        "total_tco2e": 59.7112,
        "urgency": "中",
        "urgency_reasons": ["客戶已要求提供碳排資料", "為上市櫃公司之供應商"],
        "prescriptions": ["碳盤查輔導", "節能診斷"],
        "breakdown": [],
        "factor_version": "2025-tw-ar5",
        "rules_version": "urgency-v1",
    }
    check.update(values.pop("check", {}))
    row = submission("netzero", **values)
    row.netzero = NetzeroCheck(**check)
    return row


def survey(
    title: str = "數位轉型課程意願調查", options=DEMO_OPTIONS, max_ranked: int = 5
) -> Survey:
    """A ranking survey with the demo options."""
    row = Survey(
        title=title,
        description="請排序 1–5 最想參加之課程",
        min_ranked=1,
        max_ranked=max_ranked,
        locations=["審計新村", "扇形車庫", "台東樂活", "鹿港"],
        is_open=True,
        options=[
            SurveyOption(code=c, label=label, position=i) for i, (c, label) in enumerate(options)
        ],
    )
    db.session.add(row)
    db.session.flush()
    return row


def course(of: Survey, ranks=("brand", "social", "copy"), location="鹿港", **values) -> Submission:
    """A course response to `of` ranking the given codes."""
    row = submission(
        "course", county=None, industry=None, employees=None, paid_in_capital=None, **values
    )
    db.session.add(
        CourseResponse(submission=row, survey_id=of.id, location=location, ranks=list(ranks))
    )
    return row


def sbtr(members=(("22099131", "甲企業"),), **values) -> Submission:
    """An SBTR proposal; proposal fields go in `proposal`, members as (ubn, name) pairs."""
    proposal = {
        "category": "A",
        "plan_title": "老街文化創生計畫",
        "site_county": "彰化縣",
        "site_address": "彰化縣鹿港鎮中山路 1 號",
        "site_right": "leased",
        "site_right_until": date(2030, 12, 31),
        "site_operating": True,
        "planned_start": date(2027, 1, 1),
        "plan_end": date(2027, 10, 31),
        "blueprint": "在地創生藍圖。\n第二段說明。",
        "expected_local_jobs": 3,
        "eligible": True,
        "eligibility_items": [],
        "ineligible_reasons": [],
    }
    proposal.update(values.pop("proposal", {}))
    row = submission("sbtr", **values)
    db.session.add(
        SbtrProposal(
            submission=row,
            member_count=len(members),
            members=[
                SbtrMember(position=i, ubn=u, name=n, employees=5, paid_in_capital=1_000_000)
                for i, (u, n) in enumerate(members)
            ],
            **proposal,
        )
    )
    return row


def event(
    name: str = "臺中巡迴場", county: str = "臺中市", day: date = date(2026, 11, 18)
) -> Event:
    """A roadshow event."""
    row = Event(name=name, date=day, venue="臺中市政府", county=county, forms=["netzero"])
    db.session.add(row)
    db.session.flush()
    return row


def user(username: str) -> User:
    """An existing user by username."""
    return db.session.scalar(db.select(User).filter_by(username=username))
