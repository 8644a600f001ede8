"""Officers' referral pages: refer an item, move a referral, each unit's queue and hand-off."""

from collections.abc import Iterator

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import access
from ..audit import record
from ..clock import taipei_today
from ..database import write_unit
from ..exports.csv_stream import stream_csv
from ..exports.download import MIMETYPES, content_disposition
from ..exports.neutralise import flattened
from ..exports.xlsx_stream import stream_xlsx
from ..extensions import db
from ..ids import parse_id
from ..models import Submission
from ..models.base import utcnow
from ..models.register import Referral
from ..reference.service_units import unit, units
from .handoff import handoff_filename, handoff_rows, header, mail_handoff
from .queues import days_waited, open_count, open_queue, waiting_for_handoff
from .referrals import (
    MOVES,
    OPEN,
    WAITING,
    AlreadyOpen,
    ReferralError,
    mark_referred,
    move,
    refer,
)
from .views import REFERRALS_TARGET, _back, bp, referral_section, wants_referral_section

MAX_IDS = 500


def _unit(code: str):
    return unit(code) or abort(404)


def _at(back: str, fragment: str) -> str:
    """`back` landing at `fragment` (a reload without JavaScript opens at the section the
    officer was working in, not at the top of a long page), unless it names one already."""
    return back if "#" in back else f"{back}#{fragment}"


def _ids(raw: str | None) -> list[int]:
    """The referral ids a hand-off names ("3,5,8"), at most MAX_IDS."""
    parts = (raw or "").split(",")[:MAX_IDS]
    return [i for i in (parse_id(p.strip()) for p in parts) if i]


@bp.route("/checks/<int:submission_id>/refer", methods=["POST"])
@access("officer")
def refer_item(submission_id: int):
    """Refer one prescription item of a net-zero check to a service unit (待轉介).

    The company already has this item open with this unit (from any of its checks): nothing is
    written and the answer names that referral. With htmx the answer is the company page's
    referral section; without, a redirect back to it (#referrals).
    """
    item_key = request.form.get("item_key", "")
    unit_code = request.form.get("unit", "")
    company_id = None
    try:
        with write_unit():
            submission = db.session.get(Submission, submission_id) or abort(404)
            company_id = submission.company_id
            referral = refer(submission, item_key, unit_code, current_user)
    except AlreadyOpen as error:
        notice = (str(error), "warning")
    except ReferralError as error:
        notice = (str(error), "error")
    else:
        notice = (
            f"已將「{referral.item_title}」列入{units()[unit_code].name}的待轉介清單",
            "success",
        )
    if wants_referral_section() and company_id is not None:
        return referral_section(company_id, notice=notice)
    flash(*notice)
    return redirect(_at(_back(url_for("register.referrals")), REFERRALS_TARGET), 303)


@bp.route("/referrals/<int:referral_id>/move", methods=["POST"])
@access("officer")
def move_referral(referral_id: int):
    """Move a referral to its next status (不需要 needs a reason); from the unit's queue or
    the company page (whose referral section htmx swaps)."""
    target = request.form.get("status", "")
    reason = request.form.get("reason", "")
    try:
        with write_unit():
            query = db.select(Referral).filter_by(id=referral_id).with_for_update()
            referral = db.session.scalar(query) or abort(404)
            move(referral, target, reason, current_user)
    except ReferralError as error:
        referral = db.session.get(Referral, referral_id)
        typed = {"typed_status": target, "typed_reason": reason}
        if wants_referral_section() and referral.company_id is not None:
            section = referral_section(
                referral.company_id, move_errors={referral_id: str(error)}, typed=typed
            )
            return section, 422
        return render_queue(referral.unit, {referral_id: str(error)}, **typed), 422
    message = f"「{referral.item_title}」已改為「{target}」"
    if wants_referral_section() and referral.company_id is not None:
        return referral_section(referral.company_id, notice=(message, "success"))
    flash(message, "success")
    back = _back(url_for("register.queue", unit_code=referral.unit))
    on_queue = back.startswith(url_for("register.queue", unit_code=referral.unit))
    return redirect(_at(back, f"referral-{referral.id}" if on_queue else REFERRALS_TARGET), 303)


@bp.route("/referrals/")
@access("officer")
def referrals():
    """The service units, each with its count of open referrals."""
    counts = dict(
        db.session.execute(
            db.select(Referral.unit, db.func.count())
            .where(Referral.status.in_(OPEN))
            .group_by(Referral.unit)
        ).all()
    )
    return render_template("register/referrals.html", units=units(), counts=counts)


@bp.route("/referrals/<unit_code>/")
@access("officer")
def queue(unit_code: str):
    """A unit's open referrals, oldest first, with the days each has waited."""
    return render_queue(unit_code)


def render_queue(unit_code: str, move_errors: dict | None = None, **typed) -> str:
    """The queue page, with any refused move's message beside its row."""
    service_unit = _unit(unit_code)
    rows = open_queue(unit_code)
    now = utcnow()
    waiting = [r.id for r in rows if r.status == WAITING]
    return render_template(
        "register/queue.html",
        unit=service_unit,
        units=units(),
        rows=[(r, days_waited(r, now)) for r in rows],
        open_total=open_count(unit_code),
        moves=MOVES,
        waiting_ids=",".join(map(str, waiting)),
        waiting_count=len(waiting),
        move_errors=move_errors,
        **typed,
    )


@bp.route("/referrals/<unit_code>/handoff.<fmt>")
@access("officer")
def handoff(unit_code: str, fmt: str):
    """Stream the unit's 待轉介 referrals (those the page listed) as CSV or XLSX; audited."""
    service_unit = _unit(unit_code)
    if fmt not in MIMETYPES:
        abort(404)
    ids = _ids(request.args.get("ids")) if request.args.get("ids") is not None else None
    # zh-Hant labels by default (exports.md); 欄位代碼 (the field keys) for scripts with
    # ?headers=keys, the console export's option
    chinese = request.args.get("headers") != "keys"
    body = _audited(unit_code, service_unit.name, ids, fmt, chinese)
    response = Response(body, mimetype=MIMETYPES[fmt])
    filename = handoff_filename(unit_code, fmt, taipei_today())
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


def _audited(unit_code: str, unit_name: str, ids, fmt: str, chinese: bool) -> Iterator[bytes]:
    # Read the rows first (a unit's queue is small): the audit names exactly what was sent.
    referrals = list(waiting_for_handoff(unit_code, ids))
    rows = list(handoff_rows(referrals, unit_name))
    with write_unit():
        record(
            "referral_handoff",
            unit=unit_code,
            format=fmt,
            rows=len(rows),
            zh_headers=chinese,
            referral_ids=[r.id for r in referrals],
        )
    if fmt == "csv":
        return stream_csv(header(chinese), rows)
    return stream_xlsx(header(chinese), flattened(rows), sheet_name=f"轉介{unit_name}")


@bp.route("/referrals/<unit_code>/handoff/confirm", methods=["POST"])
@access("officer")
def confirm_handoff(unit_code: str):
    """The officer sent the hand-off: mark the rows it held 已轉介 (only those still 待轉介)."""
    service_unit = _unit(unit_code)
    ids = _ids(request.form.get("ids"))
    with write_unit():
        chosen = list(
            db.session.scalars(
                db.select(Referral)
                .where(Referral.unit == unit_code, Referral.id.in_(ids))
                .with_for_update()
            )
        )
        handed = [r for r in chosen if r.status == WAITING]
        moved = mark_referred(chosen, current_user)
        mailed = mail_handoff(service_unit, handed, current_user)  # mail.md: same transaction
        record("referral_handoff_confirm", unit=unit_code, referral_ids=ids, moved=moved)
    sent = f"，名單已排入寄送到 {service_unit.email}" if mailed else ""
    flash(f"已將 {moved} 筆標記為「已轉介」給{service_unit.name}{sent}", "success")
    return redirect(url_for("register.queue", unit_code=unit_code), 303)
