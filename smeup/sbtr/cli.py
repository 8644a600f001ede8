"""`flask --app smeup purge-drafts`: delete expired drafts and letters of intent nobody claims."""

import click
from flask.cli import with_appcontext

from ..database import write_unit
from .drafts import purge_expired
from .uploads import purge_unclaimed


@click.command("purge-drafts")
@with_appcontext
def purge_drafts_command() -> None:
    """Delete drafts past their expiry (SMEUP_DRAFT_DAYS after the last save) and stray uploads."""
    with write_unit():
        drafts = purge_expired()
        uploads = purge_unclaimed()
    click.echo(f"已刪除過期草稿 {drafts} 份、未使用的合作意向書 {uploads} 份")
