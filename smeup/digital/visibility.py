"""Which shops a staff member may see and edit: officers all, agents only those assigned."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select

from ..extensions import db
from ..models.digital import Shop


def sees_all_shops(user) -> bool:
    """Officers and admins see every shop."""
    return bool(user.is_authenticated and user.has_role("officer"))


def visible_shops(user, select: Select | None = None) -> Select:
    """A select of shops limited to what this user may see."""
    query = select if select is not None else db.select(Shop)
    if sees_all_shops(user):
        return query
    return query.where(Shop.counsellor_id == user.id)


def shop_for(user, shop_id: int) -> Shop:
    """The shop, or 404 when it does not exist and 403 when it is not this agent's."""
    shop = db.get_or_404(Shop, shop_id)
    if not sees_all_shops(user) and shop.counsellor_id != user.id:
        abort(403)
    return shop
