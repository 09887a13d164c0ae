"""Before a command writes the archive (`crawl`, `db upgrade`, `reparse`): is the file an
archive, whole, and writable where it lies? One line and exit 2 when not, before
anything is locked, created or changed."""

from __future__ import annotations

import os
from pathlib import Path

from newsarchive.cli.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"


def check_archive_to_write(path: Path) -> None:
    """`path` is an archive (or does not exist yet, for a new one) that this process
    can write: else `UserError` saying why."""
    folder = path.parent
    if not path.exists():
        if not os.access(folder, os.W_OK):
            raise UserError(
                f"the folder {folder} is read-only: the archive {path.name} can't be "
                "made there; give --db a path in a writable folder"
            )
        return
    _check_is_archive(path)
    if not os.access(path, os.W_OK):
        raise UserError(
            f"the archive {path} is read-only: analyst commands can read it, a crawl "
            "or an upgrade needs it writable (copy it to writable storage)"
        )
    if not os.access(folder, os.W_OK):
        raise UserError(
            f"the archive {path} is in a read-only folder ({folder}): writing it needs "
            "files beside it (its lock, SQLite's journal); copy it to a writable folder"
        )


def _check_is_archive(path: Path) -> None:
    from newsarchive.query.database import check_archive
    from newsarchive.query.errors import QueryError

    if path.is_file() and path.stat().st_size == 0:
        raise UserError(
            f"{path} is an empty file, not an archive: remove it to start a new "
            "archive there, or check --db"
        )
    try:
        check_archive(path)
    except QueryError as error:
        raise UserError(str(error)) from error
    truncated = _missing_bytes(path)
    if truncated:
        raise UserError(
            f"{path} is a truncated archive ({truncated} bytes missing): restore it "
            "from a backup (a crawl's upgrade backups are beside it, *.backup-*)"
        )


def _missing_bytes(path: Path) -> int:
    """How much shorter the file is than its SQLite header says (0: whole). The
    header's page count is valid only when its change counters agree."""
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return 0  # check_archive judged it already
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] != header[92:96] or not pages:
        return 0
    return max(0, page_size * pages - path.stat().st_size)
