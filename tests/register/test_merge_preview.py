"""Merging in two steps (issue 24): a suggested match fills the target, a preview says what
moves, a confirmation merges; the merged-away company's page says where its records went."""

from smeup.database import write_unit
from smeup.extensions import db
from smeup.models import User
from smeup.models.register import CompanyMerge
from smeup.register.referrals import refer
from tests.register.conftest import store, store_course
from tests.register.test_pages import company_id, post, text_of


def seed_twin(app) -> None:
    """The right record, and a mistyped twin with a check, a course ranking and a referral."""
    with app.test_request_context():
        store()
        twin = store(ubn="22099132", company_name="綠能五金").submission
        store_course(ubn="22099132", company_name="綠能五金")
        officer = db.session.scalar(db.select(User).filter_by(role="officer"))
        with write_unit():
            refer(twin, "diagnosis", "itri", officer)


def test_a_suggested_match_opens_the_preview_and_only_the_confirmation_merges(auth, app):
    seed_twin(app)
    client = auth("officer")
    source, target = company_id(app, "22099132"), company_id(app, "22099131")
    url = f"/console/companies/{source}/merge"
    choose = text_of(client.get(url))
    assert f'href="{url}?target_ubn=22099131">併入這家' in choose  # no retyping the number
    preview = text_of(client.get(url, query_string={"target_ubn": "22099131"}))
    assert "確認合併：會移動哪些資料" in preview
    assert "2 份：淨零健檢 1 份、課程意願調查 1 份" in preview
    assert "1 筆（未結案 1 筆）" in preview
    assert "綠能五金" in preview and "綠能五金有限公司" in preview
    assert 'name="target_ubn" value="22099131"' in preview
    with app.app_context():  # looking changes nothing
        assert db.session.scalar(db.select(db.func.count()).select_from(CompanyMerge)) == 0
    no_reason = post(client, url, url, target_ubn="22099131", reason="")
    assert no_reason.status_code == 422
    refused = text_of(no_reason)
    assert 'id="merge-reason-error">請填寫合併理由' in refused and "確認合併" in refused
    done = post(client, url, url, target_ubn="22099131", reason="打錯一碼")
    assert done.status_code == 303
    assert done.headers["Location"] == f"/console/companies/{target}"


def test_a_typed_unknown_or_own_number_is_refused_beside_the_field(auth, app):
    seed_twin(app)
    client = auth("officer")
    url = f"/console/companies/{company_id(app, '22099132')}/merge"
    unknown = client.get(url, query_string={"target_ubn": "12345675"})
    assert unknown.status_code == 422
    assert "登記簿中沒有統一編號 12345675 的企業" in text_of(unknown)
    assert "確認合併" not in text_of(unknown)
    itself = client.get(url, query_string={"target_ubn": "22099132"})
    assert "不能把企業合併到它自己" in text_of(itself)


def test_the_merged_away_page_says_where_its_records_went(auth, app):
    seed_twin(app)
    client = auth("officer")
    source, target = company_id(app, "22099132"), company_id(app, "22099131")
    url = f"/console/companies/{source}/merge"
    post(client, url, url, target_ubn="22099131", reason="打錯一碼")
    page = text_of(client.get(f"/console/companies/{source}"))
    assert "還沒有做過淨零健檢" not in page
    # (the target's name now follows the latest form, the twin's: 綠能五金)
    assert (
        f'已隨合併移到 <a href="/console/companies/{target}#referrals">綠能五金（22099131）</a>'
        in page
    )
    assert "替這家企業填表" not in page
