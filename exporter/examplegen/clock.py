"""Dates of the example community: fixed ``now``, UTC storage, site-local ``edited_at``."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

FMT = "%Y-%m-%d %H:%M:%S"
SITE_NOW = "2026-11-15 12:00:00"
GMT_OFFSET_HOURS = 1  # Europe/Berlin in November (CET)
HISTORY_DAYS = 5 * 365  # the community has lived for about five years


def parse(text: str) -> datetime:
    """Parse a stored ``YYYY-MM-DD HH:MM:SS`` string."""
    return datetime.fromisoformat(text)


def fmt(moment: datetime) -> str:
    """Format a datetime the way Jetonomy stores it (UTC, no zone marker)."""
    return moment.strftime(FMT)


def site_local(moment: datetime) -> str:
    """Format ``moment`` shifted to the site's clock (the ``edited_at`` bug)."""
    return fmt(moment + timedelta(hours=GMT_OFFSET_HOURS))


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A whole-second moment uniformly between ``start`` and ``end`` (inclusive)."""
    span = max(0, int((end - start).total_seconds()))
    return start + timedelta(seconds=rng.randint(0, span))


def after(rng: random.Random, start: datetime, end: datetime, mean_hours: float) -> datetime:
    """A moment after ``start`` (exponential delay, mean ``mean_hours``), capped at ``end``."""
    delay = timedelta(seconds=int(rng.expovariate(1.0 / (mean_hours * 3600.0))) + 60)
    return min(start + delay, end)
