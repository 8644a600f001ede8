"""The forms an event (and the phone room) can open, by key: where each starts, its button text."""

from dataclasses import dataclass

from flask import current_app, url_for


@dataclass(frozen=True)
class EventForm:
    """One form a roadshow can offer on its kiosk start screen."""

    key: str
    endpoint: str
    title: str
    text: str


EVENT_FORMS = (
    EventForm("netzero", "netzero.form", "淨零健檢", "填寫能源用量，立即知道碳排放量與可用資源。"),
    EventForm("course", "surveys.index", "課程意願調查", "排序您最想參加的課程。"),
    EventForm("sbtr", "sbtr.form", "城鄉創生（SBTR）計畫申請", "A類單一企業或 B+類共同提案。"),
    EventForm(
        "navigator",
        "navigator.form",
        "補助與獎勵導航",
        "SBIR、新創共創獎勵、企業加速器，哪些適合您。",
    ),
    EventForm("prepost", "prepost.index", "課程前測／後測", "上課前後各做一次，看看學到多少。"),
    EventForm("training", "training.index", "課程與說明會報名", "報名本活動的課程與說明會。"),
)
FORM_KEYS = tuple(f.key for f in EVENT_FORMS)
FORM_TITLES = {f.key: f.title for f in EVENT_FORMS}


def open_forms(keys: list[str]) -> list[dict]:
    """Title, text and URL of each of `keys` whose view exists, in catalogue order."""
    views = current_app.view_functions
    return [
        {"key": f.key, "url": url_for(f.endpoint), "title": f.title, "text": f.text}
        for f in EVENT_FORMS
        if f.key in keys and f.endpoint in views
    ]
