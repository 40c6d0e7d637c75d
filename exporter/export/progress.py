"""One progress display for the three stages.

The library receives a rich-``Progress``-like object (``add_task``/``update``/``advance``) or
``None``. Build and index use that interface directly; :class:`CrawlProgress` adapts it to
the crawler's ``stage/advance/note`` protocol, and :class:`StepProgress` prefixes every task
with the stage it belongs to so the three stages read as one display.
"""

from __future__ import annotations

from typing import Any


class StepProgress:
    """Forward to ``progress`` with task descriptions prefixed by ``step`` (e.g. ``build``)."""

    def __init__(self, progress: Any, step: str):
        self._progress = progress
        self._step = step

    def add_task(self, description: str, total: float | None = None, **fields: Any) -> Any:
        return self._progress.add_task(f"[bold]{self._step}[/] {description}", total=total, **fields)

    def update(self, task: Any, **fields: Any) -> None:
        self._progress.update(task, **fields)

    def advance(self, task: Any, advance: float = 1) -> None:
        self._progress.advance(task, advance)

    @property
    def console(self) -> Any:
        return self._progress.console


class CrawlProgress:
    """The crawler's progress protocol over a rich-``Progress``-like object."""

    def __init__(self, progress: Any):
        self._progress = StepProgress(progress, "crawl")
        self._task: Any = None

    def stage(self, name: str, total: int | None = None) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=self._total or 1, total=self._total or 1)
        self._total = total
        self._task = self._progress.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)

    def note(self, message: str) -> None:
        self._progress.console.print(f"[yellow]{message}[/]")

    def finish(self) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=self._total or 1, total=self._total or 1)
