"""An officer reopens one locked month for several shops at once, with one reason.

Each shop gets its own reopening and its own audit entry, exactly as a single reopening on the
shop page (entry_views.reopen) does.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import clock
from ..access import access
from ..database import write_unit
from ..extensions import db
from ..ids import parse_id
from ..models.digital import Shop, Site
from .forms import ReopenForm
from .locks import reopen_month, reopen_until, reopened_months
from .months import add_months, is_locked, is_month, label, month_of
from .views import bp

LOCKED_MONTHS_SHOWN = 24  # months offered in the menu, newest locked first


def _locked_months(today) -> list[str]:
    """The most recent locked months, newest first."""
    lock_days = current_app.config["SMEUP_DIGITAL_LOCK_DAYS"]
    month, found = month_of(today), []
    while len(found) < LOCKED_MONTHS_SHOWN:
        if is_locked(month, today, lock_days):
            found.append(month)
        month = add_months(month, -1)
    return found


def _shops(site_id: int | None, month: str) -> list[Shop]:
    """Shops in the programme by that month (of one site when given), by site and name."""
    query = db.select(Shop).where(Shop.enrolled_month <= month).order_by(Shop.site_id, Shop.name)
    if site_id:
        query = query.where(Shop.site_id == site_id)
    return list(db.session.scalars(query))


def _page(form: ReopenForm, month: str, site_id: int | None, chosen: set[int], status=200):
    today = clock.taipei_today()
    shops = _shops(site_id, month) if month else []
    return render_template(
        "digital/reopen.html",
        form=form,
        months=_locked_months(today),
        month=month,
        site_id=site_id,
        sites=db.session.scalars(db.select(Site).order_by(Site.id)).all(),
        shops=shops,
        open_until=reopened_months([s.id for s in shops], today),
        chosen=chosen,
        officer=True,
    ), status


@bp.route("/reopen", methods=["GET", "POST"])
@access("officer")
def bulk_reopen():
    """?month=&site= picks a locked month and the shops; POST reopens the ticked shops."""
    form = ReopenForm()
    today = clock.taipei_today()
    args = request.form if request.method == "POST" else request.args
    month = args.get("month", "")
    lock_days = current_app.config["SMEUP_DIGITAL_LOCK_DAYS"]
    locked = is_month(month) and is_locked(month, today, lock_days)
    if request.method != "POST":
        site_id = parse_id(args.get("site"))
        return _page(form, month if locked else "", site_id, set())
    site_id = parse_id(args.get("site"))
    chosen = {i for i in (parse_id(v) for v in request.form.getlist("shop")) if i}
    valid = form.validate_on_submit()
    if not locked:
        form.reason.errors = [*form.reason.errors, "請選擇一個已鎖定的月份"]
        return _page(form, "", site_id, chosen, 422)
    shops = sorted((s for s in _shops(site_id, month) if s.id in chosen), key=lambda s: s.id)
    if not shops:
        form.reason.errors = [*form.reason.errors, "請勾選至少一家店家"]
        valid = False
    if not valid:
        return _page(form, month, site_id, chosen, 422)
    until = reopen_until(today, current_app.config["SMEUP_DIGITAL_REOPEN_DAYS"])
    with write_unit():
        for shop in shops:
            reopen_month(shop.id, month, form.reason.data, until, current_user.id)
    flash(
        f"已重新開放 {len(shops)} 家店家的 {label(month)}，到 {until.isoformat()} 為止可修改",
        "success",
    )
    return redirect(url_for("digital.bulk_reopen", month=month, site=site_id or None), 303)
