"""Hypothesis strategies for hostile form input, and the markers that must never come back raw."""

from hypothesis import strategies as st

# Each holds a "<" that escaping turns into "&lt;": if the raw text is in a page, it was not escaped.
XSS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
)
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror", "<svg onload")
FRAGMENTS = (
    *XSS,
    "' OR 1=1 --",
    "'; DROP TABLE submission; --",
    '" OR ""="',
    "{{7*7}}",
    "${7*7}",
    "%s%s%n",
    '=HYPERLINK("http://x")',
    "+1+1",
    "@SUM(A1)",
    "\u202eTXT.EXE",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",
    "a\u0000b",
    "\x07\x1b[31m",
    "\r\n",
    "\t",
    "😀👍🏽🇹🇼",
    "𠀀𪚥",  # outside the BMP
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-7",
    "-0",
    "-1",
    "0x10",
    "1_000",
    "1,000,000",
    "１２３４５",  # full-width digits
    "٣٤",  # Arabic-Indic digits
    "9" * 40,
    "-" + "9" * 40,
    "0.001",
    "10000000000.01",
    "２０２４",
    "０４５９５２５２",
    " 04595252 ",
    "0912-345-678#12",
    "+886 2 2358 1021",
    "臺北市",
    "台北市",
    "yes",
    "no",
    "y",
    "",
    " ",
)


def _no_surrogates(text: str) -> bool:
    return not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


hostile_text = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=60).filter(_no_surrogates),
    st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map("".join),
    st.integers(min_value=101, max_value=20_000).map(lambda n: "長" * n),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def hostile_form(base: dict[str, str], names: tuple[str, ...]):
    """`base` with some of `names` replaced by hostile values and some dropped."""
    return st.builds(
        _apply,
        st.just(base),
        st.dictionaries(st.sampled_from(names), hostile_text, max_size=len(names)),
        st.sets(st.sampled_from(names), max_size=2),
    )


def _apply(base: dict, changes: dict, dropped: set) -> dict:
    data = {**base, **changes}
    for name in dropped:
        data.pop(name, None)
    return data


def assert_escaped(body: str, where: str) -> None:
    """No hostile markup came back unescaped."""
    for marker in RAW_MARKERS:
        assert marker not in body, f"unescaped {marker!r} in {where}"
