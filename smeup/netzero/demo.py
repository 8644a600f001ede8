"""Demo 淨零健檢 submissions for `flask seed-demo`, so the officer console has something to show."""

from datetime import timedelta
from decimal import Decimal

from ..extensions import db
from ..intake import Intake
from ..models import Event, User
from ..models.base import utcnow
from .factors import latest_year
from .store import store_check

# (company, 統一編號, county, industry, employees, phone, kWh, diesel L, answers that differ from "no")
DEMO = (
    (
        "綠能五金有限公司",
        "22099131",
        "臺中市",
        "C",
        35,
        "0423581021",
        120000,
        1000,
        {"cbam_export": True},
    ),
    ("鹿港木作工作室", "04541302", "彰化縣", "C", 6, "0912345678", 18000, 0, {}),
    (
        "扇形車庫咖啡館",
        "34051920",
        "彰化縣",
        "I",
        12,
        "047221234",
        42000,
        0,
        {"supplier_to_listed": True},
    ),
    ("台東樂活民宿", "12345675", "臺東縣", "I", 4, "089123456", 9600, 200, {"has_inventory": True}),
    (
        "審計新村選物店",
        "04595252",
        "臺中市",
        "G",
        8,
        "0223581021#352",
        26000,
        0,
        {"supply_chain_request": "requested"},
    ),
)


def seed() -> None:
    """Store the demo checks once each (their keys are fixed, so a second run adds nothing)."""
    agent = db.session.scalar(db.select(User).filter_by(username="agent"))
    event = db.session.scalar(db.select(Event).order_by(Event.id))
    intakes = (
        Intake("web", None, None),
        # The roadshow tablet's checks were typed while the venue's Wi-Fi was down and delivered
        # from its outbox afterwards (offline.md), so the report's offline share shows them.
        Intake(
            "roadshow",
            event.id if event else None,
            None,
            captured_at=utcnow() - timedelta(hours=2),
            via_outbox=True,
        ),
        Intake("phone", None, agent.id if agent else None),
    )
    for index, (name, ubn, county, industry, staff, phone, kwh, diesel, answers) in enumerate(DEMO):
        data = {
            "company_name": name,
            "ubn": ubn,
            "county": county,
            "industry": industry,
            "employees": staff,
            "paid_in_capital": None,
            "contact_name": "示範聯絡人",
            "contact_phone": phone,
            "contact_email": None,
            "consent": True,
            "data_year": latest_year(),
            "electricity_kwh": Decimal(kwh).quantize(Decimal("0.01")),
            "natural_gas_m3": Decimal("0.00"),
            "lpg_kg": Decimal("0.00"),
            "diesel_l": Decimal(diesel).quantize(Decimal("0.01")),
            "gasoline_l": Decimal("0.00"),
            "fuel_oil_l": Decimal("0.00"),
            "cbam_export": False,
            "supply_chain_request": "none",
            "listed_company": False,
            "supplier_to_listed": False,
            "has_inventory": False,
            "has_target": False,
            **answers,
        }
        store_check(f"demo-netzero-{index:04d}-seeded", data, intakes[index % 3])
