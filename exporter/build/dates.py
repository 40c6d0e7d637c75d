"""Dates from the data (never the wall clock): UTC strings → :class:`When`."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from .views import When

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The shape nearly every stored date has (ASCII digits, four-digit year from 1000):
# ``strptime`` would read it field for field, so it is parsed here without strptime's
# per-call regex and locale work. Anything else still goes through ``strptime``.
_PLAIN = re.compile(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


@lru_cache(maxsize=4096)  # bounded: a render worker of a big community meets ~1M dates
def when(value: str | None) -> When | None:
    """``"2026-05-02 09:15:44"`` → ``When("2026-05-02T09:15:44+00:00", "2 May 2026")``."""
    if not value or value.startswith("0000"):
        return None
    text = str(value)[:19].replace("T", " ")
    try:
        if _PLAIN.fullmatch(text):  # fromisoformat refuses what strptime refuses (month 13, 30 Feb…)
            dt = datetime.fromisoformat(text)
            return When(f"{text[:10]}T{text[11:]}+00:00", f"{dt.day} {_MONTHS[dt.month - 1]} {dt.year}")
        dt = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return When(dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"), f"{dt.day} {_MONTHS[dt.month - 1]} {dt.year}")


def when_or_epoch(value: str | None) -> When:
    """Like :func:`when` but never None (unknown dates show as empty text)."""
    return when(value) or When("", "")
