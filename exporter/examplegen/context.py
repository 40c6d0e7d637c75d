"""The generation context: seed, scale, fixed clock and shared registries."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import clock
from .canaries import CanaryBook
from .slugs import SlugRegistry


@dataclass
class Ctx:
    """Everything the generation steps share.  Randomness only through :meth:`rng`."""

    seed: int
    scale: float
    pro: bool = False
    base_slug: str = "community"
    now: datetime = field(default_factory=lambda: clock.parse(clock.SITE_NOW))
    canaries: CanaryBook = field(init=False)
    post_slugs: SlugRegistry = field(default_factory=SlugRegistry)

    def __post_init__(self) -> None:
        self.canaries = CanaryBook(self.rng("canaries"))

    @property
    def start(self) -> datetime:
        """The day the community opened (about five years before ``now``)."""
        return self.now - timedelta(days=clock.HISTORY_DAYS)

    def rng(self, name: str) -> random.Random:
        """An independent, reproducible random stream for one generation step."""
        return random.Random(f"{self.seed}:{name}")

    def scaled(self, count: int, minimum: int = 1) -> int:
        """``count`` multiplied by the scale, rounded, at least ``minimum``."""
        return max(minimum, round(count * self.scale))

    def topic_url(self, space_slug: str, post_slug: str) -> str:
        """Live topic URL with the ``{home}`` placeholder."""
        return f"{{home}}/{self.base_slug}/s/{space_slug}/t/{post_slug}/"
