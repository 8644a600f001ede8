"""The public forms listed on the home page; a feature's entry shows once its view exists."""

from flask import current_app, url_for

PUBLIC_FORMS = (
    ("netzero.form", "淨零健檢", "填寫能源用量，立即知道碳排放量、減碳急迫程度與可用資源。"),
    ("surveys.index", "課程意願調查", "排序您最想參加的課程。"),
    (
        "navigator.form",
        "創新加值 補助與獎勵導航",
        "SBIR、新創共創獎勵、企業加速器：立即知道哪些適合您、原因、金額與聯絡窗口。",
    ),
    (
        "sbtr.form",
        "城鄉創生（SBTR）計畫申請",
        "A類單一企業或 B+類三家以上企業共同提案，可存草稿分次填寫。",
    ),
)


def public_forms() -> list[dict]:
    """Title, text and URL of each public form whose view is registered."""
    views = current_app.view_functions
    return [
        {"url": url_for(endpoint), "title": title, "text": text}
        for endpoint, title, text in PUBLIC_FORMS
        if endpoint in views
    ]
