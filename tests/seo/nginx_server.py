"""Serve a built mirror with Debian's nginx on a free loopback port (no root needed)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_conf(site: Path, tmp: Path, port: int) -> str:
    deploy = site / "_deploy" / "nginx"
    temps = "\n".join(f"  {name}_temp_path {tmp / name};" for name in
                      ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read a 0700 tmp folder
    return f"""{user}worker_processes 1;
pid {tmp / 'nginx.pid'};
error_log {tmp / 'error.log'} warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log {tmp / 'access.log'};
{temps}
  absolute_redirect off;
  include {deploy / 'jetonomy-http.conf'};
  server {{
    listen 127.0.0.1:{port};
    server_name localhost;
    root {site};
    include {deploy / 'jetonomy-redirects.conf'};
  }}
}}
"""


@contextlib.contextmanager
def serve_mirror(site: Path, tmp: Path) -> Iterator[str]:
    """Start nginx for ``site``; yield its base URL; stop it (by its own pid) afterwards."""
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_conf(site, tmp, port), "utf-8")
    check = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(httpx.TransportError):
                httpx.get(base + "/robots.txt", timeout=1)
                break
            time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
