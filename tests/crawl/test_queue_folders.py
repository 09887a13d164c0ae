"""The request-queue folders in $TMPDIR: a killed run's folder is removed by the next
run (its owner lock proves it dead), a live run's and a stranger's are left alone, and a
full temporary folder is named as such (not blamed on the archive)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from newsarchive.crawl import queue_folders
from newsarchive.crawl.queue_folders import OWNER, PREFIX, queue_folder

HOLD = """
import sys, time
from pathlib import Path
from newsarchive.crawl.queue_folders import queue_folder
with queue_folder(sys.argv[1]) as path:
    print(path, flush=True)
    time.sleep(60)
"""


def _owned_folder(base: Path) -> tuple[subprocess.Popen, Path]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(base)], stdout=subprocess.PIPE, text=True
    )
    return process, Path(process.stdout.readline().strip())


def test_dead_runs_folders_are_removed_live_and_foreign_ones_kept(tmp_path) -> None:
    alive, live = _owned_folder(tmp_path)
    killed, dead = _owned_folder(tmp_path)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    foreign = tmp_path / f"{PREFIX}made-by-someone-else"
    foreign.mkdir()
    try:
        assert dead.exists() and (dead / OWNER).exists()
        with queue_folder(tmp_path) as mine:
            assert mine.exists()
            assert not dead.exists()  # proven dead: removed
            assert live.exists() and foreign.exists()
        assert not mine.exists()
    finally:
        alive.kill()
        alive.wait()


def test_a_full_temporary_folder_is_named(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(queue_folders, "MIN_FREE_BYTES", 2**62)
    try:
        with queue_folder(tmp_path):
            raise AssertionError("a queue folder was made in a full folder")
    except queue_folders.TemporaryFolderFull as error:
        assert str(tmp_path) in error.strerror and "TMPDIR" in error.strerror
    assert not list(tmp_path.iterdir())


def test_crawl_with_a_full_tmpdir_says_so_in_one_line(tmp_path) -> None:
    """A real full tmpfs as TMPDIR (in a private mount namespace)."""
    import pytest

    probe = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "true"], capture_output=True,
        check=False,
    )  # fmt: skip
    if probe.returncode != 0:
        pytest.skip("no unprivileged mount namespace (unshare) on this machine")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    db = tmp_path / "archive.sqlite"
    script = (
        f"mount -t tmpfs -o size=1m tmpfs {tmp} && "
        f"(dd if=/dev/zero of={tmp}/filler bs=64k 2>/dev/null || true) && "
        f'TMPDIR={tmp} exec "{sys.executable}" -m newsarchive crawl --db {db} '
        "--start-url http://127.0.0.1:9/"
    )
    started = time.monotonic()
    done = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True, text=True, timeout=120, check=False,
        env=dict(os.environ, NEWSARCHIVE_DB=""),
    )  # fmt: skip
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert lines[-1].startswith("Error: the temporary folder") and str(tmp) in lines[-1]
    assert time.monotonic() - started < 60
