"""Validate one course-preference ranking and aggregate many into per-option scores.

A ranking is a list of option codes where position i holds the code given rank i + 1
(the form fields ``rank_1`` … ``rank_<max_ranked>``). See forms.md §3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RankingCheck:
    """Outcome of validating one submitted ranking."""

    codes: tuple[str, ...]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the ranking broke no rule."""
        return not self.errors


@dataclass(frozen=True)
class OptionScore:
    """Aggregated results for one survey option."""

    code: str
    label: str
    first_choices: int
    times_ranked: int
    mean_rank: float | None
    borda: int


class RankingResults(list[OptionScore]):
    """The sorted list of option scores, carrying the number of responses counted."""

    def __init__(self, scores: Iterable[OptionScore] = (), response_count: int = 0) -> None:
        super().__init__(scores)
        self.response_count = response_count


def field_name(rank: int) -> str:
    """Form field name for a 1-based rank, e.g. ``rank_3``."""
    return f"rank_{rank}"


def validate_ranking(
    ranks: Sequence[str | None],
    options: Mapping[str, str],
    min_ranked: int,
    max_ranked: int,
) -> RankingCheck:
    """Check one ranking against the survey's rules and return clean codes or errors."""
    cleaned = [(r or "").strip() for r in ranks]
    errors: dict[str, str] = {}
    seen: set[str] = set()
    last_filled = max((i for i, c in enumerate(cleaned) if c), default=-1)

    for i, code in enumerate(cleaned):
        rank = i + 1
        name = field_name(rank)
        if not code:
            if i < last_filled:
                errors[name] = f"第 {rank} 順位尚未選擇，請依序從第 1 順位開始填寫"
            continue
        if code not in options:
            errors[name] = f"第 {rank} 順位的選項不存在，請重新選擇"
        elif code in seen:
            errors[name] = (
                f"第 {rank} 順位重複選擇了「{options[code]}」，"
                "每項課程只能排序一次，請改選其他課程或清除此順位"
            )
        seen.add(code)

    filled = sum(1 for c in cleaned if c)
    if filled < min_ranked:
        if filled == 0:
            errors["ranking"] = f"請至少排序 {min_ranked} 項課程，目前尚未排序任何課程"
        else:
            errors["ranking"] = f"請至少排序 {min_ranked} 項課程，目前只排了 {filled} 項"
    elif filled > max_ranked:
        errors["ranking"] = (
            f"最多只能排序 {max_ranked} 項課程，目前排了 {filled} 項，請移除多出的順位"
        )

    if errors:
        return RankingCheck(codes=(), errors=errors)
    return RankingCheck(codes=tuple(c for c in cleaned if c), errors={})


def aggregate(
    rankings: Iterable[Sequence[str]],
    options: Mapping[str, str],
    k: int,
) -> RankingResults:
    """Score every option over the given rankings (Borda with K = the survey's max_ranked)."""
    first = dict.fromkeys(options, 0)
    times = dict.fromkeys(options, 0)
    rank_sum = dict.fromkeys(options, 0)
    borda = dict.fromkeys(options, 0)
    responses = 0

    for ranking in rankings:
        responses += 1
        counted: set[str] = set()
        for i, code in enumerate(ranking):
            if code not in options or code in counted:
                continue
            counted.add(code)
            rank = i + 1
            times[code] += 1
            rank_sum[code] += rank
            borda[code] += max(k - rank + 1, 0)
            if rank == 1:
                first[code] += 1

    scores = [
        OptionScore(
            code=code,
            label=label,
            first_choices=first[code],
            times_ranked=times[code],
            mean_rank=rank_sum[code] / times[code] if times[code] else None,
            borda=borda[code],
        )
        for code, label in options.items()
    ]
    # sorted() is stable, so ties on both keys keep the survey's option order.
    scores = sorted(scores, key=lambda s: (-s.borda, -s.first_choices))
    return RankingResults(scores, response_count=responses)
