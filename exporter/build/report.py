"""What a build did, for the CLI and for tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BuildReport:
    """Counts of one build. ``written + unchanged`` = every file the build produced."""

    out_dir: Path
    home: str = "/"
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    media: int = 0
    media_missing: int = 0  # recorded as stored, file not in the snapshot: linked to the original
    static: int = 0
    rendered: int = 0
    search_pages: int | None = None
    seconds: float = 0.0
    written_paths: list[str] = field(default_factory=list)
    removed_paths: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.written + self.unchanged

    def summary(self) -> str:
        search = "" if self.search_pages is None else f", {self.search_pages} topics in the static search"
        if self.media_missing:
            search += (f", {self.media_missing} media missing from the snapshot's media/ folder "
                       "(linked to their original URLs; copy the snapshot with its media/ folder)")
        return (f"{self.pages} pages ({self.rendered} rendered), {self.written} files written, "
                f"{self.unchanged} unchanged, {self.removed} removed, {self.media} media{search}, "
                f"in {self.seconds:.2f}s")
