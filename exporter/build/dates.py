"""Dates from the data (never the wall clock): UTC strings → :class:`When`."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from ..timestamps import parse_plain, plain_iso_utc
from .views import When

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=4096)  # bounded: a render worker of a big community meets ~1M dates
def when(value: str | None) -> When | None:
    """``"2026-05-02 09:15:44"`` → ``When("2026-05-02T09:15:44+00:00", "2 May 2026")``."""
    if not value or value.startswith("0000"):
        return None
    text = str(value)[:19].replace("T", " ")
    dt = parse_plain(text)  # the usual shape, without strptime's per-call work
    if dt is not None:
        return When(plain_iso_utc(text), f"{dt.day} {_MONTHS[dt.month - 1]} {dt.year}")
    try:
        dt = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return When(dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"), f"{dt.day} {_MONTHS[dt.month - 1]} {dt.year}")


def when_or_epoch(value: str | None) -> When:
    """Like :func:`when` but never None (unknown dates show as empty text)."""
    return when(value) or When("", "")
