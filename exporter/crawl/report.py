"""What a crawl did (the summary table) and the progress interface the library reports to."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol


class Progress(Protocol):
    """Anything with these methods can follow a crawl (the CLI passes a rich one)."""

    def stage(self, name: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def note(self, message: str) -> None: ...


class NullProgress:
    """Progress that shows nothing (library default)."""

    def stage(self, name: str, total: int | None = None) -> None:
        return None

    def advance(self, n: int = 1) -> None:
        return None

    def note(self, message: str) -> None:
        return None


@dataclass
class CrawlReport:
    """Counts of one crawl run, for the summary table and tests."""

    site_url: str = ""
    mode: str = "full"
    run: int = 0
    complete: bool = False
    resumed: bool = False
    requests: int = 0
    retries: int = 0
    per_route: dict[str, int] = field(default_factory=dict)
    saved: Counter = field(default_factory=Counter)
    changes: Counter = field(default_factory=Counter)
    media: Counter = field(default_factory=Counter)
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    def summary_rows(self) -> list[tuple[str, str]]:
        """(label, value) pairs in display order."""
        rows = [("site", self.site_url), ("mode", self.mode + (" (resumed)" if self.resumed else "")),
                ("complete", "yes" if self.complete else "no"),
                ("requests", str(self.requests)), ("retries", str(self.retries))]
        rows += [(f"saved {kind}", str(n)) for kind, n in sorted(self.saved.items())]
        rows += [(f"{change} {kind}", str(n)) for (kind, change), n in sorted(self.changes.items())]
        rows += [(f"media {status}", str(n)) for status, n in sorted(self.media.items())]
        rows += [("refused (fingerprints)", str(self.refused)),
                 ("sitemap URLs not crawled", str(len(self.missed))),
                 ("errors", str(len(self.errors))), ("time", f"{self.elapsed:.1f} s")]
        return rows
