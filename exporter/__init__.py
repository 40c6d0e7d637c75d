"""jetonomy-export: turn a Jetonomy community into a static, read-only mirror.

Pipeline: crawl (HTTP) -> snapshot (SQLite + media) -> build (HTML, feeds, sitemaps)
-> index (Whoosh) -> serve/search. Every stage after ``crawl`` reads only the snapshot.
"""

__version__ = "0.1.0"
