"""「寄給我」 on a result page: the visitor's address, and a mail carrying the result's link only."""

from __future__ import annotations

import hashlib

from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import Email

from ..forms.validators import MaxLength, Required, strip
from .queue import enqueue

# What each result page is called in the mail.
RESULT_NAMES = {"netzero": "淨零健檢結果", "navigator": "補助與獎勵導航結果"}


class SendMeForm(FlaskForm):
    """The address a result link goes to."""

    email = EmailField(
        "電子郵件",
        filters=[strip],
        validators=[
            Required("請填寫電子郵件"),
            MaxLength(254, "電子郵件"),
            Email("電子郵件格式不正確，例如 name@example.com"),
        ],
        render_kw={"autocomplete": "email", "maxlength": 254},
        description="只寄這個頁面的網址，信裡不含任何數字",
        id="send-me-email",
    )


def send_result_link(form_kind: str, submission_id: int, address: str, url: str):
    """Enqueue the result link for `address` (one message per result and address)."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:16]
    return enqueue(
        f"result.{form_kind}:{submission_id}:{digest}",
        address,
        "result_link",
        {"result_name": RESULT_NAMES[form_kind], "url": url},
    )


def send_me_post(form_kind: str, token: str, submission_id: int, result_endpoint: str, page):
    """The 寄給我 POST of a result page, the same for every result: validate the address,
    enqueue the link, answer htmx with the partial and a plain form with 303 (or the page with
    the error beside the field: `page(form)` renders it)."""
    from flask import flash, redirect, render_template, request, url_for

    from ..database import write_unit
    from ..links import public_url

    form = SendMeForm()
    htmx = request.headers.get("HX-Request")
    if not form.validate():
        if htmx:
            action = url_for(request.endpoint, token=token)
            return render_template("mail/_send_me.html", send_me=form, send_me_action=action), 422
        return page(form), 422
    address = form.email.data
    with write_unit():
        send_result_link(
            form_kind, submission_id, address, public_url(result_endpoint, token=token)
        )
    if htmx:
        return render_template("mail/_send_me.html", send_me_sent=address)
    flash(f"已排入寄送：結果頁的網址會寄到 {address}", "success")
    return redirect(url_for(result_endpoint, token=token) + "#send-me", 303)
