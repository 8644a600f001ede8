"""Vendored third-party files are the pinned ones."""

import hashlib
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "smeup" / "static" / "vendor"


def test_vendored_files_match_their_pinned_checksums():
    lines = (VENDOR / "SHA256SUMS").read_text().split("\n")
    pins = dict(reversed(line.split()) for line in lines if line.strip())
    assert "htmx-2.0.11.min.js" in pins
    for name, digest in pins.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_htmx_is_version_2_0():
    source = (VENDOR / "htmx-2.0.11.min.js").read_text()
    assert 'version:"2.0.11"' in source
    assert (VENDOR / "htmx.LICENSE").exists()
