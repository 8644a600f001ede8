"""SQLite writers take turns: one at a time across threads and processes, re-entrant in a thread."""

import multiprocessing
import threading

from sqlalchemy.engine import make_url

from smeup.sqlite_writers import database_file, writer_turn

WAIT = 30  # seconds: only a broken lock makes any wait below run this long


def _hold_turn(url: str, holding, release) -> None:
    with writer_turn(make_url(url)):
        holding.set()
        release.wait(WAIT)


def test_a_writer_in_another_process_waits_for_the_turn_to_end(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    context = multiprocessing.get_context("spawn")
    holding, release = context.Event(), context.Event()
    other = context.Process(target=_hold_turn, args=(url, holding, release))
    other.start()
    try:
        assert holding.wait(WAIT)
        entered = threading.Event()

        def write() -> None:
            with writer_turn(make_url(url)):
                entered.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert not entered.wait(0.5), "entered while another process held the turn"
        release.set()
        assert entered.wait(WAIT), "the turn never came after the other process ended its own"
        writer.join(WAIT)
    finally:
        release.set()
        other.join(WAIT)


def test_threads_of_one_process_take_turns_and_a_thread_may_nest(tmp_path):
    url = make_url(f"sqlite:///{tmp_path / 'app.sqlite'}")
    inside: list[str] = []
    first_in, let_go = threading.Event(), threading.Event()

    def first() -> None:
        with writer_turn(url):
            with writer_turn(url):  # e.g. a rate-limit count inside a write unit
                inside.append("first")
                first_in.set()
                let_go.wait(WAIT)
            inside.append("first still")

    def second() -> None:
        with writer_turn(url):
            inside.append("second")

    one = threading.Thread(target=first)
    one.start()
    assert first_in.wait(WAIT)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)
    assert inside == ["first"]
    let_go.set()
    one.join(WAIT)
    two.join(WAIT)
    assert inside == ["first", "first still", "second"]


def test_only_sqlite_files_have_turns():
    assert database_file(make_url("postgresql+psycopg://u@h/db")) is None
    assert database_file(make_url("sqlite://")) is None
    assert database_file(make_url("sqlite:///:memory:")) is None
    assert database_file(make_url("sqlite:////srv/smeup/app.sqlite")) == "/srv/smeup/app.sqlite"
