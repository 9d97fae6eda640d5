"""Write HAProxy's configuration for N Corredor replicas from `haproxy.cfg.tmpl`.

Why these settings: see the comments in the template. Streamlit needs the
websocket upgrade passed through (HAProxy does it in http mode), every request
of a session on the same replica (a cookie the balancer sets), and a health
check on `/_stcore/health`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("haproxy.cfg.tmpl")


def server_name(index: int) -> str:
    return f"replica{index + 1}"


def render(port: int, replicas: list[tuple[str, int]], *, address: str = "0.0.0.0") -> str:
    """The configuration text: the balancer on address:port, one `server` line per (host, port) replica."""
    if not replicas:
        raise ValueError("at least one replica is needed")
    servers = "\n".join(
        f"    server {server_name(i)} {host}:{replica_port} check cookie {server_name(i)}" for i, (host, replica_port) in enumerate(replicas)
    )
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        address=address, port=port, servers=servers, replica_count=len(replicas)
    )


def executable() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").is_file() else None)
    if not found:
        raise FileNotFoundError("HAProxy is not installed (Debian/Ubuntu: apt-get install haproxy; macOS: brew install haproxy)")
    return found


def check(path: Path) -> None:
    """Let HAProxy itself validate the file (raises with its message)."""
    result = subprocess.run([executable(), "-c", "-q", "-f", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        raise ValueError(f"{path}: {result.stderr.strip() or result.stdout.strip()}")
