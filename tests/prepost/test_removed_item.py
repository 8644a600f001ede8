"""Issue 24, item 1: after an item is removed, every attempt is rescored on the items still
counted, so no score is above the maximum shown and the page and the pairs export agree."""

import csv
import html
import io
import re

from tests.helpers import csrf_token
from tests.prepost.test_officer_http import take_both
from tests.prepost.test_taking_http import item_ids, open_as, send


def figures_on(page):
    block = page[page.index('id="figures"') : page.index("</dl>")]
    block = re.sub(r"</?sub>", "", block)
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block))


def test_removing_an_item_rescores_every_attempt_on_the_items_left(
    app, auth, client, course_test, make_shop
):
    # items: 1 single 2 points (A), 2 multiple 3 points partial (A, C), 3 true/false 1 point (F)
    ids = item_ids(app, course_test)
    shops = [make_shop(name=f"店{n}") for n in range(3)]
    full = {ids[0]: ["A"], ids[1]: ["A", "C"], ids[2]: ["F"]}  # 6 of 6
    take_both(
        app,
        client,
        course_test,
        shops,
        # stored: 2, 6, 1.5 (one of two right, partial)
        [{ids[0]: ["A"]}, full, {ids[1]: ["A"]}],
        # stored: 6, 6, 1
        [full, full, {ids[2]: ["F"]}],
    )
    officer = auth("officer")
    token = csrf_token(officer, f"/console/tests/{course_test}")
    removed = officer.post(
        f"/console/tests/{course_test}/items/{ids[0]}/remove", data={"csrf_token": token}
    )
    assert removed.status_code == 303
    # Without item 1 the maximum is 3 + 1 = 4 and the attempts are worth:
    #   店0 pre 0 post 4 (gain 4); 店1 pre 4 post 4 (gain 0); 店2 pre 1.5 post 1 (gain −0.5)
    # means: pre 5.5/3 = 1.83, post 9/3 = 3.00, gain 3.5/3 = 1.17
    # ⟨g⟩ = (3 − 11/6) / (4 − 11/6) = (7/6) / (13/6) = 7/13 = 0.54 → 中
    # individual g: 店0 4/4 = 1, 店1 left out (前測 at the max 4), 店2 −0.5/2.5 = −0.2
    #   → mean 0.40; one person at the max
    # d_z: gains 4, 0, −0.5; mean 7/6; squares of deviations 289/36 + 49/36 + 100/36 = 438/36
    #   SD = √(438/72) = 2.4664; d_z = 1.1667 / 2.4664 = 0.47
    page = html.unescape(officer.get(f"/console/tests/{course_test}/results").get_data(True))
    assert "滿分 4 分" in page
    shown = figures_on(page)
    assert shown["前測平均（全部）"] == "1.8 分"
    assert shown["後測平均（全部）"] == "3.0 分"
    assert shown["前測平均（配對）"] == "1.8 分"
    assert shown["後測平均（配對）"] == "3.0 分"
    assert shown["平均進步（配對）"] == "1.2 分"
    assert shown["進步幅度 ⟨g⟩（Hake 標準化增益）"] == "0.54（中）"
    assert shown["個人進步幅度 g 平均"] == "0.40"
    assert shown["前測已滿分（未計入個人 g）"] == "1 人"
    assert shown["效果量 dz（Lakens）"] == "0.47"
    # the pairs table: no score above 4
    pairs_table = page[page.index('id="pairs-table"') :]
    scores = [float(s) for s in re.findall(r'<td class="num">([0-9.]+)</td>', pairs_table)]
    assert scores and max(scores) <= 4

    # 店2 went down: an orange line, which the legend names; negative g is explained
    people = page[
        page.index('id="people-chart-title"') : page.index(
            "</svg>", page.index('id="people-chart-title"')
        )
    ]
    assert people.count('stroke="#b45f06"') == 1
    legend = page[
        page.index("</svg>", page.index('id="people-chart-title"')) : page.index('id="pairs-table"')
    ]
    assert 'stroke="#b45f06"' in legend and "後測低於前測（退步）" in legend
    assert "後測比前測低時 g 為負數" in page
    assert "點擊" not in page

    export = officer.get(f"/console/tests/{course_test}/pairs.csv?no_personal=1")
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    by_shop = {r[2]: r[4:] for r in rows[1:]}
    # pre_score, post_score, gain, normalised_gain, max_score
    assert by_shop == {
        "店0": ["0", "4", "4", "1", "4"],
        "店1": ["4", "4", "0", "", "4"],
        "店2": ["1.5", "1", "-0.5", "-0.2", "4"],
    }


def test_the_receipt_compares_both_tests_on_the_items_left(
    app, auth, client, course_test, make_shop
):
    ids = item_ids(app, course_test)
    shop = make_shop()
    full = {ids[0]: ["A"], ids[1]: ["A", "C"], ids[2]: ["F"]}
    send(client, course_test, shop, full)  # 前測 6 of 6
    officer = auth("officer")
    token = csrf_token(officer, f"/console/tests/{course_test}")
    officer.post(f"/console/tests/{course_test}/items/{ids[0]}/remove", data={"csrf_token": token})
    open_as(app, course_test, "post")
    sent = send(client, course_test, shop, full)  # 後測 4 of 4: item 1 is no longer asked
    page = html.unescape(client.get(sent.headers["Location"]).get_data(as_text=True))
    table = page[page.index("前測與後測") :]
    # on the items left (2 and 3, 4 points): 前測 3 + 1 = 4, 後測 4, no change — not 6 → 4
    assert "4.0 / 4" in table and "6.0 / 6" not in table and "+0.0 分" in table
    assert "只計算目前保留的題目" in table
