"""Atomic writes: an import lands whole or not at all, even when the process is killed mid-import."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from import_helpers import ROOT, archived, fixture, import_running, leftovers, sha256, writing

import loaders
from benchmarks.bench_import import write_mmp_csv
from importers import store
from importers.errors import ImportFileError
from importers.importer import run_import


def _start(gpkg: Path, csv: Path, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "importers.importer", "mmp", str(csv), "--gpkg", str(gpkg), "--user", "killed"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_line(process: subprocess.Popen, words: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([process.stderr], [], [], 0.5)
        if ready:
            line = process.stderr.readline()
            if not line:
                break
            seen.append(line)
            if words in line:
                return line
        if process.poll() is not None:
            break
    raise AssertionError(f"the import never reported {words!r}: {''.join(seen)}")


def _assert_previous_data(gpkg: Path, before: str) -> None:
    assert sha256(gpkg) == before
    incidents = loaders.read_layer("incidents", path=gpkg)
    assert len(incidents) == 400 and incidents["is_demo"].all()
    assert store.read_table("imports", gpkg).empty


@pytest.mark.parametrize("stage", ["after-copy", "after-layer", "before-verify", "before-replace"])
def test_killing_a_real_import_mid_write_leaves_the_previous_data_intact(gpkg, stage):
    before = sha256(gpkg)
    process = _start(gpkg, fixture("mmp_2024.csv"), {store.PAUSE_ENV: stage})
    try:
        _wait_for_line(process, f"paused at {stage}")
        assert writing(gpkg), "the import writes into a temporary copy or an open transaction"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    _assert_previous_data(gpkg, before)
    # the next import removes the stale copy and lands
    report = run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg)
    assert report.written and not leftovers(gpkg)
    assert not loaders.read_layer("incidents", path=gpkg)["is_demo"].any()


def test_killing_an_import_the_moment_it_starts_writing(gpkg, tmp_path):
    """No test hook: a 5,000-row import is killed as soon as it starts writing (its copy or transaction appears)."""
    csv = write_mmp_csv(tmp_path / "export.csv", 5000)
    before = sha256(gpkg)
    process = _start(gpkg, csv)
    try:
        deadline = time.monotonic() + 120
        while not writing(gpkg):
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    _assert_previous_data(gpkg, before)


def test_readers_never_see_a_half_written_layer(gpkg, tmp_path):
    csv = write_mmp_csv(tmp_path / "export.csv", 3000)
    process = _start(gpkg, csv)
    seen = set()
    try:
        while process.poll() is None:
            incidents = loaders.read_layer("incidents", path=gpkg)  # never raises, never half a layer
            seen.add((len(incidents), bool(incidents["is_demo"].all())))
        assert process.returncode == 0, process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    final = loaders.read_layer("incidents", path=gpkg)
    seen.add((len(final), bool(final["is_demo"].all())))
    assert seen <= {(400, True), (len(final), False)}
    assert (len(final), False) in seen


def test_one_import_at_a_time(gpkg, monkeypatch):
    monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.5)
    before = sha256(gpkg)
    with import_running(gpkg):
        with pytest.raises(ImportFileError) as caught:
            run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg)
    assert caught.value.code == "busy"
    assert sha256(gpkg) == before
    assert run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg).written


def test_a_failure_while_writing_changes_nothing(gpkg, monkeypatch):
    before = sha256(gpkg)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "import_record", broken)  # after the layer is written
    with pytest.raises(RuntimeError):
        run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg)
    assert sha256(gpkg) == before
    assert not leftovers(gpkg)


def test_the_app_sees_the_new_data_without_a_restart(gpkg):
    stamp = loaders.data_version(gpkg)
    time.sleep(0.01)
    run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg)
    assert loaders.data_version(gpkg) != stamp  # ui.data keys its caches on it


def test_the_new_file_keeps_its_permissions(gpkg_file):
    run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg_file)
    assert oct(gpkg_file.stat().st_mode & 0o777) == oct(0o644)


def test_another_process_sees_an_import_within_seconds(gpkg):
    """A replica's own cached version expires: it sees another process's import without a restart."""
    before = loaders.data_version(gpkg)
    process = _start(gpkg, fixture("mmp_2024.csv"))
    assert process.wait(timeout=120) == 0, process.stderr.read()
    deadline = time.monotonic() + 3
    while loaders.data_version(gpkg) == before:
        assert time.monotonic() < deadline, "the data version did not change"
        time.sleep(0.1)
    assert not loaders.read_layer("incidents", path=gpkg)["is_demo"].any()


def test_the_archive_keeps_each_file_once(gpkg):
    first = run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg)
    second = run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg)
    assert list(archived(gpkg)) == [f"archive/{first.sha256}-mmp_2024.csv"]
    imports = store.read_table("imports", gpkg)
    assert list(imports["import_id"]) == [first.import_id, second.import_id]
    assert first.import_id != second.import_id


def test_safe_names_for_the_archive():
    assert store.safe_name("../../etc/passwd") == "passwd"
    assert store.safe_name("C:\\Users\\ana\\MMP export (1).csv") == "MMP_export_1_.csv"
    assert store.safe_name("...") == "file"
