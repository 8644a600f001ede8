"""Taking a test over HTTP: no right answers in the page, server scoring, first attempt counts."""

import html
import random
import re

from werkzeug.datastructures import MultiDict

from smeup.extensions import db
from smeup.models.prepost import CourseTest, TestAttempt, TestItem
from tests.helpers import csrf_token


def item_ids(app, test_id):
    with app.app_context():
        return [
            i.id
            for i in db.session.scalars(
                db.select(TestItem).filter_by(test_id=test_id).order_by(TestItem.position)
            )
        ]


def send(client, test_id, shop_id, answers, phone="0912-345-678", name="林小美", **extra):
    data = {
        "csrf_token": csrf_token(client, f"/tests/{test_id}"),
        "shop_id": str(shop_id or ""),
        "name": name,
        "phone": phone,
        "consent": "y",
        **extra,
    }
    for item_id, codes in answers.items():
        data[f"item-{item_id}"] = codes
    return client.post(f"/tests/{test_id}", data=data)


def open_as(app, test_id, kind):
    with app.app_context():
        db.session.get(CourseTest, test_id).open_kind = kind
        db.session.commit()


def test_the_test_page_never_shows_the_right_answers(app, client, course_test, make_shop):
    make_shop()
    page = client.get(f"/tests/{course_test}").get_data(as_text=True)
    assert "數位行銷入門測驗" in page and "雲端發票" in page
    assert "正確" not in page and "correct" not in page.lower()
    # every option input looks alike: nothing marks the right ones
    inputs = re.findall(r'<input type="(?:radio|checkbox)" id="item-[^>]*>', page)
    assert len(inputs) == 3 + 4 + 2
    # apart from id and value, every option of an item is the same markup
    for item in (f"item-{i}" for i in item_ids(app, course_test)):
        shapes = {re.sub(r'(id|value)="[^"]*"', "", i) for i in inputs if f'name="{item}"' in i}
        assert len(shapes) == 1
    assert not any("checked" in i or "data-" in i for i in inputs)


def test_the_server_scores_and_after_the_post_test_both_scores_show(
    app, client, course_test, make_shop
):
    shop = make_shop()
    ids = item_ids(app, course_test)
    first = send(client, course_test, shop, {ids[0]: ["B"], ids[1]: ["A"], ids[2]: ["F"]})
    assert first.status_code == 303
    receipt = html.unescape(client.get(first.headers["Location"]).get_data(as_text=True))
    assert "2.5" in receipt and "滿分 6 分" in receipt  # 0 + 1.5 (one of two, partial) + 1
    open_as(app, course_test, "post")
    second = send(
        client,
        course_test,
        shop,
        {ids[0]: ["A"], ids[1]: ["A", "C"], ids[2]: ["F"]},
        phone="0912345678",
    )
    page = html.unescape(client.get(second.headers["Location"]).get_data(as_text=True))
    assert "後測已送出" in page
    table = page[page.index("前測與後測") :]
    assert "2.5 / 6" in table and "6.0 / 6" in table and "+3.5 分" in table


def test_a_second_attempt_is_stored_marked_and_not_counted(app, client, course_test, make_shop):
    shop = make_shop()
    ids = item_ids(app, course_test)
    send(client, course_test, shop, {ids[0]: ["B"]})
    again = send(client, course_test, shop, {ids[0]: ["A"], ids[1]: ["A", "C"], ids[2]: ["F"]})
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "成績以第一次送出的為準" in page
    with app.app_context():
        rows = db.session.scalars(db.select(TestAttempt).order_by(TestAttempt.id)).all()
        assert [(r.score, r.counted) for r in rows] == [(0.0, True), (6.0, False)]


def test_a_typed_ubn_finds_the_shop_and_bad_input_keeps_what_was_typed(
    app, client, course_test, make_shop
):
    shop = make_shop(ubn="22099131")
    bad = send(client, course_test, None, {}, phone="12", name="", ubn="2209913")
    page = html.unescape(bad.get_data(as_text=True))
    assert bad.status_code == 422
    assert "統一編號應為 8 位數字" in page and "請填寫姓名" in page and "電話號碼格式不正確" in page
    assert 'value="2209913"' in page
    good = send(client, course_test, None, {}, ubn="22099131")
    assert good.status_code == 303
    with app.app_context():
        attempt = db.session.scalar(db.select(TestAttempt))
        assert attempt.shop_id == shop and db.session.query(TestAttempt).count() == 1


def test_consent_is_needed(client, course_test, make_shop):
    shop = make_shop()
    response = send(client, course_test, shop, {}, consent="")
    assert response.status_code == 422 and "請勾選同意個人資料蒐集" in response.get_data(
        as_text=True
    )


def test_a_closed_test_takes_no_answers(app, client, course_test):
    open_as(app, course_test, None)
    assert client.get(f"/tests/{course_test}").status_code == 410


def test_fuzzed_answers_never_fail_the_server(app, client, course_test, make_shop):
    shop = make_shop()
    ids = item_ids(app, course_test)
    rng = random.Random(14)
    junk = ["", "A", "Z", "'; drop table", "\x00", "A" * 500, "１", "-1", "T", "F", "<b>"]
    token = csrf_token(client, f"/tests/{course_test}")
    for _ in range(40):
        data = [("csrf_token", token)]
        for field in (
            "shop_id",
            "ubn",
            "name",
            "phone",
            "consent",
            *[f"item-{i}" for i in ids],
            "item-99999",
        ):
            for _ in range(rng.randint(0, 3)):
                data.append((field, rng.choice(junk + [str(shop)])))
        response = client.post(f"/tests/{course_test}", data=MultiDict(data))
        assert response.status_code in (303, 422), response.status_code
    with app.app_context():
        for attempt in db.session.scalars(db.select(TestAttempt)):
            assert 0 <= attempt.score <= 6


def test_a_shop_number_that_is_no_id_is_asked_again_not_a_server_error(
    client, course_test, make_shop
):
    make_shop()
    for raw in ("²", "9" * 30, "-3"):
        page = send(client, course_test, raw, {})
        assert page.status_code == 422, raw
        assert "請從清單選擇您的店家" in html.unescape(page.get_data(as_text=True))


def test_only_the_fields_a_person_must_fill_say_so(client, course_test, make_shop):
    make_shop()
    page = client.get(f"/tests/{course_test}").get_data(as_text=True)
    labels = dict(re.findall(r'<label for="(ubn|name|phone)">(.*?)</label>', page))
    assert "（必填）" not in labels["ubn"]  # needed only when no shop is chosen
    assert "（必填）" in labels["name"] and "（必填）" in labels["phone"]
