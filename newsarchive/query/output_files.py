"""Opening an export destination: a file written atomically, or stdout.

A file is written beside its final path and renamed into place when the export
completes, so a failed export never leaves a truncated file behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from newsarchive.query.errors import UnwritableOutput


@contextlib.contextmanager
def open_output(path: Path | None, *, binary: bool) -> Iterator[IO]:
    """Yield a stream for `path` (stdout when None); rename into place on success."""
    if path is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    path = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as error:
        raise UnwritableOutput(
            f"cannot write {path}: {error.strerror or error}; "
            "choose a path in an existing, writable directory with --out"
        ) from error
    temp_path = Path(temp_name)
    try:
        mode = "wb" if binary else "w"
        options = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(handle, mode, **options) as stream:
            yield stream
        # mkstemp makes the file private (0600); give it what a plain open would.
        os.chmod(temp_path, 0o666 & ~_current_umask())
        os.replace(temp_path, path)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def check_writable(path: Path) -> None:
    """Fail early (before any query runs) when `path` cannot be created."""
    path = Path(path)
    if path.is_dir():
        raise UnwritableOutput(f"{path} is a directory: give a file name with --out")
    if not path.parent.is_dir():
        raise UnwritableOutput(
            f"cannot write {path}: directory {path.parent} does not exist; "
            "create it or choose another --out"
        )
    if not os.access(path.parent, os.W_OK):
        raise UnwritableOutput(
            f"cannot write {path}: directory {path.parent} is not writable; "
            "choose another --out"
        )


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
