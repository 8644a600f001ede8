"""The demo survey of forms.md §3 for `flask seed-demo` (safe to run twice)."""

from ..extensions import db
from ..models.surveys import Survey, SurveyOption

DEMO_TITLE = "數位轉型課程意願調查"
DEMO_OPTIONS = (
    ("brand", "企業品牌經營"),
    ("channels", "新媒體經營－拓展多元通路"),
    ("copy", "品牌行銷－熱銷文案策略"),
    ("social", "新媒體經營－社群媒體經營"),
    ("events", "活動企劃－線上線下行銷活動"),
    ("resources", "活動企劃－活動資源企劃"),
)
DEMO_LOCATIONS = ["審計新村", "扇形車庫", "台東樂活", "鹿港"]


def seed() -> Survey:
    """Add the demo survey unless a survey with its title exists; return it."""
    survey = db.session.scalar(db.select(Survey).filter_by(title=DEMO_TITLE).limit(1))
    if survey is not None:
        return survey
    survey = Survey(
        title=DEMO_TITLE,
        description="請排序 1–5 最想參加之課程",
        min_ranked=5,
        max_ranked=5,
        locations=list(DEMO_LOCATIONS),
        is_open=True,
        options=[
            SurveyOption(code=code, label=label, position=i)
            for i, (code, label) in enumerate(DEMO_OPTIONS)
        ],
    )
    db.session.add(survey)
    db.session.flush()
    return survey
