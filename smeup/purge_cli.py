"""`flask --app smeup purge-drafts` (daily, from cron): delete what nobody will come back for.

Expired SBTR drafts, letters of intent no proposal claims, and 數位轉型 import files nobody
confirmed. Kiosk records are kept on purpose: a tablet may still hold offline entries that
need its kiosk to be delivered, and leaving kiosk mode deletes the record anyway.
"""

import click
from flask.cli import with_appcontext

from .database import write_unit
from .digital.staging import UNCONFIRMED_DAYS, purge_unconfirmed
from .sbtr.drafts import purge_expired
from .sbtr.uploads import purge_unclaimed
from .training.attendance_import import purge_unconfirmed as purge_attendance_reports


@click.command("purge-drafts")
@with_appcontext
def purge_drafts_command() -> None:
    """Delete expired drafts, stray uploads and import files left unconfirmed for a week."""
    with write_unit():
        drafts = purge_expired()
        uploads = purge_unclaimed()
        imports = purge_unconfirmed()
        reports = purge_attendance_reports()
    click.echo(
        f"已刪除過期草稿 {drafts} 份、未使用的合作意向書 {uploads} 份、"
        f"超過 {UNCONFIRMED_DAYS} 天未確認的數位轉型匯入檔 {imports} 份、"
        f"未確認的線上出席報表 {reports} 份"
    )
