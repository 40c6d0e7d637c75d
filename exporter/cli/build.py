"""`jetonomy-export build`: render a snapshot into a static mirror (thin shell over build_site)."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import BuildOptions, build_site
from ..snapshot import Audience


def register(group: click.Group) -> None:
    group.add_command(build)


@click.command()
@click.argument("snapshot", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Output folder of the mirror.")
@click.option("--theme", type=click.Path(path_type=Path), default=None,
              help="A theme folder (templates/, static/) layered over the default theme.")
@click.option("--audience", type=click.Choice([a.value for a in Audience]), default="public", show_default=True,
              help="Who the mirror is for; anything but public is marked and noindexed.")
@click.option("--base-url", default=None, help="Absolute URL the mirror will be served at (canonical links).")
@click.option("--force", is_flag=True,
              help="Rewrite every file even when unchanged, and build into a folder holding a mirror "
                   "for another audience.")
@click.option("--no-static-search", "no_static_search", is_flag=True,
              help="Skip the Pagefind bundle (search then works only under `jetonomy-export serve`).")
@click.option("--quiet", is_flag=True, help="No progress output.")
def build(snapshot: Path, out: Path, theme: Path | None, audience: str, base_url: str | None,
          force: bool, no_static_search: bool, quiet: bool) -> None:
    """Render SNAPSHOT into a themed static HTML mirror in --out."""
    options = BuildOptions(theme=theme, audience=Audience(audience), canonical_base=base_url, force=force,
                           static_search=not no_static_search)
    if quiet:
        report = build_site(snapshot, out, options)
    else:
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            report = build_site(snapshot, out, options, progress=progress)
    if not quiet:
        click.echo(f"Built {report.summary()}.")
        click.echo(f"Mirror: {out.resolve()}")
        click.echo(f"Open it: python -m http.server -d {out} 8000  (then http://127.0.0.1:8000{report.home})")
