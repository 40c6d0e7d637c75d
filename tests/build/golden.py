"""Golden pages: representative pages of the sample mirror, checked in under ``golden/``.

Regenerate after an intended change with ``python -m tests.build.regen_golden``
(or ``pytest tests/build --regen-golden``), then review the diff like code.
"""

from __future__ import annotations

from pathlib import Path

from exporter.urls import url_path_to_file

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"

PAGES = {
    "home.html": "/community/",
    "category.html": "/community/category/building/",
    "space-qa.html": "/community/s/help-desk/",
    "space-forum-popular.html": "/community/s/plugin-dev/sort/popular/",
    "topic-qa-accepted.html": "/community/s/help-desk/t/is-it-safe-to-disable-rate-limiting/",
    "topic-mega-rpg3.html": "/community/s/off-topic/t/the-never-ending-megathread-what-are-you-working-on-this-week/rpg/3/",
    "topic-legacy-xss.html": "/community/s/help-desk/t/rate-limiting-401-even-with-valid-credentials/",
    "topic-anonymous.html": "/community/s/introductions/t/just-shipped-a-site-using-image-sizes-%f0%9f%8e%89/",
    "roadmap.html": "/community/s/feature-ideas/roadmap/",
    "members.html": "/community/s/plugin-dev/members/",
    "profile.html": "/community/u/maria_garcia/",
    "profile-replies.html": "/community/u/grace_kim/replies/",
    "tag-unicode.html": "/community/tag/%e6%97%a5%e6%9c%ac%e8%aa%9e/",
    "leaderboard-week.html": "/community/leaderboard/week/",
    "search.html": "/community/search/",
    "404.html": "/404.html",
}


def golden_pairs(site: Path) -> dict[str, tuple[Path, Path]]:
    """``name -> (built file, golden file)``."""
    return {name: (site / url_path_to_file(path), GOLDEN_DIR / name) for name, path in PAGES.items()}


def regenerate(site: Path) -> list[str]:
    GOLDEN_DIR.mkdir(exist_ok=True)
    written = []
    for name, (built, golden) in golden_pairs(site).items():
        golden.write_bytes(built.read_bytes())
        written.append(name)
    return written
