"""The audit log for officers: logins, status changes, edits and exports, filterable."""

from flask import render_template, request

from ..access import access
from ..digital.figures import METRIC_LABELS
from ..extensions import db
from ..forms.kinds import FORM_LABELS
from ..models import AuditEntry, User
from ..prepost.definitions import OPEN_KINDS
from ..reference.service_units import units
from .paging import page_number, paginate
from .views import bp

ACTION_LABELS = {
    "login": "登入",
    "login_failed": "登入失敗",
    "logout": "登出",
    "status_change": "變更狀態",
    "note_add": "新增備註",
    "export": "匯出",
    "user_create": "建立帳號",
    "user_active": "啟用／停用帳號",
    "event_create": "建立活動",
    "event_update": "修改活動",
    "survey_create": "建立問卷",
    "survey_update": "修改問卷",
    "kiosk_start": "開始展示機模式",
    "kiosk_exit": "結束展示機模式",
    "kiosk_pin_failed": "展示機解鎖失敗",
    "loi_download": "下載合作意向書",
    "company_link": "連結企業",
    "company_merge": "合併企業",
    "company_merge_undo": "復原合併企業",
    "referral_move": "轉介狀態",
    "referral_handoff": "下載轉介清單",
    "referral_handoff_confirm": "確認已轉介",
    "prefill": "帶入企業資料",
    "digital_import": "匯入數位輔導月資料",
    "digital_month_save": "儲存數位輔導月資料",
    "digital_month_reopen": "重新開放月份",
    "shop_save": "儲存店家",
    "site_save": "儲存場域",
    "prepost_test_create": "建立前後測",
    "prepost_item_add": "新增測驗題目",
    "prepost_item_remove": "移除測驗題目",
    "prepost_item_edit": "修改測驗題目",
    "prepost_item_move": "調整測驗題目順序",
    "prepost_test_state": "開放／關閉測驗",
    "training_session_create": "新增培訓場次",
    "training_session_update": "修改培訓場次",
    "training_session_cancel": "取消培訓場次",
    "training_session_delete": "刪除培訓場次",
    "training_registration_cancel": "取消培訓報名（工作人員）",
    "training_attendance_import": "匯入線上出席報表",
    "mail_resend": "重寄信件",
}
DETAIL_LABELS = {
    "present": "出席人數",
    "below": "出席時間不足人數",
    "unmatched": "無法對應列數",
    "form_type": "表單",
    "submission_id": "資料編號",
    "from_status": "原狀態",
    "to_status": "新狀態",
    "reason": "理由",
    "filters": "篩選條件",
    "rows": "筆數",
    "complete": "完整下載",
    "format": "格式",
    "zh_headers": "中文欄名",
    "personal": "含個資",
    "delimiter": "分隔符號",
    "target": "帳號",
    "role": "角色",
    "active": "啟用",
    "event_id": "活動編號",
    "event": "活動",
    "name": "名稱",
    "username": "帳號",
    "upload_id": "檔案編號",
    "filename": "檔名",
    "into": "帶入表單",
    "company_id": "企業編號",
    "ubn": "統一編號",
    "source_id": "併入的企業編號",
    "source_ubn": "併入的統一編號",
    "target_id": "併入至企業編號",
    "target_ubn": "併入至統一編號",
    "submissions": "移動的資料編號",
    "referral_id": "轉介編號",
    "referral_ids": "轉介編號",
    "moved": "改為已轉介",
    "unit": "服務單位",
    "item": "轉介項目",
    "token": "匯入編號",
    "shop_id": "店家編號",
    "site_id": "場域編號",
    "site": "場域編號",
    "month": "月份",
    "fields": "修改欄位",
    "test": "測驗編號",
    "test_id": "測驗編號",
    "item_id": "題目編號",
    "outcome": "結果",
    "state": "作答狀態",
    "merge_id": "合併紀錄編號",
    "survey_id": "問卷編號",
    "title": "標題",
    "is_open": "開放作答",
    "locked": "登入暫停",
    "session_id": "場次編號",
    "registration_id": "報名編號",
    "changed": "修改欄位",
    "promoted": "候補遞補人數",
    "told_of_change": "通知時間地點變更人數",
    "registrations": "通知的報名者",
    "course": "課程",
    "mail_id": "信件編號",
    "table": "表格",
}


FILTER_LABELS = {
    "q": "搜尋",
    "period": "期間",
    "date_from": "日期起",
    "date_to": "日期迄",
    "channel": "管道",
    "event": "活動",
    "county": "縣市",
    "status": "狀態",
    "urgency": "急迫程度",
    "survey": "問卷",
    "category": "類別",
}
EXPORT_LABELS = {
    "digital_monthly": "數位輔導月資料",
    "prepost_attempts": "前後測作答",
    "prepost_pairs": "前後測配對",
    "training_registrations": "培訓報名與出席",
    "training_invite": "培訓邀請名單",
    "report": "成果報告",
}
VALUE_LABELS = {
    "form_type": FORM_LABELS | EXPORT_LABELS,
    "into": FORM_LABELS,
    "fields": METRIC_LABELS,
    "outcome": {"hidden": "已有作答，隱藏", "deleted": "刪除", "up": "上移", "down": "下移"},
    "state": OPEN_KINDS | {"closed": "關閉作答"},
    "delimiter": {"comma": "逗號", "semicolon": "分號", "tab": "定位字元"},
}


def describe(detail: dict | None) -> list[tuple[str, str]]:
    """An entry's details as (zh label, text) pairs."""
    pairs = []
    for key, value in (detail or {}).items():
        if isinstance(value, bool):
            text = "是" if value else "否"
        elif isinstance(value, dict):
            shown = (f"{FILTER_LABELS.get(k, k)}「{v}」" for k, v in value.items())
            text = "、".join(shown) or "（無，全部資料）"
        elif value is None:
            text = "—"
        elif isinstance(value, list):
            labels = VALUE_LABELS.get(key, {})
            text = "、".join(str(labels.get(v, v)) for v in value) or "—"
        elif key == "unit":
            known = units().get(value)
            text = known.name if known else str(value)
        else:
            text = VALUE_LABELS.get(key, {}).get(value, str(value))
        pairs.append((DETAIL_LABELS.get(key, key), text))
    return pairs


@bp.route("/audit")
@access("officer")
def audit_log():
    """Every audit entry, newest first, filterable by user and action, 50 a page."""
    username = (request.args.get("user") or "").strip()[:50]
    action = (request.args.get("action") or "").strip()[:30]
    query = db.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if username:
        query = query.where(AuditEntry.username == username)
    if action:
        query = query.where(AuditEntry.action == action)
    page = paginate(query, page_number(request.args.get("page")))
    recorded = db.session.scalars(db.select(AuditEntry.action).distinct()).all()
    actions = {**ACTION_LABELS, **{a: ACTION_LABELS.get(a, a) for a in recorded}}
    return render_template(
        "console/audit.html",
        page=page,
        usernames=db.session.scalars(db.select(User.username).order_by(User.username)).all(),
        actions=actions,
        selected={"user": username, "action": action},
        filter_args={k: v for k, v in (("user", username), ("action", action)) if v},
        describe=describe,
    )
