"""Who is the same participant in a 前測 and a 後測.

Decision: a person is their shop plus their phone number. The shop is the enrolled shop they
picked, or — when they typed a 統一編號 — that company; the phone is reduced to its digits
(with +886 read as a leading 0). The name is kept but not matched on: people write their
name differently on two days (林小美 / 小美), their phone and shop they do not.
"""

from __future__ import annotations

import re


def phone_digits(phone: str) -> str:
    """A Taiwan phone number as digits only, +886 9xx read as 09xx."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("886"):
        digits = "0" + digits[3:]
    return digits


def person_key(*, shop_id: int | None, ubn: str | None, phone: str) -> str:
    """The key that pairs a person's 前測 with their 後測."""
    where = f"shop:{shop_id}" if shop_id else f"ubn:{ubn or ''}"
    return f"{where}|{phone_digits(phone)}"
