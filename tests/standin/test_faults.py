"""Fault injection observed by a real httpx client over the socket."""

from __future__ import annotations

import json

import httpx
import pytest

from conftest import V1, fresh_dataset
from exporter.standin import FaultConfig, create_app, serve_in_thread


def _serve(config: FaultConfig):
    return serve_in_thread(create_app(fresh_dataset(), config))


def test_latency_is_added() -> None:
    with _serve(FaultConfig(latency=0.2)) as url, httpx.Client(base_url=url) as c:
        r = c.get(f"{V1}/spaces")
    assert r.status_code == 200 and r.elapsed.total_seconds() >= 0.2


def test_429_and_503_carry_retry_after() -> None:
    with _serve(FaultConfig(fail_429=1.0, retry_after=7)) as url, httpx.Client(base_url=url) as c:
        r = c.get(f"{V1}/spaces")
    assert (r.status_code, r.headers["retry-after"]) == (429, "7")
    with _serve(FaultConfig(fail_503=1.0)) as url, httpx.Client(base_url=url) as c:
        r = c.get(f"{V1}/spaces")
    assert (r.status_code, r.headers["retry-after"]) == (503, "1")


def test_dropped_connection_sends_nothing() -> None:
    with _serve(FaultConfig(drop=1.0)) as url, httpx.Client(base_url=url) as c:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            c.get(f"{V1}/spaces")


def test_truncated_body_short_read() -> None:
    with _serve(FaultConfig(truncate=1.0)) as url, httpx.Client(base_url=url) as c:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            c.get(f"{V1}/spaces")


def test_truncated_body_cut_json() -> None:
    with _serve(FaultConfig(truncate=1.0, truncate_mode="cut")) as url, httpx.Client(base_url=url) as c:
        r = c.get(f"{V1}/spaces")
    assert r.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.text)


def test_wall_after_n_content_requests() -> None:
    with _serve(FaultConfig(wall_after=2)) as url, httpx.Client(base_url=url) as c:
        codes = [c.get(f"{V1}/spaces").status_code for _ in range(4)]
        walled = c.get(f"{V1}/posts/1").json()
        config = c.get(f"{V1}/app/config").status_code
    assert codes == [200, 200, 403, 403] and walled["code"] == "jetonomy_forbidden" and config == 200


def test_faults_are_deterministic_and_retries_draw_again() -> None:
    config = FaultConfig(seed=42, fail_503=0.5, path_regex=r"/spaces")

    def run() -> list[int]:
        with _serve(config) as url, httpx.Client(base_url=url) as c:
            return [c.get(f"{V1}/spaces").status_code for _ in range(12)] + [c.get(f"{V1}/tags").status_code]

    first, second = run(), run()
    assert first == second
    assert {200, 503} <= set(first[:12]) and first[12] == 200  # /tags is out of the fault scope


def test_invalid_config_is_rejected() -> None:
    with pytest.raises(ValueError):
        FaultConfig(fail_429=0.7, drop=0.5)
