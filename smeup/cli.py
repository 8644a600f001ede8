"""Command-line tools: `flask --app smeup user ...`, `seed-demo`, `purge-drafts`."""

import click
from flask.cli import AppGroup, with_appcontext

from .cli_errors import guard_commands
from .demo import seed_demo
from .extensions import db
from .models import User
from .models.user import ROLES
from .purge_cli import purge_drafts_command

user_cli = AppGroup("user", help="Manage staff accounts.")
ROLE_NAMES = "agent（話務人員）、officer（承辦人員）或 admin（管理者）"
MIN_PASSWORD = 8


def _known_role(_ctx, _param, role: str) -> str:
    # Checked as the option is read (before the password prompt), and said in one line rather
    # than click's usage block.
    if role not in ROLES:
        raise click.ClickException(f"角色須為 {ROLE_NAMES}，不是「{role}」")
    return role


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise click.ClickException(f"密碼至少 {MIN_PASSWORD} 個字元")


@user_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, callback=_known_role, help="agent, officer or admin")
@click.option("--name", "display_name", default="", help="Name shown in the header")
@click.password_option(
    help="Asked for when not given (or set SMEUP_NEW_PASSWORD)", envvar="SMEUP_NEW_PASSWORD"
)
def create_user(username: str, role: str, display_name: str, password: str) -> None:
    """Create a staff account."""
    _check_password(password)
    if db.session.scalar(db.select(User).filter_by(username=username)):
        raise click.ClickException(f"帳號 {username} 已存在")
    user = User(username=username, role=role, display_name=display_name or username)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"已建立帳號 {username}（{user.role_label}）")


@user_cli.command("set-password")
@click.argument("username")
@click.password_option(envvar="SMEUP_NEW_PASSWORD")
def set_password(username: str, password: str) -> None:
    """Set a new password for an account."""
    _check_password(password)
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None:
        raise click.ClickException(f"找不到帳號 {username}")
    user.set_password(password)
    db.session.commit()
    click.echo(f"已更新 {username} 的密碼")


@user_cli.command("list")
def list_users() -> None:
    """List accounts."""
    for user in db.session.scalars(db.select(User).order_by(User.username)):
        state = "" if user.active else "（停用）"
        click.echo(f"{user.username}\t{user.role}\t{user.display_name}{state}")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Fill demo data and demo accounts (safe to run twice) and print the accounts."""
    accounts = seed_demo()
    click.echo("示範帳號（密碼存於 instance/demo_accounts.txt）：")
    for username, role, password in accounts:
        click.echo(f"  {role:<8} 帳號 {username:<10} 密碼 {password}")


def register_cli(app) -> None:
    """Attach the commands to the app; each one fails with one line, never a traceback."""
    app.cli.add_command(user_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(purge_drafts_command)
    guard_commands(app.cli)
