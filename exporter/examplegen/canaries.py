"""Canary strings: one unique ``CANARY-<12 hex>`` per non-public item."""

from __future__ import annotations

import random
import re

CANARY_RE = re.compile(r"CANARY-[0-9a-f]{12}")


class CanaryBook:
    """Deterministic source of unique canary strings."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._issued: set[str] = set()

    def new(self) -> str:
        """Return a canary never issued before by this book."""
        while True:
            canary = f"CANARY-{self._rng.getrandbits(48):012x}"
            if canary not in self._issued:
                self._issued.add(canary)
                return canary


def find_canaries(text: str) -> list[str]:
    """All canary strings in ``text`` (in order, duplicates kept)."""
    return CANARY_RE.findall(text)
