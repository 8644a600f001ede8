"""Sites (場域) of the digital programme: the seeded list, and the names the course survey offers."""

from __future__ import annotations

from ..extensions import db
from ..models.digital import Site
from .digital import SEEDED_SITES


def ensure_seeded_sites() -> int:
    """Add the seeded sites that are missing (by name), in the open session; return how many."""
    known = set(db.session.scalars(db.select(Site.name)))
    missing = [(name, county) for name, county in SEEDED_SITES if name not in known]
    for name, county in missing:
        db.session.add(Site(name=name, county=county, active=True))
    return len(missing)


def active_site_names() -> list[str]:
    """The names of the active sites, in the order they were added."""
    return list(db.session.scalars(db.select(Site.name).filter_by(active=True).order_by(Site.id)))


def all_sites() -> list[Site]:
    """Every site, active first, then by when it was added."""
    return list(db.session.scalars(db.select(Site).order_by(Site.active.desc(), Site.id)))
