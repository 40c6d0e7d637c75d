"""`jetonomy-export crawl URL --out DIR`: build the HTTP client, call the library, show the
progress and the summary table."""

from __future__ import annotations

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..crawl import DEFAULT_USER_AGENT, CrawlOptions, CrawlReport, crawl, make_client
from ..crawl.credentials import from_sources
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
@click.option("--auth", "auth", default=None, metavar="USER:APP_PASSWORD",
              help="log in with a WordPress Application Password (or env JETONOMY_AUTH; "
                   "prefer --auth-file: options show up in the process list)")
@click.option("--auth-file", "auth_file", default=None, type=click.Path(dir_okay=False),
              help="file holding USER:APP_PASSWORD, readable by its owner only (chmod 600)")
@click.option("--cookie", "cookie", default=None, metavar="NAME=VALUE",
              help="log in with a wordpress_logged_in_* cookie (or env JETONOMY_COOKIE)")
@click.option("--nonce", "nonce", default=None,
              help="X-WP-Nonce for --cookie (or env JETONOMY_NONCE); refreshed when it expires")
@click.option("--allow-member-view", is_flag=True,
              help="accept an account that is not admin/moderator (a members' view archive)")
@click.option("--probe-limit", default=2000, show_default=True,
              help="logged in: max unlisted post ids probed with GET /posts/{id}")
def crawl_command(url: str, out: str, concurrency: int, rate: float, user_agent: str,
                  base_slug: str | None, update: bool, full: bool, fetch_external_media: bool,
                  timeout: float, retries: int, quiet: bool, auth: str | None,
                  auth_file: str | None, cookie: str | None, nonce: str | None,
                  allow_member_view: bool, probe_limit: int) -> None:
    """Crawl the Jetonomy community at URL into the snapshot folder --out (resumable).

    Logged in (--auth, --auth-file or --cookie), the snapshot is that account's complete
    view; `build` still publishes only what a guest may see unless told otherwise.
    """
    options = CrawlOptions(concurrency=concurrency, rate=rate, user_agent=user_agent,
                           base_slug=base_slug, update=update, full=full, timeout=timeout,
                           retries=retries, fetch_external_media=fetch_external_media,
                           credentials=from_sources(auth, auth_file, cookie, nonce),
                           allow_member_view=allow_member_view, probe_limit=probe_limit).validate()
    console = Console(stderr=True, quiet=quiet)
    with make_client(options) as client, Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=console, disable=quiet) as bar:
        report = crawl(client, url, out, options, RichProgress(bar))
    if not quiet:
        Console().print(summary_table(report))


def register(group: click.Group) -> None:
    group.add_command(crawl_command)
