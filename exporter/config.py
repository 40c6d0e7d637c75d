"""Typed configuration of a whole ``export`` run, loadable from TOML and validated up front.

A config file holds four optional tables; every key is a field of the matching dataclass::

    [export]                      # ExportSection
    url = "https://forum.example.com"
    out = "forum-export"
    [crawl]                       # exporter.crawl.CrawlOptions (rate, concurrency, ...)
    rate = 4
    [build]                       # BuildConfig
    base_url = "https://archive.example.org"
    [index]                       # IndexConfig
    enabled = true

Command-line options override the file (:func:`apply_overrides`). :meth:`ExportConfig.validate`
raises :class:`~exporter.errors.ConfigError` naming the key and the fix before any long work.
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
import types
import typing
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .crawl.options import CrawlOptions
from .errors import ConfigError
from .snapshot import Audience


@dataclass(frozen=True)
class BuildConfig:
    """The ``[build]`` table: how the mirror is rendered (see ``exporter.build.BuildOptions``)."""

    theme: Path | None = None
    audience: str = "public"
    base_url: str | None = None
    force: bool = False
    static_search: bool = True
    posts_per_page: int = 20
    replies_per_page: int | None = None

    def to_options(self) -> Any:
        """The renderer's :class:`~exporter.build.BuildOptions` (the build always adds the SEO
        files: feeds, sitemaps, oEmbed, redirects — a mirror without them loses its links)."""
        from .build import BuildOptions

        return BuildOptions(theme=self.theme, audience=Audience(self.audience),
                            canonical_base=self.base_url, force=self.force,
                            posts_per_page=self.posts_per_page,
                            replies_per_page=self.replies_per_page,
                            static_search=self.static_search)


@dataclass(frozen=True)
class IndexConfig:
    """The ``[index]`` table: the offline search index (Whoosh) behind the ``/search`` shim.

    (The Pagefind bundle for static hosts is part of the build: ``[build] static_search``.)
    """

    enabled: bool = True
    full: bool = False


@dataclass(frozen=True)
class ExportSection:
    """The ``[export]`` table: what to export and where (``DIR`` layout: see exporter.export)."""

    url: str = ""
    out: Path = Path("export")
    offline: bool = False


@dataclass(frozen=True)
class ExportConfig:
    """Everything one ``export`` run can be told."""

    export: ExportSection = field(default_factory=ExportSection)
    crawl: CrawlOptions = field(default_factory=CrawlOptions)
    build: BuildConfig = field(default_factory=BuildConfig)
    index: IndexConfig = field(default_factory=IndexConfig)

    def validate(self) -> ExportConfig:
        """Check every section; raise :class:`ConfigError` naming the bad key; return self."""
        if not self.export.offline:
            check_url(self.export.url, "export.url")
        out = Path(self.export.out)
        if out.exists() and not out.is_dir():
            raise ConfigError(f"export.out: {out} exists and is not a folder",
                              "choose a folder for --out (it will hold snapshot, site and index)")
        _section("crawl", self.crawl.validate)
        check_audience(self.build.audience)
        _section("build", self.build.to_options().validate)
        return self


SECTIONS: dict[str, type] = {"export": ExportSection, "crawl": CrawlOptions,
                             "build": BuildConfig, "index": IndexConfig}


def _section(name: str, check: typing.Callable[[], object]) -> None:
    try:
        check()
    except ConfigError as err:
        raise ConfigError(f"{name}: {err.cause}", err.fix) from err


def check_url(url: str, key: str) -> str:
    """An absolute http(s) URL with a host, or :class:`ConfigError` naming ``key``."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{key}: {url!r} is not an http(s) URL",
                          "give the community's home URL, e.g. https://forum.example.com")
    return url


def check_audience(value: str) -> None:
    allowed = [a.value for a in Audience]
    if value not in allowed:
        raise ConfigError(f"build.audience: unknown audience {value!r}",
                          f"use one of {', '.join(allowed)} (public is the only publishable one)")


# -- loading ---------------------------------------------------------------------------

def load_config(path: str | Path) -> ExportConfig:
    """Read a TOML config file into an :class:`ExportConfig` (types checked, not validated)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path} ({exc.strerror})",
                          "check the --config path") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}", "fix the syntax of the config file") from exc
    return config_from_dict(data, str(path))


def config_from_dict(data: dict[str, Any], origin: str = "config") -> ExportConfig:
    """Build an :class:`ExportConfig` from parsed TOML tables."""
    sections: dict[str, Any] = {}
    for name, table in data.items():
        if name not in SECTIONS:
            raise ConfigError(f"{origin}: unknown section [{name}]", _did_you_mean(name, SECTIONS))
        if not isinstance(table, dict):
            raise ConfigError(f"{origin}: {name} must be a table ([{name}])")
        sections[name] = section_from_dict(SECTIONS[name], table, name)
    return ExportConfig(**sections)


def section_from_dict(cls: type, table: dict[str, Any], name: str) -> Any:
    """One dataclass from one TOML table: unknown keys and wrong types are errors."""
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    values = {}
    for key, value in table.items():
        if key not in names:
            raise ConfigError(f"unknown key {name}.{key}", _did_you_mean(key, names))
        values[key] = coerce(value, hints[key], f"{name}.{key}")
    return cls(**values)


def _did_you_mean(key: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(key.replace("-", "_"), sorted(choices), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return hint + "valid keys: " + ", ".join(sorted(choices))


def coerce(value: Any, hint: Any, key: str) -> Any:
    """Check ``value`` against a field type (``int``, ``float``, ``bool``, ``str``, ``Path``, ``X | None``)."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) or \
        typing.get_origin(hint) is typing.Union else (hint,)
    for option in options:
        ok, converted = _try_type(value, option)
        if ok:
            return converted
    wanted = " or ".join(getattr(o, "__name__", str(o)) for o in options if o is not type(None))
    raise ConfigError(f"{key} must be {wanted}, not {type(value).__name__} ({value!r})",
                      f"write e.g. {key.split('.')[-1]} = {_example(options[0])}")


def _try_type(value: Any, option: Any) -> tuple[bool, Any]:
    if option is bool:
        return isinstance(value, bool), value
    if option is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if option is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool), float(value) \
            if isinstance(value, (int, float)) else value
    if option is str:
        return isinstance(value, str), value
    if option is Path:
        return isinstance(value, str) and bool(value), Path(value) if isinstance(value, str) else value
    return False, value


def _example(option: Any) -> str:
    return {bool: "true", int: "2", float: "4.0", str: '"text"', Path: '"folder"'}.get(option, '"…"')


def apply_overrides(config: ExportConfig, **sections: dict[str, Any]) -> ExportConfig:
    """Replace fields given on the command line (``None`` values mean "not given")."""
    replaced = {}
    for name, values in sections.items():
        given = {k: v for k, v in values.items() if v is not None}
        if given:
            replaced[name] = dataclasses.replace(getattr(config, name), **given)
    return dataclasses.replace(config, **replaced)
