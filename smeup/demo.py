"""Demo data for `flask seed-demo`: accounts, an event, and each feature's own demo rows."""

import importlib
import secrets
from datetime import date
from pathlib import Path

from flask import current_app

from .extensions import db
from .models import Event, User

DEMO_USERS = (
    ("agent", "agent", "示範話務員"),
    ("officer", "officer", "示範承辦人"),
    ("admin", "admin", "示範管理者"),
)
# Features add their demo rows here as "module:function"; each must be safe to run twice.
FEATURE_SEEDERS = (
    "smeup.surveys.demo:seed",
    "smeup.netzero.demo:seed",
    "smeup.sbtr.demo:seed",
    "smeup.programmes.demo:seed",
    "smeup.demo_journey:seed",  # after the net-zero and survey seeders: it stores through both
    "smeup.digital.demo:seed",
    "smeup.prepost.demo:seed",
    "smeup.training.demo:seed",  # after surveys, digital and prepost: their courses, sites, test
)


def _password_file() -> Path:
    return Path(current_app.instance_path) / "demo_accounts.txt"


def _demo_passwords() -> dict[str, str]:
    """Demo passwords are made on the first seed and kept in instance/, never in the repo."""
    path = _password_file()
    known = {}
    if path.exists():
        for line in path.read_text().splitlines():
            username, _, password = line.partition("\t")
            known[username] = password
    for username, _role, _name in DEMO_USERS:
        known.setdefault(username, secrets.token_urlsafe(9))
    path.write_text("".join(f"{u}\t{p}\n" for u, p in known.items()))
    path.chmod(0o600)
    return known


def seed_demo() -> list[tuple[str, str, str]]:
    """Create what is missing of the demo data; return (username, role, password) rows."""
    passwords = _demo_passwords()
    for username, role, name in DEMO_USERS:
        user = db.session.scalar(db.select(User).filter_by(username=username))
        if user is None:
            user = User(username=username, role=role, display_name=name)
            db.session.add(user)
        user.set_password(passwords[username])
    if db.session.scalar(db.select(Event).limit(1)) is None:
        db.session.add(
            Event(
                name="推升級巡迴說明會（臺中場）",
                date=date(2026, 12, 10),
                venue="臺中文創園區",
                county="臺中市",
                forms=["netzero", "course", "sbtr"],
            )
        )
    db.session.commit()
    for spec in FEATURE_SEEDERS:
        module_name, _, func = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        getattr(module, func)()
        db.session.commit()
    return [(u, r, passwords[u]) for u, r, _n in DEMO_USERS]
