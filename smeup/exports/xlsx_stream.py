"""Truly streamed XLSX export: OOXML parts written row by row into a zip on an unseekable sink."""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from smeup.exports.columns import Cell

FIRST_ROWS = 100  # rows before the first chunk is yielded
BATCH_ROWS = 256  # rows rendered per write into the zip entry
CHUNK_BYTES = 64 * 1024  # yield once the sink holds this much
COMPRESSLEVEL = 1  # deflate level: speed over a few % of size
MAX_ROWS = 1_048_576  # Excel's rows per sheet (the header counts); more rows go to a new sheet
MAX_SHEET_BYTES = 1_900_000_000  # zipfile refuses > 2 GiB without Zip64 (which Excel dislikes)
MAX_TEXT = 32_767  # Excel's characters (UTF-16 units) per cell

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Worksheets are the Default for .xml, so any number of sheets is covered up front.
CONTENT_TYPES = (
    f'{_XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    f'+xml"/><Default Extension="xml" ContentType="{_CT}.worksheet+xml"/><Override PartName='
    f'"/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/><Override PartName="/xl/styles.xml"'
    f' ContentType="{_CT}.styles+xml"/></Types>'
)
ROOT_RELS = (
    f'{_XML_DECL}<Relationships xmlns="{_PKG_RELS}"><Relationship Id="rId1" '
    f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_FONT = '<font>{}<sz val="11"/><name val="Calibri"/><family val="2"/></font>'
_XF = '<xf numFmtId="{}" fontId="{}" fillId="0" borderId="0" xfId="0"{}/>'
_NUMFMT, _BOLD = ' applyNumberFormat="1"', ' applyFont="1"'
STYLES = (  # cellXfs: 0 general, 1 date, 2 datetime, 3 bold (header)
    f'{_XML_DECL}<styleSheet {_NS}><numFmts count="2"><numFmt numFmtId="164" formatCode='
    '"yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts '
    f'count="2">{_FONT.format("")}{_FONT.format("<b/>")}</fonts><fills count="2"><fill>'
    '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    f'</cellStyleXfs><cellXfs count="4">{_XF.format(0, 0, "")}'
    f"{_XF.format(164, 0, _NUMFMT)}{_XF.format(165, 0, _NUMFMT)}{_XF.format(0, 1, _BOLD)}"
    '</cellXfs><cellStyles count="1"><cellStyle '
    'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_WS = frozenset(" \t\n\r")
_EPOCH = date(1899, 12, 30).toordinal()  # Excel 1900 system, valid from 1900-03-01
_LEAP_BUG = date(1900, 3, 1).toordinal()
_END = object()
# No "number stored as text" warning triangles on 統一編號 and phone numbers.
_SHEET_END = (
    b'</sheetData><ignoredErrors><ignoredError sqref="A1:XFD1048576" numberStoredAsText="1"/>'
    b"</ignoredErrors></worksheet>"
)


class _Sink(list):
    """Unseekable target for zipfile (so it writes data descriptors); drain() empties it."""

    size = 0

    def write(self, data: bytes) -> int:
        self.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        out, self.size = b"".join(self), 0
        self.clear()
        return out


def _text(value: str) -> str:
    """Make text XML-safe: drop characters XML 1.0 forbids, cap at Excel's limit, escape."""
    value = _ILLEGAL_XML.sub("", value)
    if len(value) > MAX_TEXT // 2 and len(value.encode("utf-16-le")) > 2 * MAX_TEXT:
        value = value.encode("utf-16-le")[: 2 * MAX_TEXT].decode("utf-16-le", "ignore")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _serial(value: date) -> int:
    n = value.toordinal()
    return n - _EPOCH if n >= _LEAP_BUG else n - _EPOCH - 1


def _cell(ref: str, v: object) -> str:
    """Render one non-trivial cell (everything but plain str/int/None) as <c> XML."""
    if isinstance(v, bool):
        return f'<c r="{ref}" t="inlineStr"><is><t>{"是" if v else "否"}</t></is></c>'
    if isinstance(v, str):
        v = _text(v)
        if not v:
            return ""
        space = ' xml:space="preserve"' if v[:1] in _WS or v[-1:] in _WS else ""
        return f'<c r="{ref}" t="inlineStr"><is><t{space}>{v}</t></is></c>'
    if isinstance(v, int):
        return f'<c r="{ref}"><v>{int.__repr__(v)}</v></c>'
    if isinstance(v, float):
        return f'<c r="{ref}"><v>{float.__repr__(v)}</v></c>' if math.isfinite(v) else ""
    if isinstance(v, Decimal):
        return f'<c r="{ref}"><v>{v}</v></c>' if v.is_finite() else ""
    if isinstance(v, datetime) and v.tzinfo is None:
        raise ValueError(f"naive datetime in export: {v!r}")
    if isinstance(v, date) and v.year < 1900:  # before Excel's epoch: ISO text
        return _cell(ref, v.isoformat())
    if isinstance(v, datetime):  # wall-clock time in the zone given (Asia/Taipei)
        secs = v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6
        return f'<c r="{ref}" s="2"><v>{_serial(v) + secs / 86400!r}</v></c>'
    if isinstance(v, date):
        return f'<c r="{ref}" s="1"><v>{_serial(v)}</v></c>'
    return "" if v is None else _cell(ref, str(v))


def _col_letter(i: int) -> str:
    return (_col_letter((i - 1) // 26) if i > 26 else "") + chr(65 + (i - 1) % 26)


def _display_width(text: str) -> int:
    """Columns a text needs, wide (CJK) characters counting double."""
    return 2 + sum(1 + (ord(ch) > 0x2E7F) for ch in text)


def _min_width(value: object) -> int:
    """Room for a first-row value, so dates and times never show as ###."""
    if isinstance(value, datetime):
        return 20
    if isinstance(value, date):
        return 12
    return min(40, _display_width(value)) if isinstance(value, str) else 10


def _sheet_head(header: Sequence[str], letters: list[str], first: Sequence | None) -> str:
    first = list(first or ()) + [None] * len(header)
    widths = "".join(
        f'<col min="{i}" max="{i}" customWidth="1" '
        f'width="{min(60, max(_min_width(first[i - 1]), _display_width(h)))}"/>'
        for i, h in enumerate(header, 1)
    )
    cells = "".join(
        f'<c r="{c}1" s="3" t="inlineStr"><is><t>{_text(h)}</t></is></c>'
        for c, h in zip(letters, header, strict=True)
    )
    return (
        f'{_XML_DECL}<worksheet {_NS} {_NS_R}><sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{"<cols>" + widths + "</cols>" if widths else ""}'
        f'<sheetData><row r="1">{cells}</row>'
    )


def _rows_xml(rows: Iterable[Sequence[Cell]], n: int, letters: list[str]) -> str:
    out = []
    add = out.append
    for row in rows:
        n += 1
        add(f'<row r="{n}">')
        for c, v in zip(letters, row, strict=False):  # a short row leaves cells empty
            if (t := type(v)) is str and v.isprintable() and 0 < len(v) < 16384:
                if "&" in v or "<" in v or ">" in v:
                    v = _text(v)
                if v[:1] == " " or v[-1:] == " ":
                    add(f'<c r="{c}{n}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>')
                else:
                    add(f'<c r="{c}{n}" t="inlineStr"><is><t>{v}</t></is></c>')
            elif t is int:
                add(f'<c r="{c}{n}"><v>{v}</v></c>')
            elif v is not None:
                add(_cell(f"{c}{n}", v))
        add("</row>")
    return "".join(out)


def _sheet_name(name: str, index: int) -> str:
    name = _SHEET_NAME_BAD.sub("_", name).strip("'") or "export"
    suffix = f" ({index})" if index > 1 else ""
    return name[: 31 - len(suffix)] + suffix


def stream_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], sheet_name: str = "export"
) -> Iterator[bytes]:
    """Yield an XLSX workbook as byte chunks while reading rows, with flat memory."""
    header = [str(h) for h in header]
    letters = [_col_letter(i) for i in range(1, len(header) + 1)]
    sink = _Sink()
    zf = zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL)
    zf.writestr("[Content_Types].xml", CONTENT_TYPES)
    zf.writestr("_rels/.rels", ROOT_RELS)
    zf.writestr("xl/styles.xml", STYLES)
    it = iter(rows)
    row = next(it, _END)  # read one ahead: rows filling a sheet exactly make no empty sheet
    head = _sheet_head(header, letters, None if row is _END else row).encode()
    names: list[str] = []
    while not names or row is not _END:
        names.append(_sheet_name(sheet_name, len(names) + 1))
        with zf.open(f"xl/worksheets/sheet{len(names)}.xml", "w") as fh:
            fh.write(head)
            n, size = 1, len(head)  # rows and bytes written to this sheet
            while row is not _END and n < MAX_ROWS and size < MAX_SHEET_BYTES:
                first = n == 1
                take = min(FIRST_ROWS if first else BATCH_ROWS, MAX_ROWS - n)
                batch = [row, *islice(it, take - 1)]
                row = next(it, _END)
                data = _rows_xml(batch, n, letters).encode()
                fh.write(data)
                n += len(batch)
                size += len(data)
                if sink.size and (first or sink.size >= CHUNK_BYTES):
                    yield sink.drain()
            fh.write(_SHEET_END)
    workbook, rels = _workbook(names)
    zf.writestr("xl/workbook.xml", workbook)
    zf.writestr("xl/_rels/workbook.xml.rels", rels)
    zf.close()
    yield sink.drain()


def _workbook(names: list[str]) -> tuple[str, str]:
    """Return xl/workbook.xml and its relationships for the given sheet names."""
    sheets = "".join(
        f'<sheet name="{_text(s)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(names, 1)
    )
    parts = [("worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(names) + 1)]
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_DOC_RELS}/{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate([*parts, ("styles", "styles.xml")], 1)
    )
    return (
        f"{_XML_DECL}<workbook {_NS} {_NS_R}><bookViews><workbookView/></bookViews>"
        f"<sheets>{sheets}</sheets></workbook>",
        f'{_XML_DECL}<Relationships xmlns="{_PKG_RELS}">{rels}</Relationships>',
    )
