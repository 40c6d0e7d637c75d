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
    static: int = 0
    seconds: float = 0.0
    written_paths: list[str] = field(default_factory=list)
    removed_paths: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.written + self.unchanged

    def summary(self) -> str:
        return (f"{self.pages} pages, {self.written} files written, {self.unchanged} unchanged, "
                f"{self.removed} removed, {self.media} media, in {self.seconds:.2f}s")
