"""Writing datasets: canonical bytes, atomic files, manifest next to the dataset, caching."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import ConfigError
from .community import build
from .manifest import GENERATOR_VERSION, build_manifest, generator_fingerprint

DEFAULT_SEED = 1337
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ROOT = REPO_ROOT / "examples" / "generated"
MAX_SCALE = 1000.0


def check_options(seed: int, scale: float) -> None:
    """Reject options the generator cannot honour (raises :class:`ConfigError`)."""
    if not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"seed must be a non-negative integer, got {seed!r}")
    if not (0 < scale <= MAX_SCALE):
        raise ConfigError(f"scale must be > 0 and <= {MAX_SCALE:g}, got {scale!r}",
                          "use e.g. --scale 1 (≈400 posts), 10 or 100")


def dataset_name(seed: int = DEFAULT_SEED, scale: float = 1.0, pro: bool = False) -> str:
    """File name: ``community.json``, ``community-s10.json``, ``community-s0.2-pro.json`` …"""
    parts = ["community"]
    if scale != 1.0:
        parts.append(f"s{scale:g}")
    if seed != DEFAULT_SEED:
        parts.append(f"seed{seed}")
    if pro:
        parts.append("pro")
    return "-".join(parts) + ".json"


def manifest_path(dataset_path: Path) -> Path:
    """``community.json`` → ``community.manifest.json`` (also for ``.json.gz``)."""
    name = Path(dataset_path).name
    for suffix in (".json.gz", ".json"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return Path(dataset_path).with_name(name + ".manifest.json")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_BATCH = 2000


def encode_chunks(obj: dict) -> Iterator[bytes]:
    """Canonical JSON of ``obj`` in pieces: insertion key order, UTF-8, no ASCII escaping.

    Big lists are encoded row by row (C encoder), so a 100x dataset never exists as one
    giant string.  ``b"".join(encode_chunks(x)) == dumps(x)``.
    """
    yield b"{"
    for n, (key, value) in enumerate(obj.items()):
        head = ("," if n else "") + _ENCODER.encode(key) + ":"
        if not isinstance(value, list):
            yield (head + _ENCODER.encode(value)).encode("utf-8")
            continue
        yield (head + "[").encode("utf-8")
        for start in range(0, len(value), _BATCH):
            part = ",".join(_ENCODER.encode(row) for row in value[start:start + _BATCH])
            yield (("," if start else "") + part).encode("utf-8")
        yield b"]"
    yield b"}"


def dumps(obj: dict) -> bytes:
    """Canonical JSON bytes of ``obj`` (see :func:`encode_chunks`)."""
    return b"".join(encode_chunks(obj))


def digest(obj: dict) -> str:
    """SHA-256 of the canonical bytes, without holding them all in memory."""
    sha = hashlib.sha256()
    for chunk in encode_chunks(obj):
        sha.update(chunk)
    return sha.hexdigest()


def _temp_for(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)
    return Path(tmp)


def _write_chunks(tmp: Path, chunks: Iterable[bytes]) -> str:
    """Write ``chunks`` to ``tmp`` (fsynced); return their SHA-256."""
    sha = hashlib.sha256()
    with open(tmp, "wb") as handle:
        for chunk in chunks:
            sha.update(chunk)
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    return sha.hexdigest()


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> str:
    """Write ``data`` to ``path`` via a unique temp file and ``os.replace``; return SHA-256."""
    tmp = _temp_for(path)
    try:
        sha = _write_chunks(tmp, [data] if isinstance(data, bytes) else data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return sha


def generate_with_manifest(seed: int = DEFAULT_SEED, scale: float = 1.0,
                           pro: bool = False) -> tuple[dict, dict]:
    """The dataset dict and its manifest (``sha256`` of the canonical bytes)."""
    check_options(seed, scale)
    data = build(seed, scale, pro)
    return data, build_manifest(data, dataset_name(seed, scale, pro), digest(data))


def write_example(out_dir: Path, seed: int = DEFAULT_SEED, scale: float = 1.0,
                  pro: bool = False) -> Path:
    """Generate and write dataset + manifest into ``out_dir``; return the dataset path.

    Both files are replaced atomically, dataset first, so a current manifest always
    describes a complete dataset.
    """
    check_options(seed, scale)
    data = build(seed, scale, pro)
    path = Path(out_dir) / dataset_name(seed, scale, pro)
    sha = atomic_write(path, encode_chunks(data))
    manifest = build_manifest(data, path.name, sha)
    atomic_write(manifest_path(path), json.dumps(manifest, ensure_ascii=False, indent=1,
                                                 sort_keys=True).encode("utf-8") + b"\n")
    return path


def is_current(path: Path, seed: int, scale: float, pro: bool) -> bool:
    """True when ``path`` exists and its manifest says this very generator code made it."""
    try:
        manifest = json.loads(manifest_path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return (path.is_file() and manifest.get("generator_version") == GENERATOR_VERSION
            and manifest.get("generator_fingerprint") == generator_fingerprint()
            and manifest.get("dataset") == path.name and manifest.get("seed") == seed
            and manifest.get("scale") == scale and manifest.get("pro") == pro
            and path.stat().st_size > 0)


def ensure_example(scale: float = 1.0, root: Path | None = None, pro: bool = False) -> Path:
    """Path of the example dataset under ``root`` (default ``examples/generated``),
    generating it when missing or made by another generator version.  Safe to race:
    every writer produces identical bytes and renames atomically."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    path = root / dataset_name(DEFAULT_SEED, scale, pro)
    if not is_current(path, DEFAULT_SEED, scale, pro):
        write_example(root, DEFAULT_SEED, scale, pro)
    return path
