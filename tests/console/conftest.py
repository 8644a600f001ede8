"""Console fixtures: an officer's client and a way to add rows through the factories."""

import pytest

from smeup.extensions import db


@pytest.fixture
def officer(auth):
    """A test client signed in as an officer."""
    return auth("officer")


@pytest.fixture
def add(app):
    """add(build): run a factory function inside the app and commit; returns its ids."""

    def run(build):
        with app.app_context():
            made = build()
            db.session.commit()
            if isinstance(made, list | tuple):
                return [m.id for m in made]
            return made.id if made is not None else None

    return run
