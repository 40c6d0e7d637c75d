"""``run_demo``: the example community served by the stand-in, exported and verified.

Everything runs in this process: the example dataset is generated (or reused), served on a
127.0.0.1 port by the stand-in, exported into ``out`` and verified with the example's
canaries, anonymous real names and emails as forbidden strings. The demo folder is marked
(``.jetonomy-demo``); a re-run reuses the stand-in port of the previous run when it can, so
the snapshot updates instead of starting again.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import BuildConfig, ExportConfig, ExportSection
from ..crawl.options import CrawlOptions
from ..errors import ConfigError
from ..snapshot import Snapshot
from .layout import ExportLayout
from .pipeline import export
from .report import ExportReport

DEMO_MARKER = ".jetonomy-demo"
SERVE_PORT = 8000


@dataclass
class DemoReport:
    """The dataset used, the export and the verify reports."""

    dataset: Path
    export: ExportReport
    verify: Any


def forbidden_strings(manifest: dict[str, Any]) -> list[str]:
    """What must never appear in a public mirror of the example: canaries, names, emails."""
    words = [c["canary"] for c in manifest.get("canaries", [])]
    for person in manifest.get("anonymous_real_names", []):
        words += [person["display_name"], person["login"]]
    return sorted(set(words) | set(manifest.get("emails", [])))


def _previous_port(layout: ExportLayout) -> int:
    try:
        with Snapshot.open(layout.snapshot) as snap:
            url = snap.get_meta("site_url") or ""
    except Exception:  # noqa: BLE001 - no usable previous snapshot: any port will do
        return 0
    return urllib.parse.urlsplit(url).port or 0


def prepare_folder(out: Path) -> int:
    """Refuse a non-demo folder; return the port of the previous demo run (0 = any)."""
    if out.exists() and any(out.iterdir()) and not (out / DEMO_MARKER).exists():
        raise ConfigError(f"--out {out} exists and is not a demo folder",
                          "choose a new or empty folder for the demo")
    out.mkdir(parents=True, exist_ok=True)
    (out / DEMO_MARKER).write_text("made by `jetonomy-export demo`\n", "utf-8")
    return _previous_port(ExportLayout(out))


def _serve(stack: ExitStack, app: Any, port: int) -> str:
    """Serve on the previous run's port when free (same site URL), else on any free port."""
    from ..standin import StandinServerError, serve_in_thread

    if port:
        try:
            return stack.enter_context(serve_in_thread(app, port=port))
        except StandinServerError:
            pass
    return stack.enter_context(serve_in_thread(app))


def run_demo(out: str | Path, scale: float = 1.0, progress: Any = None) -> DemoReport:
    """Generate, serve, export and verify the example community into ``out``."""
    from ..examplegen import ensure_example, manifest_path
    from ..standin import create_app, load_dataset
    from ..verify import verify_mirror

    out = Path(out)
    port = prepare_folder(out)
    dataset = ensure_example(scale=scale)
    manifest = json.loads(manifest_path(dataset).read_text("utf-8"))
    with ExitStack() as stack:
        url = _serve(stack, create_app(load_dataset(dataset)), port)
        if port and not url.endswith(f":{port}"):
            shutil.rmtree(ExportLayout(out).snapshot, ignore_errors=True)  # a new site URL
        config = ExportConfig(export=ExportSection(url=url, out=out),
                              crawl=CrawlOptions(rate=0, concurrency=4),
                              build=BuildConfig(base_url=f"http://127.0.0.1:{SERVE_PORT}"))
        report = export(config, progress)
    layout = ExportLayout(out)
    checked = verify_mirror(layout.site, layout.snapshot, forbidden_strings(manifest))
    return DemoReport(dataset, report, checked)
