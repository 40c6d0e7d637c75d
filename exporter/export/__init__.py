"""One command for the whole job: ``export(config) -> ExportReport`` (crawl → build → index).

See :mod:`.layout` for the folder it writes and :mod:`.demo` for the self-contained demo
(example community + stand-in server + export + verify).
"""

from .layout import ExportLayout
from .pipeline import export
from .report import ExportReport

__all__ = ["ExportLayout", "ExportReport", "export"]
