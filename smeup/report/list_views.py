"""The lists behind the report's figures: /console/report/referrals and /companies."""

from __future__ import annotations

from flask import abort, render_template, request

from .. import clock
from ..access import access
from ..console.paging import page_number, paginate
from ..reference.service_units import units
from . import lists, params
from .figures import across, netzero
from .figures.base import Scope
from .views import bp


def _scope() -> tuple[params.Choice, Scope]:
    """The report's period and county from the link (a crafted one that fails: 400)."""
    choice = params.read(request.args, clock.taipei_today())
    if choice.errors:
        abort(400)
    return choice, Scope(choice.period, choice.county)


def _list(template: str, make_query, read_filter, **context) -> str:
    """One page of a figure's list: the report's scope, the figure's filter (400 if crafted)."""
    choice, scope = _scope()
    only = read_filter(request.args) or abort(400)
    page = paginate(make_query(scope, only), page_number(request.args.get("page")), rows=True)
    return render_template(
        template,
        choice=choice,
        only=only,
        page=page,
        args={**choice.query(), **only.args()},
        **context,
    )


@bp.route("/referrals")
@access("officer")
def referrals():
    """The referrals a figure of 淨零排放 counts, 50 a page."""
    return _list(
        "report/referrals.html",
        lists.referrals,
        lists.ReferralFilter.read,
        units=units(),
        within=netzero.WITHIN_DAYS,
    )


@bp.route("/companies")
@access("officer")
def companies():
    """The companies served that a figure counts (all, new / returning, a size, a county)."""
    return _list(
        "report/companies.html",
        lists.companies,
        lists.CompanyFilter.read,
        sizes=across.SIZES,
    )
