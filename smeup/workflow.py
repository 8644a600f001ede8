"""Status workflows: which statuses a form has and where each may move."""

WORKFLOWS: dict[str, dict[str, tuple[str, ...]]] = {
    "netzero": {"已收件": ("處理中", "已結案"), "處理中": ("已結案",), "已結案": ("處理中",)},
    "course": {"已收件": ("處理中", "已結案"), "處理中": ("已結案",), "已結案": ("處理中",)},
    "navigator": {"已收件": ("處理中", "已結案"), "處理中": ("已結案",), "已結案": ("處理中",)},
    "sbtr": {
        "已收件": ("資格審查中",),
        "資格審查中": ("符合資格", "不符資格"),
        "符合資格": ("已通知", "資格審查中"),
        "不符資格": ("已通知", "資格審查中"),
        "已通知": (),
    },
}
NEEDS_REASON = {("sbtr", "不符資格")}


def initial_status(form_type: str) -> str:
    """The status a new submission starts in."""
    return next(iter(WORKFLOWS[form_type]))


def statuses(form_type: str) -> tuple[str, ...]:
    """Every status of a form, in workflow order."""
    return tuple(WORKFLOWS[form_type])


def next_statuses(form_type: str, status: str) -> tuple[str, ...]:
    """Where a submission in `status` may move."""
    return WORKFLOWS[form_type].get(status, ())


def needs_reason(form_type: str, status: str) -> bool:
    """True when moving to `status` requires a written reason."""
    return (form_type, status) in NEEDS_REASON


def check_move(form_type: str, current: str, target: str, reason: str | None) -> str | None:
    """None when the move is allowed, else a zh-Hant message saying why not."""
    if target not in next_statuses(form_type, current):
        return f"目前狀態「{current}」不能改為「{target}」"
    if needs_reason(form_type, target) and not (reason or "").strip():
        return f"改為「{target}」時請填寫理由"
    return None
