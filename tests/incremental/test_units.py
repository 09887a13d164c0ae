"""Small pieces: durations, the archive lock, history diffs."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from newsarchive.incremental.durations import (
    BadDuration,
    format_duration,
    parse_duration,
)
from newsarchive.query.history import FieldChange, diff_lines
from newsarchive.runlock import ArchiveLock, ArchiveLocked, lock_holder, lock_path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", timedelta(days=30)),
        ("12h", timedelta(hours=12)),
        ("2w", timedelta(weeks=2)),
        ("90m", timedelta(minutes=90)),
        (" 45s ", timedelta(seconds=45)),
        ("0", timedelta(0)),
        ("1.5d", timedelta(hours=36)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "30", "d30", "thirty days", "-3d", "3y"])
def test_bad_durations_say_what_to_write(text: str) -> None:
    with pytest.raises(BadDuration, match="e.g. 30d"):
        parse_duration(text)


def test_durations_format_back() -> None:
    assert [
        format_duration(parse_duration(t)) for t in ("30d", "2w", "90m", "45s")
    ] == [
        "30d",
        "2w",
        "90m",
        "45s",
    ]


def test_a_second_lock_on_the_same_archive_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    with ArchiveLock(db, what="crawl"):
        holder = lock_holder(db)
        assert holder is not None and holder["pid"] == os.getpid()
        with pytest.raises(ArchiveLocked, match=f"pid {os.getpid()} \\(crawl\\)"):
            ArchiveLock(db).acquire()
    assert lock_holder(db) is None
    with ArchiveLock(db):  # free again
        pass
    assert lock_path(db) == tmp_path / "archive.sqlite.lock"


def test_a_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from newsarchive.runlock import ArchiveLock; "
                f"ArchiveLock({str(db)!r}).acquire(); print('locked', flush=True); time.sleep(60)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ArchiveLocked):
            ArchiveLock(db).acquire()
        holder.kill()
        holder.wait(10)
        with ArchiveLock(db):
            pass
    finally:
        holder.kill()
        holder.wait(10)
        holder.stdout.close()


def test_history_diffs_read_like_diffs() -> None:
    body = diff_lines(
        FieldChange(
            name="body_text",
            before="One.\n\nTwo.",
            after="One.\n\nTwo.\n\nEditor's note.",
        )
    )
    assert body == ["  Two.", "+ Editor's note."]
    tags = diff_lines(
        FieldChange(
            name="tags",
            before=[{"name": "Iran"}],
            after=[{"name": "Iran"}, {"name": "NATO"}],
        )
    )
    assert tags == ["+ NATO"]
    title = diff_lines(FieldChange(name="title", before="Old", after="New"))
    assert title == ["- Old", "+ New"]
    image = diff_lines(
        FieldChange(
            name="top_image",
            before={"credit": "A", "url": "u"},
            after={"credit": "B", "url": "u"},
        )
    )
    assert image == ["- credit: A", "+ credit: B"]
