"""Formula-injection neutralisation and line-break flattening for CSV text."""

import pytest

from smeup.exports.neutralise import neutralise_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("-1+2", "'-1+2"),
        ("+886912345678", "'+886912345678"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("=", "'="),
    ],
)
def test_owasp_triggers_get_a_leading_quote(value, expected):
    assert neutralise_text(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "臺北市信義區",
        "04541302",
        "0912-345-678",
        "a-b",
        "user@example.com",
        "1+1",
        "a\tb",
        "'x",
    ],
)
def test_safe_text_is_unchanged(value):
    assert neutralise_text(value) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\r\nb", "a b"),
        ("a\nb\rc", "a b c"),
        ("a\u2028b\u2029c", "a b c"),
        ("a\r\n\r\nb", "a  b"),
        ("a\x85b\x0bc\x0cd", "a b c d"),
        ("第一行\n第二行", "第一行 第二行"),
    ],
)
def test_line_breaks_become_one_space_each(value, expected):
    assert neutralise_text(value) == expected


def test_leading_carriage_return_is_prefixed_even_though_it_is_flattened():
    # Decided on the original first character: the \r became a space but still counts.
    assert neutralise_text("\rcmd") == "' cmd"
    assert neutralise_text("\r\n=1+1") == "' =1+1"


def test_formula_hidden_behind_a_break_or_blank_is_prefixed():
    assert neutralise_text("\n=1+1") == "' =1+1"
    assert neutralise_text("\u2028@SUM(A1)") == "' @SUM(A1)"
    assert neutralise_text("  -2") == "'  -2"


def test_result_never_contains_a_line_break():
    out = neutralise_text("=a\r\nb\nc\rd\u2028e\u2029f")
    assert out == "'=a b c d e f"
    assert not any(ch in out for ch in "\r\n\u2028\u2029")
