"""The 合作意向書 content check: a PDF pypdf reads, header at byte 0, nothing that runs or hides.

The PDFs are made here: by pypdf's writer (JavaScript, attachments, encryption) or object by
object (a Launch action, a name written with #-escapes), so each test shows what it refuses.
"""

import io

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript, PageTrigger
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

import smeup.sbtr.pdf_check as pdf_check
from smeup.sbtr.pdf_check import (
    MAX_LOI_BYTES,
    PdfProblem,
    is_real_pdf,
    looks_like_pdf,
    pdf_problem,
)
from tests.sbtr.conftest import tiny_pdf

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200 + b"IEND\xaeB`\x82"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n"


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def one_page_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def plain_pdf() -> bytes:
    """What a scanner or 另存為 PDF gives: one page, nothing else."""
    return written(one_page_writer())


def with_open_action(action: dict) -> bytes:
    """The catalog's /OpenAction set to `action` (a raw dictionary, as a hostile file has it)."""
    writer = one_page_writer()
    value = DictionaryObject({NameObject(k): v for k, v in action.items()})
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(value)
    return written(writer)


def open_action_javascript() -> bytes:
    return with_open_action(
        {"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert('hi');")}
    )


def name_tree_javascript() -> bytes:
    """Document-level JavaScript in the /Names /JavaScript tree (pypdf's add_open_action)."""
    writer = one_page_writer()
    writer.add_open_action(JavaScript("this.print({bUI:true});"))
    return written(writer)


def page_aa_javascript() -> bytes:
    """JavaScript run when the first page opens (the page's /AA)."""
    writer = one_page_writer()
    writer.pages[0].add_action(PageTrigger.OPEN, JavaScript("app.alert(1);"))
    return written(writer)


def launch_action() -> bytes:
    return with_open_action(
        {"/S": NameObject("/Launch"), "/F": TextStringObject("C:\\Windows\\System32\\calc.exe")}
    )


def embedded_file() -> bytes:
    writer = one_page_writer()
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 not really a program")
    return written(writer)


def file_attachment_annotation() -> bytes:
    """A paper-clip annotation on the page that carries a file."""
    writer = one_page_writer()
    spec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject("readme.txt"),
        }
    )
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): ArrayObject([FloatObject(n) for n in (10, 10, 30, 30)]),
            NameObject("/FS"): spec,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return written(writer)


def encrypted(user_password: str) -> bytes:
    writer = one_page_writer()
    writer.encrypt(user_password, "owner-secret", algorithm="AES-128")
    return written(writer)


def hand_made(*objects: bytes) -> bytes:
    """A PDF written object by object (1: catalog, 2: pages, 3: page, then `objects`)."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
        if objects
        else b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


# Every refused kind, as the upload tests send them too.
REFUSED = {
    "OpenAction JavaScript": (open_action_javascript, PdfProblem.ACTIVE),
    "JavaScript name tree": (name_tree_javascript, PdfProblem.ACTIVE),
    "page AA JavaScript": (page_aa_javascript, PdfProblem.ACTIVE),
    "Launch action": (launch_action, PdfProblem.ACTIVE),
    "embedded file": (embedded_file, PdfProblem.ACTIVE),
    "FileAttachment annotation": (file_attachment_annotation, PdfProblem.ACTIVE),
    "encrypted with a password": (lambda: encrypted("open-sesame"), PdfProblem.ENCRYPTED),
    "encrypted, empty password": (lambda: encrypted(""), PdfProblem.ENCRYPTED),
    "HTML/PDF polyglot": (lambda: HTML + plain_pdf(), PdfProblem.NOT_PDF),
}


def test_limit_is_ten_megabytes():
    assert MAX_LOI_BYTES == 10_485_760


def test_a_plain_pdf_passes():
    for content in (plain_pdf(), tiny_pdf(), hand_made()):
        assert looks_like_pdf(content)
        assert pdf_problem(content) is None


@pytest.mark.parametrize("kind", REFUSED)
def test_active_encrypted_and_polyglot_pdfs_are_refused(kind):
    make, problem = REFUSED[kind]
    assert pdf_problem(make()) is problem


def test_javascript_behind_a_name_written_with_escapes_is_still_seen():
    """/J#53 is /JS to every reader: the check reads names as pypdf decodes them."""
    content = hand_made(b"<< /S /JavaScr#69pt /J#53 (app.alert(1)) >>")
    assert b"/JS" not in content and b"/JavaScript" not in content
    assert pdf_problem(content) is PdfProblem.ACTIVE


def test_an_action_no_reference_reaches_is_still_seen():
    """An object listed in the cross-reference table but linked from nowhere is looked at too."""
    content = hand_made(b"<< /Type /Pages >>", b"<< /S /Launch /F (cmd.exe) >>")
    assert pdf_problem(content) is PdfProblem.ACTIVE


def test_the_header_must_open_the_file():
    """Readers accept junk before %PDF- (that is how a polyglot works); the check does not."""
    for junk in (b"\x00", b" ", b"\xef\xbb\xbf", HTML, b"\x00" * 1000):
        content = junk + plain_pdf()
        assert not is_real_pdf(content) and not looks_like_pdf(content)
        assert pdf_problem(content) is PdfProblem.NOT_PDF


def test_a_header_and_an_end_marker_alone_are_not_a_pdf():
    for content in (b"%PDF-2.0\n...\n%%EOF", PDF, b"%PDF-1.7\n" + b"garbage " * 100 + b"\n%%EOF"):
        assert looks_like_pdf(content)  # the cheap look passes
        assert pdf_problem(content) is PdfProblem.NOT_PDF  # pypdf finds no document


def test_pdf_2_0_header():
    assert is_real_pdf(b"%PDF-2.0\n")


def test_renamed_png_is_refused():
    assert not is_real_pdf(PNG)
    assert not looks_like_pdf(PNG)
    assert pdf_problem(PNG) is PdfProblem.NOT_PDF


def test_empty_and_text_are_refused():
    assert not is_real_pdf(b"")
    assert not looks_like_pdf(b"")
    assert pdf_problem(b"") is PdfProblem.NOT_PDF
    assert not is_real_pdf(b"hello, this is report.pdf")


def test_header_needs_a_version():
    assert not is_real_pdf(b"%PDF-\n%%EOF")


def test_missing_eof_marker():
    assert is_real_pdf(PDF.replace(b"%%EOF", b""))
    assert not looks_like_pdf(PDF.replace(b"%%EOF", b""))
    assert pdf_problem(plain_pdf().replace(b"%%EOF", b"")) is PdfProblem.NOT_PDF


def test_eof_marker_may_be_followed_by_a_little_trailing_data():
    assert looks_like_pdf(PDF + b"\r\n" + b" " * 500)
    assert pdf_problem(plain_pdf() + b"\r\n" + b" " * 500) is None


def test_eof_marker_far_from_the_end_is_refused():
    assert not looks_like_pdf(PDF + b"\x00" * 2048)


def test_png_with_a_pdf_tail_still_refused():
    assert not looks_like_pdf(PNG + b"\n%%EOF\n")


@pytest.mark.parametrize(
    "error", [RecursionError(), KeyError("/Root"), MemoryError(), ValueError(), AssertionError()]
)
def test_any_error_while_reading_refuses_the_file(monkeypatch, error):
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(pdf_check, "PdfReader", broken)
    assert pdf_problem(plain_pdf()) is PdfProblem.NOT_PDF


def test_the_objects_looked_at_are_bounded(monkeypatch):
    """A file listing more objects than the budget is refused rather than read on (a real
    letter has tens to hundreds of objects; the budget is 20,000)."""
    assert pdf_check.MAX_OBJECTS == 20_000
    content = plain_pdf()
    assert pdf_problem(content) is None
    monkeypatch.setattr(pdf_check, "MAX_OBJECTS", 3)
    assert pdf_problem(content) is PdfProblem.NOT_PDF


def test_the_reading_stops_at_the_deadline(monkeypatch):
    """pypdf reads through a file object that looks at the clock: past MAX_SECONDS (a file of
    hundreds of thousands of tiny objects) the file is refused, the worker freed."""
    assert pdf_check.MAX_SECONDS <= 5
    monkeypatch.setattr(pdf_check, "MAX_SECONDS", -1)
    assert pdf_problem(plain_pdf()) is PdfProblem.NOT_PDF


def test_a_cross_reference_stream_declaring_millions_of_objects_is_refused_unread():
    """A few kilobytes can declare a million objects; pypdf is told the bound before it loops."""
    import zlib

    catalog = hand_made()
    body = catalog[: catalog.index(b"xref")]
    offsets = [body.index(b"%d 0 obj" % n) for n in (1, 2, 3)]
    rows = b"\x00\x00\x00\x00\x00\xff" + b"".join(
        b"\x01" + offset.to_bytes(4, "big") + b"\x00" for offset in offsets
    )
    declared = 1_000_000
    rows += b"\x01" + len(body).to_bytes(4, "big") + b"\x00" + b"\x00" * 6 * declared
    data = zlib.compress(rows, 9)
    content = (
        body + b"4 0 obj\n<< /Type /XRef /W [1 4 1] /Size %d /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n"
        % (declared + 5, len(data))
        + data
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % len(body)
    )
    assert len(content) < 10_000
    assert pdf_problem(content) is PdfProblem.NOT_PDF
