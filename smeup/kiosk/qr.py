"""QR codes drawn on the server (segno), so a visitor can carry their result link away."""

import segno


def qr_data_uri(url: str) -> str:
    """An SVG QR code of `url` as a data: URI for an <img> (allowed by the CSP's img-src)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4, dark="#000", light="#fff")
