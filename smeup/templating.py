"""Template filters and globals: Taipei time, phone display, the staff navigation."""

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_login import current_user

from .clock import taipei
from .company.phone import format_phone, mask_phone
from .company.reference import industry_label
from .kiosk_mode import current_kiosk
from .links import public_url
from .outbox.keys import public_key_spki

# (endpoint, label, role, daily): the daily sections stay in the bar; the rest sit under 更多
# when there are more than MORE_INLINE of them, so an officer's header keeps to one line.
STAFF_NAV = (
    ("console.dashboard", "總覽", "officer", True),
    ("console.submissions", "資料列表", "officer", True),
    ("register.companies", "企業", "officer", True),
    ("register.referrals", "轉介", "officer", True),
    ("phone.start", "電話登錄", "agent", True),
    ("digital.shops", "數位輔導", "agent", True),
    ("training_checkin.index", "簽到", "agent", True),
    ("training_admin.index", "培訓場次", "officer", False),
    ("report.index", "成果報告", "officer", False),
    ("kiosk.setup", "展示機模式", "agent", False),
    ("events.index", "活動管理", "officer", False),
    ("survey_admin.index", "問卷管理", "officer", False),
    ("prepost_admin.index", "前後測", "officer", False),
    ("sbtr.drafts", "未送出草稿", "officer", False),
    ("console.audit_log", "稽核紀錄", "officer", False),
    ("mail.log", "送信紀錄", "officer", False),
    ("admin.users", "帳號管理", "admin", False),
)
MORE_INLINE = 2


@dataclass(frozen=True)
class StaffNav:
    """The header's sections for the signed-in user: in the bar, and under 更多."""

    main: list[dict]
    more: list[dict]

    @property
    def more_current(self) -> bool:
        return any(item["current"] for item in self.more)


def staff_nav() -> StaffNav:
    """Navigation items the signed-in user may use, for views that exist; one is current."""
    views = current_app.view_functions
    items = [
        {"url": url_for(endpoint), "label": label, "current": request.endpoint == endpoint}
        | {"daily": daily}
        for endpoint, label, role, daily in STAFF_NAV
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
    more = [item for item in items if not item["daily"]]
    if len(more) <= MORE_INLINE:
        return StaffNav(items, [])
    return StaffNav([item for item in items if item["daily"]], more)


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
