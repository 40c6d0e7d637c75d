"""``verify``: check a built mirror before publishing it.

:func:`verify_mirror` returns a :class:`VerifyReport` (a rich table and JSON); it raises only
when there is no mirror to check. :func:`require_ok` raises :class:`~exporter.errors.VerifyError`
when a check failed (the CLI prints the report first, then maps the error to exit code 1).
"""

from .pipeline import default_snapshot, require_ok, verify_mirror
from .report import Check, VerifyReport

__all__ = ["Check", "VerifyReport", "default_snapshot", "require_ok", "verify_mirror"]
