"""How officers see outbox deliveries: how long an entry waited on a tablet, a tablet's queue.

The events page's reads of tablets and held entries are in smeup/outbox_status.py (core).
"""

from datetime import datetime

from .delivery import MAX_PENDING


def waited_text(captured_at: datetime | None, arrived_at: datetime) -> str:
    """「離線暫存 37 分鐘」: from capture to arrival, in whole minutes (hours when long)."""
    if captured_at is None:
        # Not readable, or not believable (outside the kiosk session's lifetime): flagged.
        return "離線送達，填寫時間無法確認（以收到時間為準）"
    minutes = max(0, int((arrived_at - captured_at).total_seconds() // 60))
    if minutes < 1:
        return "離線暫存不到 1 分鐘"
    if minutes < 120:
        return f"離線暫存 {minutes} 分鐘"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"離線暫存 {hours} 小時 {rest} 分鐘" if rest else f"離線暫存 {hours} 小時"
    return f"離線暫存 {hours // 24} 天 {hours % 24} 小時"


def offline_delay(submission) -> str:
    """Template filter: the waited text of a submission that came through the outbox."""
    return waited_text(submission.captured_at, submission.submitted_at)


def pending_count(count: int) -> str:
    """Template filter: 「3 筆」, or 「1000 筆以上」 at the bound a report is clamped to."""
    return f"{MAX_PENDING} 筆以上" if count >= MAX_PENDING else f"{count} 筆"
