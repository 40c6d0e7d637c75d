"""``serve_in_thread``: run an ASGI app on a real uvicorn socket in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

import uvicorn

from ..errors import ExportError

START_TIMEOUT = 15.0


class StandinServerError(ExportError):
    """The stand-in server could not start."""

    default_fix = "check that the host/port is free and allowed, then run again"


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by accepted sockets
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise StandinServerError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    sock.listen(128)
    return sock


def _wait_until_accepting(server: uvicorn.Server, thread: threading.Thread, host: str, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise StandinServerError("the stand-in server thread exited during start-up")
        if server.started:
            with socket.create_connection((host, port), timeout=1):
                return
        time.sleep(0.01)
    raise StandinServerError(f"the stand-in server did not start within {START_TIMEOUT:.0f} s")


@contextmanager
def serve_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0, *,
                    log_level: str = "warning") -> Iterator[str]:
    """Serve ``app`` on ``host:port`` (0 = a free port); yield ``http://host:PORT``."""
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                            timeout_keep_alive=5, timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name=f"standin-{bound}", daemon=True)
    thread.start()
    try:
        _wait_until_accepting(server, thread, host, bound)
        shown = f"[{host}]" if ":" in host else host
        yield f"http://{shown}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
