"""Ticket codes: short, in the QR and printed under it, in letters that cannot be confused."""

import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: read aloud or typed at the door, no two look alike.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 8  # 25^8 ≈ 1.5 × 10^11: guessing one among a session's tickets is hopeless


def new_code() -> str:
    """A fresh ticket code (uniqueness is the table's: a clash is retried by the caller)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def read_code(text: str) -> str:
    """What a person typed or a scanner read, as a code: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())[:LENGTH]


def spaced(code: str) -> str:
    """The code as printed under the QR: two groups of four."""
    return f"{code[:4]} {code[4:]}"
