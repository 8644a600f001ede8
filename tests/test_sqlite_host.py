"""A SQLite file is served by one host (smeup/sqlite_host.py): another host refuses to start.

The gunicorn and `flask` command refusals (one line, no traceback) are in
tests/quality/test_two_hosts.py, which starts processes.
"""

import threading

import pytest

from smeup import create_app
from smeup.config import ConfigError
from smeup.sqlite_host import SUFFIX, claim_sqlite_file


def config(tmp_path, database: str, host: str | None, folder: str = "instance") -> dict:
    """A host's settings: its own instance folder, the given database and host name."""
    settings = {
        "SMEUP_ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database,
        "INSTANCE_PATH": str(tmp_path / folder),
    }
    if host is not None:
        settings["SMEUP_HOST_NAME"] = host
    return settings


def test_the_first_host_writes_its_name_and_starts_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'smeup.sqlite3'}"
    create_app(config(tmp_path, url, "web-1"))
    assert (tmp_path / f"smeup.sqlite3{SUFFIX}").read_text() == "web-1\n"
    # The same host again (another worker, a command, a restart): it goes on.
    create_app(config(tmp_path, url, "web-1", folder="other-instance"))


def test_the_machines_host_name_is_the_default(tmp_path):
    import socket

    create_app(config(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}", None))
    assert (tmp_path / f"db.sqlite3{SUFFIX}").read_text() == f"{socket.gethostname()}\n"


def test_another_host_on_the_same_file_refuses_with_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'smeup.sqlite3'}"
    create_app(config(tmp_path, url, "web-1", folder="a"))
    with pytest.raises(ConfigError) as refused:
        create_app(config(tmp_path, url, "web-2", folder="b"))
    message = refused.value.format_message()
    assert "\n" not in message
    assert "web-1" in message and "web-2" in message and "PostgreSQL" in message
    assert f"{tmp_path / 'smeup.sqlite3'}{SUFFIX}" in message  # what to delete if it moved
    # The file still names the first host, which goes on serving it.
    assert (tmp_path / f"smeup.sqlite3{SUFFIX}").read_text() == "web-1\n"
    create_app(config(tmp_path, url, "web-1", folder="a"))


def test_after_the_marker_is_deleted_a_new_host_takes_the_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'smeup.sqlite3'}"
    create_app(config(tmp_path, url, "old-name"))
    (tmp_path / f"smeup.sqlite3{SUFFIX}").unlink()
    create_app(config(tmp_path, url, "new-name"))
    assert (tmp_path / f"smeup.sqlite3{SUFFIX}").read_text() == "new-name\n"


def test_a_marker_emptied_by_hand_refuses_until_it_is_deleted(tmp_path):
    marker = tmp_path / f"smeup.sqlite3{SUFFIX}"
    marker.write_text("")
    url = f"sqlite:///{tmp_path / 'smeup.sqlite3'}"
    with pytest.raises(ConfigError, match=str(marker)):
        create_app(config(tmp_path, url, "web-1"))
    marker.unlink()
    create_app(config(tmp_path, url, "web-1"))
    assert marker.read_text() == "web-1\n"


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_a_database_in_memory_has_no_host(tmp_path, url):
    create_app(config(tmp_path, url, "web-1"))
    create_app(config(tmp_path, url, "web-2"))
    assert not list(tmp_path.glob(f"*{SUFFIX}"))


class Starting:
    """A stand-in app as a starting worker sees it."""

    def __init__(self, url: str, host: str):
        self.config = {"SQLALCHEMY_DATABASE_URI": url, "SMEUP_HOST_NAME": host}


def test_workers_starting_together_agree_on_one_host(tmp_path):
    url = f"sqlite:///{tmp_path / 'smeup.sqlite3'}"
    hosts = [f"web-{n % 6}" for n in range(12)]  # six hosts, two workers each, all at once
    barrier = threading.Barrier(len(hosts))
    outcomes: list[tuple[str, str]] = []

    def start(host: str) -> None:
        barrier.wait()
        try:
            claim_sqlite_file(Starting(url, host))
            outcomes.append((host, "served"))
        except ConfigError:
            outcomes.append((host, "refused"))

    threads = [threading.Thread(target=start, args=(host,)) for host in hosts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    owner = (tmp_path / f"smeup.sqlite3{SUFFIX}").read_text().strip()
    # One name wins, and exactly the workers carrying it start.
    assert owner in hosts
    assert sorted(outcomes) == sorted((h, "served" if h == owner else "refused") for h in hosts)
    assert not list(tmp_path.glob("*.tmp"))
