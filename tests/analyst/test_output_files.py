"""Where analyst commands write (`newsarchive.query.output_files`): the archive and its
side files are refused, devices and FIFOs are streamed to, symlinks are never
replaced, a regular file is replaced whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsarchive.query.errors import OutputFailed, UnwritableOutput
from newsarchive.query.output_files import check_output, open_output


@pytest.fixture
def archive_file(tmp_path: Path) -> Path:
    db = tmp_path / "archive.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    return db


def test_dash_and_nothing_are_standard_output(archive_file: Path) -> None:
    assert check_output("-", archive=archive_file).path is None
    assert check_output(None, archive=archive_file).path is None


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal", ".lock"])
def test_the_archive_and_its_side_files_are_refused(archive_file: Path, suffix) -> None:
    with pytest.raises(UnwritableOutput, match="would destroy it"):
        check_output(f"{archive_file}{suffix}", archive=archive_file)


def test_links_to_the_archive_are_refused(archive_file: Path, tmp_path: Path) -> None:
    hard = tmp_path / "other-name.csv"
    os.link(archive_file, hard)
    soft = tmp_path / "soft.csv"
    soft.symlink_to(archive_file)
    for path in (hard, soft, tmp_path / "." / "archive.sqlite"):
        with pytest.raises(UnwritableOutput, match="would destroy it"):
            check_output(path, archive=archive_file)
    # The archive given as a URI is the same file.
    with pytest.raises(UnwritableOutput):
        check_output(hard, archive=f"file:{archive_file}?immutable=1")


def test_devices_and_fifos_are_streamed_to(tmp_path: Path) -> None:
    assert check_output("/dev/null").streamed
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert check_output(fifo).streamed
    with open_output(check_output("/dev/null"), binary=False) as out:
        out.write("gone")
    assert Path("/dev/null").is_char_device()


def test_a_full_device_is_a_write_error() -> None:
    with (
        pytest.raises(OutputFailed, match="No space left"),
        open_output(check_output("/dev/full"), binary=True) as out,
    ):
        out.write(b"x" * 100_000)


def test_symlinks_to_files_are_refused_not_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("kept")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with pytest.raises(UnwritableOutput, match="symbolic link"):
        check_output(link)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(UnwritableOutput, match="symbolic link to nothing"):
        check_output(dangling)
    assert link.is_symlink() and real.read_text() == "kept"


def test_a_file_is_replaced_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old")
    target.chmod(0o640)
    with (
        pytest.raises(RuntimeError),
        open_output(check_output(target), binary=False) as out,
    ):
        out.write("partial")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]
    with open_output(check_output(target), binary=False) as out:
        out.write("whole")
    assert target.read_text() == "whole"
    assert target.stat().st_mode & 0o777 == 0o640  # the replaced file's mode is kept
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_unusable_paths_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UnwritableOutput, match="does not exist"):
        check_output(tmp_path / "missing" / "x.csv")
    with pytest.raises(UnwritableOutput, match="is a directory"):
        check_output(tmp_path)
