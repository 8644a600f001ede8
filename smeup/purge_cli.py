"""`flask --app smeup purge-drafts` (daily, from cron): delete what nobody will come back for.

Expired SBTR drafts, letters of intent no proposal claims, 數位轉型 import files nobody
confirmed, and the content of sent mail past its keeping time (mail_queue/retention.py).
Kiosk records are kept on purpose: a tablet may still hold offline entries that need its kiosk
to be delivered, and leaving kiosk mode deletes the record anyway.
"""

import click
from flask import current_app
from flask.cli import with_appcontext

from .database import write_unit
from .digital.staging import UNCONFIRMED_DAYS, purge_unconfirmed
from .mail_queue.retention import purge_old_mail
from .models.base import utcnow
from .sbtr.drafts import purge_expired
from .sbtr.uploads import purge_unclaimed
from .training.attendance_import import purge_unconfirmed as purge_attendance_reports


@click.command("purge-drafts")
@with_appcontext
def purge_drafts_command() -> None:
    """Delete expired drafts, stray uploads and import files left unconfirmed for a week; clear
    old mail's content."""
    with write_unit():
        drafts = purge_expired()
        uploads = purge_unclaimed()
        imports = purge_unconfirmed()
        reports = purge_attendance_reports()
        mails = purge_old_mail(utcnow())
    keep = current_app.config["SMEUP_MAIL_KEEP_DAYS"]
    click.echo(
        f"已刪除過期草稿 {drafts} 份、未使用的合作意向書 {uploads} 份、"
        f"超過 {UNCONFIRMED_DAYS} 天未確認的數位轉型匯入檔 {imports} 份、"
        f"未確認的線上出席報表 {reports} 份；已清除超過 {keep} 天的信件內容 {mails} 封"
    )
