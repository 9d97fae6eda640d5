"""A throw-away PostgreSQL + PostGIS cluster in a temporary folder, for tests and benchmarks.

Debian's `postgresql` and `postgresql-15-postgis-3` packages provide the
binaries. As root the cluster runs as the `postgres` user (PostgreSQL refuses
root); it listens on 127.0.0.1 at a free port, and `stop()` removes it all.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql


class Unavailable(RuntimeError):
    """PostgreSQL or PostGIS is not installed here."""


def bin_dir() -> Path:
    """The newest Debian PostgreSQL bin folder, else wherever `pg_ctl` is on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).parent
    raise Unavailable("PostgreSQL is not installed (Debian: apt-get install postgresql postgresql-15-postgis-3)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One cluster: `Cluster().start()` runs it, `url(name)` connects to a database in it."""

    def start(self) -> Cluster:
        self.bin = bin_dir()
        share = subprocess.run([str(self.bin / "pg_config"), "--sharedir"], capture_output=True, text=True).stdout.strip()
        if not (Path(share) / "extension" / "postgis.control").is_file():
            raise Unavailable("PostGIS is not installed (Debian: apt-get install postgresql-15-postgis-3)")
        self.folder = Path(tempfile.mkdtemp(prefix="corredor-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._as_root = os.geteuid() == 0
        if self._as_root:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")
        return self

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def create(self, name: str, template: str | None = None) -> str:
        """A new database (a copy of `template` if given); its URL."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            conn.execute(statement)
        return self.url(name)

    def drop(self, name: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
