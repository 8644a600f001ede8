"""Template filters and globals: Taipei time, phone display, the staff navigation."""

from datetime import UTC, datetime

from flask import current_app, request, url_for
from flask_login import current_user

from .clock import TAIPEI
from .company.phone import format_phone, mask_phone
from .company.reference import industry_label
from .kiosk.mode import current_kiosk
from .links import public_url
from .outbox.keys import public_key_spki

STAFF_NAV = (
    ("phone.start", "電話登錄", "agent"),
    ("digital.shops", "數位輔導", "agent"),
    ("console.dashboard", "總覽", "officer"),
    ("console.submissions", "資料列表", "officer"),
    ("register.companies", "企業", "officer"),
    ("register.referrals", "轉介", "officer"),
    ("events.index", "活動管理", "officer"),
    ("survey_admin.index", "問卷管理", "officer"),
    ("prepost_admin.index", "前後測", "officer"),
    ("kiosk.setup", "展示機模式", "agent"),
    ("sbtr.drafts", "未送出草稿", "officer"),
    ("console.audit_log", "稽核紀錄", "officer"),
    ("admin.users", "帳號管理", "admin"),
)


def to_taipei(value: datetime | None) -> datetime | None:
    """A stored UTC time as an aware Asia/Taipei time."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(TAIPEI)


def taipei(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Format a stored UTC time in Asia/Taipei."""
    local = to_taipei(value)
    return local.strftime(fmt) if local else ""


def staff_nav() -> list[dict]:
    """Navigation items the signed-in user may use, for views that exist."""
    views = current_app.view_functions
    items = [
        {"url": url_for(endpoint), "label": label, "current": request.endpoint == endpoint}
        for endpoint, label, role in STAFF_NAV
        if endpoint in views and current_user.has_role(role)
    ]
    if not any(item["current"] for item in items):
        # Otherwise the longest matching section; a root like /console/ counts only exactly.
        urls = [item["url"] for item in items]
        matching = [
            item
            for item in items
            if request.path.startswith(item["url"])
            and not any(u != item["url"] and u.startswith(item["url"]) for u in urls)
        ]
        if matching:
            max(matching, key=lambda item: len(item["url"]))["current"] = True
    return items


def init_templating(app) -> None:
    """Register filters and globals."""
    app.jinja_env.filters.update(
        taipei=taipei, phone=format_phone, mask_phone=mask_phone, industry=industry_label
    )
    app.jinja_env.globals.update(staff_nav=staff_nav, public_url=public_url)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _kiosk():
        kiosk = current_kiosk()
        if not kiosk:
            return {"kiosk": None}
        idle = current_app.config["SMEUP_KIOSK_IDLE_SECONDS"]
        return {
            "kiosk": {
                "event_name": kiosk.event.name,
                "event_id": kiosk.event_id,
                "idle_seconds": idle,
                "outbox_key": public_key_spki(),
            }
        }
