"""`newsarchive demo` end to end (a small replica), and its archive-safety rule."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.crawl.demo import NotADemoArchive, reset_demo_archive

pytestmark = pytest.mark.slow


def test_demo_crawls_the_replica_and_searches(tmp_path: Path) -> None:
    db = tmp_path / "data" / "demo.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "newsarchive", "demo", "--articles", "30", "--db", str(db)],
        cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Crawl summary" in done.stdout
    assert "Full-text search for Ukraine" in done.stdout
    assert "Diplomacy Watch: Ukraine and Russia are (quietly) talking" in done.stdout
    assert f"newsarchive reparse --db {db}" in done.stdout
    assert db.exists()


def test_fresh_demo_removes_only_demo_archives(tmp_path: Path) -> None:
    demo = tmp_path / "demo.sqlite"
    demo.write_bytes(b"old")
    Path(f"{demo}-wal").write_bytes(b"old")
    assert reset_demo_archive(demo)
    assert not demo.exists() and not Path(f"{demo}-wal").exists()
    assert not reset_demo_archive(demo)
    real = tmp_path / "archive.sqlite"
    real.write_bytes(b"precious")
    with pytest.raises(NotADemoArchive):
        reset_demo_archive(real)
    assert real.read_bytes() == b"precious"


def test_demo_refuses_to_empty_a_real_archive(tmp_path: Path) -> None:
    real = tmp_path / "archive.sqlite"
    real.write_bytes(b"precious")
    result = CliRunner().invoke(cli, ["demo", "--db", str(real)])
    assert result.exit_code == 2 and "--reuse" in result.output
    assert real.read_bytes() == b"precious"
