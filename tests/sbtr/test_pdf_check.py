from smeup.sbtr.pdf_check import MAX_LOI_BYTES, is_real_pdf, looks_like_pdf

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200 + b"IEND\xaeB`\x82"


def test_limit_is_ten_megabytes():
    assert MAX_LOI_BYTES == 10_485_760


def test_real_pdf():
    assert is_real_pdf(PDF[:1024])
    assert looks_like_pdf(PDF)


def test_pdf_2_0_header():
    assert looks_like_pdf(b"%PDF-2.0\n...\n%%EOF")


def test_renamed_png_is_refused():
    assert not is_real_pdf(PNG)
    assert not looks_like_pdf(PNG)


def test_empty_and_text_are_refused():
    assert not is_real_pdf(b"")
    assert not looks_like_pdf(b"")
    assert not is_real_pdf(b"hello, this is report.pdf")


def test_header_with_leading_junk_within_1024_bytes():
    assert is_real_pdf(b"\x00" * 1000 + PDF)
    assert looks_like_pdf(b"\x00" * 1000 + PDF)


def test_header_starting_after_1024_bytes_is_refused():
    assert not is_real_pdf(b"\x00" * 1024 + PDF)
    assert not looks_like_pdf(b"\x00" * 1024 + PDF)


def test_header_needs_a_version():
    assert not is_real_pdf(b"%PDF-\n%%EOF")


def test_missing_eof_marker():
    assert is_real_pdf(PDF.replace(b"%%EOF", b""))
    assert not looks_like_pdf(PDF.replace(b"%%EOF", b""))


def test_eof_marker_may_be_followed_by_a_little_trailing_data():
    assert looks_like_pdf(PDF + b"\r\n" + b" " * 500)


def test_eof_marker_far_from_the_end_is_refused():
    assert not looks_like_pdf(PDF + b"\x00" * 2048)


def test_png_with_a_pdf_tail_still_refused():
    assert not looks_like_pdf(PNG + b"\n%%EOF\n")
