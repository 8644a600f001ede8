"""Command-line failures end with one clear line (click's "Error: ..."), never a traceback."""

import functools

import click
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

NO_DATABASE = (
    "資料庫無法使用：{reason}（請確認 DATABASE_URL 與資料庫已啟動；"
    "新的資料庫請先執行 flask --app smeup db upgrade）"
)
DATABASE_ERROR = "資料庫錯誤：{reason}"
FILE_ERROR = "無法讀寫檔案：{reason}"


def first_line(exc: BaseException) -> str:
    """The first line of what went wrong, as the driver or the system put it."""
    cause = getattr(exc, "orig", None) or exc
    text = str(cause).strip().splitlines()
    return text[0] if text else type(cause).__name__


def one_line_errors(command):
    """Decorate a command's function: database and file failures become one-line errors."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (OperationalError, ProgrammingError) as exc:  # unreachable, or no tables yet
            raise click.ClickException(NO_DATABASE.format(reason=first_line(exc))) from exc
        except SQLAlchemyError as exc:
            raise click.ClickException(DATABASE_ERROR.format(reason=first_line(exc))) from exc
        except OSError as exc:
            raise click.ClickException(FILE_ERROR.format(reason=first_line(exc))) from exc

    run.one_line_errors = True
    return run


def guard_commands(group: click.Group) -> None:
    """Give every command under `group` (ours and Flask-Migrate's `db ...`) one-line errors."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            guard_commands(command)
        elif command.callback is not None and not getattr(command.callback, "one_line_errors", 0):
            command.callback = one_line_errors(command.callback)
