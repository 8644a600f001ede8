"""The company block as a person meets it: errors in zh-Hant, what they typed kept."""

from werkzeug.datastructures import MultiDict

from smeup.forms.company import company_block
from smeup.forms.validators import strip

Block = company_block(ubn_required=True, employees_required=True, capital_required=False)


def make(app, **data):
    with app.test_request_context(method="POST"):
        form = Block(formdata=MultiDict(data), meta={"csrf": False})
        form.validate()
        return form, form.contact_phone._value(), dict(form.errors)


def test_phone_is_stored_normalised_but_shown_as_typed(app):
    form, shown, errors = make(app, contact_phone="(02) 2358-1021 分機 352", ubn="12345678")
    assert "contact_phone" not in errors
    assert form.contact_phone.data == "0223581021#352"
    assert shown == "(02) 2358-1021 分機 352"
    assert errors["ubn"] == ["統一編號檢查碼不符，請核對是否有數字打錯"]


def test_required_fields_say_what_to_fill(app):
    _form, _shown, errors = make(app)
    assert errors["company_name"] == ["請填寫企業名稱"]
    assert errors["consent"] == ["請勾選同意個人資料蒐集，才能送出"]
    assert errors["employees"] == ["請填寫員工人數（沒有員工請填 0）"]


def test_county_accepts_tai_for_tai(app):
    form, _shown, errors = make(app, county="台北市")
    assert "county" not in errors and form.county.data == "臺北市"


def test_strip_drops_control_characters_but_keeps_line_breaks():
    assert strip("  綠能\x00公司\x1b \x7f ") == "綠能公司"
    assert strip("第一行\n第二行") == "第一行\n第二行"
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\x85"
    assert strip(f"A{bidi}公司") == "A公司"


def test_unreadable_number_says_so_instead_of_asking_to_fill_it(app):
    _form, _shown, errors = make(app, employees="十二")
    assert errors["employees"] == ["請填寫整數（阿拉伯數字，不含小數點）"]


def test_huge_capital_is_refused_not_stored(app):
    _form, _shown, errors = make(app, paid_in_capital="99999999999999999999")
    assert errors["paid_in_capital"][0].startswith("不可大於")
