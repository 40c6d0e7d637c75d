"""The layout of an export folder ``DIR`` (what ``export`` writes and ``archive`` packs)::

    DIR/
      community.snapshot/   the crawl: snapshot.sqlite + media/ (input of build and index)
      site/                 the static mirror (HTML, feeds, sitemaps, oEmbed, media, robots.txt)
      search_index/         the offline search index (``serve DIR/site`` finds it next door)
      export.json           what produced DIR: site URL, audience, base URL, tool version

Every part can be rebuilt from ``community.snapshot/`` alone, without network:
``jetonomy-export build DIR/community.snapshot --out DIR/site`` and
``jetonomy-export index DIR/community.snapshot --out DIR/search_index``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SNAPSHOT_DIR = "community.snapshot"
SITE_DIR = "site"
INDEX_DIR = "search_index"
RECORD_NAME = "export.json"


@dataclass(frozen=True)
class ExportLayout:
    """Paths of one export folder."""

    root: Path

    @property
    def snapshot(self) -> Path:
        return self.root / SNAPSHOT_DIR

    @property
    def site(self) -> Path:
        return self.root / SITE_DIR

    @property
    def index(self) -> Path:
        return self.root / INDEX_DIR

    @property
    def record(self) -> Path:
        return self.root / RECORD_NAME

    @classmethod
    def of_site(cls, site_dir: Path) -> ExportLayout:
        """The layout a mirror folder belongs to (its parent folder)."""
        return cls(Path(site_dir).resolve().parent)
