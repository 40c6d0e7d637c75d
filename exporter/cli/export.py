"""CLI: ``export``, ``demo``, ``verify`` and ``archive`` (thin shells over the library)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click


@contextmanager
def _progress(quiet: bool) -> Iterator[Any]:
    """One rich progress display (on stderr) for every stage, or ``None`` when quiet."""
    if quiet:
        yield None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn)

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True)) as bar:
        yield bar


def _console() -> Any:
    from rich.console import Console

    return Console()


def _summary(report: Any) -> Any:
    from rich.table import Table

    table = Table(title=f"export → {report.layout.root}")
    for column in ("stage", "what", "value"):
        table.add_column(column)
    for row in report.summary_rows():
        table.add_row(*row)
    return table


# -- export --------------------------------------------------------------------------------

@click.command("export")
@click.argument("url", required=False)
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Export folder: DIR/community.snapshot, DIR/site, DIR/search_index.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=None,
              help="TOML file with [export] [crawl] [build] [index] tables.")
@click.option("--rate", type=float, default=None, help="Max requests per second (live sites: 4 or less).")
@click.option("--concurrency", type=int, default=None, help="Parallel requests.")
@click.option("--full", is_flag=True, default=None, help="Full crawl pass (catch edits, deletions).")
@click.option("--base-url", default=None, help="Absolute URL the mirror will be served at.")
@click.option("--theme", type=click.Path(path_type=Path), default=None, help="Theme folder.")
@click.option("--audience", default=None, help="public (default), members or staff (not publishable).")
@click.option("--offline", is_flag=True, default=None, help="No crawl: rebuild from DIR/community.snapshot.")
@click.option("--no-index", "no_index", is_flag=True, default=False, help="Skip the search index.")
@click.option("--no-static-search", "no_static", is_flag=True, default=False,
              help="Skip the Pagefind bundle (static hosts' search).")
@click.option("--quiet", is_flag=True, help="No progress, no summary.")
def export_cmd(url: str | None, out: Path | None, config_file: Path | None, rate: float | None,
               concurrency: int | None, full: bool | None, base_url: str | None,
               theme: Path | None, audience: str | None, offline: bool | None, no_index: bool,
               no_static: bool, quiet: bool) -> None:
    """Crawl URL (or update DIR's snapshot), build the mirror and the search index."""
    from ..config import ExportConfig, apply_overrides, load_config
    from ..export import export

    config = load_config(config_file) if config_file else ExportConfig()
    config = apply_overrides(
        config, export={"url": url, "out": out, "offline": offline or None},
        crawl={"rate": rate, "concurrency": concurrency, "full": full or None},
        build={"base_url": base_url, "theme": theme, "audience": audience,
               "static_search": False if no_static else None},
        index={"enabled": False if no_index else None})
    with _progress(quiet) as progress:
        report = export(config, progress)
    if not quiet:
        _console().print(_summary(report))
        click.echo(f"Mirror: {report.site}\nServe it: jetonomy-export serve {report.site}")


# -- demo ----------------------------------------------------------------------------------

@click.command("demo")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("demo"), show_default=True)
@click.option("--scale", type=float, default=1.0, show_default=True, help="Size of the example community.")
@click.option("--serve", "serve", is_flag=True, help="Serve the mirror and search until Ctrl-C.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port for --serve.")
@click.option("--quiet", is_flag=True)
def demo_cmd(out: Path, scale: float, serve: bool, port: int, quiet: bool) -> None:
    """Example community → stand-in server → export → verify, all on this machine."""
    from ..export.demo import run_demo
    from ..verify import require_ok

    with _progress(quiet) as progress:
        report = run_demo(out, scale, progress)
    console = _console()
    if not quiet:
        console.print(_summary(report.export))
        console.print(report.verify.table())
    require_ok(report.verify)
    site = report.export.site
    click.echo(f"Mirror: {site.resolve()}\nOpen it: jetonomy-export serve {site}  "
               f"(then http://127.0.0.1:8000{report.export.build.home})")
    if serve:
        from search_index.app import serve as serve_site

        serve_site(site, report.export.layout.index, "127.0.0.1", port)


# -- verify --------------------------------------------------------------------------------

@click.command("verify")
@click.argument("site_dir", type=click.Path(path_type=Path))
@click.option("--snapshot", type=click.Path(path_type=Path), default=None,
              help="Snapshot the mirror was built from [default: SITE_DIR/../community.snapshot].")
@click.option("--json", "json_file", type=click.Path(path_type=Path), default=None,
              help="Also write the report as JSON to this file.")
@click.option("--forbid", type=click.Path(exists=True, path_type=Path), default=None,
              help="File of strings (one per line) that must appear nowhere in the mirror.")
def verify_cmd(site_dir: Path, snapshot: Path | None, json_file: Path | None, forbid: Path | None) -> None:
    """Check a built mirror: complete, links resolve, feeds valid, nothing non-public."""
    from ..snapshot.media import atomic_write_bytes
    from ..verify import default_snapshot, require_ok, verify_mirror

    words = forbid.read_text("utf-8").splitlines() if forbid else []
    report = verify_mirror(site_dir, snapshot or default_snapshot(site_dir), words)
    _console().print(report.table())
    if json_file is not None:
        atomic_write_bytes(json_file, json.dumps(report.to_dict(), indent=1, ensure_ascii=False).encode())
    require_ok(report)


# -- archive -------------------------------------------------------------------------------

@click.command("archive")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Archive file (.tar.gz/.tgz/.zip) [default: community-YYYY-MM-DD.tar.gz]; "
                   "with --extract: the destination folder.")
@click.option("--check", "check_file", type=click.Path(exists=True, path_type=Path), default=None,
              help="Verify every checksum of an archive.")
@click.option("--extract", "extract_file", type=click.Path(exists=True, path_type=Path), default=None,
              help="Unpack an archive safely into --out.")
def archive_cmd(source: Path | None, out: Path | None, check_file: Path | None,
                extract_file: Path | None) -> None:
    """Pack an export folder SOURCE into one file, or --check / --extract one."""
    from ..errors import UsageError

    if check_file is not None:
        _check(check_file)
    elif extract_file is not None:
        if out is None:
            raise UsageError("--extract needs --out DEST", "give the folder to unpack into")
        from ..archive import extract_archive

        root = extract_archive(extract_file, out)
        click.echo(f"Unpacked into {root}\nServe it: jetonomy-export serve {root / 'site'}")
    elif source is not None:
        _create(source, out)
    else:
        raise UsageError("give an export folder, --check FILE or --extract FILE")


def _create(source: Path, out: Path | None) -> None:
    import datetime

    from ..archive import write_archive

    out = out or Path(f"community-{datetime.date.today().isoformat()}.tar.gz")
    report = write_archive(source, out)
    _console().print(f"Wrote {report.path} ({report.format}, {report.files} files, "
                     f"{report.archive_bytes:,} bytes; check it with "
                     f"`jetonomy-export archive --check {report.path}`)")


def _check(path: Path) -> None:
    from rich.table import Table

    from ..archive import ArchiveError, check_archive

    report = check_archive(path)
    table = Table(title="archive check", show_header=False)
    for row in report.rows():
        table.add_row(*row)
    for problem in report.problems[:20]:
        table.add_row("[red]problem[/]", problem)
    _console().print(table)
    if not report.ok:
        raise ArchiveError(f"{path}: {len(report.problems)} files fail their checksum",
                           "the archive is damaged; make it again from the export folder")


def register(group: click.Group) -> None:
    for command in (export_cmd, demo_cmd, verify_cmd, archive_cmd):
        group.add_command(command)
