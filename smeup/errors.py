"""zh-Hant error pages that never show a stack trace; a database outage answers 503."""

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from .database import database_answers
from .extensions import db

MESSAGES = {
    400: ("無法處理這個請求", "表單可能已逾時或內容不完整，請重新整理頁面後再試一次。"),
    401: ("請先登入", "這個頁面需要工作人員登入。"),
    403: ("沒有權限", "您的帳號沒有開啟這個頁面的權限。如需協助請洽系統管理者。"),
    404: ("找不到這個頁面", "網址可能有誤，或資料已不存在。"),
    405: ("無法處理這個請求", "請回到上一頁，用頁面上的按鈕操作。"),
    413: ("檔案或資料太大", "上傳的檔案或送出的資料超過大小上限（檔案最大 10 MB），請縮小後再試。"),
    422: ("資料有誤", "送出的資料有誤，請修正後再送出。"),
    429: ("送出太頻繁", "短時間內送出次數過多，請稍候一分鐘再試。"),
    500: (
        "系統發生錯誤",
        "很抱歉，系統發生錯誤，您的資料可能尚未送出。請稍後再試，或洽 0800-056-476。",
    ),
    503: ("系統暫時無法使用", "系統暫時無法使用，您的資料尚未送出。請稍候片刻再試一次。"),
}


def error_page(code: int, title: str | None = None, message: str | None = None):
    """Render the zh-Hant error page for `code`."""
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    body = render_template(
        "errors/error.html",
        code=code,
        title=title or default_title,
        message=message or default_message,
    )
    headers = {"Retry-After": "60"} if code in (429, 503) else {}
    return body, code, headers


def init_errors(app) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return error_page(400, "頁面已逾時", "頁面已逾時或缺少安全驗證碼，請重新整理頁面後再送出。")

    @app.errorhandler(HTTPException)
    def _http(error):
        if error.code in MESSAGES:
            return error_page(error.code)
        return error

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_down(error):
        db.session.rollback()
        app.logger.warning("database unavailable on %s: %s", request.path, error.__class__.__name__)
        return error_page(503)

    @app.errorhandler(ServiceUnavailable)
    def _unavailable(error):
        return error_page(503)

    @app.errorhandler(InternalServerError)
    def _internal(error):
        original = getattr(error, "original_exception", None)
        if isinstance(original, SQLAlchemyError) and (
            _lost_connection(original) or not database_answers()
        ):
            # A lost connection, or a follow-on of one (a savepoint or a pending rollback on a
            # dead connection), even when the database is back by now: the outage. 503, and
            # the person is told to send again.
            return _database_down(original)
        return error_page(500)


def _lost_connection(error: BaseException) -> bool:
    """Whether `error`, or an error it was raised from or while handling, is a lost connection."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
