"""The shape nearly every stored timestamp has, read without ``strptime``.

Snapshot dates are ``YYYY-MM-DD HH:MM:SS`` (UTC, no zone). ``strptime`` reads that shape
field by field with per-call regex and locale work; :func:`parse_plain` reads it with
``datetime.fromisoformat`` (C), which refuses exactly what ``strptime`` refuses there (month
13, 30 February, hour 24). Anything of another shape is left to ``strptime`` by the caller.
"""

from __future__ import annotations

import re
from datetime import datetime

# ASCII digits, a four-digit year from 1000 (``isoformat`` prints such a year as written).
_PLAIN = re.compile(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


def parse_plain(text: str) -> datetime | None:
    """``text`` as a naive datetime when it is a valid ``YYYY-MM-DD HH:MM:SS``; None when it
    has another shape or is not a real date and time (``strptime`` refuses it then too)."""
    if text[11:13] < "24" and _PLAIN.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def plain_iso_utc(text: str) -> str:
    """The ISO form with ``+00:00`` of a ``text`` :func:`parse_plain` accepted (its digits
    are the ones ``isoformat`` would print)."""
    return f"{text[:10]}T{text[11:]}+00:00"
