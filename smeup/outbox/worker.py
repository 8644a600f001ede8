"""What the kiosk's service worker keeps: this release's static files, named with their hashes."""

import hashlib

from flask import Flask

# The static files kiosk pages (start screen, net-zero check, course survey) load.
KIOSK_STATIC = (
    "favicon.svg",
    "css/app.css",
    "css/kiosk.css",
    "css/netzero.css",
    "css/ranking.css",
    "vendor/htmx-2.0.11.min.js",
    "vendor/sortable-1.15.6.min.js",
    "js/app.js",
    "js/kiosk.js",
    "js/outbox.js",
    "js/netzero.js",
    "js/ranking.js",
)


def worker_assets(app: Flask) -> tuple[str, list[str]]:
    """(version, URLs): a new release of any kept file is a new worker version and cache."""
    static_url = app.jinja_env.globals["static_url"]
    assets = [static_url(name) for name in KIOSK_STATIC]
    extra = app.config.get("SMEUP_SERVICE_WORKER_SALT", "")
    version = hashlib.sha256(("\n".join(assets) + str(extra)).encode()).hexdigest()[:12]
    return version, assets
