"""The public course survey over HTTP: the plain form, ranking rules, storing once, receipts."""

import re

from smeup.extensions import db, limiter
from smeup.models import Submission
from smeup.models.surveys import Survey
from smeup.submission_keys import KEY_REUSED
from tests.helpers import count_rows, login
from tests.surveys.conftest import COMPANY, TOP5, open_form, ranks_data, stored_responses, text

HTMX = {"HX-Request": "true"}


def post(client, survey_id, ranks, hidden=None, headers=None, **changes):
    data = {
        **COMPANY,
        "location": "鹿港",
        **ranks_data(ranks),
        **(hidden or open_form(client, survey_id)),
        **changes,
    }
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(f"/surveys/{survey_id}", data=data, headers=headers or {})


def selected(body: str, name: str) -> str | None:
    """The value of the selected option of a select, or None."""
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', body, re.S)
    assert select, name
    chosen = re.search(r'<option selected value="([^"]*)"', select.group(0))
    return chosen.group(1) if chosen else None


def test_survey_list_shows_open_surveys_only(client, demo_survey, make_survey):
    make_survey([("a", "甲")], title="已截止的問卷", is_open=False)
    page = text(client.get("/surveys/"))
    assert "數位轉型課程意願調查" in page
    assert f'href="/surveys/{demo_survey}"' in page
    assert "已截止的問卷" not in page


def test_form_has_the_course_fields_only(client, demo_survey):
    page = text(client.get(f"/surveys/{demo_survey}"))
    for label in ("企業名稱", "統一編號", "聯絡人", "聯絡電話", "個人資料蒐集同意", "所在場域"):
        assert label in page
    for rank in range(1, 6):
        assert f'<label for="rank_{rank}">第 {rank} 順位</label>' in page
    assert 'name="rank_6"' not in page
    for absent in ("county", "industry", "employees", "paid_in_capital", "contact_email"):
        assert f'name="{absent}"' not in page
    assert "請依據排序順序點選選項" in page
    for place in ("審計新村", "扇形車庫", "台東樂活", "鹿港"):
        assert f'<option value="{place}">{place}</option>' in page


def test_valid_ranking_is_stored_in_rank_order(client, app, demo_survey):
    response = post(client, demo_survey, TOP5)
    assert response.status_code == 303
    [stored] = stored_responses(app)
    assert stored.ranks == TOP5
    assert stored.survey_id == demo_survey
    assert stored.location == "鹿港"
    submission = stored.submission
    assert submission.form_type == "course"
    assert submission.channel == "web" and submission.entered_by_id is None
    assert submission.status == "已收件"
    assert submission.company_name == "鹿港老街文創有限公司"
    assert submission.contact_phone == "047772345"
    assert submission.ubn is None or submission.ubn == ""
    for empty in ("county", "industry", "employees", "paid_in_capital", "contact_email"):
        assert getattr(submission, empty) is None, empty
    assert response.headers["Location"] == f"/surveys/r/{submission.result_token}"


def test_confirmation_shows_the_ranked_choices(client, demo_survey):
    receipt = text(client.get(post(client, demo_survey, TOP5).headers["Location"]))
    labels = re.findall(r"第 \d 順位：</span>([^<]+)</li>", receipt)
    assert labels == [
        "品牌行銷－熱銷文案策略",
        "企業品牌經營",
        "新媒體經營－社群媒體經營",
        "活動企劃－線上線下行銷活動",
        "新媒體經營－拓展多元通路",
    ]
    assert "所在場域：鹿港" in receipt


def test_unknown_confirmation_link_is_404(client, demo_survey):
    assert client.get("/surveys/r/not-a-real-token").status_code == 404


def test_gap_is_refused_and_values_are_kept(client, app, demo_survey):
    response = post(client, demo_survey, ["brand", "", "copy", "social", "events"])
    body = text(response)
    assert response.status_code == 422
    assert "第 2 順位尚未選擇，請依序從第 1 順位開始填寫" in body
    assert selected(body, "rank_1") == "brand" and selected(body, "rank_3") == "copy"
    assert 'value="鹿港老街文創有限公司"' in body
    assert selected(body, "location") == "鹿港"
    assert count_rows(app, Submission) == 0


def test_duplicate_is_refused_with_the_option_label(client, app, demo_survey):
    response = post(client, demo_survey, ["copy", "social", "brand", "brand", "events"])
    body = text(response)
    assert response.status_code == 422
    assert "第 4 順位重複選擇了「企業品牌經營」" in body
    response = post(client, demo_survey, ["brand", "social", "brand", "copy", "events"])
    assert "第 3 順位重複選擇了「企業品牌經營」" in text(response)
    assert 'aria-describedby="rank_3-error"' in text(response)
    assert count_rows(app, Submission) == 0


def test_too_few_ranked_is_refused(client, app, demo_survey):
    response = post(client, demo_survey, ["brand", "copy", "social"])
    assert response.status_code == 422
    assert "請至少排序 5 項課程，目前只排了 3 項" in text(response)
    response = post(client, demo_survey, [])
    assert "請至少排序 5 項課程，目前尚未排序任何課程" in text(response)
    assert count_rows(app, Submission) == 0


def test_unknown_code_is_refused(client, app, demo_survey):
    response = post(client, demo_survey, ["brand", "cooking", "copy", "social", "events"])
    assert response.status_code == 422
    assert "第 2 順位的選項不存在，請重新選擇" in text(response)
    assert count_rows(app, Submission) == 0


def test_hidden_option_cannot_be_ranked(client, app, demo_survey):
    with app.app_context():
        survey = db.session.get(Survey, demo_survey)
        next(o for o in survey.options if o.code == "brand").hidden = True
        db.session.commit()
    page = text(client.get(f"/surveys/{demo_survey}"))
    assert 'value="brand"' not in page
    response = post(client, demo_survey, TOP5)
    assert "第 2 順位的選項不存在，請重新選擇" in text(response)
    assert count_rows(app, Submission) == 0


def test_company_rules_apply(client, app, demo_survey):
    response = post(client, demo_survey, TOP5, consent="", contact_phone="123", location="")
    body = text(response)
    assert response.status_code == 422
    assert "請勾選同意個人資料蒐集，才能送出" in body
    assert "電話號碼格式不正確" in body
    assert "請選擇所在場域" in body
    response = post(client, demo_survey, TOP5, location="台北")
    assert "請從清單中選擇" in text(response)
    assert count_rows(app, Submission) == 0


def test_ubn_is_optional_but_checked_when_given(client, app, demo_survey):
    assert "統一編號檢查碼不符" in text(post(client, demo_survey, TOP5, ubn="12345678"))
    assert post(client, demo_survey, TOP5, ubn="22099131").status_code == 303
    assert stored_responses(app)[0].submission.ubn == "22099131"


def test_survey_without_locations_asks_for_none(client, app, make_survey):
    survey_id = make_survey([("a", "甲"), ("b", "乙"), ("c", "丙")], min_ranked=1, max_ranked=3)
    page = text(client.get(f"/surveys/{survey_id}"))
    assert 'name="location"' not in page and "所在場域" not in page
    response = post(client, survey_id, ["b"], location=None)
    assert response.status_code == 303
    [stored] = stored_responses(app)
    assert stored.ranks == ["b"] and stored.location is None


def test_closed_survey_refuses(client, app, make_survey):
    survey_id = make_survey([("a", "甲"), ("b", "乙")], is_open=False)
    page = client.get(f"/surveys/{survey_id}")
    assert page.status_code == 410
    assert "這份問卷已停止填寫" in text(page)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', text(page)).group(1)
    response = client.post(
        f"/surveys/{survey_id}",
        data={**COMPANY, "csrf_token": token, "submission_key": "k" * 32, "rank_1": "a"},
    )
    assert response.status_code == 410
    assert count_rows(app, Submission) == 0


def test_unknown_survey_is_404(client, demo_survey):
    assert client.get("/surveys/999999").status_code == 404


def test_same_form_sent_twice_stores_once(client, app, demo_survey):
    hidden = open_form(client, demo_survey)
    first = post(client, demo_survey, TOP5, hidden=hidden)
    second = post(client, demo_survey, TOP5, hidden=hidden)
    assert first.headers["Location"] == second.headers["Location"]
    assert count_rows(app, Submission) == 1
    changed = post(client, demo_survey, list(reversed(TOP5)), hidden=hidden)
    assert changed.status_code == 422
    assert KEY_REUSED in text(changed)
    assert count_rows(app, Submission) == 1


def test_a_bad_submission_key_is_refused_with_a_fresh_one(client, app, demo_survey):
    hidden = {**open_form(client, demo_survey), "submission_key": "x"}
    response = post(client, demo_survey, TOP5, hidden=hidden)
    body = text(response)
    assert response.status_code == 422
    assert "這份表單已逾時或不完整" in body
    assert re.search(r'name="submission_key" type="hidden" value="[\w-]{20,}"', body)
    assert count_rows(app, Submission) == 0


def test_htmx_gets_the_form_fragment_or_a_redirect(client, demo_survey):
    refused = post(client, demo_survey, ["brand"], headers=HTMX)
    assert refused.status_code == 422
    body = text(refused)
    assert body.lstrip().startswith('<form id="course-form"')
    assert "請至少排序 5 項課程" in body
    accepted = post(client, demo_survey, TOP5, headers=HTMX)
    assert accepted.status_code == 200
    assert accepted.headers["HX-Redirect"].startswith("/surveys/r/")


def test_agent_entry_is_stamped_phone(client, app, users, demo_survey):
    login(client, users["agent"])
    assert post(client, demo_survey, TOP5).status_code == 303
    submission = stored_responses(app)[0].submission
    assert submission.channel == "phone"
    assert submission.entered_by_id is not None


def test_min_below_max_accepts_fewer_ranks(client, app, make_survey):
    options = [("a", "甲"), ("b", "乙"), ("c", "丙"), ("d", "丁")]
    survey_id = make_survey(options, min_ranked=2, max_ranked=3)
    page = text(client.get(f"/surveys/{survey_id}"))
    assert "請排序至少 2 項、最多 3 項課程" in page
    assert 'name="rank_3"' in page and 'name="rank_4"' not in page
    assert "請至少排序 2 項課程" in text(post(client, survey_id, ["c"], location=None))
    assert post(client, survey_id, ["c", "a"], location=None).status_code == 303
    assert stored_responses(app)[0].ranks == ["c", "a"]


def test_public_posts_are_rate_limited(make_app, monkeypatch, demo_survey):
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)  # restored after the test
    limited = make_app(RATELIMIT_ENABLED=True, SMEUP_PUBLIC_SUBMIT_LIMIT="2 per minute")
    client = limited.test_client()
    try:
        codes = [post(client, demo_survey, ["brand"]).status_code for _ in range(3)]
        assert codes == [422, 422, 429]
        assert "送出太頻繁" in text(post(client, demo_survey, TOP5))
        assert client.get(f"/surveys/{demo_survey}").status_code == 200
    finally:
        with limited.app_context():
            limiter.reset()
