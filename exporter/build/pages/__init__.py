"""Page builders: each module yields :class:`Job` s (path + context builder) for one family."""

from __future__ import annotations

from collections.abc import Iterator

from ..gather import SiteIndex
from .base import Job
from .forum import category_jobs, home_jobs, space_jobs
from .misc import not_found_jobs, search_jobs, tag_jobs
from .people import leaderboard_jobs, profile_jobs
from .topic import TopicRenderer

__all__ = ["Job", "plan_pages"]


def plan_pages(ix: SiteIndex, stamps: dict[int, str] | None = None) -> list[Job]:
    """Every page of the mirror, in a stable order (the plan does no rendering).

    ``stamps`` (post id → post-and-replies fingerprint) lets topic jobs carry their inputs."""
    families: list[Iterator[Job]] = [
        home_jobs(ix), category_jobs(ix), space_jobs(ix), TopicRenderer(ix, stamps).jobs(),
        profile_jobs(ix), tag_jobs(ix), leaderboard_jobs(ix), search_jobs(ix), not_found_jobs(ix)]
    return [job for family in families for job in family]
