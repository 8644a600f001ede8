"""Officers manage sites and shops."""

from flask import flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db
from ..models import User
from ..models.digital import Shop, Site
from ..reference.digital import MAX_EMPLOYEES, USAGE_UNITS
from ..reference.sites import all_sites
from .forms import ShopForm, SiteForm
from .views import bp


@bp.route("/sites/")
@access("officer")
def sites():
    """Every site with how many shops it has."""
    counts = dict(
        db.session.execute(db.select(Shop.site_id, db.func.count()).group_by(Shop.site_id)).all()
    )
    return render_template("digital/sites.html", sites=all_sites(), counts=counts)


@bp.route("/sites/new", methods=["GET", "POST"])
@bp.route("/sites/<int:site_id>/edit", methods=["GET", "POST"])
@access("officer")
def edit_site(site_id: int | None = None):
    """Add a site or change one."""
    site = db.get_or_404(Site, site_id) if site_id else None
    form = SiteForm(obj=site) if request.method in ("GET", "HEAD") and site else SiteForm()
    if request.method in ("GET", "HEAD") and site is None:
        form.active.data = True
    if form.validate_on_submit():
        clash = db.session.scalar(
            db.select(Site).where(Site.name == form.name.data, Site.id != (site_id or 0))
        )
        if clash is None:
            with write_unit():
                site = site or Site()
                site.name, site.county = form.name.data, form.county.data
                site.active = form.active.data
                db.session.add(site)
                db.session.flush()
                record("site_save", site_id=site.id, name=site.name)
            flash(f"已儲存場域「{site.name}」", "success")
            return redirect(url_for("digital.sites"), 303)
        form.name.errors.append("已有同名的場域")
    status = 422 if form.is_submitted() else 200
    return render_template("digital/site_form.html", form=form, site=site), status


def _shop_choices(form: ShopForm, shop: Shop | None) -> None:
    sites = [s for s in all_sites() if s.active or (shop and s.id == shop.site_id)]
    form.site_id.choices = [SelectChoice("", "請選擇場域")] + [
        SelectChoice(str(s.id), s.name) for s in sites
    ]
    staff = db.session.scalars(db.select(User).filter_by(active=True).order_by(User.username))
    form.counsellor_id.choices = [SelectChoice("", "尚未指派")] + [
        SelectChoice(str(u.id), f"{u.display_name or u.username}（{u.username}）") for u in staff
    ]


def _copy_shop_fields(form: ShopForm, shop: Shop) -> None:
    """The checked form's values onto the shop (inside the write unit that stores them)."""
    for name in ("name", "phone", "employees", "tool_category", "vendor", "usage_unit"):
        setattr(shop, name, getattr(form, name).data)
    shop.phone = shop.phone or ""
    shop.vendor = shop.vendor or ""
    shop.ubn = form.ubn.data or None
    shop.site_id = int(form.site_id.data)
    shop.enrolled_month = form.enrolled_month.data
    shop.counsellor_id = int(form.counsellor_id.data) if form.counsellor_id.data else None
    shop.status = form.status.data


@bp.route("/shops/new", methods=["GET", "POST"])
@bp.route("/shops/<int:shop_id>/edit", methods=["GET", "POST"])
@access("officer")
def edit_shop(shop_id: int | None = None):
    """Add a shop or change one; over nine employees is allowed with a warning."""
    shop = db.get_or_404(Shop, shop_id) if shop_id else None
    form = ShopForm(obj=shop) if request.method in ("GET", "HEAD") and shop else ShopForm()
    if request.method in ("GET", "HEAD"):
        if shop:
            form.site_id.data = str(shop.site_id)
            form.counsellor_id.data = str(shop.counsellor_id or "")
        else:
            form.site_id.data = request.args.get("site", "")
    _shop_choices(form, shop)
    if form.validate_on_submit():
        with write_unit():
            shop = shop or Shop()
            _copy_shop_fields(form, shop)
            db.session.add(shop)
            db.session.flush()
            record("shop_save", shop_id=shop.id, name=shop.name)
        flash(f"已儲存店家「{shop.name}」", "success")
        if (shop.employees or 0) > MAX_EMPLOYEES:
            flash(f"提醒：員工 {shop.employees} 人，超過本計畫對象的 {MAX_EMPLOYEES} 人", "warning")
        return redirect(url_for("digital.shop", shop_id=shop.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "digital/shop_form.html",
        form=form,
        shop=shop,
        max_employees=MAX_EMPLOYEES,
        usage_units=USAGE_UNITS,
    ), status
