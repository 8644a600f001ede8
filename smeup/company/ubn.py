"""統一編號 (Unified Business Number) normalisation and checksum (forms.md §1)."""

from __future__ import annotations

import re

_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)
# Full-width ０-９ (U+FF10..U+FF19) come from CJK input methods; map them to ASCII.
_FULLWIDTH_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
_SPACE_RE = re.compile(r"\s+")
# Explicit [0-9]: \d would also accept other scripts' digits such as Arabic-Indic ones.
_UBN_RE = re.compile(r"[0-9]{8}")


def normalise_ubn(value: str) -> str:
    """Strip all whitespace and turn full-width digits into ASCII digits."""
    return _SPACE_RE.sub("", value.translate(_FULLWIDTH_DIGITS))


def _digit_sum(n: int) -> int:
    # Products are at most 9×4 = 36, so one pass over two digits is enough (28 → 10, not 1).
    return n // 10 + n % 10


def is_valid_ubn(value: str) -> bool:
    """Return True when value is exactly 8 ASCII digits with a valid 2023-rule checksum."""
    if not isinstance(value, str) or not _UBN_RE.fullmatch(value):
        return False
    digits = [int(c) for c in value]
    total = sum(_digit_sum(d * w) for d, w in zip(digits, _WEIGHTS, strict=True))
    if total % 5 == 0:
        return True
    # d7 = 7 gives 7×4 = 28, whose digit sum 10 may also count as 1 (or 0): hence S+1.
    return digits[6] == 7 and (total + 1) % 5 == 0
