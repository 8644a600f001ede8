"""Security headers, cache rules for personal pages, and versioned static URLs."""

import hashlib
from functools import cache
from pathlib import Path

from flask import request, session, url_for
from werkzeug.exceptions import SecurityError

# For a Host header outside TRUSTED_HOSTS no URL can be built, so no template: a fixed page.
UNTRUSTED_HOST_PAGE = (
    '<!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8">'
    "<title>無法處理這個請求</title></head><body><h1>無法處理這個請求</h1>"
    "<p>這個網址的主機名稱不正確，請確認網址後再試一次。</p></body></html>"
)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def init_security(app) -> None:
    """Add the headers of quality.md to every response and `static_url` to templates."""
    static_root = Path(app.static_folder)

    @cache
    def _digest(filename: str) -> str:
        return hashlib.sha256((static_root / filename).read_bytes()).hexdigest()[:12]

    def static_url(filename: str) -> str:
        """A cache-busting URL: the file's content hash rides along, so it can be cached forever."""
        return url_for("static", filename=filename, v=_digest(filename))

    app.jinja_env.globals["static_url"] = static_url

    @app.errorhandler(SecurityError)
    def _untrusted_host(_error):
        return UNTRUSTED_HOST_PAGE, 400, {"Content-Type": "text/html; charset=utf-8"}

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.endpoint == "static":
            if request.args.get("v"):
                headers["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            # Pages hold personal data; a shared tablet must not keep them (channels.md).
            headers["Cache-Control"] = "no-store"
            if session.get("kiosk"):
                headers["Pragma"] = "no-cache"
        headers.add("Vary", "HX-Request")
        return response
