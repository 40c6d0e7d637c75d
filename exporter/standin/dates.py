"""Date helpers in Jetonomy/WordPress formats (all inputs are stored UTC strings)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

FMT = "%Y-%m-%d %H:%M:%S"
_ZERO = "0000-00-00 00:00:00"


def parse(value: str | None) -> datetime | None:
    """A stored ``YYYY-MM-DD HH:MM:SS`` (UTC) string as an aware datetime, or None."""
    if not value or value == _ZERO:
        return None
    try:
        return datetime.fromisoformat(value[:19]).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def gmt(value: str | None) -> str | None:
    """The ``*_gmt`` twin: ISO-8601 with ``Z``, or None."""
    dt = parse(value)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def w3c(value: str | None) -> str | None:
    """Sitemap date: ISO-8601 with ``+00:00``."""
    dt = parse(value)
    return dt.strftime("%Y-%m-%dT%H:%M:%S+00:00") if dt else None


def shift(value: str, *, hours: float) -> str:
    """``value`` moved by ``hours`` (site-local clock for the edited_at bug)."""
    dt = parse(value)
    return (dt + timedelta(hours=hours)).strftime(FMT) if dt else value


def offset_suffix(gmt_offset: float) -> str:
    """PHP ``O`` format of a site offset in hours: ``+0100``, ``+0530``, ``-0300``."""
    minutes = round(gmt_offset * 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def rss_date(value: str | None, gmt_offset: float) -> str:
    """RSS date as the live feed prints it: the UTC clock followed by the site's offset (bug)."""
    dt = parse(value) or datetime(1970, 1, 1, tzinfo=timezone.utc)
    return dt.strftime("%a, %d %b %Y %H:%M:%S ") + offset_suffix(gmt_offset)


def http_date(value: str | None) -> str:
    """An HTTP date (``Last-Modified``) of a stored UTC string."""
    dt = parse(value) or datetime(1970, 1, 1, tzinfo=timezone.utc)
    return dt.strftime("%a, %d %b %Y %H:%M:%S GMT")


def _php_round(x: float) -> int:
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


_STEPS = (
    (60, 1, "second", "seconds"),
    (3600, 60, "min", "mins"),
    (86400, 3600, "hour", "hours"),
    (7 * 86400, 86400, "day", "days"),
    (30 * 86400, 7 * 86400, "week", "weeks"),
    (365 * 86400, 30 * 86400, "month", "months"),
)


def time_ago(value: str | None, now: str) -> str:
    """WordPress ``human_time_diff`` + " ago", relative to the dataset's fixed clock."""
    then, ref = parse(value), parse(now)
    if then is None or ref is None:
        return ""
    diff = abs((ref - then).total_seconds())
    for limit, unit, one, many in _STEPS:
        if diff < limit:
            n = max(1, _php_round(diff / unit))
            return f"{n} {one if n == 1 else many} ago"
    n = max(1, _php_round(diff / (365 * 86400)))
    return f"{n} {'year' if n == 1 else 'years'} ago"


def days_before(now: str, days: float) -> str:
    """The stored-format string ``days`` before ``now``."""
    dt = parse(now) or datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (dt - timedelta(days=days)).strftime(FMT)


def hours_between(earlier: str | None, later: str) -> float:
    """Hours from ``earlier`` to ``later`` (0 when unknown)."""
    a, b = parse(earlier), parse(later)
    return max(0.0, (b - a).total_seconds() / 3600) if a and b else 0.0
