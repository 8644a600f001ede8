"""實戰培訓 pages at scale (quality.md): 100,000 registrations beside 1,000, ≤ 2× the small cost.

A fill that looks like a real year: sessions spread over the year and the counties (some past,
some online, a few cancelled), about 100 people registering for each, a tenth waitlisted or
cancelled, most of a past session's seats checked in. The same pages of the same first session
are timed on the small fill (10 sessions, 1,000 registrations) and again after the fill has
grown to 1,000 sessions and 100,000 registrations. In-process (Flask's test client), so the
ratio is the app's and the database's cost, not the network's.
"""

from __future__ import annotations

import random
import secrets
import statistics
import tempfile
import time
from datetime import datetime, timedelta

from .database import sqlalchemy_url
from .report import Row
from .server import BENCH_SECRET

PER_SESSION = 100
SMALL_SESSIONS, BIG_SESSIONS = 10, 1_000
COUNTIES = ("臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "彰化縣", "花蓮縣")
LIMIT = 2.0  # quality.md: ≤ 2× the small latency
BATCH = 5_000


def _app(url: str):
    from smeup import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url),
            "SECRET_KEY": BENCH_SECRET,
            "SMEUP_ENV": "development",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="smeup-bench-instance-"),
        }
    )


def _sessions(first: int, count: int, rng: random.Random, now: datetime) -> list[dict]:
    rows = []
    for n in range(first, first + count):
        start = (now + timedelta(days=rng.randint(-200, 160))).replace(minute=0, second=0)
        mode = rng.choice(("onsite", "onsite", "onsite", "online", "hybrid"))
        rows.append(
            {
                "id": n,
                "title": f"數位行銷實戰班第 {n} 梯",
                "kind": "course" if n % 5 else "briefing",
                "topic": "" if n % 5 else "淨零",
                "description": "",
                "mode": mode,
                "starts_at": start,
                "ends_at": start + timedelta(hours=3),
                "venue": "" if mode == "online" else "商業會館",
                "address": "",
                "county": "" if mode == "online" else rng.choice(COUNTIES),
                "meeting_url": "",
                "capacity": 90,
                "seats_taken": 90,
                "waitlist": True,
                "audience": "",
                "contact_name": "",
                "contact_phone": "",
                "contact_email": "",
                "cancel_reason": "",
                "cancelled_at": now if n % 97 == 0 else None,
                "created_at": now,
            }
        )
    return rows


def _registrations(sessions: list[dict], rng: random.Random, first_id: int) -> list[dict]:
    from smeup.training.codes import new_code

    rows, next_id = [], first_id
    for s in sessions:
        for k in range(PER_SESSION):
            status = "registered" if k < 90 else ("waitlisted" if k < 96 else "cancelled")
            ended = s["ends_at"] < datetime.now()
            attended = ended and status == "registered" and rng.random() < 0.82
            phone = f"09{rng.randint(10_000_000, 99_999_999)}"
            rows.append(
                {
                    "id": next_id,
                    "session_id": s["id"],
                    "token": secrets.token_urlsafe(32),
                    "code": new_code(),
                    "status": status,
                    "seated_at": s["starts_at"] - timedelta(days=3) if k < 90 else None,
                    "cancelled_at": None,
                    "cancelled_by": "",
                    "company_name": f"測試商行{next_id % 30_000}",
                    "attendee_name": f"學員{next_id}",
                    "attendee_phone": phone,
                    "phone_last4": phone[-4:],
                    "attendee_email": f"p{next_id}@example.com",
                    "attendee_title": "",
                    "consent": True,
                    "channel": "web",
                    "walk_in": False,
                    "created_at": s["starts_at"] - timedelta(days=5),
                    "attended": attended,
                    "checked_in_at": s["starts_at"] if attended else None,
                    "checkin_source": "door" if attended else "",
                }
            )
            next_id += 1
    return rows


def _fill(app, first: int, count: int, rng: random.Random, now: datetime) -> None:
    from smeup.extensions import db
    from smeup.models.training import TrainingRegistration, TrainingSession

    with app.app_context():
        sessions = _sessions(first, count, rng, now)
        if first == 1:  # the measured session: upcoming, on site, open
            sessions[0].update(
                starts_at=now + timedelta(days=7), ends_at=now + timedelta(days=7, hours=3)
            )
            sessions[0].update(cancelled_at=None, mode="onsite", county="臺中市")
        db.session.execute(db.insert(TrainingSession), sessions)
        rows = _registrations(sessions, rng, (first - 1) * PER_SESSION + 1)
        for i in range(0, len(rows), BATCH):
            db.session.execute(db.insert(TrainingRegistration), rows[i : i + BATCH])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()


def _pages(app) -> dict[str, str]:
    """The pages measured, with their URLs (staff pages when their rooms are there)."""
    from smeup.extensions import db
    from smeup.models.training import TrainingRegistration

    with app.app_context():
        token = db.session.scalar(
            db.select(TrainingRegistration.token).filter_by(session_id=1).limit(1)
        )
    views = app.view_functions
    pages = {
        "報名場次列表 /training/": "/training/",
        "場次報名頁": "/training/1",
        "報名證": f"/training/ticket/{token}",
    }
    if "training_admin.session" in views:
        pages["承辦場次頁"] = "/console/training/1"
    if "training_checkin.session" in views:
        pages["簽到畫面搜尋（末 4 碼）"] = "/checkin/1?q=1234"
    return pages


def _officer_client(app):
    from smeup.extensions import db
    from smeup.models import User

    with app.app_context():
        if db.session.scalar(db.select(User).filter_by(username="bench-training")) is None:
            user = User(username="bench-training", role="officer", display_name="效能")
            user.set_password("bench-training-pass")
            db.session.add(user)
            db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "bench-training", "password": "bench-training-pass"})
    return client


def _time(client, url: str, rounds: int) -> float:
    client.get(url)  # warm: templates compiled, caches filled
    times = []
    for _ in range(max(rounds, 15)):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def training(url: str, name: str, rounds: int = 5) -> list[Row]:
    app = _app(url)
    rng = random.Random(26)  # noqa: S311 - bench data
    now = datetime.now().replace(microsecond=0)  # noqa: DTZ005 - naive, as stored
    _fill(app, 1, SMALL_SESSIONS, rng, now)
    client = _officer_client(app)
    pages = _pages(app)
    small = {what: _time(client, page, rounds) for what, page in pages.items()}
    _fill(app, SMALL_SESSIONS + 1, BIG_SESSIONS - SMALL_SESSIONS, rng, now)
    rows = []
    for what, page in pages.items():
        big = _time(client, page, rounds)
        ratio = big / small[what] if small[what] else 0.0
        rows.append(
            Row(
                f"培訓：{what}（100,000 筆報名 vs 1,000）",
                name,
                "1",
                f"{big * 1000:.1f} ms",
                f"{small[what] * 1000:.1f} ms",
                f"{ratio:.2f}×",
                f"≤ {LIMIT:g}×",
                ratio <= LIMIT,
            )
        )
    return rows
