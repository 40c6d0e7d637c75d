"""The `jetonomy-export` command line: a thin shell over the library.

Each area registers its commands from its own module (``exporter/cli/<area>.py``); a command
parses options, calls one library function and lets ``ExportError`` reach ``main``, which
prints the cause and the fix and exits 1 (failed) or 2 (usage).
"""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import ExportError

# Modules that define commands; each exposes ``register(group)``.
_COMMAND_MODULES = ("example", "standin", "crawl", "build", "search", "export")


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ExportError as err:
            click.secho(f"Error: {err.cause}", fg="red", err=True)
            if err.fix:
                click.echo(f"  fix: {err.fix}", err=True)
            ctx.exit(err.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jetonomy-export")
def cli() -> None:
    """Turn a Jetonomy community into a static, read-only mirror with offline search."""


for _name in _COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as exc:  # area not written yet
        if exc.name != f"{__name__}.{_name}":
            raise
        continue
    _module.register(cli)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="jetonomy-export", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
