"""Shared checks: forbidden-string grep over SEO outputs."""

from __future__ import annotations

from pathlib import Path

SEO_SUFFIXES = (".xml", ".json", ".txt")


def seo_files(root: Path) -> list[Path]:
    """Feeds, sitemaps, oEmbed documents, robots.txt and host configs under ``root``."""
    return sorted(p for p in root.rglob("*") if p.is_file() and (
        p.suffix in SEO_SUFFIXES or p.name in ("_redirects", "_headers", ".htaccess", "netlify.toml")
        or p.name.endswith(".conf")))


def find_leaks(paths: list[Path], forbidden: list[str]) -> list[tuple[str, str]]:
    """``(file, string)`` for every forbidden string found (case-insensitive)."""
    hits = []
    for path in paths:
        text = path.read_text("utf-8", errors="replace").lower()
        hits += [(str(path), s) for s in forbidden if s.lower() in text]
    return hits


# Non-public markers of the sample site (samples-admin/ holds what only an admin sees).
SAMPLE_FORBIDDEN = [
    "PRIVATE: staff discussion", "staff-room", "Staff Room", "PRIVATE-TEXT", "Canary:",
    "it-works-on-a-fresh-install-with-a-default-theme-so-it-is-p",  # a private post
    "first-post-interested-in-rate-limiting",                        # a draft
]
