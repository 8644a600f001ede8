"""The POST reference of quality.md (revised 2026-12-07): the same stack's minimal route.

The app itself (`create_app`: the same config, session, CSRF, rate-limit storage, request
cleaning, database engine), plus one route that does only what any form post that stores a
check must do: the net-zero form's fields and validators with CSRF on, the same rate-limit
check, and the same submission and check rows inserted with the ORM in one transaction. What
the real POST does beyond this (the assessment, the submission key's once-only store, the link
to the company register, the answer page) is what the ratio measures.

Served by gunicorn as `bench.minimal_post_app:app`, beside `wsgi:app`.
"""

from __future__ import annotations

import secrets

from flask import Blueprint

from smeup import create_app
from smeup.access import access
from smeup.database import write_unit
from smeup.extensions import db
from smeup.forms.company import COMPANY_FIELDS
from smeup.models import Submission
from smeup.models.netzero import NetzeroCheck
from smeup.netzero.forms import NetzeroForm
from smeup.netzero.store import ANSWER_FIELDS, build_check, energy_keys
from smeup.ratelimits import public_submit_limit
from smeup.workflow import initial_status

bp = Blueprint("bench_minimal", __name__)
_assessed: dict | None = None


def _check_values(data) -> dict:
    """The check row's columns; the assessment's own columns computed once (the reference
    inserts the same row without paying for the arithmetic on every request)."""
    global _assessed
    if _assessed is None:
        check = build_check(data)
        _assessed = {
            c.key: getattr(check, c.key)
            for c in NetzeroCheck.__table__.columns
            if c.key not in ("id", "submission_id")
        }
    answers = {key: data[key] for key in (*energy_keys(), *ANSWER_FIELDS)}
    return {**_assessed, "data_year": int(data["data_year"]), **answers}


@bp.post("/minimal-post")
@access("public")
@public_submit_limit
def minimal_post():
    form = NetzeroForm()
    if not form.validate():
        return "invalid", 422
    data = form.netzero_data()
    with write_unit():
        submission = Submission(
            form_type="netzero",
            channel="web",
            status=initial_status("netzero"),
            submission_key=secrets.token_urlsafe(16),
            content_hash="",
            result_token=secrets.token_urlsafe(32),
            **{name: data[name] for name in COMPANY_FIELDS},
        )
        submission.netzero = NetzeroCheck(**_check_values(data))
        db.session.add(submission)
    return "stored", 303, {"Location": "/"}


app = create_app()
app.register_blueprint(bp)
