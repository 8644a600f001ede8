"""Issue 24, item 5: the test page offers a QR code of its 作答網址, and before anyone has
answered an officer can change and reorder items; afterwards they can only be removed."""

import base64
import html
import re
import urllib.parse

from smeup.extensions import db
from smeup.models.prepost import CourseTest, TestItem
from tests.helpers import csrf_token
from tests.prepost.test_taking_http import item_ids, send


def test_the_test_page_has_a_qr_code_of_the_take_url(app, auth, course_test):
    page = html.unescape(auth("officer").get(f"/console/tests/{course_test}").get_data(True))
    url = f"http://localhost/tests/{course_test}"
    assert f">{url}</a>" in page
    src = re.search(r'<img src="(data:image/svg\+xml[^"]+)"[^>]*alt="作答網址的 QR code"', page)
    assert src, "no QR code image"
    data = src.group(1).split(",", 1)[1]
    svg = urllib.parse.unquote(data) if "base64" not in src.group(1) else base64.b64decode(data)
    assert "<svg" in str(svg) and "<path" in str(svg)


def test_before_anyone_answers_an_item_can_be_changed_and_moved(app, auth, course_test):
    ids = item_ids(app, course_test)
    officer = auth("officer")
    token = csrf_token(officer, f"/console/tests/{course_test}")
    form = officer.get(f"/console/tests/{course_test}/items/{ids[1]}").get_data(as_text=True)
    form = html.unescape(form)
    assert "修改第 2 題" in form and "LINE 官方帳號\nB" not in form
    assert "LINE 官方帳號\n傳單\nGoogle 商家\n電話簿" in form and 'value="A,C"' in form
    bad = officer.post(
        f"/console/tests/{course_test}/items/{ids[1]}",
        data={"csrf_token": token, "kind": "single", "prompt": "改過", "points": "2",
              "options": "甲\n乙", "correct": "A,B"},
    )  # fmt: skip
    assert bad.status_code == 422 and "單選題只能有一個正確答案" in bad.get_data(as_text=True)
    saved = officer.post(
        f"/console/tests/{course_test}/items/{ids[1]}",
        data={"csrf_token": token, "kind": "single", "prompt": "改過的題目", "points": "4",
              "options": "甲\n乙\n丙", "correct": "c"},
    )  # fmt: skip
    assert saved.status_code == 303
    moved = officer.post(
        f"/console/tests/{course_test}/items/{ids[2]}/move", data={"csrf_token": token, "to": "up"}
    )
    assert moved.status_code == 303
    officer.post(
        f"/console/tests/{course_test}/items/{ids[0]}/move", data={"csrf_token": token, "to": "up"}
    )  # already first: nothing moves
    with app.app_context():
        test = db.session.get(CourseTest, course_test)
        assert [i.id for i in test.visible_items] == [ids[0], ids[2], ids[1]]
        changed = db.session.get(TestItem, ids[1])
        assert (changed.kind, changed.prompt, changed.points) == ("single", "改過的題目", 4)
        assert changed.options == [["A", "甲"], ["B", "乙"], ["C", "丙"]]
        assert changed.correct == ["C"] and test.max_score == 2 + 1 + 4
    page = html.unescape(officer.get(f"/console/tests/{course_test}").get_data(as_text=True))
    assert page.index("題目1") < page.index("題目3") < page.index("改過的題目")
    assert "第 1 題下移" in page and "第 1 題上移" not in page and "第 3 題下移" not in page


def test_once_someone_answered_items_can_only_be_removed(app, auth, client, course_test, make_shop):
    ids = item_ids(app, course_test)
    send(client, course_test, make_shop(), {ids[0]: ["A"]})
    officer = auth("officer")
    token = csrf_token(officer, f"/console/tests/{course_test}")
    page = html.unescape(officer.get(f"/console/tests/{course_test}").get_data(as_text=True))
    assert "修改第" not in page and "上移" not in page and "下移" not in page
    assert "移除第 1 題" in page and "只能移除" in page
    changed = officer.post(
        f"/console/tests/{course_test}/items/{ids[0]}",
        data={"csrf_token": token, "kind": "truefalse", "prompt": "改", "points": "1",
              "correct": "是"},
    )  # fmt: skip
    assert changed.status_code == 303
    assert officer.get(f"/console/tests/{course_test}/items/{ids[0]}").status_code == 303
    officer.post(
        f"/console/tests/{course_test}/items/{ids[2]}/move", data={"csrf_token": token, "to": "up"}
    )
    with app.app_context():
        item = db.session.get(TestItem, ids[0])
        assert (item.kind, item.prompt) == ("single", "題目1：single")
        test = db.session.get(CourseTest, course_test)
        assert [i.id for i in test.visible_items] == ids


def test_the_public_home_links_the_course_tests_while_one_is_open(app, client, course_test):
    page = html.unescape(client.get("/").get_data(as_text=True))
    assert 'href="/tests/"' in page and "課程前測／後測" in page and "數位行銷入門測驗" in page
    with app.app_context():
        db.session.get(CourseTest, course_test).open_kind = None
        db.session.commit()
    page = html.unescape(client.get("/").get_data(as_text=True))
    assert 'href="/tests/"' not in page and "課程前測／後測" not in page
