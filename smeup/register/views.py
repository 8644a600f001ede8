"""Officers' register pages: company search, the company page, confirming links, merging."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import charts
from ..access import access
from ..database import write_unit
from ..extensions import db
from ..forms.kinds import FORM_LABELS, detail_url
from ..ids import parse_id
from ..models import Submission
from ..models.register import Company, Referral
from ..reference.service_units import check_items, units
from ..registry.lookup import cached_answer
from . import search
from .linking import (
    LinkError,
    confirm_link,
    merge_candidates,
    suggested_matches,
    unlinked_matches,
)
from .merge import MergeError, active_merge, merge_companies, merge_preview, undo_merge
from .profile import company_checks, emissions_by_year, size_class
from .queues import referral_summary
from .referrals import MOVES, OPEN, STATUSES
from .search import clean_query, companies_starting_with, search_companies
from .start_forms import start_forms
from .timeline import KIND_LABELS, Cursor, timeline_page

bp = Blueprint("register", __name__, url_prefix="/console")

SCOPE_COLOURS = {"scope1": "#8a4b00", "scope2": "#0b5394"}
SCOPE_LABELS = {"scope1": "範疇一", "scope2": "範疇二"}
RESULTS_TARGET = "company-results"
REFERRALS_TARGET = "referrals"  # the company page's referral section (swapped by htmx)


def _company(company_id: int) -> Company:
    return db.session.get(Company, company_id) or abort(404)


@bp.app_template_global("register_matches")
def register_matches(query: str | None) -> list[Company]:
    """Companies the console's list search also finds (shown above its rows)."""
    return companies_starting_with(query, limit=5) if query else []


@bp.app_template_global("submission_register")
def submission_register(submission: Submission) -> dict:
    """The company a submission is linked to, or the likely matches to confirm."""
    company = db.session.get(Company, submission.company_id) if submission.company_id else None
    suggestions = [] if company else suggested_matches(submission)
    return {"company": company, "suggestions": suggestions}


@bp.app_template_global("referral_summary")
def dashboard_referrals():
    """The dashboard's referral figures (its own queries, apart from the console's)."""
    return referral_summary()


@bp.route("/companies/")
@access("officer")
def companies():
    """Find a company by name or 統一編號 (active search; plain GET without JavaScript)."""
    query = clean_query(request.args.get("q"))
    result = search_companies(query, limit=30)
    context = {
        "query": query,
        "found": result.companies,
        "partial": result.partial,
        "walked": search.WALK,
    }
    if request.headers.get("HX-Target") == RESULTS_TARGET:
        return render_template("register/_company_results.html", **context)
    return render_template("register/companies.html", **context)


def _emissions_chart(years):
    rows = [(f"{y.year} 年", {"scope1": y.scope1, "scope2": y.scope2}) for y in years]
    return charts.stacked_bars(rows, SCOPE_COLOURS, SCOPE_LABELS)


def referral_context(company: Company, **extra) -> dict:
    """What the company page's referral section shows (the section alone is an htmx swap)."""
    checks = company_checks(company)
    # The shown checks' referrals, and the company's first open referral of each item (the
    # register keeps one open per item and unit): never every referral of a company.
    first_open = (
        db.select(db.func.min(Referral.id))
        .where(Referral.company_id == company.id, Referral.status.in_(OPEN))
        .group_by(Referral.item_key)
    )
    # By submission (its index): a company filter in SQL would read all of a big company's.
    shown = db.select(Referral).where(Referral.submission_id.in_([s.id for s in checks]))
    firsts = db.select(Referral).where(Referral.id.in_(list(db.session.scalars(first_open))))
    rows = [*db.session.scalars(shown), *db.session.scalars(firsts)]
    referrals = sorted(
        {r.id: r for r in rows if r.company_id == company.id}.values(), key=lambda r: r.id
    )
    # An item already open for the company (from any check): its other checks link to it.
    open_items: dict[str, Referral] = {}
    for r in referrals:
        if r.status in OPEN:
            open_items.setdefault(r.item_key, r)
    return {
        "company": company,
        "checks": checks,
        "check_items": check_items,
        "referrals": {(r.submission_id, r.item_key): r for r in referrals},
        "open_items": open_items,
        "units": units(),
        "moves": MOVES,
        "merged_into": company.merged_into,
        "notice": None,
        "move_errors": {},
        "typed": {},
        **extra,
    }


def timeline_context(company: Company, cursor: Cursor | None, counts: bool = True) -> dict:
    """One page of the company's timeline (the newest, or the one after `cursor`)."""
    page = timeline_page(company, cursor, counts=counts)
    return {
        "company": company,
        "page": page,
        "cursor": cursor,
        "events": page.events,
        "submissions": page.refs,
        "kind_labels": KIND_LABELS,
        "form_labels": FORM_LABELS,
        "detail_url": detail_url,
        "units": units(),
    }


def company_context(company: Company, cursor: Cursor | None = None) -> dict:
    """Everything the company page shows."""
    years = emissions_by_year(company)
    return {
        **referral_context(company),
        **timeline_context(company, cursor),
        "size": size_class(company.employees, company.paid_in_capital),
        "form_labels": FORM_LABELS,
        "detail_url": detail_url,
        "years": years,
        "emissions_chart": _emissions_chart(years) if len(years) > 1 else None,
        "statuses": STATUSES,
        "unlinked": unlinked_matches(company),
        "registry": cached_answer(company.ubn),
        "start": None if company.merged_into_id else start_forms(company, current_user),
        "active_merge": active_merge(company),
        "undo_errors": {},
        "undo_typed": "",
    }


def wants_referral_section() -> bool:
    """An htmx request that swaps the company page's referral section."""
    return request.headers.get("HX-Target") == REFERRALS_TARGET


def referral_section(company_id: int | None, **extra) -> str:
    """The company page's referral section alone (the answer to an htmx refer or move)."""
    company = _company(company_id or 0)
    return render_template("register/_check_referrals.html", **referral_context(company, **extra))


@bp.route("/companies/<int:company_id>")
@access("officer")
def company(company_id: int):
    """The company page: header, timeline, emissions over the years, referrals.

    ?before= (the timeline's "older" link without JavaScript) shows the timeline's page after
    that point."""
    cursor = Cursor.parse(request.args.get("before"))
    return render_template("register/company.html", **company_context(_company(company_id), cursor))


@bp.route("/companies/<int:company_id>/timeline")
@access("officer")
def timeline(company_id: int):
    """The next (older) lines of a company's timeline: the htmx answer of its "older" button,
    the lines and the next button; without htmx, the company page at that point."""
    cursor = Cursor.parse(request.args.get("before"))
    if not request.headers.get("HX-Request"):
        before = str(cursor) if cursor else None
        return redirect(url_for("register.company", company_id=company_id, before=before), 303)
    context = timeline_context(_company(company_id), cursor, counts=False)
    return render_template("register/_timeline_lines.html", **context)


@bp.route("/submissions/<int:submission_id>/link", methods=["POST"])
@access("officer")
def link(submission_id: int):
    """Confirm that an unlinked submission belongs to a company (a suggested match)."""
    company_id = parse_id(request.form.get("company_id"))
    try:
        with write_unit():
            submission = db.session.get(Submission, submission_id) or abort(404)
            company = _company(company_id or 0)
            confirm_link(submission, company, current_user)
    except LinkError as error:
        flash(str(error), "error")
        return redirect(_back(url_for("register.companies")), 303)
    flash(f"已將第 {submission_id} 號資料連結到「{company.name}」", "success")
    return redirect(_back(url_for("register.company", company_id=company.id)), 303)


@bp.route("/companies/<int:company_id>/merge", methods=["GET", "POST"])
@access("officer")
def merge(company_id: int):
    """Merge this company record into another, in two steps: choose the target (a suggested
    match's button, or its 統一編號 typed; GET ?target_ubn=) and see what would move, then
    confirm with a reason (POST)."""
    source = _company(company_id)
    typed = {"target_ubn": "", "reason": ""}
    errors: dict[str, str] = {}
    target = None
    asked = request.method == "POST" or "target_ubn" in request.args
    if asked:
        values = request.form if request.method == "POST" else request.args
        typed["target_ubn"] = clean_query(values.get("target_ubn"))[:8]
        typed["reason"] = (values.get("reason") or "").strip()[:2000]
        target = db.session.scalar(db.select(Company).filter_by(ubn=typed["target_ubn"]))
        if not typed["target_ubn"]:
            errors["target_ubn"] = "請填寫要併入的企業統一編號"
        elif target is None:
            errors["target_ubn"] = f"登記簿中沒有統一編號 {typed['target_ubn']} 的企業"
        elif target.id == source.id:
            errors["target_ubn"] = "不能把企業合併到它自己"
    if request.method == "POST" and not errors:
        try:
            with write_unit():
                merge_companies(source, target, typed["reason"], current_user)
        except MergeError as error:
            errors[error.field] = str(error)
            source = _company(company_id)
            target = db.session.get(Company, target.id)
        else:
            flash(f"已將統一編號 {source.ubn} 的資料併入「{target.name}」", "success")
            return redirect(url_for("register.company", company_id=target.id), 303)
    # The preview (the confirm step) once a target is known; else the choice of target.
    preview = None
    if asked and target is not None and "target_ubn" not in errors and not source.merged_into_id:
        preview = merge_preview(source, target)
    status = 422 if errors else 200
    page = render_template(
        "register/merge.html",
        company=source,
        typed=typed,
        errors=errors,
        candidates=merge_candidates(source),
        merged_into=source.merged_into,
        preview=preview,
        form_labels=FORM_LABELS,
    )
    return page, status


@bp.route("/companies/<int:company_id>/merge/undo", methods=["POST"], endpoint="undo_merge")
@access("admin")
def undo_merge_view(company_id: int):
    """An admin undoes this company's merge, with a reason (audited)."""
    company = _company(company_id)
    reason = (request.form.get("reason") or "").strip()[:2000]
    try:
        with write_unit():
            merge, back = undo_merge(company, reason, current_user)
    except MergeError as error:
        company = _company(company_id)
        context = company_context(company)
        context.update(undo_errors={error.field: str(error)}, undo_typed=reason)
        return render_template("register/company.html", **context), 422
    target = merge.target
    flash(
        f"已復原合併：統一編號 {company.ubn} 的企業資料不再併入「{target.name}」，"
        f"{len(back)} 份表單已移回。",
        "success",
    )
    return redirect(url_for("register.company", company_id=company.id), 303)


def _back(default: str) -> str:
    """The page the form came from, when it is one of ours (never an outside address)."""
    back = request.form.get("next") or ""
    return back if back.startswith("/") and not back.startswith("//") else default


from . import referral_views  # noqa: E402, F401  (its routes live on this blueprint)
