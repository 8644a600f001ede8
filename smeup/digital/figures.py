"""The arithmetic of monthly records: % change, the outlier rule, indices and outcome figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from ..reference.digital import GROWTH_THRESHOLD_PERCENT, OUTLIER_FACTOR

METRICS = ("usage", "orders", "net_sales")
METRIC_LABELS = {"usage": "使用量", "orders": "訂單數", "net_sales": "淨銷售額"}


def percent_change(previous: int | None, current: int | None) -> float | None:
    """The change from previous to current in %, or None when either is missing or previous is 0."""
    if previous is None or current is None or previous == 0:
        return None
    return (current - previous) / previous * 100


def outlier_reason(
    label: str, previous: int | None, current: int | None, factor: float = OUTLIER_FACTOR
) -> str | None:
    """Why a value needs a confirmation (over factor× or under 1/factor of last month), or None."""
    if previous is None or current is None or previous <= 0:
        return None
    if current > previous * factor:
        ratio = current / previous
        return (
            f"{label} {current:,} 是上月 {previous:,} 的 {ratio:.1f} 倍"
            f"（超過 {factor:g} 倍），請確認數字無誤"
        )
    if current * factor < previous:
        return f"{label} {current:,} 不到上月 {previous:,} 的 {factor:g} 分之一，請確認數字無誤"
    return None


def index_series(values: Sequence[int | None], baseline: int | None) -> list[float | None]:
    """Each value as an index of the baseline (= 100); None where missing or without a baseline."""
    if not baseline:
        return [None for _ in values]
    return [None if v is None else v / baseline * 100 for v in values]


@dataclass(frozen=True)
class ShopOutcome:
    """One shop's baseline and latest figures (None where not reported)."""

    baseline_orders: int | None
    baseline_sales: int | None
    latest_orders: int | None
    latest_sales: int | None


@dataclass(frozen=True)
class SiteOutcome:
    """A site's outcome summary (digital.md "Outcome summary per site")."""

    shops: int
    reporting: int
    comparable: int
    grew: int
    median_orders_change: float | None
    median_sales_change: float | None


def site_outcome(
    shops: int, reporting: int, outcomes: Sequence[ShopOutcome], threshold=GROWTH_THRESHOLD_PERCENT
) -> SiteOutcome:
    """Shops reporting, shops whose latest net sales ≥ threshold % over baseline, median changes.

    A shop counts towards growth and medians only with a baseline above zero and a later month.
    """
    sales = [
        change
        for o in outcomes
        if (change := percent_change(o.baseline_sales, o.latest_sales)) is not None
    ]
    orders = [
        change
        for o in outcomes
        if (change := percent_change(o.baseline_orders, o.latest_orders)) is not None
    ]
    return SiteOutcome(
        shops=shops,
        reporting=reporting,
        comparable=len(sales),
        grew=sum(1 for change in sales if change >= threshold),
        median_orders_change=median(orders) if orders else None,
        median_sales_change=median(sales) if sales else None,
    )
