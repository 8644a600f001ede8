"""Turning a valid, eligible SBTR form into a stored submission (exactly once per form)."""

from dataclasses import asdict

from ..extensions import db
from ..intake import Intake
from ..models import Draft, Submission
from ..models.sbtr import SbtrMember, SbtrProposal, SbtrUpload
from ..submissions import Stored, store_once
from .eligibility import Eligibility
from .forms import SbtrForm

FORM_TYPE = "sbtr"


def checklist(result: Eligibility) -> list[dict]:
    """The checklist as plain dicts, to keep with the proposal as it was when submitted."""
    return [asdict(item) for item in result.items]


def content(form: SbtrForm, upload: SbtrUpload | None) -> dict:
    """Everything submitted, for the idempotency fingerprint (the file by its digest)."""
    return {
        "company": form.company_data(),
        "proposal": form.proposal_data(),
        "members": form.member_rows(),
        "loi_sha256": upload.sha256 if upload else None,
    }


def store_proposal(
    form: SbtrForm,
    result: Eligibility,
    upload: SbtrUpload | None,
    intake: Intake,
    draft_id: int | None,
) -> Stored:
    """Store the proposal under the form's submission key; a resumed draft is deleted with it."""
    data = content(form, upload)

    def build() -> Submission:
        if draft_id is not None:  # first: a query after adding the rows would flush them early
            db.session.execute(db.delete(Draft).where(Draft.id == draft_id))
        submission = Submission(
            **intake.envelope(FORM_TYPE),
            **data["company"],
        )
        rows = data["members"]
        proposal = SbtrProposal(
            submission=submission,
            member_count=len(rows),
            eligible=result.eligible,
            eligibility_items=checklist(result),
            ineligible_reasons=result.reasons(),
            loi=upload,
            members=[SbtrMember(**row) for row in rows],
            **data["proposal"],
        )
        db.session.add(proposal)
        return submission

    return store_once(form.submission_key.data, data, build)
