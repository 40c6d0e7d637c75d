"""Comparing two /search answers by shape: status, envelope, key sets, JSON types."""

from __future__ import annotations

from typing import Any


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list):
        return "list"
    return "object"


def _types(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in rows:
        for key, value in row.items():
            out.setdefault(key, set()).add(json_type(value))
    return out


def assert_rows_alike(ours: list[dict[str, Any]], theirs: list[dict[str, Any]], what: str) -> None:
    """Same key set on every row; a key's non-null JSON type never differs ([] ~ {})."""
    if not ours or not theirs:
        return
    keys = set(theirs[0])
    for row in ours:
        assert set(row) == keys, f"{what}: keys differ: {set(row) ^ keys}"
    mine, ref = _types(ours), _types(theirs)
    for key in keys:
        a = {_norm(t) for t in mine[key]} - {"null"}
        b = {_norm(t) for t in ref[key]} - {"null"}
        if a and b:
            assert a == b, f"{what}: {key} is {a} here but {b} in the reference"


def _norm(kind: str) -> str:
    return "container" if kind in ("list", "object") else kind


def assert_same_shape(status: int, body: Any, ref_status: int, ref_body: Any, what: str) -> None:
    assert status == ref_status, f"{what}: status {status} != {ref_status}: {body}"
    if status != 200:
        assert body == ref_body, what
        return
    assert set(body) == set(ref_body), what
    assert set(body["meta"]) == set(ref_body["meta"]), what
    for key, value in body["meta"].items():
        other = ref_body["meta"][key]
        if value is not None and other is not None:
            assert json_type(value) == json_type(other), f"{what}: meta.{key}"
    if isinstance(ref_body["data"], dict):
        assert set(body["data"]) == set(ref_body["data"]), what
        for group, rows in ref_body["data"].items():
            assert_rows_alike(body["data"][group], rows, f"{what} {group}")
    else:
        assert isinstance(body["data"], list), what
        assert_rows_alike(body["data"], ref_body["data"], what)
