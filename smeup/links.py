"""Absolute links that people carry away (QR codes, resume links), on the public address."""

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """The endpoint's absolute URL on SMEUP_PUBLIC_BASE_URL; never from the request's Host."""
    return current_app.config["SMEUP_PUBLIC_BASE_URL"] + url_for(endpoint, **values)
