"""What one ``export`` run did: the three stage reports and the summary table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .layout import ExportLayout


@dataclass
class ExportReport:
    """Reports of the stages that ran (``None`` when skipped) and their durations."""

    layout: ExportLayout
    crawl: Any = None
    build: Any = None
    index: Any = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def site(self) -> Path:
        return self.layout.site

    def summary_rows(self) -> list[tuple[str, str, str]]:
        """``(stage, what, value)`` rows for the one summary table."""
        rows: list[tuple[str, str, str]] = []
        if self.crawl is not None:
            c = self.crawl
            saved = ", ".join(f"{n} {k}" for k, n in sorted(c.saved.items())) or "nothing new"
            rows += [("crawl", "mode", c.mode + (" (resumed)" if c.resumed else "")),
                     ("crawl", "requests / retries", f"{c.requests} / {c.retries}"),
                     ("crawl", "saved", saved),
                     ("crawl", "refused (fingerprints)", str(c.refused))]
        if self.build is not None:
            b = self.build
            rows += [("build", "pages", str(b.pages)),
                     ("build", "files written / unchanged / removed",
                      f"{b.written} / {b.unchanged} / {b.removed}"),
                     ("build", "media", str(b.media))]
            if getattr(b, "search_pages", None):
                rows.append(("build", "pagefind pages", str(b.search_pages)))
        if self.index is not None:
            i = self.index
            counts = ", ".join(f"{n} {k}" for k, n in i.counts.items())
            rows += [("index", "mode", i.mode), ("index", "documents", counts)]
        rows += [(stage, "time", f"{s:.1f} s") for stage, s in self.seconds.items()]
        return rows
