"""libphonenumber's judgement as a person meets it in the company block: same zh-Hant message."""

import pytest
from werkzeug.datastructures import MultiDict

from smeup.forms.company import company_block

Block = company_block(ubn_required=False, employees_required=False, capital_required=False)
MESSAGE = "電話號碼格式不正確，請填寫市話（含區碼，如 02-2358-1021）或手機（如 0912-345-678）"


def check(app, typed: str):
    with app.test_request_context(method="POST"):
        form = Block(formdata=MultiDict({"contact_phone": typed}), meta={"csrf": False})
        form.validate()
        return (
            form.contact_phone.data,
            form.contact_phone._value(),
            form.errors.get("contact_phone"),
        )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("070-1018-8888", "07010188888"), ("＋８８６ ２ ２３５８ １０２１ 轉 352", "0223581021#352")],
)
def test_real_numbers_are_accepted_and_stored_normalised(app, typed, stored):
    data, shown, errors = check(app, typed)
    assert (data, errors) == (stored, None)
    assert shown == typed  # shown back as typed


@pytest.mark.parametrize("typed", ["04-8219-9351", "0204-123-456"])
def test_unallocated_and_premium_numbers_are_refused_with_the_same_message(app, typed):
    _, shown, errors = check(app, typed)
    assert errors == [MESSAGE]
    assert shown == typed
