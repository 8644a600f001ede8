"""Report fixtures: the hand-computed programme, stored once per test."""

import pytest

from smeup.extensions import db

from . import programme as hand


@pytest.fixture
def programme(app):
    """Store the programme (tests/report/programme.py); yields inside an app context."""
    with app.test_request_context():
        companies = hand.build()
        yield companies
        db.session.rollback()
