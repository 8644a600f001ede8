"""The outbox's HTTP side: a fresh CSRF token, delivery of one entry, and the service worker."""

import time
from datetime import UTC, datetime

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_wtf.csrf import generate_csrf

from ..access import access
from ..database import write_unit
from ..extensions import limiter
from ..kiosk_mode import current_kiosk
from .delivery import deliver
from .display import offline_delay
from .keys import private_key
from .worker import worker_assets

bp = Blueprint("outbox", __name__)
bp.add_app_template_filter(offline_delay, "offline_delay")


@bp.record_once
def _key_ready(state):
    # Made (or read) at start-up, not inside the first kiosk page's request.
    with state.app.app_context():
        private_key()


# Not (or no longer) a kiosk: nothing to deliver for; the tablet keeps its entries.
NOT_KIOSK = {"error": "not_kiosk"}
# The empty kiosk pages a tablet keeps for offline use (never a page with a visitor's data).
KEEP_OFFLINE = frozenset({"kiosk.start", "netzero.form", "surveys.respond"})


@bp.after_app_request
def _mark_offline_pages(response):
    if (
        request.method == "GET"
        and request.endpoint in KEEP_OFFLINE
        and response.status_code == 200
        and not request.query_string
        and current_kiosk() is not None
    ):
        response.headers["X-Smeup-Offline"] = "keep"
    return response


@bp.route("/kiosk/outbox/token")
@access("public", kiosk=True)
@limiter.exempt
def token():
    """A fresh CSRF token and the server's clock, asked for before each round of sending."""
    if current_kiosk() is None:
        return jsonify(NOT_KIOSK), 409
    return jsonify(csrf=generate_csrf(), now=int(time.time() * 1000))


@bp.route("/kiosk/outbox", methods=["POST"])
@access("public", kiosk=True)
@limiter.exempt
def receive():
    """Take one encrypted entry from a kiosk tablet; `ack` tells it the entry may be deleted."""
    kiosk = current_kiosk()
    if kiosk is None:
        return jsonify(NOT_KIOSK), 409
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("entry"), dict):
        return jsonify(error="bad_request"), 400
    entry = dict(body["entry"])
    root = request.script_root
    now = datetime.now(UTC).replace(tzinfo=None)
    outcome = deliver(entry, sent_ms=body.get("sent_at"), now=now, script_root=root)
    pending = body.get("pending")
    if isinstance(pending, int) and 0 <= pending < 1_000_000:
        with write_unit():
            kiosk.outbox_pending = pending - 1 if outcome.acknowledged and pending else pending
            kiosk.outbox_reported_at = now
    return jsonify(outcome.body), outcome.status


@bp.route("/sw.js")
@access("public", kiosk=True)
@limiter.exempt
def service_worker():
    """The kiosk's GET-only service worker, with this release's static files to keep."""
    version, assets = worker_assets(current_app)
    body = render_template("kiosk/sw.js", version=version, assets=assets)
    return body, 200, {"Content-Type": "text/javascript; charset=utf-8"}
