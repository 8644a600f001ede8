"""Officers review an SBTR proposal in a real browser: detail page and status changes in place."""

import re

import pytest
from playwright.sync_api import expect

from smeup.extensions import db
from smeup.models import Submission
from tests.browser.conftest import sign_in
from tests.helpers import PASSWORD
from tests.sbtr.conftest import SbtrClient, proposal_b_plus, tiny_pdf

# The proposal dates are "today in Taipei + 30 days": the test and the server agree on today.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("taipei_midday")]


@pytest.fixture
def proposal_id(app) -> int:
    response = SbtrClient(app.test_client()).post(
        proposal_b_plus(), loi=(tiny_pdf(), "山海合作意向書.pdf")
    )
    assert response.status_code == 303
    with app.app_context():
        return db.session.scalars(db.select(Submission.id)).one()


def test_officer_reviews_and_moves_the_status(
    page, live_server, users, proposal_id, check_page, screenshot
):
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(f"{live_server}/console/sbtr/{proposal_id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("老屋新生")
    expect(page.get_by_role("link", name=re.compile("下載 山海合作意向書.pdf"))).to_be_visible()
    status = page.locator("#sbtr-status")
    expect(status).to_contain_text("已收件")
    screenshot(page, "sbtr-officer-detail", full_page=False)
    check_page(page, label="sbtr officer detail")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("下載 山海合作意向書.pdf")).click()
    assert download.value.suggested_filename == "山海合作意向書.pdf"

    status.get_by_role("radio", name="資格審查中").check()
    status.get_by_role("button", name="變更狀態").click()
    expect(status.get_by_role("status")).to_have_text("已將狀態改為「資格審查中」。")
    expect(status.locator(".history")).to_contain_text("「已收件」→「資格審查中」")

    status.get_by_role("radio", name="不符資格").check()
    status.get_by_role("button", name="變更狀態").click()
    expect(page.locator("#status-reason-error")).to_have_text("改為「不符資格」時請填寫理由")
    expect(page.get_by_label(re.compile("^理由"))).to_have_attribute("aria-invalid", "true")
    check_page(page, label="sbtr status refused")

    page.get_by_label(re.compile("^理由")).fill("場域使用權期限不足")
    status.get_by_role("radio", name="不符資格").check()
    status.get_by_role("button", name="變更狀態").click()
    expect(status.locator(".history")).to_contain_text("理由：場域使用權期限不足")
    expect(status.locator(".status-badge")).to_have_text("不符資格")
    screenshot(page, "sbtr-officer-detail-after-review", full_page=True)
