"""Control and bidirectional characters never reach what we store, whichever form took the text.

The cleaning happens once, where text comes in (smeup/forms/cleaning.py): the request class
cleans every form field and query parameter, and CleanForm cleans formdata that comes from
elsewhere (kiosk outbox entries, saved drafts). These tests walk every form class of the app,
and send a right-to-left override (U+202E) through the real routes of the fields people found
it stored in.
"""

import importlib
import inspect
from datetime import date

import pytest
from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, Form, FormField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

from smeup import BLUEPRINTS, clock
from smeup.database import write_unit
from smeup.extensions import db
from smeup.forms.cleaning import CleanForm
from smeup.models import User
from smeup.models.digital import MonthlyRecord, Shop, Site
from smeup.models.prepost import TestAttempt
from smeup.models.register import Company, CompanyMerge, Referral
from smeup.register.referrals import refer
from tests.helpers import csrf_token
from tests.prepost.conftest import build_test
from tests.register.conftest import store

RLO = "\u202e"
# An override, an isolate, a mark, an escape and a NUL; tabs and line breaks are text.
TYPED = f"甲{RLO}乙\u2066丙\u200f丁\x1b[31m戊\x00"
STORED = "甲乙丙丁[31m戊"
NOT_TEXT = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\x00\x1b")


def clean(value) -> bool:
    return not (isinstance(value, str) and NOT_TEXT & set(value))


# --- every form class ---------------------------------------------------------------------

# The forms are defined by the blueprints' modules: import them all, as create_app does.
for _spec in BLUEPRINTS:
    importlib.import_module(_spec.partition(":")[0])


def smeup_form_classes() -> list[type]:
    """Every WTForms form class the app defines (its blueprints are imported by create_app)."""
    found, pending = [], [Form]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("smeup."):
                found.append(sub)
    return sorted(set(found), key=lambda c: (c.__module__, c.__qualname__, id(c)))


def text_inputs(form_class: type, prefix: str = "") -> list[str]:
    """The posted names of every text field of a form class, nested member rows included."""
    names = []
    for name, unbound in inspect.getmembers(form_class, lambda m: isinstance(m, UnboundField)):
        field = unbound.field_class
        if issubclass(field, PasswordField):
            continue
        if issubclass(field, (StringField, TextAreaField)):
            names.append(prefix + name)
        elif issubclass(field, FieldList):
            inner = unbound.args[0] if unbound.args else unbound.kwargs["unbound_field"]
            if issubclass(inner.field_class, FormField):
                sub = inner.args[0] if inner.args else inner.kwargs["form_class"]
                names += text_inputs(sub, f"{prefix}{name}-0-")
            elif issubclass(inner.field_class, (StringField, TextAreaField)):
                names.append(f"{prefix}{name}-0")
        elif issubclass(field, FormField):
            sub = unbound.args[0] if unbound.args else unbound.kwargs["form_class"]
            names += text_inputs(sub, f"{prefix}{name}-")
    return names


def field_values(form) -> dict[str, object]:
    """Every field's data by its posted name, nested forms flattened."""
    values = {}
    for field in form:
        if isinstance(field, FieldList | FormField):
            entries = field.entries if isinstance(field, FieldList) else [field]
            for entry in entries:
                if isinstance(entry, FormField):
                    values.update(field_values(entry.form))
                else:
                    values[entry.name] = entry.data
        else:
            values[field.name] = field.data
    return values


def test_the_walk_finds_the_forms_and_their_text_fields(app):
    classes = {c.__qualname__ for c in smeup_form_classes()}
    for name in (
        "LoginForm",
        "UserForm",
        "NetzeroForm",
        "SbtrForm",
        "MemberForm",
        "NavigatorForm",
        "CourseForm",
        "SurveyForm",
        "EventForm",
        "SiteForm",
        "ShopForm",
        "ReopenForm",
        "SetupForm",
        "ExitForm",
    ):
        assert name in classes, name
    by_name = {c.__qualname__: c for c in smeup_form_classes()}
    assert "members-0-name" in text_inputs(by_name["SbtrForm"])
    assert "company_name" in text_inputs(by_name["NetzeroForm"])
    assert "password" not in text_inputs(by_name["UserForm"])


def with_text_fields(classes) -> list[type]:
    return [c for c in classes if text_inputs(c)]


@pytest.mark.parametrize(
    "form_class", with_text_fields(smeup_form_classes()), ids=lambda c: c.__qualname__
)
def test_every_form_posted_to_the_app_drops_the_override_from_every_text_field(app, form_class):
    names = text_inputs(form_class)
    posted = {name: TYPED for name in names}
    with app.test_request_context("/", method="POST", data=posted):
        form = form_class(meta={"csrf": False}) if issubclass(form_class, FlaskForm) else None
        if form is None:  # a plain WTForms row form: the app fills it from the request's form
            form = form_class(formdata=request.form)
        values = field_values(form)
    for name in names:
        assert clean(values.get(name)), (name, values.get(name))


@pytest.mark.parametrize(
    "form_class",
    with_text_fields(c for c in smeup_form_classes() if issubclass(c, CleanForm)),
    ids=lambda c: c.__qualname__,
)
def test_forms_filled_from_an_outbox_entry_or_a_draft_drop_the_override_too(app, form_class):
    """Formdata from elsewhere than the request (a kiosk outbox entry, a saved draft)."""
    names = text_inputs(form_class)
    with app.test_request_context("/"):
        formdata = MultiDict({name: TYPED for name in names})
        form = form_class(formdata=formdata, meta={"csrf": False})
        values = field_values(form)
    for name in names:
        assert clean(values.get(name)), (name, values.get(name))


def test_the_company_block_forms_are_clean_forms(app):
    """The forms an outbox entry or a draft fills are CleanForms (the others only ever read the
    request, which the request class cleans)."""
    by_name = {c.__qualname__: c for c in smeup_form_classes()}
    for name in ("NetzeroForm", "SbtrForm", "NavigatorForm", "CourseForm"):
        assert issubclass(by_name[name], CleanForm), name


# --- the request, however a view reads it ---------------------------------------------------


def test_a_view_reading_the_request_by_hand_gets_clean_text(app):
    data = {"reason": TYPED, f"na{RLO}me": "x", "password": f"pass{RLO}word\u200f"}
    with app.test_request_context(f"/?q={TYPED}", method="POST", data=data):
        assert request.form["reason"] == request.form.get("reason") == STORED
        assert request.form.to_dict(flat=False)["reason"] == [STORED]
        assert "name" in request.form  # names are cleaned too (drafts keep them)
        assert request.args["q"] == STORED and request.values["q"] == STORED
        # A password is kept as typed: only its hash is stored, and it must match as set.
        assert request.form["password"] == f"pass{RLO}word\u200f"


def test_line_breaks_and_tabs_are_kept(app):
    note = "第一行\r\n第二行\t（附註）"
    with app.test_request_context("/", method="POST", data={"note": note}):
        assert request.form["note"] == note


def test_a_multipart_form_is_cleaned_and_its_file_left_alone(app):
    import io

    data = {"name": TYPED, "file": (io.BytesIO(b"\x00\x1b\xe2\x80\xae"), "a.pdf")}
    with app.test_request_context("/", method="POST", data=data):
        assert request.form["name"] == STORED
        assert request.files["file"].read() == b"\x00\x1b\xe2\x80\xae"


# --- the four fields people found the override stored in, through their routes ---------------


def new_shop(app, enrolled_month="2026-05") -> int:
    """A shop of the first seeded site, its counsellor agent1 (the `users` fixture's)."""
    from smeup.reference.sites import ensure_seeded_sites

    with app.app_context():
        ensure_seeded_sites()
        counsellor = db.session.scalar(db.select(User).filter_by(username="agent1"))
        shop = Shop(
            site_id=db.session.scalars(db.select(Site.id).order_by(Site.id)).first(),
            name="小林咖啡",
            tool_category="pos",
            usage_unit="交易筆數",
            enrolled_month=enrolled_month,
            counsellor_id=counsellor.id if counsellor else None,
        )
        db.session.add(shop)
        db.session.commit()
        return shop.id


def test_pre_post_participant_name(app, client):
    shop = new_shop(app)
    with app.app_context():
        test_id = build_test()
    data = {
        "csrf_token": csrf_token(client, f"/tests/{test_id}"),
        "shop_id": str(shop),
        "name": f"林{RLO}小美",
        "phone": "0912-345-678",
        "consent": "y",
    }
    response = client.post(f"/tests/{test_id}", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    with app.app_context():
        assert db.session.scalars(db.select(TestAttempt.name)).one() == "林小美"


def test_referral_reason(app, auth):
    with app.test_request_context():
        check = store().submission
        officer = db.session.scalar(db.select(User).filter_by(username="officer1"))
        with write_unit():
            referral_id = refer(check, "diagnosis", "itri", officer).id
    client = auth("officer")
    response = client.post(
        f"/console/referrals/{referral_id}/move",
        data={
            "csrf_token": csrf_token(client, "/console/referrals/itri/"),
            "status": "不需要",
            "reason": f"已與能源署{RLO}直接聯繫",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    with app.app_context():
        assert db.session.get(Referral, referral_id).reason == "已與能源署直接聯繫"


def test_merge_reason(app, auth):
    with app.test_request_context():
        store()
        store(ubn="22099132", company_name="綠能五金")
    client = auth("officer")
    with app.app_context():
        source = db.session.scalar(db.select(Company.id).filter_by(ubn="22099132"))
    url = f"/console/companies/{source}/merge"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "target_ubn": "22099131",
            "reason": f"統一編號{RLO}打錯一碼",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    with app.app_context():
        assert db.session.scalars(db.select(CompanyMerge.reason)).one() == "統一編號打錯一碼"


def test_digital_visit_note(app, auth, monkeypatch):
    monkeypatch.setattr(clock, "taipei_today", lambda: date(2026, 6, 5))
    client = auth("agent")
    shop = new_shop(app)
    response = client.post(
        f"/digital/shops/{shop}/months/2026-05",
        data={
            "csrf_token": csrf_token(client, f"/digital/shops/{shop}/entry"),
            "key": "tap-key-0123456789abcdef",
            "usage": "100",
            "orders": "",
            "net_sales": "",
            "visit_note": f"店長{RLO}說明新功能",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    with app.app_context():
        assert db.session.scalars(db.select(MonthlyRecord.visit_note)).one() == "店長說明新功能"
