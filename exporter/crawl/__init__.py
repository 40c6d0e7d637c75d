"""The crawler: Jetonomy's public read API → a snapshot (CONTRACT.md §7).

``fetch_*`` (:mod:`.fetch`) do HTTP and yield raw JSON; ``save_*`` (:mod:`.save`) write the
snapshot and never do HTTP; :func:`paginate` owns the one pagination rule; :func:`crawl`
is the library entry point (the CLI builds the ``httpx.Client`` and passes it in).
"""

from .options import DEFAULT_USER_AGENT, CrawlOptions
from .paginate import paginate
from .pipeline import crawl
from .report import CrawlReport, NullProgress, Progress

__all__ = ["crawl", "CrawlOptions", "CrawlReport", "Progress", "NullProgress", "paginate",
           "DEFAULT_USER_AGENT", "make_client"]


def make_client(options: CrawlOptions):
    """The ``httpx.Client`` the CLI uses: identifying User-Agent, timeout, bounded pool."""
    import httpx

    return httpx.Client(
        headers={"User-Agent": options.user_agent, "Accept": "application/json, */*;q=0.5"},
        timeout=options.timeout, follow_redirects=True,
        limits=httpx.Limits(max_connections=options.concurrency + 2,
                            max_keepalive_connections=options.concurrency + 2))
