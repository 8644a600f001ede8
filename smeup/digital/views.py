"""The digital programme's shop list and shop page (agents: their own shops; officers: all)."""

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from .. import clock
from ..access import access
from ..extensions import db
from ..ids import parse_id
from ..models.digital import MonthlyRecord, MonthReopening, RecordChange, Shop, Site
from ..reference.digital import MAX_EMPLOYEES, SHOP_STATUSES, TOOL_CATEGORIES
from .forms import ReopenForm
from .locks import month_lock, reopened_months
from .months import add_months, is_month, month_of, months_between
from .visibility import sees_all_shops, shop_for, visible_shops

bp = Blueprint("digital", __name__, url_prefix="/digital")
PAGE_SIZE = 100
HISTORY_ROWS = 200
FIELD_LABELS = {
    "usage": "使用量",
    "orders": "訂單數",
    "net_sales": "淨銷售額",
    "visit_date": "訪視日期",
    "visit_note": "訪視紀錄",
}


@bp.route("/")
@access("agent")
def shops():
    """The shops this person may see, by site; ?site=&month= (from the grid) shows that month."""
    site_id = parse_id(request.args.get("site"))
    month = request.args.get("month", "")
    month = month if is_month(month) else ""
    after = parse_id(request.args.get("after")) or 0
    query = visible_shops(current_user).where(Shop.id > after).order_by(Shop.id).limit(PAGE_SIZE)
    if site_id:
        query = query.where(Shop.site_id == site_id)
    rows = db.session.scalars(query).all()
    records = {}
    if month and rows:
        records = {
            r.shop_id: r
            for r in db.session.scalars(
                db.select(MonthlyRecord).where(
                    MonthlyRecord.month == month, MonthlyRecord.shop_id.in_([s.id for s in rows])
                )
            )
        }
    sites = db.session.scalars(db.select(Site).order_by(Site.id)).all()
    return render_template(
        "digital/shops.html",
        shops=rows,
        sites=sites,
        site_id=site_id,
        month=month,
        records=records,
        next_after=rows[-1].id if len(rows) == PAGE_SIZE else None,
        categories=TOOL_CATEGORIES,
        statuses=SHOP_STATUSES,
        officer=sees_all_shops(current_user),
    )


@bp.route("/shops/<int:shop_id>")
@access("agent")
def shop(shop_id: int):
    """A shop: its details, trends, locked months (officers reopen) and change history."""
    shop = shop_for(current_user, shop_id)
    return render_shop(shop, ReopenForm())


def render_shop(shop: Shop, reopen_form: ReopenForm, status: int = 200):
    """The shop page (also re-rendered with a refused reopening)."""
    from .trends import shop_trend

    today = clock.taipei_today()
    lock_days = current_app.config["SMEUP_DIGITAL_LOCK_DAYS"]
    last = add_months(month_of(today), -1)
    reopened = reopened_months([shop.id], today)
    locks = [
        month_lock(shop.id, m, today, lock_days, reopened)
        for m in months_between(shop.enrolled_month, last)
    ]
    history = db.session.execute(
        db.select(RecordChange, MonthlyRecord.month)
        .join(MonthlyRecord, MonthlyRecord.id == RecordChange.record_id)
        .where(MonthlyRecord.shop_id == shop.id)
        .order_by(RecordChange.changed_at.desc(), RecordChange.id.desc())
        .limit(HISTORY_ROWS)
    ).all()
    page = render_template(
        "digital/shop.html",
        shop=shop,
        trend=shop_trend(shop),
        history=history,
        locked=[lock for lock in locks if lock.locked],
        reopened=[lock for lock in locks if lock.reopened_until],
        reopen_form=reopen_form,
        officer=sees_all_shops(current_user),
        categories=TOOL_CATEGORIES,
        statuses=SHOP_STATUSES,
        max_employees=MAX_EMPLOYEES,
        field_labels=FIELD_LABELS,
        reopenings=db.session.scalars(
            db.select(MonthReopening)
            .filter_by(shop_id=shop.id)
            .order_by(MonthReopening.reopened_at.desc())
        ).all(),
    )
    return page, status


from . import entry_views, import_views, manage_views, reopen_views, report_views, timeline  # noqa: E402,F401,I001
