"""Tablet entry: a shop's months as rows, each saved in place; officers reopen locked months."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import clock
from ..access import access
from ..audit import record
from ..database import write_unit
from ..submission_keys import new_key, valid_key
from .entry import RECENT_MONTHS, entry_months, month_rows, one_row, outliers
from .forms import ReopenForm
from .locks import reopen_month, reopen_until
from .months import add_months, is_locked, is_month, label, month_of
from .records import MonthLocked, save_month
from .values_input import read_month_form
from .views import bp, render_shop
from .visibility import sees_all_shops, shop_for

FIELDS = ("usage", "orders", "net_sales", "visit_date", "visit_note")


def _lock_days() -> int:
    return current_app.config["SMEUP_DIGITAL_LOCK_DAYS"]


@bp.route("/shops/<int:shop_id>/entry")
@access("agent")
def entry(shop_id: int):
    """The entry screen: newest month first, each row its own form."""
    shop = shop_for(current_user, shop_id)
    today = clock.taipei_today()
    show_all = request.args.get("all") == "1"
    every = entry_months(shop, today, show_all=True)
    months = every if show_all else every[:RECENT_MONTHS]
    rows = month_rows(shop, months, today, _lock_days())
    return render_template(
        "digital/entry.html",
        shop=shop,
        rows=rows,
        keys={row.month: new_key() for row in rows},
        more=len(every) > len(months),
        officer=sees_all_shops(current_user),
    )


def _row_response(shop, row, status: int):
    """The row fragment for htmx (plus last-month hints of the month after, out of band)."""
    today = clock.taipei_today()
    following = None
    after = add_months(row.month, 1)
    if row.saved and after <= month_of(today):
        following = one_row(shop, after, today, _lock_days())
    html = render_template(
        "digital/_month_row.html",
        shop=shop,
        row=row,
        key=new_key(),
        officer=sees_all_shops(current_user),
        following=following,
    )
    return html, status


@bp.route("/shops/<int:shop_id>/months/<month>", methods=["POST"])
@access("agent")
def save_row(shop_id: int, month: str):
    """Save one month; an outlier asks for a confirmation first, a locked month refuses."""
    shop = shop_for(current_user, shop_id)
    today = clock.taipei_today()
    if not is_month(month) or month > month_of(today):
        abort(404)
    key = request.form.get("key", "")
    if not valid_key(key):
        abort(400)
    values, errors = read_month_form(request.form, today)
    row = one_row(shop, month, today, _lock_days())
    row.raw = {name: request.form.get(name, "") for name in FIELDS}
    if errors:
        row.errors = errors
        return _refused(shop, row)
    if request.form.get("confirm") != "1":
        row.values = values
        row.warnings = outliers(values, row.previous)
        if row.warnings:
            return _refused(shop, row)
    try:
        save_month(
            shop,
            month,
            values,
            user_id=current_user.id,
            key=key,
            today=today,
            lock_days=_lock_days(),
            on_change=lambda changed: record(
                "digital_month_save", shop_id=shop.id, month=month, fields=list(changed)
            ),
        )
    except MonthLocked as exc:
        row.errors = {
            "form": row.lock.officer_message if sees_all_shops(current_user) else str(exc)
        }
        return _refused(shop, row)
    if not request.headers.get("HX-Request"):
        flash(f"已儲存 {label(month)}", "success")
        return redirect(url_for("digital.entry", shop_id=shop.id, _anchor=f"month-{month}"), 303)
    row = one_row(shop, month, today, _lock_days())
    row.saved = True
    return _row_response(shop, row, 200)


def _refused(shop, row):
    """422: the row again with what was typed, its errors or the outlier question."""
    if request.headers.get("HX-Request"):
        return _row_response(shop, row, 422)
    today = clock.taipei_today()
    months = entry_months(shop, today, show_all=True)
    rows = [
        row if r.month == row.month else r for r in month_rows(shop, months, today, _lock_days())
    ]
    page = render_template(
        "digital/entry.html",
        shop=shop,
        rows=rows,
        keys={r.month: new_key() for r in rows},
        more=False,
        officer=sees_all_shops(current_user),
    )
    return page, 422


@bp.route("/shops/<int:shop_id>/reopen", methods=["POST"])
@access("officer")
def reopen(shop_id: int):
    """Reopen one locked month of this shop for a while, with a reason."""
    shop = shop_for(current_user, shop_id)
    form = ReopenForm()
    month = request.form.get("month", "")
    today = clock.taipei_today()
    if not is_month(month) or not is_locked(month, today, _lock_days()):
        form.reason.errors = ["請選擇一個已鎖定的月份"]
        return render_shop(shop, form, 422)
    if not form.validate_on_submit():
        return render_shop(shop, form, 422)
    until = reopen_until(today, current_app.config["SMEUP_DIGITAL_REOPEN_DAYS"])
    with write_unit():
        reopen_month(shop.id, month, form.reason.data, until, current_user.id)
    flash(f"已重新開放 {label(month)}，到 {until.isoformat()} 為止可修改", "success")
    return redirect(url_for("digital.shop", shop_id=shop.id), 303)
