"""Typed options of one build (validated before any work starts)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..snapshot import Audience

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import BuildContext

#: An extra writer runs after every page is rendered: ``writer(ctx) -> None`` (feeds,
#: sitemaps, oEmbed files, robots.txt, redirects...). It writes through ``ctx.writer``.
ExtraWriter = Callable[["BuildContext"], None]
#: A page hook may adjust a page context before it is rendered (``head_extra``, ``jsonld``).
PageHook = Callable[["BuildContext", Any], None]


@dataclass(frozen=True)
class BuildOptions:
    """How to render a snapshot into a static mirror.

    ``canonical_base`` is the absolute URL the mirror will be served at (for canonical links
    and absolute URLs in feeds); ``None`` keeps the original community host as canonical.
    ``force`` rewrites every file and allows building into a folder whose manifest says it
    holds a mirror for another audience. ``static_search`` builds the Pagefind bundle
    (``/pagefind/``) so the search page works on a static host. ``workers`` is the number of
    processes that render pages (None: one per CPU; output does not depend on it).
    """

    theme: Path | None = None
    audience: Audience = Audience.PUBLIC
    canonical_base: str | None = None
    force: bool = False
    posts_per_page: int = 20
    replies_per_page: int | None = None
    tag_page_size: int = 30
    profile_page_size: int = 20
    leaderboard_page_size: int = 20
    members_page_size: int = 20
    static_search: bool = True
    workers: int | None = None
    extra_writers: Sequence[ExtraWriter] = field(default_factory=tuple)
    page_hooks: Sequence[PageHook] = field(default_factory=tuple)

    def validate(self) -> BuildOptions:
        """Raise :class:`ConfigError` for impossible values; return self for chaining."""
        if not isinstance(self.audience, Audience):
            raise ConfigError(f"unknown audience {self.audience!r}", "use public, members or staff")
        for name in ("posts_per_page", "tag_page_size", "profile_page_size",
                     "leaderboard_page_size", "members_page_size"):
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"{name} must be at least 1")
        if self.workers is not None and self.workers < 1:
            raise ConfigError("workers must be at least 1")
        if self.replies_per_page is not None and self.replies_per_page < 1:
            raise ConfigError("replies_per_page must be at least 1")
        if self.theme is not None and not Path(self.theme).is_dir():
            raise ConfigError(f"theme folder {self.theme} does not exist",
                              "pass --theme a folder holding templates/ and/or static/")
        if self.canonical_base and not self.canonical_base.startswith(("http://", "https://")):
            raise ConfigError(f"--base-url {self.canonical_base!r} is not an http(s) URL")
        return self
