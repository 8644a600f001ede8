"""Officers define a test, open and close it, see the results with charts, and export."""

import csv
import html
import io
import zipfile

from smeup.extensions import db
from smeup.models.prepost import CourseTest, TestItem
from smeup.models.surveys import Survey, SurveyOption
from tests.helpers import csrf_token
from tests.prepost.test_taking_http import item_ids, open_as, send


def test_an_officer_defines_a_test_and_opens_it(app, auth):
    client = auth("officer")
    with app.app_context():
        survey = Survey(title="課程意願調查", min_ranked=1, max_ranked=3)
        db.session.add_all([survey, SurveyOption(survey=survey, code="c1", label="電商經營")])
        db.session.commit()
        course_id = db.session.scalar(db.select(SurveyOption.id))
    token = csrf_token(client, "/console/tests/")
    created = client.post(
        "/console/tests/", data={"csrf_token": token, "course": course_id, "title": "電商測驗"}
    )
    assert created.status_code == 303
    edit_url = created.headers["Location"]
    bad = client.post(
        edit_url,
        data={
            "csrf_token": token,
            "kind": "single",
            "prompt": "哪個對？",
            "points": "2",
            "options": "甲\n乙",
            "correct": "A,B",
        },
    )
    page = html.unescape(bad.get_data(as_text=True))
    assert bad.status_code == 422 and "單選題只能有一個正確答案" in page and "哪個對？" in page
    for data in (
        {
            "kind": "single",
            "prompt": "哪個對？",
            "points": "2",
            "options": "甲\n乙",
            "correct": "b",
        },
        {"kind": "truefalse", "prompt": "發票可以電子化", "points": "1", "correct": "是"},
    ):
        assert client.post(edit_url, data={"csrf_token": token, **data}).status_code == 303
    opened = client.post(f"{edit_url}/state", data={"csrf_token": token, "state": "pre"})
    assert opened.status_code == 303
    with app.app_context():
        test = db.session.scalar(db.select(CourseTest))
        assert test.open_kind == "pre" and test.max_score == 3
        assert [(i.kind, i.correct) for i in test.items] == [
            ("single", ["B"]),
            ("truefalse", ["T"]),
        ]


def test_an_item_used_by_an_attempt_is_hidden_not_deleted(
    app, auth, client, course_test, make_shop
):
    ids = item_ids(app, course_test)
    officer = auth("officer")
    token = csrf_token(officer, f"/console/tests/{course_test}")
    # before anyone answers, removing deletes
    with app.app_context():
        extra = TestItem(
            test_id=course_test,
            kind="truefalse",
            prompt="多的",
            points=1,
            options=[["T", "是"], ["F", "非"]],
            correct=["T"],
            position=9,
        )
        db.session.add(extra)
        db.session.commit()
        extra_id = extra.id
    officer.post(
        f"/console/tests/{course_test}/items/{extra_id}/remove", data={"csrf_token": token}
    )
    with app.app_context():
        assert db.session.get(TestItem, extra_id) is None
    officer.get("/logout")
    send(client, course_test, make_shop(), {ids[0]: ["A"]})
    officer = auth("officer")
    token = csrf_token(officer, f"/console/tests/{course_test}")
    officer.post(f"/console/tests/{course_test}/items/{ids[0]}/remove", data={"csrf_token": token})
    with app.app_context():
        assert db.session.get(TestItem, ids[0]).hidden is True
        assert db.session.get(CourseTest, course_test).max_score == 4
    assert "題目1" not in client.get(f"/tests/{course_test}").get_data(as_text=True)


def take_both(app, client, test_id, shops, pre_answers, post_answers):
    open_as(app, test_id, "pre")
    for shop, answers in zip(shops, pre_answers, strict=True):
        send(client, test_id, shop, answers)
    open_as(app, test_id, "post")
    for shop, answers in zip(shops, post_answers, strict=True):
        if answers is not None:
            send(client, test_id, shop, answers)


def test_results_show_the_figures_and_both_charts_with_tables(
    app, auth, client, course_test, make_shop
):
    ids = item_ids(app, course_test)
    shops = [make_shop(name=f"店{n}") for n in range(3)]
    full = {ids[0]: ["A"], ids[1]: ["A", "C"], ids[2]: ["F"]}  # 6
    take_both(
        app,
        client,
        course_test,
        shops,
        [{ids[0]: ["A"]}, {ids[2]: ["F"]}, {}],  # 2, 1, 0
        [full, {ids[0]: ["A"], ids[2]: ["F"]}, None],  # 6, 3, (none)
    )
    page = html.unescape(
        auth("officer").get(f"/console/tests/{course_test}/results").get_data(as_text=True)
    )
    figures = page[page.index('id="figures"') : page.index("</dl>")]
    # pre 2, 1, 0 (n 3), post 6, 3 (n 2); matched: gains 4, 2 → mean 3, SD √2, d_z 2.12
    # ⟨g⟩ = (4.5 − 1.5) / (6 − 1.5) = 0.67 中; individual g: 4/4, 2/5 → 0.70
    for label, value in (
        ("前測人數", "3 人"),
        ("後測人數", "2 人"),
        ("配對人數（兩次都有）", "2 人"),
        ("前測平均（全部）", "1.0 分"),
        ("前測平均（配對）", "1.5 分"),
        ("後測平均（配對）", "4.5 分"),
        ("平均進步（配對）", "3.0 分"),
        ("進步幅度 ⟨g⟩（Hake 標準化增益）", "0.67（中）"),
        ("個人進步幅度 g 平均", "0.70"),
        ("效果量 dz（Lakens）", "2.12"),
    ):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in figures.replace("<sub>", "").replace(
            "</sub>", ""
        )
    assert page.count("<svg viewBox") == 2 and "各題答對比例" in page and "配對學員分數" in page
    items_table = page[page.index('id="items-table"') :]
    assert "1/3（33%）" in items_table  # item 1 right in one of three 前測
    assert "斜線圖" in page


def test_exports_of_attempts_and_pairs(app, auth, client, course_test, make_shop):
    ids = item_ids(app, course_test)
    shops = [make_shop(name="阿明麵店", ubn="22099131"), make_shop(name="小林咖啡")]
    take_both(
        app,
        client,
        course_test,
        shops,
        [{ids[0]: ["A"]}, {}],
        [{ids[0]: ["A"], ids[2]: ["F"]}, None],
    )
    officer = auth("officer")
    attempts = officer.get(f"/console/tests/{course_test}/attempts.csv?zh=1")
    assert attempts.headers["Content-Type"] == "text/csv; charset=utf-8"  # once, not twice
    rows = list(csv.reader(io.StringIO(attempts.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:6] == [
        "作答編號",
        "測驗編號",
        "測驗名稱",
        "課程",
        "測驗別",
        "計分（第一次送出）",
    ]
    assert [r[4] for r in rows[1:]] == ["前測", "前測", "後測"]
    assert "0912345678" in attempts.get_data(as_text=True)
    pairs = officer.get(f"/console/tests/{course_test}/pairs.csv?no_personal=1")
    rows = list(csv.reader(io.StringIO(pairs.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [
        "test_id",
        "shop_id",
        "shop_name",
        "ubn",
        "pre_score",
        "post_score",
        "gain",
        "normalised_gain",
        "max_score",
    ]
    assert rows[1][2:8] == ["阿明麵店", "22099131", "2", "3", "1", "0.25"]
    assert len(rows) == 2
    xlsx = officer.get(f"/console/tests/{course_test}/pairs.xlsx")
    assert zipfile.ZipFile(io.BytesIO(xlsx.data)).testzip() is None
    assert officer.get(f"/console/tests/{course_test}/other.csv").status_code == 404
