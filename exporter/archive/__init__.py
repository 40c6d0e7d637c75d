"""One file holding an export (snapshot, media, mirror, index) with a checksummed manifest.

* :func:`write_archive` — ``DIR`` → ``community-YYYY-MM-DD.tar.gz`` / ``.zip`` (deterministic, atomic)
* :func:`check_archive` — verify every member against ``MANIFEST.json``
* :func:`extract_archive` — unpack safely (no absolute paths, ``..``, links or devices)
"""

from .check import CheckReport, check_archive
from .errors import ArchiveError, UnsafeArchiveError
from .extract import extract_archive
from .write import ArchiveReport, archive_format, write_archive

__all__ = ["ArchiveError", "ArchiveReport", "CheckReport", "UnsafeArchiveError", "archive_format",
           "check_archive", "extract_archive", "write_archive"]
