"""A flaky world around a crawl: any number of SIGINT/SIGTERM, another process holding
SQLite's write lock, a second crawl through a hard link, a full disk, read-only storage.
Each ends the documented way (exit code, one line, the run record closed with the
same word) and loses nothing that was stored. Crawls run in subprocesses against a
small replica; each case is written to the hostile ledger."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.runlock import ArchiveLock

from .conftest import count_rows, integrity_ok
from .ledger import record_case

pytestmark = pytest.mark.slow

ARTICLES, SEED, PAGE_KB = 60, 7, 4
TIMEOUT = 180
# Small batches and a slower crawl, so that there is a middle to stop.
SLOW = ("-s", "NEWSARCHIVE_STORE_BATCH_SIZE=5", "-s", "CONCURRENT_REQUESTS=2",
        "-s", "DOWNLOAD_DELAY=0.02")  # fmt: skip
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site():
    from newsarchive.replica import start_replica_process

    replica = start_replica_process(
        articles=ARTICLES, seed=SEED, page_kb=PAGE_KB, port=0
    )
    yield replica.base_url + "/"
    replica.stop()


def _command(db: Path | str, start: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "newsarchive", "crawl", "--db", str(db),
            "--start-url", start, *extra]  # fmt: skip


def _articles(db: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _runs(db: Path) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        return connection.execute(
            "SELECT status, exit_code, new FROM crawl_runs ORDER BY id"
        ).fetchall()


def _record(request, *, args, expected, code, handled, rows_lost=0, destroyed=False):
    record_case(
        request.config,
        {"case": request.node.nodeid, "args": [str(a)[:40] for a in args],
         "expected": expected, "exit_code": code, "handled": handled,
         "rows_lost": rows_lost, "destroyed": destroyed},
    )  # fmt: skip


def _last_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else ""


SIGNALS = {
    "one-sigint": [signal.SIGINT],
    "two-sigint-0.3s": [signal.SIGINT, signal.SIGINT],
    "two-sigterm-0.3s": [signal.SIGTERM, signal.SIGTERM],
    "three-mixed-0.3s": [signal.SIGINT, signal.SIGTERM, signal.SIGINT],
    "five-sigterm-0.05s": [signal.SIGTERM] * 5,
}


@pytest.mark.parametrize("signals", list(SIGNALS.values()), ids=list(SIGNALS))
def test_any_number_of_signals_ends_as_an_interrupted_run(
    request, site, tmp_path, signals
) -> None:
    db = tmp_path / "archive.sqlite"
    process = subprocess.Popen(
        _command(db, site, *SLOW), cwd=tmp_path, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + TIMEOUT
    while _articles(db) < 10 and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    gap = 0.05 if len(signals) > 3 else 0.3
    for number in signals:
        process.send_signal(number)
        time.sleep(gap)
    output, _ = process.communicate(timeout=TIMEOUT)
    runs = _runs(db)
    stored = _articles(db)
    handled = (
        process.returncode == 4
        and "Traceback" not in output
        and _last_line(output).startswith("Interrupted:")
        and runs == [("interrupted", 4, stored)]
        and integrity_ok(db)
    )
    _record(request, args=[s.name for s in signals], expected=4,
            code=process.returncode, handled=handled)  # fmt: skip
    assert process.returncode == 4, output[-3000:]
    assert "Traceback" not in output
    assert _last_line(output).startswith("Interrupted:"), output[-2000:]
    # The record counts exactly what the archive holds: the last batch was written.
    assert runs == [("interrupted", 4, stored)]
    assert f"{stored} new" in _last_line(output)


def _hold_write_lock(db: Path, seconds: float) -> subprocess.Popen:
    """A real `sqlite3` shell holding BEGIN IMMEDIATE for `seconds`."""
    holder = subprocess.Popen(
        ["sqlite3", str(db)], stdin=subprocess.PIPE, text=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    holder.stdin.write(f"BEGIN IMMEDIATE;\n.shell sleep {seconds}\nCOMMIT;\n")
    holder.stdin.close()
    return holder


@pytest.mark.parametrize(
    ("hold", "timeout", "expect"),
    [(3, "30", 0), (3.5, "1.5", 1)],
    ids=["3s-within-the-timeout", "longer-than-the-timeout"],
)
def test_another_process_holding_the_write_lock(
    request, site, tmp_path, hold, timeout, expect
) -> None:
    if shutil.which("sqlite3") is None:
        pytest.skip("no sqlite3 shell on this machine")
    db = tmp_path / "archive.sqlite"
    process = subprocess.Popen(
        _command(db, site, *SLOW, "-s", f"NEWSARCHIVE_BUSY_TIMEOUT={timeout}",
                 "--max-failure-rate", "1"),
        cwd=tmp_path, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + TIMEOUT
    while _articles(db) < 10 and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    holder = _hold_write_lock(db, hold)
    output, _ = process.communicate(timeout=TIMEOUT)
    holder.wait(timeout=30)
    runs = _runs(db)
    line = _last_line(output)
    if expect == 0:
        ok = runs[0][0] in ("completed", "partial") and line.startswith("Completed")
    else:
        ok = (
            runs == [("failed", 1, _articles(db))]
            and line.startswith("Failed: database error")
            and "database is locked" in line
        )
    handled = process.returncode == expect and "Traceback" not in output and ok
    _record(request, args=[f"hold {hold}s", f"timeout {timeout}s"], expected=expect,
            code=process.returncode, handled=handled)  # fmt: skip
    assert process.returncode == expect, output[-3000:]
    assert "Traceback" not in output
    assert ok, (runs, line)
    assert integrity_ok(db)


def test_two_names_of_one_archive_are_one_archive(request, tmp_path) -> None:
    """A hard link is the same file: crawl, db upgrade and reparse through it wait
    their turn (exit 3) while a run holds the archive by its other name."""
    from tests.analyst.archive_builder import build_archive

    first, second = tmp_path / "a" / "archive.sqlite", tmp_path / "b" / "link.sqlite"
    first.parent.mkdir()
    second.parent.mkdir()
    build_archive(first, [])
    os.link(first, second)
    commands = [
        ["crawl", "--start-url", "http://127.0.0.1:9/"],
        ["db", "upgrade"],
        ["reparse"],
    ]
    with ArchiveLock(first, what="crawl"):
        for args in commands:
            result = CliRunner().invoke(cli, [*args, "--db", str(second)])
            lines = result.stderr.strip().splitlines()
            handled = (
                result.exit_code == 3
                and len(lines) == 1
                and "another newsarchive run holds the archive" in lines[0]
            )
            _record(request, args=args, expected=3, code=result.exit_code,
                    handled=handled)  # fmt: skip
            assert handled, (args, result.output)


def test_reparse_waits_for_a_crawl(request, tmp_path) -> None:
    from tests.analyst.archive_builder import build_archive

    db = tmp_path / "archive.sqlite"
    build_archive(db, [])
    with ArchiveLock(db, what="crawl"):
        result = CliRunner().invoke(cli, ["reparse", "--db", str(db)])
    _record(request, args=["reparse"], expected=3, code=result.exit_code,
            handled=result.exit_code == 3)  # fmt: skip
    assert result.exit_code == 3, result.output


def _namespace_works() -> bool:
    try:
        done = subprocess.run(
            ["unshare", "--map-root-user", "--mount", "true"],
            capture_output=True, timeout=10, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _in_namespace(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", script, "sh", *args],
        capture_output=True, text=True, timeout=TIMEOUT, check=False, cwd=REPO,
    )  # fmt: skip


def test_crawl_on_a_full_disk_closes_the_run_failed(request, site, tmp_path) -> None:
    if not _namespace_works():
        pytest.skip("no unprivileged mount namespace (unshare) on this machine")
    disk = tmp_path / "disk"
    disk.mkdir()
    db = disk / "archive.sqlite"
    script = (
        f"mount -t tmpfs -o size=1m tmpfs {disk} && "
        f"{sys.executable} -m newsarchive crawl --db {db} --start-url {site} "
        "-s NEWSARCHIVE_STORE_BATCH_SIZE=5 > $1 2>&1; echo $? > $2; "
        f"cp {db}* $3/"
    )
    out, code, copy = tmp_path / "out", tmp_path / "code", tmp_path / "copy"
    copy.mkdir()
    done = _in_namespace(script, str(out), str(code), str(copy))
    assert done.returncode == 0, done.stderr
    output, exit_code = out.read_text(), int(code.read_text())
    kept = copy / "archive.sqlite"
    runs = _runs(kept)
    handled = (
        exit_code == 1
        and "Traceback" not in output
        and _last_line(output).startswith("Failed: database error")
        and "full" in _last_line(output)
        and runs == [("failed", 1, _articles(kept))]
        and integrity_ok(kept)
    )
    _record(request, args=["crawl", "1 MB disk"], expected=1, code=exit_code,
            handled=handled)  # fmt: skip
    assert handled, (exit_code, runs, output[-3000:])


def test_db_upgrade_on_a_full_disk_leaves_no_backup(request, tmp_path) -> None:
    if not _namespace_works():
        pytest.skip("no unprivileged mount namespace (unshare) on this machine")
    old = REPO / "tests" / "fixtures" / "archives" / "first_schema.sqlite"
    disk = tmp_path / "disk"
    disk.mkdir()
    size_kb = old.stat().st_size // 1024 + 64  # the archive fits, its copy does not
    script = (
        f"mount -t tmpfs -o size={size_kb}k tmpfs {disk} && cp {old} {disk}/a.sqlite "
        f"&& {sys.executable} -m newsarchive db upgrade --db {disk}/a.sqlite "
        "> $1 2>&1; echo $? > $2; ls -a " + str(disk) + " > $3; "
        f"cp {disk}/a.sqlite $4"
    )
    out, code, listing, kept = (tmp_path / n for n in ("out", "code", "ls", "kept"))
    done = _in_namespace(script, str(out), str(code), str(listing), str(kept))
    assert done.returncode == 0, done.stderr
    output, exit_code = out.read_text(), int(code.read_text())
    files = set(listing.read_text().split())
    lines = output.strip().splitlines()
    rows_lost = sum(
        max(0, n - count_rows(kept).get(t, 0)) for t, n in count_rows(old).items()
    )
    handled = (
        exit_code == 2
        and len(lines) == 1
        and lines[0].startswith("Error: ")
        and "not upgraded" in lines[0]
        and not [name for name in files if "backup" in name]
        and rows_lost == 0
        and integrity_ok(kept)
    )
    _record(request, args=["db", "upgrade", "nearly full disk"], expected=2,
            code=exit_code, handled=handled, rows_lost=rows_lost)  # fmt: skip
    assert handled, (exit_code, files, output)


def test_read_only_archive_to_write(request, tmp_path) -> None:
    """A valid archive on read-only storage: crawl, db upgrade and reparse say it is
    read-only (exit 2); its bytes are unchanged."""
    if not _namespace_works():
        pytest.skip("no unprivileged mount namespace (unshare) on this machine")
    from tests.analyst.archive_builder import build_archive

    share = tmp_path / "share"
    share.mkdir()
    db = share / "archive.sqlite"
    build_archive(db, [])
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    before = db.read_bytes()
    commands = [
        ["crawl", "--start-url", "http://127.0.0.1:9/"],
        ["db", "upgrade"],
        ["reparse"],
    ]
    results = tmp_path / "results.json"
    driver = (
        "import json, sys\n"
        "from click.testing import CliRunner\n"
        "from newsarchive.cli import cli\n"
        "out = []\n"
        "for args in json.loads(sys.argv[1]):\n"
        "    r = CliRunner().invoke(cli, [*args, '--db', sys.argv[2]])\n"
        "    out.append([args, r.exit_code, r.stderr])\n"
        "open(sys.argv[3], 'w').write(json.dumps(out))\n"
    )
    script = f'mount --bind -o ro {share} {share} && exec "{sys.executable}" -c "$1" "$2" "$3" "$4"'
    done = _in_namespace(script, driver, json.dumps(commands), str(db), str(results))
    assert done.returncode == 0, done.stderr
    for args, exit_code, stderr in json.loads(results.read_text()):
        lines = stderr.strip().splitlines()
        handled = (
            exit_code == 2
            and len(lines) == 1
            and "read-only" in lines[0]
            and db.read_bytes() == before
        )
        _record(request, args=args, expected=2, code=exit_code, handled=handled)
        assert handled, (args, exit_code, stderr)


def test_an_ipv6_loopback_start_url(request, tmp_path) -> None:
    """`http://[::1]:PORT/`, as the README lists it, crawls like 127.0.0.1."""
    from newsarchive.replica import start_replica_process
    from newsarchive.replica.process import ReplicaStartError

    try:
        replica = start_replica_process(
            articles=12, seed=3, page_kb=4, port=0, host="::1"
        )
    except ReplicaStartError as error:
        pytest.skip(f"no IPv6 loopback here: {error}")
    db = tmp_path / "archive.sqlite"
    with replica:
        assert replica.base_url.startswith("http://[::1]:")
        done = subprocess.run(
            _command(db, replica.base_url + "/", "--max-articles", "3"),
            cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )  # fmt: skip
    output = done.stdout + done.stderr
    handled = done.returncode == 0 and _articles(db) == 3
    _record(request, args=["crawl", "[::1]"], expected=0, code=done.returncode,
            handled=handled)  # fmt: skip
    assert handled, output[-3000:]
