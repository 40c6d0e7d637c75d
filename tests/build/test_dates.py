"""Dates from the data: the fast path for the usual shape reads exactly what strptime reads."""

from __future__ import annotations

from datetime import datetime

import pytest

from exporter.build.dates import when, when_or_epoch
from exporter.build.views import When


def _strptime_when(value: str) -> When | None:
    """The reference: what ``when`` returns, computed with strptime only."""
    try:
        dt = datetime.strptime(value[:19].replace("T", " "), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    month = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[dt.month - 1]
    return When(dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"), f"{dt.day} {month} {dt.year}")


@pytest.mark.parametrize("value", [
    "2026-05-02 09:15:44", "2026-05-02T09:15:44", "2024-02-29 00:00:00", "9999-12-31 23:59:59",
    "1000-01-01 00:00:00", "2026-05-02 09:15:44.123", "2023-02-29 00:00:00", "2026-13-01 00:00:00",
    "2026-05-02 24:00:00", "2026-05-02 23:60:00", "2026-05-02 23:59:60", "2026-05-02",
    "abc", "2026-5-2 9:15:44",
])
def test_when_matches_strptime(value: str) -> None:
    assert when(value) == _strptime_when(value)


def test_when_examples() -> None:
    assert when("2026-05-02 09:15:44") == When("2026-05-02T09:15:44+00:00", "2 May 2026")
    assert when("") is None and when(None) is None and when("0000-00-00 00:00:00") is None
    assert when_or_epoch(None) == When("", "")
