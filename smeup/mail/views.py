"""The mail room: `flask mail run`, 送信紀錄 for officers, and the public unsubscribe link."""

from __future__ import annotations

import time

import click
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy.exc import OperationalError

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import csrf, db
from ..mail_queue import (
    STATE_LABELS,
    kind_label,
    read_unsubscribe_token,
    smtp_configured,
    unsubscribe,
)
from ..models.base import utcnow
from ..models.mail import MailMessage
from .smtp import SmtpUrlError, parse_smtp_url
from .worker import run_pass

bp = Blueprint("mail", __name__, url_prefix="/mail", cli_group="mail")

PER_PAGE = 50
FILTERS = ("pending", "sending", "sent", "failed")


@bp.route("/")
@access("officer")
def log():
    """送信紀錄: newest first, by state, 50 a page (paged by id: ?before= / ?after=)."""
    state = request.args.get("state", "")
    state = state if state in FILTERS else ""
    before = request.args.get("before", type=int)
    after = request.args.get("after", type=int)
    query = db.select(MailMessage)
    if state:
        query = query.where(MailMessage.state == state)
    if after:
        rows = db.session.scalars(
            query.where(MailMessage.id > after).order_by(MailMessage.id).limit(PER_PAGE + 1)
        ).all()
        newer = len(rows) > PER_PAGE
        rows = list(reversed(rows[:PER_PAGE]))
        older = True
    else:
        if before:
            query = query.where(MailMessage.id < before)
        rows = db.session.scalars(query.order_by(MailMessage.id.desc()).limit(PER_PAGE + 1)).all()
        older = len(rows) > PER_PAGE
        rows = rows[:PER_PAGE]
        newer = bool(before)
    counts = dict(
        db.session.execute(
            db.select(MailMessage.state, db.func.count()).group_by(MailMessage.state)
        ).all()
    )
    return render_template(
        "mail/log.html",
        rows=rows,
        state=state,
        labels=STATE_LABELS,
        counts=counts,
        older_url=url_for("mail.log", state=state or None, before=rows[-1].id)
        if rows and older
        else None,
        newer_url=url_for("mail.log", state=state or None, after=rows[0].id)
        if rows and newer
        else None,
        configured=smtp_configured(),
    )


@bp.route("/<int:message_id>/resend", methods=["POST"])
@access("officer")
def resend(message_id: int):
    """重寄: a failed message goes back to 待寄, now, with its tries counted afresh; audited."""
    with write_unit():
        query = db.select(MailMessage).filter_by(id=message_id).with_for_update()
        message = db.session.scalar(query) or abort(404)
        if message.purged_at is not None:
            flash("這封信的內容已依保存期限清除，無法重寄；請從原本的頁面再寄一次", "error")
            return redirect(url_for("mail.log"), 303)
        if message.state != "failed":
            flash(f"這封信目前是「{STATE_LABELS[message.state]}」，只有失敗的信可以重寄", "error")
            return redirect(url_for("mail.log"), 303)
        message.state, message.send_after, message.attempts = "pending", utcnow(), 0
        message.last_error = message.claim = message.lease_until = message.handed_at = None
        record("mail_resend", mail_id=message.id, rows=1)
    flash(f"已將寄給 {message.to_address} 的「{message.subject}」排入待寄", "success")
    back = request.form.get("back", "")
    return redirect(back if back.startswith("/mail/") else url_for("mail.log"), 303)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"], endpoint="unsubscribe")
@access("public", kiosk=True)
@csrf.exempt  # RFC 8058: the mail provider posts here with no session; the token is the proof
def unsubscribe_link(token: str):
    """GET: a page with a confirm button; POST (that button, or one-click): unsubscribe."""
    found = read_unsubscribe_token(token)
    if found is None:
        abort(404)
    address, kind = found
    done = request.method == "POST"
    if done:
        with write_unit():
            unsubscribe(address, kind)
    return render_template(
        "mail/unsubscribe.html", address=address, kind=kind_label(kind), done=done
    )


@bp.cli.command("run")
@click.option("--once", is_flag=True, help="One pass (due sources, every message due), then stop.")
@click.option(
    "--interval", type=float, default=10.0, show_default=True, help="Seconds between passes."
)
def run(once: bool, interval: float) -> None:
    """Send the mail queue (without SMEUP_SMTP_URL: print the messages here instead)."""
    if smtp_configured():
        try:
            parse_smtp_url(str(current_app.config["SMEUP_SMTP_URL"]))
        except SmtpUrlError as exc:
            raise click.ClickException(str(exc)) from exc
    else:
        click.echo("未設定寄信伺服器（SMEUP_SMTP_URL）：信件只印在這裡，不會寄出。")
    while True:
        try:
            report = run_pass(echo=click.echo)
        except OperationalError as exc:
            if once:
                raise click.ClickException(f"資料庫無法使用：{exc.orig}") from exc
            click.echo(f"資料庫無法使用，稍後再試：{exc.orig}", err=True)
            db.session.rollback()
        except Exception as exc:  # noqa: BLE001 - the loop outlives one bad pass; --once tells
            if once:
                raise
            current_app.logger.exception("mail worker pass failed")
            click.echo(f"寄信程式這一輪出錯，稍後再試：{exc}", err=True)
            db.session.rollback()
        else:
            if once:
                click.echo(
                    f"已寄 {len(report.sent)}、稍後重試 {len(report.retried)}、"
                    f"失敗 {len(report.failed)}（其中未設定寄信伺服器 {len(report.printed)}）"
                )
                return
        db.session.remove()
        time.sleep(interval)
