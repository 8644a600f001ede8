"""Taiwan phone numbers: parse to the stored form, format for display, mask for lists."""

from __future__ import annotations

import re
import unicodedata

from smeup.company.reference import AREA_CODES

# Dash look-alikes that CJK input methods and word processors produce instead of "-".
_DASHES = re.escape("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_SEPARATORS_RE = re.compile(rf"[\s.()\[\]{_DASHES}]+")
# The main part may hold only digits, separators and a "+"; anything else is refused.
# The extension marker is #, 分機, 轉 (common spoken form), ext, ext. or x, then 1–6 digits.
_PHONE_RE = re.compile(
    rf"(?P<main>[0-9+\s.()\[\]{_DASHES}]*?)\s*"
    r"(?:(?:#|分機|轉|ext\.?|x)\s*[:.]?\s*(?P<ext>[0-9]{1,6}))?\s*"
)
_MOBILE_RE = re.compile(r"09[0-9]{8}")
_TOLL_FREE_RE = re.compile(r"080[09][0-9]{6}")
# How the digits after the area code are grouped for display, by their count.
_SUBSCRIBER_GROUPS = {8: (4, 4), 7: (3, 4), 6: (3, 3), 5: (5,)}


def _area_code(digits: str) -> str | None:
    # Longest prefix wins: 049 (南投) must not be read as 04 (臺中).
    for size in (4, 3, 2):
        if digits[:size] in AREA_CODES:
            return digits[:size]
    return None


def _kind(digits: str) -> str | None:
    if _MOBILE_RE.fullmatch(digits):
        return "mobile"
    if _TOLL_FREE_RE.fullmatch(digits):
        return "toll_free"
    if not digits.isascii() or not digits.isdigit() or digits.startswith(("09", "080")):
        return None
    code = _area_code(digits)
    # A subscriber number never starts with 0: that digit is the trunk prefix.
    if code is None or len(digits) not in AREA_CODES[code] or digits[len(code)] == "0":
        return None
    return "landline"


def _national(main: str) -> str | None:
    number = _SEPARATORS_RE.sub("", main)
    if not re.fullmatch(r"\+?[0-9]+", number):
        return None
    # +886, 00886 and a bare 886 all mean Taiwan; national numbers themselves start with 0,
    # so a leading 886 cannot be a domestic number. "+886 (0)2" and "+886 02" drop that 0.
    for prefix in ("+886", "00886", "886"):
        if number.startswith(prefix):
            rest = number[len(prefix) :]
            return "0" + rest.removeprefix("0")
    return None if number.startswith("+") else number


def parse_phone(raw: str) -> str | None:
    """Return the stored form ('0223581021#352') of a Taiwan phone number, or None if invalid."""
    if not isinstance(raw, str):
        return None
    # NFKC turns full-width digits, ＋, ＃, （）, ｅｘｔ and the ideographic space into ASCII.
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    match = _PHONE_RE.fullmatch(text)
    if not match:
        return None
    digits = _national(match["main"])
    if digits is None:
        return None
    kind = _kind(digits)
    # Mobiles have no extensions; one there is almost surely a typo, so refuse it.
    if kind is None or (kind == "mobile" and match["ext"]):
        return None
    return f"{digits}#{match['ext']}" if match["ext"] else digits


def _groups(digits: str) -> list[str] | None:
    kind = _kind(digits)
    if kind in ("mobile", "toll_free"):
        return [digits[:4], digits[4:7], digits[7:]]
    if kind == "landline":
        code = _area_code(digits)
        assert code is not None  # _kind found it
        groups, rest = [code], digits[len(code) :]
        for size in _SUBSCRIBER_GROUPS[len(rest)]:
            groups.append(rest[:size])
            rest = rest[size:]
        return groups
    return None


def format_phone(stored: str) -> str:
    """Return a stored number grouped for display ('02-2358-1021 #352', '0912-345-678')."""
    digits, _, ext = stored.partition("#")
    groups = _groups(digits)
    if groups is None:
        # Legacy or hand-edited values are shown as they are rather than breaking a page.
        return stored
    return "-".join(groups) + (f" #{ext}" if ext else "")


def mask_phone(stored: str) -> str:
    """Return a stored number with its middle digits hidden and no extension ('0912-***-678')."""
    digits = stored.partition("#")[0]
    groups = _groups(digits)
    if groups is None:
        # Unknown shape: keep only the last 3 digits so lists never leak a whole number.
        return "*" * max(len(digits) - 3, 3) + digits[-3:]
    if len(groups) == 2:
        # 5-digit subscriber numbers (0826, 0836) have one group: hide all but the last 2.
        return f"{groups[0]}-***{groups[1][-2:]}"
    middle = ["*" * len(g) for g in groups[1:-1]]
    return "-".join([groups[0], *middle, groups[-1]])
