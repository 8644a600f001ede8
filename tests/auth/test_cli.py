"""Account commands and the demo seed; every command fails in one line, never a traceback."""

import os
import subprocess
from pathlib import Path

import click
import pytest

from smeup.extensions import db
from smeup.models import Event, Submission, User


def test_user_create_makes_a_hashed_account(app, runner):
    result = runner.invoke(
        args=["user", "create", "chen", "--role", "officer", "--password", "s3cret-pass"]
    )
    assert result.exit_code == 0, result.output
    assert "已建立帳號 chen" in result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="chen"))
        assert user.role == "officer" and user.check_password("s3cret-pass")


def test_user_create_refuses_duplicates_and_short_passwords(runner):
    runner.invoke(args=["user", "create", "lin", "--role", "agent", "--password", "long-enough"])
    again = runner.invoke(
        args=["user", "create", "lin", "--role", "agent", "--password", "long-enough"]
    )
    assert again.exit_code != 0 and "已存在" in again.output
    short = runner.invoke(args=["user", "create", "wu", "--role", "agent", "--password", "short"])
    assert short.exit_code != 0 and "至少 8" in short.output


def test_seed_demo_is_safe_to_run_twice_and_prints_accounts(app, runner):
    first = runner.invoke(args=["seed-demo"])
    with app.app_context():
        after_first = db.session.scalar(db.select(db.func.count()).select_from(Submission))
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "officer" in first.output and "密碼" in first.output
    assert first.output == second.output  # same passwords both times
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 3
        assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == after_first
        demo = db.session.scalars(db.select(Submission).filter_by(form_type="netzero")).all()
        assert len(demo) >= 5
        assert {s.channel for s in demo} == {"web", "roadshow", "phone"}
        assert all(s.netzero.total_tco2e > 0 for s in demo)


def one_line_error(result) -> str:
    """The command failed cleanly: exit 1 with one line, "Error: ...", and no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # not a crash
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_account_mistakes_end_in_one_line(runner, users):
    bad_role = runner.invoke(args=["user", "create", "wu", "--role", "boss", "--password", "x"])
    assert "角色須為 agent" in one_line_error(bad_role) and "boss" in bad_role.output
    unknown = runner.invoke(args=["user", "set-password", "nobody", "--password", "long-enough"])
    assert "找不到帳號 nobody" in one_line_error(unknown)
    short = runner.invoke(args=["user", "set-password", users["agent"], "--password", "short"])
    assert "至少 8" in one_line_error(short)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-smeup-dir/none.sqlite3",
        "postgresql+psycopg://nobody@127.0.0.1:1/none",  # nothing listens on port 1
    ],
)
def test_an_unreachable_database_ends_every_command_in_one_line(make_app, url):
    runner = make_app(SQLALCHEMY_DATABASE_URI=url).test_cli_runner()
    for args in (
        ["user", "list"],
        ["user", "create", "wu", "--role", "agent", "--password", "long-enough"],
        ["user", "set-password", "wu", "--password", "long-enough"],
        ["seed-demo"],
        ["purge-drafts"],
    ):
        assert "資料庫無法使用" in one_line_error(runner.invoke(args=args)), args


def test_a_database_without_tables_says_to_upgrade(make_app, tmp_path):
    runner = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/empty.sqlite3")
    message = one_line_error(runner.test_cli_runner().invoke(args=["user", "list"]))
    assert "db upgrade" in message


def test_every_app_command_is_guarded(app):
    def commands(group, prefix=""):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, f"{prefix}{name} ")
            else:
                yield f"{prefix}{name}", command

    found = dict(commands(app.cli))
    assert {"user create", "user set-password", "user list", "seed-demo", "purge-drafts"} <= set(
        found
    )
    unguarded = [name for name, command in found.items() if not _guarded(command.callback)]
    assert unguarded == []


def _guarded(callback) -> bool:
    while callback is not None:  # click.pass_context/with_appcontext wrap the guarded function
        if getattr(callback, "one_line_errors", False):
            return True
        callback = getattr(callback, "__wrapped__", None)
    return False


ROOT = Path(__file__).resolve().parents[2]
# Settings a newcomer's shell does not have: each test says which environment it runs in.
UNSET = ("SECRET_KEY", "SMEUP_SECRET_KEY", "SMEUP_ENV", "DATABASE_URL", "FLASK_APP")


def flask_cli(*args: str, env: dict[str, str], answers: str = "") -> subprocess.CompletedProcess:
    """The real `flask --app smeup ...` entry point, run from the checkout as the README says."""
    return subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "smeup", *args],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in UNSET}, **env},
        input=answers,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_secret_key_says_so_in_one_line(tmp_path):
    # As a newcomer would run it: the real flask entry point, a production environment, no key.
    env = {"SMEUP_ENV": "production", "SMEUP_INSTANCE_PATH": str(tmp_path)}
    done = flask_cli("user", "list", env=env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: SECRET_KEY 未設定"), done.stderr


def test_the_readme_account_commands_work_in_a_checkout_make_run_set_up(tmp_path):
    # What `make run` leaves (its instance/config.py target), then the README's commands as
    # written: no SMEUP_ENV and no SECRET_KEY in the environment.
    made = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(tmp_path),
            "-f",
            str(ROOT / "Makefile"),
            "instance/config.py",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    env = {"SMEUP_INSTANCE_PATH": str(tmp_path / "instance")}

    assert flask_cli("db", "upgrade", env=env).returncode == 0
    created = flask_cli(
        "user", "create", "chen", "--role", "officer", env=env, answers="s3cret-pass\n" * 2
    )
    assert created.returncode == 0, created.stderr
    assert "已建立帳號 chen" in created.stdout
    listed = flask_cli("user", "list", env=env)
    assert listed.returncode == 0 and "chen" in listed.stdout, listed.stderr
    assert "Traceback" not in created.stderr + listed.stderr
