"""The one reading of a typed number, for every numeric field: what people type, nothing else.

Accepted: ASCII or full-width digits (０–９), optionally with thousands commas in the right
places (1,234,567; also the full-width comma ，), and, where a field allows decimals, a point
(also the full-width ．) and at most that many decimal places. Refused: misplaced commas
(1,2,3 and 12,34 are typos, not 123 and 1234), underscores, exponents, signs, spaces inside the
number, other scripts' digits, inf and nan. Every numeric field here is 0 or more.
"""

import re
from decimal import Decimal

# Full-width digits and the full-width comma and point, folded one for one; nothing else is
# folded (NFKC would also turn ², ① or ｅ into digits and letters).
_FOLD = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
_SHAPE = re.compile(r"(?P<whole>[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.(?P<fraction>[0-9]+))?")
_LOOSE_GROUPS = re.compile(r"[0-9]+(?:,[0-9]+)+(?:\.[0-9]+)?")
MAX_LENGTH = 40

NOT_A_WHOLE_NUMBER = "請填寫整數（阿拉伯數字，不含小數點）"
NOT_A_NUMBER = "請填寫數字，例如 12000 或 350.5"
BAD_GROUPS = "千分位逗號的位置不對：請每 3 位數一個逗號（如 1,234,567），或不加逗號"
NEGATIVE = "不可為負數"
TOO_LONG = "數字太長，請核對位數"


class NumberError(ValueError):
    """A typed value that is not a number this field takes; str(error) is the zh-Hant message."""


def too_many_places(places: int) -> str:
    """The message for more decimal places than a field takes."""
    return f"最多填到小數點後 {places} 位"


def parse_number(raw: str | None, places: int = 0) -> int | Decimal | None:
    """`raw` as an int (places=0) or a Decimal with at most `places` decimals; None when blank."""
    text = (raw or "").strip().translate(_FOLD)
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise NumberError(TOO_LONG)
    shape = _SHAPE.fullmatch(text)
    if shape is None:
        raise NumberError(_why_not(text, places))
    whole = shape["whole"].replace(",", "")
    fraction = shape["fraction"]
    if fraction is None:
        return int(whole) if places == 0 else Decimal(whole)
    if places == 0:
        raise NumberError(NOT_A_WHOLE_NUMBER)
    if len(fraction) > places:
        raise NumberError(too_many_places(places))
    return Decimal(f"{whole}.{fraction}")


def _why_not(text: str, places: int) -> str:
    """The most useful message for text that is not a number of the accepted shape."""
    if text[0] == "-" and _SHAPE.fullmatch(text[1:]):
        return NEGATIVE
    if _LOOSE_GROUPS.fullmatch(text):
        return BAD_GROUPS
    return NOT_A_WHOLE_NUMBER if places == 0 else NOT_A_NUMBER
