"""Kiosk mode: set up by staff, a start screen for visitors, 完成, and leaving by PIN."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.globals import request_ctx
from flask_login import current_user, logout_user
from wtforms.fields.choices import SelectChoice

from .. import kiosk_mode
from ..access import access
from ..audit import record
from ..clock import taipei_today
from ..database import write_unit
from ..errors import error_page
from ..extensions import db, limiter
from ..forms.catalogue import open_forms
from ..models import Event, User
from .forms import ExitForm, SetupForm
from .guard import guard_kiosk_request, note_visitor_pages
from .offline import offline_pages
from .qr import qr_data_uri

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")
bp.before_app_request(guard_kiosk_request)
bp.after_app_request(note_visitor_pages)
bp.add_app_template_filter(qr_data_uri, "qr_data_uri")

WRONG_PIN = "PIN 不正確，仍在展示機模式。"
TOO_MANY = "PIN 輸入錯誤太多次，請稍候幾分鐘再試。"


def _pin_limit() -> str:
    return current_app.config.get("SMEUP_KIOSK_PIN_LIMIT", "5 per 5 minutes")


@bp.route("/setup", methods=["GET", "POST"])
@access("agent")
def setup():
    """Pick the event and a PIN; starting drops the staff login from this browser."""
    events = db.session.scalars(db.select(Event).order_by(Event.date.desc(), Event.id.desc()))
    events = events.all()
    form = SetupForm()
    form.event_id.choices = [SelectChoice("", "請選擇活動")] + [
        SelectChoice(str(e.id), f"{e.date.isoformat()} {e.name}（{e.county}{e.venue}）")
        for e in events
    ]
    if request.method in ("GET", "HEAD"):
        today = [e for e in events if e.date == taipei_today()]
        form.event_id.data = str(today[0].id) if today else ""
    if form.validate_on_submit():
        event = db.session.get(Event, int(form.event_id.data))
        with write_unit():
            record("kiosk_start", event_id=event.id, event=event.name)
            current_user.end_sessions()  # a copy of the staff cookie must not outlive kiosk mode
            kiosk = kiosk_mode.begin(
                event_id=event.id, pin=form.pin.data, started_by=current_user.id
            )
        logout_user()
        kiosk_mode.enter(session, kiosk)
        flash(f"展示機模式已啟動：{event.name}", "success")
        return redirect(url_for("kiosk.start"), 303)
    status = 422 if form.is_submitted() else 200
    idle = current_app.config["SMEUP_KIOSK_IDLE_SECONDS"]
    idle_text = f"{idle // 60} 分鐘" if idle % 60 == 0 else f"{idle} 秒"
    page = render_template(
        "kiosk/setup.html", form=form, has_events=bool(events), idle_text=idle_text
    )
    return page, status


@bp.route("/")
@access("public", kiosk=True)
def start():
    """The start screen: one large button per form open at the event; a new visitor begins."""
    kiosk = kiosk_mode.current_kiosk()
    if not kiosk:
        return render_template("kiosk/inactive.html")
    kiosk_mode.forget_visitor(session)
    forms = [dict(item, keep=offline_pages(item["key"])) for item in open_forms(kiosk.event.forms)]
    return render_template("kiosk/start.html", event=kiosk.event, forms=forms)


@bp.route("/offline")
@access("public", kiosk=True)
def offline():
    """What the service worker shows, with the network down, for a page it did not keep."""
    # Fetched by the service worker in the background: a message flashed for the page the
    # visitor is on must stay for that page, not end up in the kept copy of this one.
    request_ctx.flashes = []
    return render_template("kiosk/offline.html")


@bp.route("/done", methods=["POST"])
@access("public", kiosk=True)
def done():
    """完成: forget this visitor and show the start screen for the next one."""
    if not kiosk_mode.current_kiosk():
        return redirect(url_for("main.home"), 303)
    kiosk_mode.forget_visitor(session)
    return _go(url_for("kiosk.start"))


@bp.route("/exit", methods=["GET", "POST"])
@access("public", kiosk=True)
@limiter.limit(_pin_limit, methods=["POST"])
def leave():
    """Leave kiosk mode with the PIN; a wrong PIN keeps the tablet in kiosk mode."""
    kiosk = kiosk_mode.current_kiosk()
    if not kiosk:
        return redirect(url_for("main.home"), 303)
    form = ExitForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("kiosk/exit.html", form=form), status
    if not kiosk_mode.pin_matches(kiosk, form.pin.data):
        form.pin.errors.append(WRONG_PIN)
        with write_unit():
            record("kiosk_pin_failed", user=None, event_id=kiosk.event_id)
        return render_template("kiosk/exit.html", form=form), 422
    starter = db.session.get(User, kiosk.started_by_id or 0)
    with write_unit():
        record("kiosk_exit", user=starter, event_id=kiosk.event_id)
        kiosk_mode.end(kiosk)
    session.clear()
    flash("已離開展示機模式。請重新登入。", "success")
    return _go(url_for("auth.login"))


@bp.errorhandler(429)
def _too_many(error):
    if request.endpoint == "kiosk.leave" and kiosk_mode.current_kiosk():
        form = ExitForm(formdata=None)
        form.pin.errors = [TOO_MANY]
        return render_template("kiosk/exit.html", form=form), 429
    return error_page(429)


def _go(url: str):
    """303 for a plain form post; htmx gets HX-Redirect so the whole page loads."""
    if request.headers.get("HX-Request"):
        return "", 200, {"HX-Redirect": url}
    return redirect(url, 303)
