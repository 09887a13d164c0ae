"""Where an analyst command writes: standard output, a stream, or a file replaced whole.

`check_output` decides before any query runs, so a refused target leaves everything as
it was:
- `-` is standard output;
- a path that is the archive, or one of the files SQLite and the run lock keep beside
  it (`-wal`, `-shm`, `-journal`, `.lock`), is refused: compared by device and inode
  (a hard link or a symlink to the archive is the archive) and, for side files that do
  not exist yet, by name;
- a character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written to
  as a stream, never replaced; a block device, a socket or a directory is refused; a
  symlink to a regular file is refused (replacing it would replace the link);
- a regular file, or a new name in an existing folder, is written beside its final
  path and renamed over it when complete, so a failed write never leaves a truncated
  file. Only such a file, named by the user, is ever replaced.
Write errors (a full disk, `/dev/full`) raise `OutputFailed`; the temporary file is
removed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from newsarchive.archive_url import is_postgres_url
from newsarchive.query.database import ArchiveLocation
from newsarchive.query.errors import OutputFailed, UnwritableOutput

STDOUT = "-"


@dataclass(frozen=True)
class OutputTarget:
    """A checked destination: `path` None is standard output."""

    path: Path | None
    streamed: bool = False
    """True for a device or FIFO: opened and written in place, never replaced."""

    @property
    def shown(self) -> str:
        return "standard output" if self.path is None else str(self.path)


def check_output(
    text: str | Path | None,
    *,
    archive: Path | str | None = None,
    option: str = "--out",
) -> OutputTarget:
    """The destination `text` names (None or `-`: standard output), checked against
    the archive; `UnwritableOutput` (one line, what to do) when it must not be used."""
    if text is None or str(text) == STDOUT:
        return OutputTarget(None)
    if "\x00" in str(text):
        raise UnwritableOutput(f"{option} contains a NUL character: give a file name")
    path = Path(text).expanduser()
    if archive is not None and not is_postgres_url(archive):
        _refuse_archive(path, ArchiveLocation.parse(archive), option)
    try:
        link = path.lstat()
    except FileNotFoundError:
        return _new_file(path, option)
    except OSError as error:
        raise UnwritableOutput(
            f"cannot use {option} {path}: {_reason(error)}"
        ) from None
    if stat.S_ISLNK(link.st_mode):
        try:
            target = path.stat()
        except OSError:
            raise UnwritableOutput(
                f"{option} {path} is a symbolic link to nothing: give a file name"
            ) from None
        if stat.S_ISREG(target.st_mode):
            raise UnwritableOutput(
                f"{option} {path} is a symbolic link to {path.resolve()}: give that "
                "path, or a new file name, so the link is not replaced"
            )
        mode = target.st_mode
    else:
        mode = link.st_mode
    if stat.S_ISREG(mode):
        _writable_folder(path, option)
        return OutputTarget(path)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return OutputTarget(path, streamed=True)
    if stat.S_ISDIR(mode):
        raise UnwritableOutput(f"{option} {path} is a directory: give a file name")
    raise UnwritableOutput(
        f"{option} {path} is a {_kind(mode)}: give a regular file, a new file name, "
        f"or {STDOUT} for standard output"
    )


def _refuse_archive(path: Path, archive: ArchiveLocation, option: str) -> None:
    protected = [archive.path, *archive.side_files()]
    try:
        wanted = path.stat()
    except OSError:
        wanted = None
    if wanted is not None:
        for candidate in protected:
            try:
                known = candidate.stat()
            except OSError:
                continue
            if (known.st_dev, known.st_ino) == (wanted.st_dev, wanted.st_ino):
                _refused(path, candidate, archive.path, option)
    resolved = _resolved(path)
    for candidate in protected:
        if _resolved(candidate) == resolved:
            _refused(path, candidate, archive.path, option)


def _refused(path: Path, candidate: Path, archive: Path, option: str) -> None:
    what = "the archive" if candidate == archive else f"the archive's {candidate.name}"
    raise UnwritableOutput(
        f"{option} {path} is {what} ({archive}): writing there would destroy it; "
        "give another file name"
    )


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _new_file(path: Path, option: str) -> OutputTarget:
    if not path.parent.is_dir():
        raise UnwritableOutput(
            f"cannot write {path}: directory {path.parent} does not exist; "
            f"create it or choose another {option}"
        )
    _writable_folder(path, option)
    return OutputTarget(path)


def _writable_folder(path: Path, option: str) -> None:
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise UnwritableOutput(
            f"cannot write {path}: directory {path.parent} is not writable; "
            f"choose another {option}"
        )


def _kind(mode: int) -> str:
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


@contextlib.contextmanager
def open_output(target: OutputTarget, *, binary: bool) -> Iterator[IO]:
    """A stream on `target`, made complete (flushed, or renamed into place) on exit.

    Raises `OutputFailed` when writing fails; a broken pipe on standard output is
    re-raised as is (the reader went away: `... | head`).
    """
    if target.path is None:
        stream = sys.stdout.buffer if binary else sys.stdout
        try:
            yield stream
            stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputFailed(
                f"cannot write to standard output: {_reason(error)}"
            ) from None
        return
    if target.streamed:
        with _writing_errors(target.path), _open_stream(target.path, binary) as stream:
            yield stream
        return
    yield from _replace_file(target.path, binary)


def _open_stream(path: Path, binary: bool) -> IO:
    # No O_CREAT, no O_TRUNC: a device or a FIFO is only written to.
    descriptor = os.open(path, os.O_WRONLY)
    if binary:
        return os.fdopen(descriptor, "wb")
    return os.fdopen(descriptor, "w", encoding="utf-8", newline="")


@contextlib.contextmanager
def _writing_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise OutputFailed(f"cannot write {path}: its reader closed it") from None
    except OSError as error:
        raise OutputFailed(f"cannot write {path}: {_reason(error)}") from None


def _replace_file(path: Path, binary: bool) -> Iterator[IO]:
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as error:
        raise UnwritableOutput(
            f"cannot write {path}: {_reason(error)}; choose a path in an existing, "
            "writable directory"
        ) from None
    temp_path = Path(temp_name)
    try:
        with _writing_errors(path):
            mode = "wb" if binary else "w"
            options = {} if binary else {"encoding": "utf-8", "newline": ""}
            with os.fdopen(handle, mode, **options) as stream:
                yield stream
            # mkstemp makes the file private (0600); give it what a plain open would,
            # or keep the mode of the file it replaces.
            os.chmod(temp_path, _file_mode(path))
            os.replace(temp_path, path)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
