"""CLI: ``index``, ``search`` and ``serve`` (thin wrappers over :mod:`search_index`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from ..snapshot import Audience


def _default_index(site_dir: Path) -> Path | None:
    """``SITE_DIR/../search_index`` when it holds an index, else no shim (Pagefind only)."""
    candidate = site_dir.resolve().parent / "search_index"
    return candidate if (candidate / "CURRENT").is_file() else None


@click.command("index")
@click.argument("snapshot", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Index folder (updated incrementally when it already holds an index).")
@click.option("--audience", type=click.Choice([a.value for a in Audience]), default="public",
              show_default=True)
@click.option("--full", is_flag=True, help="Rebuild from scratch instead of updating.")
def index_cmd(snapshot: Path, out_dir: Path, audience: str, full: bool) -> None:
    """Build or update the offline search index of SNAPSHOT."""
    from rich.console import Console
    from rich.progress import Progress

    from search_index import build_index

    with Progress(transient=True) as progress:
        report = build_index(snapshot, out_dir, Audience(audience), progress=progress, full=full)
    Console().print(f"[green]{report.mode}[/]: {report.counts} (+{report.added} ~{report.updated} "
                    f"-{report.deleted}) in {report.seconds:.1f}s → {report.generation}")


@click.command("search")
@click.argument("query")
@click.option("--index", "index_dir", default="search_index", show_default=True,
              type=click.Path(path_type=Path))
@click.option("--type", "type_", default="post", show_default=True)
@click.option("--space-id")
@click.option("--tag")
@click.option("--author")
@click.option("--sort", default="relevance", show_default=True)
@click.option("--limit", default="20", show_default=True)
@click.option("--offset", default="0", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON answer.")
def search_cmd(query: str, index_dir: Path, type_: str, space_id: str | None, tag: str | None,
               author: str | None, sort: str, limit: str, offset: str, as_json: bool) -> None:
    """Query the offline index exactly like GET /wp-json/jetonomy/v1/search."""
    from search_index import SearchIndex, search

    params = {"q": query, "type": type_, "sort": sort, "limit": limit, "offset": offset}
    params.update({k: v for k, v in (("space_id", space_id), ("tag", tag), ("author", author)) if v})
    with SearchIndex.open(index_dir) as index:
        status, _headers, body = search(index, params)
    if as_json:
        click.echo(json.dumps(body, ensure_ascii=False, indent=1))
    if status != 200:
        raise UsageError(str(body.get("message")), "change the query or options")
    if not as_json:
        _print_table(body, type_)


def _print_table(body: dict[str, Any], type_: str) -> None:
    from rich.console import Console
    from rich.table import Table

    rows = body["data"]["posts"] if type_ == "all" else body["data"]
    table = Table(title=f"{body['meta']['total']} results")
    for column in ("id", "type", "title / text", "created_at"):
        table.add_column(column)
    for row in rows:
        text = row.get("title") or row.get("name") or (row.get("content_plain") or "")[:80]
        table.add_row(str(row.get("id")), str(row.get("type", "tag")), text,
                      str(row.get("created_at", "")))
    Console().print(table)


@click.command("serve")
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=None,
              help="Index folder [default: SITE_DIR/../search_index when present].")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve_cmd(site_dir: Path, index_dir: Path | None, host: str, port: int) -> None:
    """Serve the mirror and the /search shim on one port."""
    from search_index.app import serve

    serve(site_dir, index_dir if index_dir is not None else _default_index(site_dir), host, port)


def register(group: click.Group) -> None:
    for command in (index_cmd, search_cmd, serve_cmd):
        group.add_command(command)
