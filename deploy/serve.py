"""Serve Corredor as N Streamlit replicas behind HAProxy (`./dev serve --replicas N --port P`).

Every replica gets the same `server.cookieSecret` (from $CORREDOR_COOKIE_SECRET,
else generated once into .serve/cookie-secret, outside git), so a signed
cookie is valid whichever replica serves it. With $CORREDOR_DATABASE_URL set
all replicas read the same PostGIS database; without it they share the
GeoPackage, which only works on one machine. A replica that dies is started
again; meanwhile HAProxy sends its visitors to the others.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy import haproxy

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".serve"
SECRET_ENV = "CORREDOR_COOKIE_SECRET"


def cookie_secret(run_dir: Path) -> str:
    """The secret all replicas share: from the environment, else made once and kept in run_dir (mode 600)."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = run_dir / "cookie-secret"
    if not path.is_file():
        run_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if healthy(url):
            return
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with status {process.returncode}")
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer its health check within {timeout:.0f} s")


@dataclass
class Replica:
    """One Streamlit process."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Deployment:
    """The balancer and its replicas, started and stopped together."""

    replicas: int
    port: int
    first_replica_port: int = 8601
    address: str = "0.0.0.0"
    run_dir: Path = RUN_DIR
    env: dict = field(default_factory=dict)
    streamlit_args: list[str] = field(default_factory=list)  # more `streamlit run` options, e.g. --secrets.files
    members: list[Replica] = field(default_factory=list)
    balancer: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Deployment:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, **self.env}
        self.secret = cookie_secret(self.run_dir)
        self.members = [Replica(self.first_replica_port + i) for i in range(self.replicas)]
        try:
            for replica in self.members:
                self.start_replica(replica)
            for replica in self.members:
                wait_healthy(replica.url, replica.process)
            config = self.run_dir / "haproxy.cfg"
            config.write_text(haproxy.render(self.port, [("127.0.0.1", r.port) for r in self.members], address=self.address))
            haproxy.check(config)
            log = open(self.run_dir / "haproxy.log", "w")
            self.balancer = subprocess.Popen([haproxy.executable(), "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
            wait_healthy(self.url, self.balancer, timeout=30)
        except BaseException:
            self.stop()
            raise
        return self

    def start_replica(self, replica: Replica) -> None:
        log = open(self.run_dir / f"replica-{replica.port}.log", "w")
        replica.process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.port", str(replica.port),
                "--server.address", "127.0.0.1",
                "--server.headless", "true",
                *self.streamlit_args,
            ],
            cwd=ROOT,
            env={**self.env, "STREAMLIT_SERVER_COOKIE_SECRET": self.secret},  # Streamlit refuses it on the command line
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def restart_dead(self) -> list[Replica]:
        """Start again every replica whose process has exited; the ones restarted."""
        dead = [r for r in self.members if r.process is not None and r.process.poll() is not None]
        for replica in dead:
            print(f"replica on port {replica.port} exited ({replica.process.returncode}); starting it again", file=sys.stderr, flush=True)
            self.start_replica(replica)
        return dead

    def stop(self) -> None:
        processes = [p for p in [self.balancer, *(r.process for r in self.members)] if p is not None]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev serve", description="Serve Corredor as several replicas behind HAProxy.")
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes to start (about one per core)")
    parser.add_argument("--port", type=int, default=8500, help="port the balancer listens on")
    parser.add_argument("--address", default="0.0.0.0", help="address the balancer listens on")
    parser.add_argument("--first-replica-port", type=int, default=8601, help="replicas listen on 127.0.0.1 from this port up")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    if args.replicas > 1 and not os.environ.get("CORREDOR_DATABASE_URL"):
        print("note: no $CORREDOR_DATABASE_URL; the replicas share the GeoPackage (one machine only)", file=sys.stderr)
    deployment = Deployment(args.replicas, args.port, args.first_replica_port, args.address)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    deployment.start()
    print(f"Corredor: {args.replicas} replicas behind http://{args.address}:{args.port} (Ctrl+C stops)", flush=True)
    try:
        while deployment.balancer.poll() is None:
            deployment.restart_dead()
            time.sleep(1)
        print("the balancer exited; stopping", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        deployment.stop()


if __name__ == "__main__":
    sys.exit(main())
