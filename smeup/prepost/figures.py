"""The pre/post figures a reviewer accepts (digital.md, Pre/post tests).

Hake, Am. J. Phys. 66 (1998) 64: ⟨g⟩ = (post − pre) / (max − pre) on class means.
Lakens, Front. Psychol. 4 (2013) 863: d_z = mean gain / SD of gains (paired, SD with n − 1).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Pair:
    """One matched person's counted 前測 and 後測 scores."""

    person: str
    pre: float
    post: float

    @property
    def gain(self) -> float:
        return self.post - self.pre


@dataclass(frozen=True)
class Figures:
    """Everything the results page shows in numbers; None means undefined (shown as —)."""

    max_score: float
    n_pre: int
    n_post: int
    n_matched: int
    mean_pre_all: float | None
    mean_post_all: float | None
    mean_pre: float | None  # matched people only, as are the figures below
    mean_post: float | None
    mean_gain: float | None
    hake_g: float | None
    hake_band: str | None
    mean_individual_g: float | None
    n_at_max_pre: int  # matched people left out of the individual g (their 前測 was the max)
    d_z: float | None
    pairs: tuple[Pair, ...]


def hake_band(g: float | None) -> str | None:
    """Hake's band (1998): < 0.3 低, 0.3 ≤ g < 0.7 中, ≥ 0.7 高.

    Rounded to 9 places first, so a ⟨g⟩ of exactly 0.7 that floating point makes 0.6999… is 高.
    """
    if g is None:
        return None
    g = round(g, 9)
    if g < 0.3:
        return "低"
    return "中" if g < 0.7 else "高"


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def figures(pre: Mapping[str, float], post: Mapping[str, float], max_score: float) -> Figures:
    """The figures from counted scores per person (pre and post keyed by matching.person_key)."""
    pairs = tuple(Pair(p, pre[p], post[p]) for p in sorted(pre.keys() & post.keys()))
    gains = [pair.gain for pair in pairs]
    mean_pre = _mean([pair.pre for pair in pairs])
    mean_post = _mean([pair.post for pair in pairs])
    hake = None
    if mean_pre is not None and mean_post is not None and mean_pre < max_score:
        hake = (mean_post - mean_pre) / (max_score - mean_pre)
    individual = [pair.gain / (max_score - pair.pre) for pair in pairs if pair.pre < max_score]
    d_z = None
    if len(gains) >= 2:
        sd = statistics.stdev(gains)
        d_z = statistics.fmean(gains) / sd if sd > 0 else None
    return Figures(
        max_score=max_score,
        n_pre=len(pre),
        n_post=len(post),
        n_matched=len(pairs),
        mean_pre_all=_mean(list(pre.values())),
        mean_post_all=_mean(list(post.values())),
        mean_pre=mean_pre,
        mean_post=mean_post,
        mean_gain=_mean(gains),
        hake_g=hake,
        hake_band=hake_band(hake),
        mean_individual_g=_mean(individual),
        n_at_max_pre=len(pairs) - len(individual),
        d_z=d_z,
        pairs=pairs,
    )


def shown(value: float | None, places: int = 2) -> str:
    """A figure as the page shows it: fixed places, or — when undefined."""
    return "—" if value is None else f"{value:.{places}f}"
