"""The credentials grep: after CLI crawls (logged in, and failed), the password, the cookie
value and every nonce the server handed out appear in NO byte of the snapshot folders, of the
captured stdout/stderr, or of any log file."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from tests.audience.conftest import ADMIN_PASSWORD, COOKIE_NAME, SESSION_COOKIE

REPO = Path(__file__).resolve().parents[2]


def _cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    full_env = {**{k: v for k, v in os.environ.items() if not k.startswith("JETONOMY_")}, **env}
    return subprocess.run([sys.executable, "-m", "exporter", "crawl", *args], cwd=cwd, env=full_env,
                          capture_output=True, timeout=300)


def _needles(secrets: list[str]) -> list[bytes]:
    out = set()
    for s in secrets:
        for form in (s, s.replace(" ", ""), quote(s, safe=""), quote(s)):
            out.add(form.encode("utf-8"))
    basic = base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()
    out.add(basic.encode())
    return sorted(out)


def _hits(blobs: dict[str, bytes], needles: list[bytes]) -> list[str]:
    return [f"{name}: {needle!r}" for name, data in blobs.items() for needle in needles if needle in data]


def test_no_secret_in_any_output(auth_site, tmp_path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    auth_file = work / "auth.txt"
    auth_file.write_text(f"admin:{ADMIN_PASSWORD}\n", "utf-8")
    os.chmod(auth_file, 0o600)
    common = [auth_site.url, "--rate", "0", "--retries", "1", "--concurrency", "4"]
    runs = {
        "app-password": _cli(common + ["--out", str(work / "ok.snapshot"), "--auth-file", str(auth_file)],
                             {}, work),
        "cookie": _cli(common + ["--out", str(work / "cookie.snapshot")],
                       {"JETONOMY_COOKIE": f"{COOKIE_NAME}={SESSION_COOKIE}",
                        "JETONOMY_NONCE": "5ta1e0n0nc"}, work),
        "wrong-password": _cli(common + ["--out", str(work / "bad.snapshot")],
                               {"JETONOMY_AUTH": "admin:" + ADMIN_PASSWORD[::-1]}, work),
        "world-readable-file": None,
    }
    os.chmod(auth_file, 0o644)
    runs["world-readable-file"] = _cli(common + ["--out", str(work / "perm.snapshot"), "--auth-file",
                                                 str(auth_file)], {}, work)
    assert runs["app-password"].returncode == 0, runs["app-password"].stderr.decode()[-2000:]
    assert runs["cookie"].returncode == 0, runs["cookie"].stderr.decode()[-2000:]
    assert runs["wrong-password"].returncode == 1
    assert b"wrong or expired credentials" in runs["wrong-password"].stderr
    assert runs["world-readable-file"].returncode == 2 and b"chmod 600" in runs["world-readable-file"].stderr
    auth_file.unlink()  # the one place the password is supposed to be

    nonces = list(auth_site.auth.nonces.issued)
    assert nonces, "the cookie crawl must have fetched fresh nonces"
    needles = _needles([ADMIN_PASSWORD, ADMIN_PASSWORD[::-1], SESSION_COOKIE, "5ta1e0n0nc", *nonces])
    blobs = {f"{name} stdout": r.stdout for name, r in runs.items()}
    blobs |= {f"{name} stderr": r.stderr for name, r in runs.items()}
    for path in work.rglob("*"):
        if path.is_file():
            blobs[str(path.relative_to(work))] = path.read_bytes()
    hits = _hits(blobs, needles)
    snapshot_files = [k for k in blobs if ".snapshot" in k]
    print(f"\ncredentials grep: {len(needles)} needles x {len(blobs)} outputs "
          f"({len(snapshot_files)} snapshot files, {sum(len(v) for v in blobs.values())} bytes): "
          f"{len(hits)} hits")
    assert any(k.endswith("snapshot.sqlite") for k in snapshot_files)
    assert not hits, hits
