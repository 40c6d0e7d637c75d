"""``export(config, progress) -> ExportReport``: crawl → build → index in one run.

Validated first (nothing long starts with a bad option); then each stage runs on the
result of the one before. Each stage is resumable on its own (the crawl keeps its state,
the build its journal, the index its generations), so running the same export again after
an error or a kill continues where it stopped and ends with the same files.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from ..config import ExportConfig
from .layout import ExportLayout
from .report import ExportReport
from .steps import require_snapshot, run_build, run_crawl, run_index, write_record


def export(config: ExportConfig, progress: Any = None) -> ExportReport:
    """Run the whole export described by ``config`` into ``config.export.out``.

    ``progress`` is a rich ``Progress`` (or anything with ``add_task``/``update``/
    ``advance``/``console``) or ``None``. Raises :class:`~exporter.errors.ExportError`.
    """
    config = config.validate()
    layout = ExportLayout(Path(config.export.out))
    report = ExportReport(layout)
    if config.export.offline:
        require_snapshot(layout)
    else:
        report.crawl = _timed(report, "crawl", lambda: run_crawl(config, layout, progress))
    write_record(config, layout)
    report.build = _timed(report, "build", lambda: run_build(config, layout, progress))
    if config.index.enabled:
        report.index = _timed(report, "index", lambda: run_index(config, layout, progress))
    return report


def _timed(report: ExportReport, stage: str, run: Callable[[], Any]) -> Any:
    started = time.monotonic()
    try:
        return run()
    finally:
        report.seconds[stage] = time.monotonic() - started
