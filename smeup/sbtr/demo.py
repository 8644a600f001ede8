"""Demo data for `flask seed-demo`: two A類 SBTR proposals, one of them under review.

Stored through the SBTR form and the eligibility rules, as a proposal sent on the web would be,
so the review pages, the console and the 成果報告's 在地共榮 section show something. Safe to
run twice: each proposal has a fixed submission key.
"""

from __future__ import annotations

from datetime import timedelta

from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..intake import Intake
from ..models import StatusChange, Submission
from ..submission_keys import KeyReused
from .eligibility import check_eligibility
from .formdata import prepare
from .forms import SbtrForm, taipei_today
from .proposals import store_proposal

BLUEPRINT = (
    "以在地老屋為基地，結合農產加工、手作體驗與社區導覽，建立可持續經營的城鄉創生事業，"
    "並與鄰近店家共同行銷，讓青年返鄉有穩定的工作機會。"
)
PROPOSALS = (
    (
        "demo-sbtr-chishang",
        "山海創生有限公司",
        "22099131",
        "臺東縣",
        "老屋新生：池上米食體驗基地",
        "臺東縣池上鄉中山路 1 號",
        "資格審查中",
    ),
    (
        "demo-sbtr-lukang",
        "鹿港巷弄文化工作室",
        "04541302",
        "彰化縣",
        "巷弄裡的老手藝：鹿港工藝共創空間",
        "彰化縣鹿港鎮中山路 100 號",
        None,
    ),
)


def _form(key, company, ubn, county, title, address) -> SbtrForm:
    data = MultiDict(
        {
            "submission_key": key,
            "company_name": company,
            "ubn": ubn,
            "county": county,
            "industry": "I",
            "employees": "12",
            "paid_in_capital": "5000000",
            "contact_name": "林小姐",
            "contact_phone": "089-123-456",
            "contact_email": "demo-sbtr@example.com",
            "consent": "y",
            "category": "A",
            "plan_title": title,
            "site_county": county,
            "site_address": address,
            "site_right": "owned",
            "site_operating": "y",
            "planned_start": (taipei_today() + timedelta(days=30)).isoformat(),
            "blueprint": BLUEPRINT,
            "expected_local_jobs": "5",
        }
    )
    return SbtrForm(formdata=prepare(data), meta={"csrf": False})


def seed() -> None:
    from flask import current_app

    for key, company, ubn, county, title, address, status in PROPOSALS:
        with current_app.test_request_context("/sbtr/", method="POST"):
            form = _form(key, company, ubn, county, title, address)
            if not form.validate():
                return  # the form's rules changed: leave the demo without proposals
            result = check_eligibility(form.facts(has_loi=False))
            if not result.eligible:
                return
            try:
                stored = store_proposal(form, result, None, Intake("web", None, None), None)
            except KeyReused:
                return
            if stored.created and status:
                submission = db.session.get(Submission, stored.submission.id)
                db.session.add(
                    StatusChange(
                        submission_id=submission.id,
                        from_status=submission.status,
                        to_status=status,
                        reason="",
                    )
                )
                submission.status = status
            db.session.commit()
