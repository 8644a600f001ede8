"""Import preview and apply: match rows to shops, mark new / changed / same / error, then write.

Nothing is written by the preview. Confirming re-runs the diff in its write unit with the rows
it compares locked, and writes only when that diff is the one the preview showed (its
fingerprint): a month someone changed meanwhile is never overwritten unseen. The same file
twice: the second time all rows are "same" and nothing changes.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..company.ubn import is_valid_ubn, normalise_ubn
from ..extensions import db
from ..models.digital import MonthlyRecord, Shop
from .cycle_pause import cycle_collector_paused
from .figures import METRIC_LABELS
from .import_file import COLUMNS, VALUE_COLUMNS, BadCell, FileRow
from .locks import month_lock, reopened_months
from .months import MonthError, month_of, parse_month
from .records import VALUE_FIELDS, MonthValues, apply_values
from .values_input import ValueProblem, read_count

STATUSES = {"new": "新增", "changed": "修改", "same": "相同", "error": "錯誤"}
CHUNK = 500  # ids per IN (...) query


@dataclass
class PreviewRow:
    """One file row as the preview shows it."""

    line: int
    shop_label: str
    month: str
    status: str
    reason: str = ""
    shop_id: int | None = None
    values: MonthValues | None = None
    before: MonthValues | None = None  # what is stored now (None: nothing yet)
    changes: list[str] = field(default_factory=list)


@dataclass
class Preview:
    """Every row's verdict and the counts per status."""

    rows: list[PreviewRow]

    @property
    def counts(self) -> Counter:
        """How many rows are new, changed, same, error."""
        return Counter(r.status for r in self.rows)

    @property
    def writes(self) -> int:
        """Rows that confirming would write."""
        counts = self.counts
        return counts["new"] + counts["changed"]

    @property
    def fingerprint(self) -> str:
        """What confirming would do: each row's verdict and, for a write, the values before and
        after. The confirm form carries the preview's; confirming writes only if it still holds."""
        digest = hashlib.sha256()
        for r in self.rows:
            writes = r.status in ("new", "changed")
            seen = [r.line, r.status, r.shop_id, r.month]
            if writes:
                seen += [_metrics(r.before), _metrics(r.values)]
            digest.update(json.dumps(seen).encode())
        return digest.hexdigest()


def _metrics(values: MonthValues | None) -> list | None:
    return None if values is None else [getattr(values, m) for m in VALUE_COLUMNS.values()]


def _text(value) -> str:
    """A cell as trimmed text with full-width characters folded."""
    return "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()


class ShopIndex:
    """All shops by 統一編號 and by name, read once."""

    def __init__(self) -> None:
        self.by_ubn: dict[str, list[tuple[int, str]]] = {}
        self.by_name: dict[str, list[int]] = {}
        self.names: dict[int, str] = {}
        for shop_id, name, ubn in db.session.execute(db.select(Shop.id, Shop.name, Shop.ubn)):
            self.names[shop_id] = name
            self.by_name.setdefault(name, []).append(shop_id)
            if ubn:
                self.by_ubn.setdefault(ubn, []).append((shop_id, name))

    def find(self, ubn: str, name: str) -> tuple[int | None, str]:
        """The shop id for a row, or None and the reason."""
        if ubn:
            ubn = normalise_ubn(ubn)
            if not (ubn.isdigit() and len(ubn) == 8 and is_valid_ubn(ubn)):
                return None, f"統一編號「{ubn}」不正確"
            found = self.by_ubn.get(ubn, [])
            if name and len(found) > 1:
                found = [f for f in found if f[1] == name]
            if len(found) == 1:
                return found[0][0], ""
            if not found:
                return None, f"找不到統一編號 {ubn} 的店家（請先新增店家）"
            return None, f"統一編號 {ubn} 有 {len(found)} 家店，請填店家名稱區分"
        found_ids = self.by_name.get(name, [])
        if len(found_ids) == 1:
            return found_ids[0], ""
        if not found_ids:
            return None, f"找不到店家「{name}」（請確認名稱或先新增店家）"
        return None, f"有 {len(found_ids)} 家店叫「{name}」，請改用統一編號"


def _stored(pairs: set[tuple[int, str]], lock: bool) -> dict[tuple[int, str], MonthValues]:
    """The stored values of these shop-months (columns, not ORM objects: 10,000 rows stay fast);
    `lock`: locked until the transaction ends (FOR UPDATE on PostgreSQL; SQLite's write unit
    already holds the database's write lock)."""
    shop_ids = sorted({s for s, _m in pairs})
    months = {m for _s, m in pairs}
    columns = [getattr(MonthlyRecord, name) for name in VALUE_FIELDS]
    found = {}
    for i in range(0, len(shop_ids), CHUNK):
        query = db.select(MonthlyRecord.shop_id, MonthlyRecord.month, *columns).where(
            MonthlyRecord.shop_id.in_(shop_ids[i : i + CHUNK]), MonthlyRecord.month.in_(months)
        )
        if lock:
            query = query.with_for_update()
        for shop_id, month, *values in db.session.execute(query):
            found[(shop_id, month)] = MonthValues(*values)
    return found


def _numeric_ubn(value: int | float) -> str:
    """A 統一編號 a spreadsheet stored as a number (dropping its leading 0s): an integer of at
    most 8 digits, written back as 8; anything else is refused."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueProblem(f"統一編號「{value}」不是有效的數字")
        if not value.is_integer():
            raise ValueProblem(f"統一編號「{value:.15g}」不是整數，請填 8 位數字")
        value = int(value)
    if value < 0:
        raise ValueProblem(f"統一編號「{value}」不正確，請填 8 位數字")
    if value >= 10**8:
        raise ValueProblem(f"統一編號「{value}」超過 8 位數")
    return f"{value:08d}"


def _read(row: FileRow, shops: ShopIndex, this_month: str) -> PreviewRow:
    raw_ubn, raw_name = row.cells.get("統一編號"), row.cells.get("店家名稱")
    out = PreviewRow(
        row.line, _text(raw_name) or _text(raw_ubn), _text(row.cells.get("月份")), "error"
    )
    for column in COLUMNS:
        cell = row.cells.get(column)
        if isinstance(cell, BadCell):
            out.reason = cell.reason(column)
            return out
    if isinstance(raw_ubn, bool):
        out.reason = "統一編號請填 8 位數字"
        return out
    if isinstance(raw_ubn, int | float):
        try:
            raw_ubn = _numeric_ubn(raw_ubn)
        except ValueProblem as exc:
            out.reason = str(exc)
            return out
    ubn, name = _text(raw_ubn), _text(raw_name)
    if not ubn and not name:
        out.reason = "缺少統一編號或店家名稱"
        return out
    try:
        out.month = parse_month(row.cells.get("月份"))
    except MonthError as exc:
        out.reason = str(exc)
        return out
    if out.month > this_month:
        out.reason = f"{out.month} 還沒到，不能填"
        return out
    values = {}
    try:
        for column, metric in VALUE_COLUMNS.items():
            values[metric] = read_count(row.cells.get(column), METRIC_LABELS[metric])
    except ValueProblem as exc:
        out.reason = str(exc)
        return out
    out.shop_id, out.reason = shops.find(ubn, name)
    if out.shop_id is None:
        return out
    out.shop_label = shops.names[out.shop_id]  # a row given by 統一編號 shows whose it is
    out.values = MonthValues(**values)
    out.status = ""
    return out


@cycle_collector_paused
def preview(rows: list[FileRow], today: date, lock_days: int, lock: bool = False) -> Preview:
    """Each row's verdict against the database, writing nothing; `lock` (in a write unit, when
    confirming): the stored rows it compares with stay as they are until the unit ends."""
    shops = ShopIndex()
    this_month = month_of(today)
    result = [_read(row, shops, this_month) for row in rows]
    pending = [r for r in result if r.status == ""]
    stored = _stored({(r.shop_id, r.month) for r in pending}, lock)
    reopened = reopened_months(sorted({r.shop_id for r in pending}), today)
    seen: dict[tuple[int, str], int] = {}
    for r in pending:
        key = (r.shop_id, r.month)
        if key in seen:
            r.status, r.reason = "error", f"與第 {seen[key]} 列是同一家店同一個月"
            continue
        seen[key] = r.line
        old = stored.get(key)
        new = r.values.merged_over(old or MonthValues())
        r.values, r.before = new, old
        if old is not None and new == old:
            r.status = "same"
            continue
        lock = month_lock(r.shop_id, r.month, today, lock_days, reopened)
        if lock.locked:
            r.status, r.reason = "error", lock.officer_message  # imports are an officer's
            continue
        r.status = "new" if old is None else "changed"
        if old is not None:
            r.changes = [
                f"{METRIC_LABELS[m]} {_fmt(getattr(old, m))} → {_fmt(getattr(new, m))}"
                for m in VALUE_COLUMNS.values()
                if getattr(old, m) != getattr(new, m)
            ]
    return Preview(result)


def _fmt(value) -> str:
    return "（空白）" if value is None else f"{value:,}"


def apply(result: Preview, user_id: int | None) -> Counter:
    """Write the new and changed rows in the open write unit; return the counts written."""
    wanted = [r for r in result.rows if r.status in ("new", "changed")]
    records = {}
    for i in range(0, len(wanted), CHUNK):
        part = wanted[i : i + CHUNK]
        query = db.select(MonthlyRecord).where(
            MonthlyRecord.shop_id.in_({r.shop_id for r in part}),
            MonthlyRecord.month.in_({r.month for r in part}),
        )
        records.update({(x.shop_id, x.month): x for x in db.session.scalars(query)})
    for r in wanted:
        record = records.get((r.shop_id, r.month))
        first = record is None
        if first:
            record = MonthlyRecord(
                shop_id=r.shop_id, month=r.month, created_by_id=user_id, visit_note=""
            )
            db.session.add(record)
        apply_values(record, r.values, user_id, "import", first)
    return Counter(r.status for r in wanted)
