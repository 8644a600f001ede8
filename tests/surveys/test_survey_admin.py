"""Officers' survey editor over HTTP: access, creating, row actions, edits that keep responses."""

import re

import pytest

from smeup.extensions import db
from smeup.models import AuditEntry
from smeup.models.surveys import CourseResponse, Survey, SurveyOption
from tests.helpers import count_rows, form_fields
from tests.surveys.conftest import TOP5, text

HTMX = {"HX-Request": "true"}


def editor_data(client, url, **changes) -> dict:
    """The editor form as the page shows it, with `changes` applied."""
    return {**form_fields(text(client.get(url))), **changes}


def rows_of(app, survey_id) -> list[tuple[str, str, bool]]:
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        return [(o.code, o.label, o.hidden) for o in survey.options]


def row_index(data: dict, code: str) -> int:
    return next(int(k.split("-")[1]) for k, v in data.items() if k.endswith("-code") and v == code)


OFFICER_PAGES = (
    "/console/surveys/",
    "/console/surveys/new",
    "/console/surveys/{id}/edit",
    "/console/surveys/{id}/results",
)


@pytest.mark.parametrize("url", OFFICER_PAGES)
def test_agents_cannot_open_officer_pages(client, auth, demo_survey, url):
    auth("agent")
    assert client.get(url.format(id=demo_survey)).status_code == 403


@pytest.mark.parametrize("url", OFFICER_PAGES)
def test_anonymous_people_are_sent_to_login(client, demo_survey, url):
    response = client.get(url.format(id=demo_survey))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_list_shows_surveys_with_response_counts(client, auth, demo_survey, add_response):
    add_response(demo_survey, TOP5)
    add_response(demo_survey, TOP5)
    auth("officer")
    page = text(client.get("/console/surveys/"))
    row = re.search(r"<tr>\s*<th scope=\"row\">數位轉型課程意願調查</th>.*?</tr>", page, re.S)
    assert row and "開放中" in row.group(0)
    assert '<td class="num">2</td>' in row.group(0)
    assert f"/console/surveys/{demo_survey}/results" in row.group(0)


def test_officer_creates_a_survey(client, app, auth):
    auth("officer")
    data = editor_data(
        client,
        "/console/surveys/new",
        title="AI 應用課程調查",
        description="請排序最想參加的課程",
        min_ranked="1",
        max_ranked="2",
        locations="臺中\n\n 高雄 \n臺中",
        **{
            "options-0-code": "Chatbot",
            "options-0-label": "聊天機器人",
            "options-1-code": "vision",
            "options-1-label": "影像辨識",
        },
    )
    response = client.post("/console/surveys/new", data={**data, "action": "save"})
    assert response.status_code == 303, text(response)[:3000]
    with app.app_context():
        survey = db.session.scalar(db.select(Survey))
        assert (survey.title, survey.min_ranked, survey.max_ranked) == ("AI 應用課程調查", 1, 2)
        assert survey.locations == ["臺中", "高雄"]
        assert survey.is_open
        assert [(o.code, o.label) for o in survey.options] == [
            ("chatbot", "聊天機器人"),
            ("vision", "影像辨識"),
        ]
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="survey_create"))
        assert entry.detail["survey_id"] == survey.id
    assert "已建立問卷「AI 應用課程調查」" in text(client.get("/console/surveys/"))


def test_editor_refuses_broken_rules(client, app, auth):
    auth("officer")
    base = {
        "title": "測試",
        "options-0-code": "a",
        "options-0-label": "甲",
        "options-1-code": "a",
        "options-1-label": "乙",
        "options-2-code": "c d",
        "options-2-label": "丙",
    }
    data = editor_data(client, "/console/surveys/new", min_ranked="3", max_ranked="2", **base)
    response = client.post("/console/surveys/new", data={**data, "action": "save"})
    body = text(response)
    assert response.status_code == 422
    assert "代碼只能用英文小寫字母、數字、- 或 _" in body
    data["options-2-code"] = "c"
    body = text(client.post("/console/surveys/new", data={**data, "action": "save"}))
    assert "代碼「a」重複了，每個選項的代碼必須不同" in body
    assert "最多排序項數不可小於最少排序項數（3）" in body
    data.update({"options-1-code": "b", "min_ranked": "1", "max_ranked": "4"})
    body = text(client.post("/console/surveys/new", data={**data, "action": "save"}))
    assert "最多排序項數不可超過選項數（目前 3 項）" in body
    assert 'value="丙"' in body  # what was typed stays
    assert count_rows(app, Survey) == 0


def test_row_actions_without_javascript(client, auth, demo_survey):
    auth("officer")
    url = f"/console/surveys/{demo_survey}/edit"
    data = editor_data(client, url, title="改過的標題")
    key = data[f"options-{row_index(data, 'copy')}-key"]
    page = text(client.post(url, data={**data, "action": f"up:{key}"}))
    codes = re.findall(r'name="options-\d+-code"[^>]*value="([^"]+)"', page)
    assert codes == ["brand", "copy", "channels", "social", "events", "resources"]
    assert 'value="改過的標題"' in page  # the rest of the form is kept
    page = text(client.post(url, data={**data, "action": "add"}))
    assert len(re.findall(r'name="options-\d+-code"', page)) == 7
    page = text(client.post(url, data={**data, "action": f"remove:{key}"}))
    assert "copy" not in re.findall(r'name="options-\d+-code"[^>]*value="([^"]+)"', page)


def test_row_actions_with_htmx_answer_the_rows_only(client, auth, demo_survey):
    auth("officer")
    url = f"/console/surveys/{demo_survey}/edit"
    data = editor_data(client, url)
    key = data[f"options-{row_index(data, 'brand')}-key"]
    response = client.post(url, data={**data, "action": f"down:{key}"}, headers=HTMX)
    body = text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<fieldset class="section" id="option-rows">')
    codes = re.findall(r'name="options-\d+-code"[^>]*value="([^"]+)"', body)
    assert codes[:2] == ["channels", "brand"]
    assert f'id="opt-{key}-down"' in body  # the pressed button keeps its id, so focus stays


def test_saving_the_new_order_stores_positions(client, app, auth, demo_survey):
    auth("officer")
    url = f"/console/surveys/{demo_survey}/edit"
    data = editor_data(client, url)
    key = data[f"options-{row_index(data, 'resources')}-key"]
    moved = form_fields(text(client.post(url, data={**data, "action": f"up:{key}"})))
    assert client.post(url, data={**moved, "action": "save"}).status_code == 303
    assert [c for c, _, _ in rows_of(app, demo_survey)][-2:] == ["resources", "events"]


def test_editing_keeps_responses_intact(client, app, auth, demo_survey, add_response):
    add_response(demo_survey, ["brand", "copy", "social", "events", "channels"], location="鹿港")
    auth("officer")
    url = f"/console/surveys/{demo_survey}/edit"
    page = text(client.get(url))
    assert "這份問卷已有 1 份回覆" in page
    brand_row = re.search(
        r'<li class="option-row">(?:(?!</li>).)*value="brand".*?</li>', page, re.S
    )
    assert "已有回覆" in brand_row.group(0) and "readonly" in brand_row.group(0)
    assert "移除 企業品牌經營" not in page
    assert "移除 活動企劃－活動資源企劃" in page  # unused: may go

    data = editor_data(client, url)
    i = row_index(data, "brand")
    # Deleting a used option (a stale or crafted form) is refused.
    dropped = {k: v for k, v in data.items() if not k.startswith(f"options-{i}-")}
    response = client.post(url, data={**dropped, "action": "save"})
    assert response.status_code == 422
    assert "「企業品牌經營」已有回覆選過，不能刪除，只能勾選「隱藏」" in text(response)
    # Re-coding it is refused too.
    response = client.post(url, data={**data, f"options-{i}-code": "branding", "action": "save"})
    assert "已有回覆選過此選項，代碼不能修改（原為 brand）" in text(response)
    # Lowering max_ranked below a stored ranking is refused.
    response = client.post(
        url, data={**data, "max_ranked": "4", "min_ranked": "4", "action": "save"}
    )
    assert "已有回覆排序了 5 項，最多排序項數不可小於 5" in text(response)
    # Removing the row with the remove button does nothing for a used option.
    key = data[f"options-{i}-key"]
    page = text(client.post(url, data={**data, "action": f"remove:{key}"}))
    assert 'value="brand"' in page
    assert rows_of(app, demo_survey)[0] == ("brand", "企業品牌經營", False)

    # Hiding it and renaming its label is fine; the stored response is untouched.
    hidden = {**data, f"options-{i}-hidden": "y", f"options-{i}-label": "企業品牌經營（停開）"}
    assert client.post(url, data={**hidden, "action": "save"}).status_code == 303
    assert rows_of(app, demo_survey)[0] == ("brand", "企業品牌經營（停開）", True)
    with app.app_context():
        [response_row] = db.session.scalars(db.select(CourseResponse)).all()
        assert response_row.ranks == ["brand", "copy", "social", "events", "channels"]
        assert response_row.location == "鹿港"
    public = text(client.get(f"/surveys/{demo_survey}"))
    assert 'value="brand"' not in public
    results = text(client.get(f"/console/surveys/{demo_survey}/results"))
    assert "企業品牌經營（停開）" in results and "已隱藏" in results


def test_hiding_options_needs_min_ranked_to_fit(client, auth, demo_survey):
    auth("officer")
    url = f"/console/surveys/{demo_survey}/edit"
    data = editor_data(client, url)
    for code in ("brand", "copy"):
        data[f"options-{row_index(data, code)}-hidden"] = "y"
    body = text(client.post(url, data={**data, "action": "save"}))
    assert "最少排序項數不可超過表單上顯示的選項數（目前 4 項）" in body
    data["min_ranked"] = "4"
    assert client.post(url, data={**data, "action": "save"}).status_code == 303
    public = text(client.get(f"/surveys/{demo_survey}"))
    # max_ranked stays 5 (Borda keeps its K) but only 4 options are left to rank.
    assert 'name="rank_4"' in public and 'name="rank_5"' not in public


def test_unused_options_can_be_deleted_and_codes_swapped(client, app, auth, demo_survey):
    auth("officer")
    url = f"/console/surveys/{demo_survey}/edit"
    data = editor_data(client, url)
    r = row_index(data, "resources")
    e = row_index(data, "events")
    data = {k: v for k, v in data.items() if not k.startswith(f"options-{r}-")}
    data[f"options-{e}-code"] = "resources"  # takes the deleted option's code
    c, s = row_index(data, "copy"), row_index(data, "social")
    data[f"options-{c}-code"], data[f"options-{s}-code"] = "social", "copy"
    response = client.post(url, data={**data, "action": "save"})
    assert response.status_code == 303, text(response)[:2000]
    assert [code for code, _, _ in rows_of(app, demo_survey)] == [
        "brand",
        "channels",
        "social",
        "copy",
        "resources",
    ]
    assert count_rows(app, SurveyOption) == 5


def test_closing_a_survey(client, app, auth, demo_survey):
    auth("officer")
    url = f"/console/surveys/{demo_survey}/edit"
    data = editor_data(client, url)
    data.pop("is_open")
    assert client.post(url, data={**data, "action": "save"}).status_code == 303
    assert client.get(f"/surveys/{demo_survey}").status_code == 410
    assert "已截止" in text(client.get("/console/surveys/"))
