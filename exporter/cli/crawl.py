"""`jetonomy-export crawl URL --out DIR`: build the HTTP client, call the library, show the
progress and the summary table."""

from __future__ import annotations

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..crawl import DEFAULT_USER_AGENT, CrawlOptions, CrawlReport, crawl, make_client
from ..crawl.options import DEFAULT_RATE


class RichProgress:
    """The library's progress interface on a rich progress bar (one task per stage)."""

    def __init__(self, progress: Progress):
        self._progress = progress
        self._task = None

    def stage(self, name: str, total: int | None = None) -> None:
        if self._task is not None:
            self._progress.update(self._task, visible=True)
        self._task = self._progress.add_task(name, total=total)
        if total is None:
            self._progress.update(self._task, total=1, completed=1)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)

    def note(self, message: str) -> None:
        self._progress.console.print(f"[yellow]{message}[/]")


def summary_table(report: CrawlReport) -> Table:
    table = Table(title="crawl summary", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in report.summary_rows():
        table.add_row(label, value)
    return table


@click.command("crawl")
@click.argument("url")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="snapshot folder")
@click.option("--concurrency", default=2, show_default=True, help="parallel requests")
@click.option("--rate", default=DEFAULT_RATE, show_default=True,
              help="max requests per second (0 = unlimited; live sites: 4 or less)")
@click.option("--user-agent", default=DEFAULT_USER_AGENT, show_default=True)
@click.option("--base-slug", default=None, help="community base slug (default: discovered)")
@click.option("--update", is_flag=True, help="only fetch what changed since the last crawl")
@click.option("--full", is_flag=True, help="full pass: catch edits and deletions too")
@click.option("--fetch-external-media", is_flag=True, help="also copy media from other hosts")
@click.option("--timeout", default=30.0, show_default=True, help="seconds per request")
@click.option("--retries", default=5, show_default=True, help="attempts after the first")
@click.option("--quiet", is_flag=True, help="no progress, no summary")
def crawl_command(url: str, out: str, concurrency: int, rate: float, user_agent: str,
                  base_slug: str | None, update: bool, full: bool, fetch_external_media: bool,
                  timeout: float, retries: int, quiet: bool) -> None:
    """Crawl the Jetonomy community at URL into the snapshot folder --out (resumable)."""
    options = CrawlOptions(concurrency=concurrency, rate=rate, user_agent=user_agent,
                           base_slug=base_slug, update=update, full=full, timeout=timeout,
                           retries=retries, fetch_external_media=fetch_external_media).validate()
    console = Console(stderr=True, quiet=quiet)
    with make_client(options) as client, Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=console, disable=quiet) as bar:
        report = crawl(client, url, out, options, RichProgress(bar))
    if not quiet:
        Console().print(summary_table(report))


def register(group: click.Group) -> None:
    group.add_command(crawl_command)
