"""The lists behind the report's figures: which referrals and which companies a number counts.

Each list is the same query as its figure (report.figures), read a page at a time, so a figure
and the total its list shows are always the same number.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models.register import Company, Referral
from ..models.submission import Submission
from ..reference.service_units import units
from ..register.referrals import DONE, STATUSES
from .figures import across, netzero
from .figures.base import Scope

# The contact table's figures (report.figures.netzero) and the referrals each counts.
REFERRAL_VIEWS = {
    "counted": "轉介項目（不含不需要）",
    "contacted": "已聯繫（含之後已完成）",
    "within": f"{netzero.WITHIN_DAYS} 日內聯繫",
    "done": DONE,
}
JOINED = {"new": "新加入企業", "returning": "曾服務過的企業"}


class _Given:
    def args(self) -> dict:
        """The filter's values that are set, for the list's links (pages, back)."""
        return {k: v for k, v in vars(self).items() if v}


@dataclass(frozen=True)
class ReferralFilter(_Given):
    unit: str | None = None
    status: str | None = None
    which: str | None = None

    @classmethod
    def read(cls, args) -> ReferralFilter | None:
        """The filter a figure's link names; None when a value is not one the report gives."""
        unit, status, which = (args.get(k) or None for k in ("unit", "status", "which"))
        if (
            (unit and unit not in units())
            or (status and status not in STATUSES)
            or (which and which not in REFERRAL_VIEWS)
        ):
            return None
        return cls(unit, status, which)

    def labels(self) -> list[str]:
        out = [units()[self.unit].short] if self.unit else []
        out += [self.status] if self.status else []
        out += [REFERRAL_VIEWS[self.which]] if self.which else []
        return out


def referrals(scope: Scope, only: ReferralFilter) -> Select:
    """The referrals of the scope's checks that the filter names, newest check first."""
    query = netzero.of_checks_in(
        db.select(Referral, Submission.submitted_at, Submission.company_name)
        .join(Submission, Submission.id == Referral.submission_id)
        .options(selectinload(Referral.company))
        .order_by(Submission.submitted_at.desc(), Referral.id.desc()),
        scope,
    )
    if only.unit:
        query = query.where(Referral.unit == only.unit)
    if only.status:
        query = query.where(Referral.status == only.status)
    if only.which in ("counted", "contacted", "within"):
        query = query.where(netzero.COUNTED)
    if only.which in ("contacted", "within"):
        query = query.where(netzero.reached())
    if only.which == "within":
        query = query.where(netzero.on_time())
    if only.which == "done":
        query = query.where(Referral.status == DONE)
    return query


@dataclass(frozen=True)
class CompanyFilter(_Given):
    size: str | None = None
    joined: str | None = None

    @classmethod
    def read(cls, args) -> CompanyFilter | None:
        size, joined = args.get("size") or None, args.get("joined") or None
        if (size and size not in across.SIZES) or (joined and joined not in JOINED):
            return None
        return cls(size, joined)

    def labels(self) -> list[str]:
        out = [JOINED[self.joined]] if self.joined else []
        return out + ([across.SIZES[self.size]] if self.size else [])


def companies(scope: Scope, only: CompanyFilter) -> Select:
    """The companies served in the scope that the filter names, by name."""
    ids = across.served_ids(scope)
    query = (
        db.select(Company, across.size_class().label("size"), across.joined_in(scope))
        .select_from(ids)
        .join(Company, Company.id == ids.c.cid)
        .where(Company.merged_into_id.is_(None))
        .order_by(Company.name, Company.id)
    )
    if scope.county:
        query = query.where(Company.county == scope.county)
    if only.size:
        query = query.where(across.size_class() == only.size)
    if only.joined:
        joined = across.joined_in(scope)
        query = query.where(joined if only.joined == "new" else db.not_(joined))
    return query
