"""The outbox's HTTP side: a fresh CSRF token, delivery of one entry, and the service worker."""

import time
from datetime import UTC, datetime

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import RequestEntityTooLarge

from ..access import access
from ..database import write_unit
from ..extensions import limiter
from ..kiosk_mode import current_kiosk
from .delivery import MAX_BODY_BYTES, MAX_PENDING, deliver
from .display import offline_delay, pending_count
from .keys import private_key
from .worker import worker_assets

bp = Blueprint("outbox", __name__)
bp.add_app_template_filter(offline_delay, "offline_delay")
bp.add_app_template_filter(pending_count, "outbox_pending_count")


@bp.record_once
def _key_ready(state):
    # Made (or read) at start-up, not inside the first kiosk page's request.
    with state.app.app_context():
        private_key()


# Not (or no longer) a kiosk: nothing to deliver for; the tablet keeps its entries.
NOT_KIOSK = {"error": "not_kiosk"}
TOO_LARGE = {"error": "too_large"}
# The empty kiosk pages a tablet keeps for offline use (never a page with a visitor's data):
# the start screen, the forms its offline tiles open (kiosk/offline.py) and the page shown for
# any other page while the network is down.
KEEP_OFFLINE = frozenset(
    {"kiosk.start", "kiosk.offline", "netzero.form", "surveys.index", "surveys.respond"}
)


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
    # One entry per post, of bounded size: read no more than that (413, nothing kept).
    request.max_content_length = MAX_BODY_BYTES
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return jsonify(TOO_LARGE), 413
    try:
        body = request.get_json(silent=True)
    except RequestEntityTooLarge:
        return jsonify(TOO_LARGE), 413
    except RecursionError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("entry"), dict):
        return jsonify(error="bad_request"), 400
    entry = dict(body["entry"])
    root = request.script_root
    now = datetime.now(UTC).replace(tzinfo=None)
    outcome = deliver(entry, kiosk=kiosk, sent_ms=body.get("sent_at"), now=now, script_root=root)
    pending = _pending(body.get("pending"), delivered=outcome.acknowledged)
    if pending is not None:
        with write_unit():
            kiosk.outbox_pending = pending
            kiosk.outbox_reported_at = now
    return jsonify(outcome.body), outcome.status


def _pending(raw, *, delivered: bool) -> int | None:
    """What stays queued on the tablet (its count less this entry when taken), at most
    MAX_PENDING; None when the tablet did not report a count (then the last report stands)."""
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        return None
    return min(raw - 1 if delivered and raw else raw, MAX_PENDING)


@bp.route("/sw.js")
@access("public", kiosk=True)
@limiter.exempt
def service_worker():
    """The kiosk's GET-only service worker, with this release's static files to keep."""
    version, assets = worker_assets(current_app)
    offline = url_for("kiosk.offline")
    body = render_template("kiosk/sw.js", version=version, assets=assets, offline_page=offline)
    return body, 200, {"Content-Type": "text/javascript; charset=utf-8"}
