"""Which start-screen tiles work offline, and the empty pages a tablet keeps for each.

The net-zero check and the course survey go to the outbox when the network is down (offline.md);
their pages are kept by the service worker (outbox/views.py marks them for it). Every other tile
needs the network, and its start-screen button says so while the tablet is offline.
"""

from flask import url_for

from ..extensions import db
from ..models.surveys import Survey


def offline_pages(key: str) -> list[str]:
    """The pages the tile `key` needs kept to open offline; [] for a tile that needs the network."""
    if key == "netzero":
        return [url_for("netzero.form")]
    if key == "course":
        # The survey list and each open survey on it (the list shows them all).
        ids = db.session.scalars(
            db.select(Survey.id).where(Survey.is_open.is_(True)).order_by(Survey.id)
        )
        return [url_for("surveys.index")] + [
            url_for("surveys.respond", survey_id=survey_id) for survey_id in ids
        ]
    return []
