"""robots.txt: which paths the crawler may fetch, and the sitemap lines it advertises."""

from __future__ import annotations

import urllib.robotparser
from urllib.parse import urlsplit


class RobotsPolicy:
    """Answers :meth:`allowed` for absolute URLs under one user agent."""

    def __init__(self, text: str | None, user_agent: str, origin: str | None = None):
        self.text = text or ""
        self.netloc = urlsplit(origin).netloc.lower() if origin else None
        self.user_agent = user_agent
        self._parser = urllib.robotparser.RobotFileParser()
        self._parser.parse(self.text.splitlines())

    def allowed(self, url: str) -> bool:
        """Whether ``url`` may be fetched (URLs on other hosts are not this file's business)."""
        if not self.text.strip():
            return True
        if self.netloc and urlsplit(url).netloc.lower() != self.netloc:
            return True
        return self._parser.can_fetch(self.user_agent, url)

    def sitemaps(self) -> list[str]:
        """``Sitemap:`` URLs in file order."""
        out = []
        for line in self.text.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and value.strip():
                out.append(value.strip())
        return out
