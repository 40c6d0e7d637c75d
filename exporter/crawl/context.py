"""The state one crawl run carries between stages, and its resumable progress marks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..snapshot import Snapshot
from .discover import SiteInfo
from .http import Api
from .options import CrawlOptions
from .report import CrawlReport, Progress
from .runner import run_jobs
from .save import Saver


@dataclass
class Crawl:
    """Everything a stage needs. Only the thread that runs the stages touches ``snap``."""

    api: Api
    snap: Snapshot
    options: CrawlOptions
    progress: Progress
    report: CrawlReport
    saver: Saver
    site: SiteInfo
    run: int
    mode: str

    # -- progress marks in crawl_state (cleared when the run completes) -----------------

    def done(self, key: str) -> bool:
        return self.snap.get_state(f"done:{key}") is not None

    def mark(self, key: str) -> None:
        """Mark ``key`` done — call inside the transaction that saved its data."""
        self.snap.set_state(f"done:{key}", "1")

    def done_keys(self, prefix: str) -> set[str]:
        rows = self.snap.db.execute("SELECT key FROM crawl_state WHERE key LIKE ?",
                                    (f"done:{prefix}%",))
        return {r[0][len("done:"):] for r in rows}

    # -- running jobs ------------------------------------------------------------------

    def save(self, write: Callable[[], None]) -> None:
        """Run ``write`` in one transaction together with the refusals it produced."""
        with self.snap.transaction():
            write()
            self.saver.flush_refusals()

    def jobs(self, stage: str, jobs: list[tuple[Any, Callable[[], Any]]],
             on_result: Callable[[Any, Any], None]) -> None:
        """Run ``jobs`` concurrently with a progress bar; ``on_result`` saves each result."""
        self.progress.stage(stage, len(jobs))

        def handle(key: Any, result: Any) -> None:
            on_result(key, result)
            self.progress.advance()

        run_jobs(jobs, self.options.concurrency, handle)

    def public_space_ids(self) -> list[int]:
        """Public spaces listed in this run, ascending id."""
        return self.query_ids("SELECT id FROM spaces WHERE visibility='public' AND seen_run=? "
                              "ORDER BY id", (self.run,))

    def readable_space_ids(self) -> list[int]:
        """Every space saved this run (a guest saves public ones only; an account all it reads)."""
        return self.query_ids("SELECT id FROM spaces WHERE seen_run=? ORDER BY id", (self.run,))

    @property
    def logged_in(self) -> bool:
        return self.options.credentials is not None

    def query_ids(self, sql: str, args: Iterable[Any] = ()) -> list[int]:
        return [int(r[0]) for r in self.snap.db.execute(sql, tuple(args))]
