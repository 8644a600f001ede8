"""Taiwan phone numbers through libphonenumber: parse to the stored form, format, mask."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberFormat, PhoneNumberFormat, PhoneNumberType

# Dash look-alikes that CJK input methods and word processors produce instead of "-".
_DASHES = re.escape("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_SEPARATORS_RE = re.compile(rf"[\s.()\[\]{_DASHES}]+")
# The main part may hold only digits, separators and a "+"; anything else is refused.
# The extension marker is #, 分機, 轉 (common spoken form), ext, ext. or x, then 1–6 digits.
_PHONE_RE = re.compile(
    rf"(?P<main>[0-9+\s.()\[\]{_DASHES}]*?)\s*"
    r"(?:(?:#|分機|轉|ext\.?|x)\s*[:.]?\s*(?P<ext>[0-9]{1,6}))?\s*"
)
# Kinds of number a company may give as its contact. Premium-rate (020x 付費資訊) numbers
# are valid for libphonenumber but cost the officer who calls back: refused.
_ACCEPTED_TYPES = frozenset(
    {
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.VOIP,
    }
)
# libphonenumber's national grouping, except where Taiwan writes numbers otherwise (and the
# spec shows it so): toll-free 0800-056-476 (not 080 005 6476), 金門 082-312-345, 馬祖 0836-22345.
_TAIWAN_GROUPING = [
    NumberFormat(pattern=r"(80[0-9])(\d{3})(\d{3})", format=r"0\1-\2-\3"),
    NumberFormat(pattern=r"(82)([0-57-9]\d\d)(\d{3})", format=r"0\1-\2-\3"),
    NumberFormat(pattern=r"(836)(\d{5})", format=r"0\1-\2"),
]
_NATIONAL_RE = re.compile(r"0[1-9][0-9]{7,9}")
_OWN_GROUPING_RE = re.compile(r"80[0-9]\d{6}|82[0-57-9]\d{5}|836\d{5}")


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


def _valid_number(digits: str) -> phonenumbers.PhoneNumber | None:
    """The libphonenumber number for national digits ('0223581021'), if valid and accepted."""
    if not digits.startswith("0") or not digits.isascii() or not digits.isdigit():
        return None
    try:
        number = phonenumbers.parse(digits, "TW")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 886 or not phonenumbers.is_valid_number_for_region(number, "TW"):
        return None
    if phonenumbers.number_type(number) not in _ACCEPTED_TYPES:
        return None
    return number


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
    number = _valid_number(digits) if digits else None
    if number is None:
        return None
    # Mobiles have no extensions; one there is almost surely a typo, so refuse it.
    if match["ext"] and phonenumbers.number_type(number) == PhoneNumberType.MOBILE:
        return None
    stored = "0" + phonenumbers.national_significant_number(number)
    return f"{stored}#{match['ext']}" if match["ext"] else stored


def _groups(digits: str) -> list[str] | None:
    # Grouping does not ask for validity: numbers stored under the old hand-written check
    # that libphonenumber now refuses (03-123-4567) still display the way they were typed.
    if not _NATIONAL_RE.fullmatch(digits):
        return None
    number = phonenumbers.parse(digits, "TW")
    nsn = phonenumbers.national_significant_number(number)
    if _OWN_GROUPING_RE.fullmatch(nsn):
        text = phonenumbers.format_by_pattern(number, PhoneNumberFormat.NATIONAL, _TAIWAN_GROUPING)
        return text.split("-")
    groups = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL).split(" ")
    return groups if len(groups) > 1 else None


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
