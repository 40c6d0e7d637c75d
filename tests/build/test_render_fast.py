"""Render-side fast paths give exactly what the general code gives: the views' descriptor
``__init__`` (``views.fast_init``), the cached page ``context()`` readers, the author memo of
topic pages (``people.AuthorViews``) on hostile rows, and the writer's temp-file names."""

from __future__ import annotations

import dataclasses
import inspect
import math
import os
import pickle
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from exporter.build import contexts, views
from exporter.build.gather import SiteIndex
from exporter.build.manifest import Manifest
from exporter.build.people import AuthorViews, author_view
from exporter.build.writer import Writer


def _plain(cls: type) -> type:
    """The same view class with the ``__init__`` dataclasses generates (the reference)."""
    fields = [(f.name, f.type, dataclasses.field(default=f.default) if f.default is not dataclasses.MISSING
               else dataclasses.field()) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True, slots=True)


ODD_VALUES = ["", "<script>x</script>", "ünï 😀 \u202e RTL", None, 0, -1, 2 ** 80, 1.5, math.inf, True,
              (), ("a",), [1], {"k": None}]


@pytest.mark.parametrize("cls", views.VIEW_TYPES, ids=lambda c: c.__name__)
def test_fast_init_same_object_as_dataclass_init(cls: type) -> None:
    reference = _plain(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    assert list(inspect.signature(cls).parameters) == names
    for i, value in enumerate(ODD_VALUES):
        args = [ODD_VALUES[(i + k) % len(ODD_VALUES)] for k in range(len(names))]
        made, ref = cls(*args), reference(*args)
        assert [getattr(made, n) for n in names] == [getattr(ref, n) for n in names]
        assert cls(**dict(zip(names, args))) == made
        assert pickle.loads(pickle.dumps(made)) == made
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, names[0], value)
    required = [f for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
    with pytest.raises(TypeError):
        cls(*range(len(required) - 1))
    with pytest.raises(TypeError):
        cls(*range(len(names)), **{names[0]: 1})
    with pytest.raises(TypeError):
        cls(*range(len(names) + 1))


def test_fast_init_defaults_and_unsupported_fields() -> None:
    assert views.Link("a", "b") == views.Link("a", "b", False) and views.Link("a", "b").active is False
    assert views.Link("a", "b", active=True).active is True

    @views.fast_init
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list = dataclasses.field(default_factory=list)

    assert WithFactory().items == [] and WithFactory().items is not WithFactory().items


def test_page_context_is_every_field_in_order() -> None:
    site = SimpleNamespace(name="S")
    page = contexts.NotFoundPage(url="/404.html", root="/", title="t", description="d", canonical_url="c",
                                 robots="", banner="", breadcrumbs=(), nav="", site=site, head_extra=[],
                                 jsonld=[], message="<b>")
    ctx = page.context()
    assert list(ctx) == [f.name for f in dataclasses.fields(page)]
    assert ctx == {f.name: getattr(page, f.name) for f in dataclasses.fields(page)}
    page.title = "changed"  # hooks change pages: the context reads the values of the moment
    assert page.context()["title"] == "changed"


class _Index:
    """What ``author_view`` reads of a site index."""

    def __init__(self) -> None:
        self.users = {7: SimpleNamespace(name="Ada", url="/u/ada/"), 1: SimpleNamespace(name="One", url="/u/one/")}
        self.media = {"https://x/a.png": "avatars/a.png", "True": "t.png", "1": "one.png", "1.0": "f.png"}
        self.media_used: set[str] = set()
        self.urls = SimpleNamespace(media=lambda rel: f"/media/{rel}")

    local_media = SiteIndex.local_media


AUTHOR_ROWS: list[dict[str, Any]] = [
    {"author_id": 7, "author_name": "Ada", "author_avatar": "https://x/a.png", "trust_level": 2, "reputation": 5},
    {"author_id": 7, "author_name": "Ada", "author_avatar": "https://x/a.png", "trust_level": 2.0, "reputation": True},
    {"author_id": 7.0, "author_name": "<script>", "author_avatar": "", "trust_level": "3", "reputation": "9"},
    {"author_id": True, "author_name": None, "author_avatar": None},
    {"author_id": 1, "author_name": True, "author_avatar": 1},  # printed fields that are not text
    {"author_id": 1, "author_name": 1, "author_avatar": 1.0},
    {"author_id": 1, "author_name": 1.0, "author_avatar": True},
    {"author_id": 0, "author_name": "[deleted]", "author_avatar": "https://x/a.png"},
    {"author_id": 0, "author_name": "Someone"},
    {"_anonymous": True, "author_id": 7, "author_name": "Ada", "author_avatar": "https://x/a.png"},
    {"_anonymous": 1, "author_id": 7, "author_name": "Ada"},
    {"author_id": [7], "author_name": "list id"},  # not a key: the general path
    {"author_id": 7, "author_name": "Ada", "trust_level": {"x": 1}},
    {"author_id": 7, "author_name": "名前 \u202e", "author_avatar": "https://x/a.png", "trust_level": 2 ** 70},
    {"author_id": 99, "author_name": "", "author_avatar": "https://x/a.png"},  # no profile
    {},
]


def test_author_memo_same_views_and_media_as_author_view() -> None:
    memo_ix, plain_ix = _Index(), _Index()
    memo = AuthorViews(memo_ix)  # type: ignore[arg-type]
    for _ in range(3):  # first sight, then repeats (memo hits)
        for row in AUTHOR_ROWS + AUTHOR_ROWS[::-1]:
            memo_ix.media_used.clear()
            plain_ix.media_used.clear()
            try:
                expected: Any = author_view(plain_ix, row)  # type: ignore[arg-type]
            except (TypeError, ValueError) as exc:
                expected = type(exc)
            try:
                got: Any = memo(row)
            except (TypeError, ValueError) as exc:
                got = type(exc)
            assert got == expected, row
            assert memo_ix.media_used == plain_ix.media_used, row


def test_author_memo_is_bounded() -> None:
    ix = _Index()
    memo = AuthorViews(ix)  # type: ignore[arg-type]
    memo.SIZE = 4
    for uid in range(10):
        assert memo({"author_id": uid + 100, "author_name": f"n{uid}"}) == author_view(
            ix, {"author_id": uid + 100, "author_name": f"n{uid}"})  # type: ignore[arg-type]
    assert len(memo._views) <= 4


def test_writer_temp_names_follow_the_process(tmp_path: Path) -> None:
    """Temp files carry the writing process's pid, also in a forked child (learnt once)."""
    writer = Writer(tmp_path, Manifest())
    seen: list[str] = []
    real_open = os.open

    def spy(path: Any, flags: int, mode: int = 0o777) -> int:
        seen.append(os.fspath(path))
        return real_open(path, flags, mode)

    os.open = spy  # type: ignore[assignment]
    try:
        writer.write("a/b/index.html", b"x")
        writer.write("root.txt", b"y")
        pid = os.fork()
        if pid == 0:  # the child writes one file and reports the temp name it used
            try:
                writer.write("c/index.html", b"z")
                Path(tmp_path, "child-temp").write_text(seen[-1])
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    finally:
        os.open = real_open  # type: ignore[assignment]
        writer.close()
    root = str(tmp_path.resolve())
    assert seen[0] == os.path.join(root, "a", "b", f".tmp-{os.getpid()}-1")
    assert seen[1] == os.path.join(root, f".tmp-{os.getpid()}-2")
    child = Path(tmp_path, "child-temp").read_text()
    assert child.startswith(os.path.join(root, "c", ".tmp-")) and f".tmp-{os.getpid()}-" not in child
    assert Path(tmp_path, "c/index.html").read_bytes() == b"z"
    assert not [p for p in tmp_path.rglob(".tmp-*")]


def _existing_folder_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readlink: Any) -> Path:
    """Write into a folder that was already there (so the writer checks its resolution)."""
    out = tmp_path / "out"
    (out / "made" / "before").mkdir(parents=True)
    if readlink is not None:
        monkeypatch.setattr(os, "readlink", readlink)
    writer = Writer(out, Manifest())
    try:
        writer.write("made/before/index.html", b"page")
    finally:
        writer.close()
    return out


@pytest.mark.parametrize("readlink", [None, "fails", "deleted"])
def test_existing_folder_inside_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readlink: Any) -> None:
    real = os.readlink

    def fake(path: Any) -> str:
        if readlink == "fails":
            raise OSError("no /proc")
        return real(path) + " (deleted)"

    out = _existing_folder_write(tmp_path, monkeypatch, None if readlink is None else fake)
    assert (out / "made/before/index.html").read_bytes() == b"page"


def test_existing_folder_resolving_outside_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the kernel names as the opened folder decides (e.g. a bind mount of another folder)."""
    from exporter.errors import UnsafePathError

    outside = str(tmp_path / "elsewhere")
    with pytest.raises(UnsafePathError, match="not a folder inside"):
        _existing_folder_write(tmp_path, monkeypatch, lambda path: outside)
    assert not (tmp_path / "out/made/before/index.html").exists()


def test_existing_symlinked_folder_is_refused(tmp_path: Path) -> None:
    from exporter.errors import UnsafePathError

    out, outside = tmp_path / "out", tmp_path / "outside"
    (out / "a").mkdir(parents=True)
    outside.mkdir()
    (out / "a" / "b").symlink_to(outside)
    writer = Writer(out, Manifest())
    try:
        with pytest.raises(UnsafePathError):
            writer.write("a/b/index.html", b"x")
    finally:
        writer.close()
    assert not list(outside.iterdir())
