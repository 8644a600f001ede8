"""The compiled CSV row (one pass per record) writes exactly what the general path writes."""

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from smeup.exports.csv_stream import _convert_row, compiled_row, stream_csv

TPE = timezone(timedelta(hours=8))
# Text a person could type, with what spreadsheets run: formulas, tabs, breaks, blanks.
hostile_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["=1+1", "+886", "-5", "@SUM(A1)", "\t=x", "\r\n=1", " =1", "", "臺北市"]),
)
floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 120000.0, 350.5, 1e16, 1e-5, -1e-4, 1e-4, 12345678.9]),
)
KINDS = ["int", "text", "float", "bool", "time", "any"]


def _csv(rows, convert) -> bytes:
    return b"".join(stream_csv(["a", "b", "c", "d", "e", "f"], rows, convert=convert))


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers()),
            st.one_of(st.none(), hostile_text),
            st.one_of(st.none(), floats),
            st.one_of(st.none(), st.booleans()),
            st.one_of(st.none(), st.datetimes().map(lambda d: d.replace(tzinfo=TPE))),
            st.one_of(st.none(), hostile_text, floats, st.integers()),
        ),
        max_size=20,
    )
)
def test_the_compiled_row_writes_what_the_general_path_writes(rows):
    assert _csv(rows, compiled_row(KINDS)) == _csv(rows, _convert_row)


@given(st.lists(st.one_of(st.none(), hostile_text), max_size=20))
def test_a_conversion_runs_before_its_cells_kind(values):
    def label(code):
        return {"a": "=A類"}.get(code, code) if code else None

    rows = [(v,) for v in values]
    compiled = compiled_row(["text"], {0: label})
    assert [compiled(r) for r in rows] == [_convert_row([label(v)]) for v in values]


def test_codes_and_ints_go_out_as_they_are():
    convert = compiled_row(["code", "int", "bool", "time"])
    at = datetime(2026, 12, 7, 9, 30, tzinfo=TPE)
    assert convert(("roadshow", 7, 1, at)) == ["roadshow", 7, "是", "2026-12-07T09:30:00+08:00"]
    assert convert((None, None, None, None)) == [None, None, None, None]
