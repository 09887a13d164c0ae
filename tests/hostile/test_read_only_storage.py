"""Archives on read-only storage: a read-only share or snapshot (no -wal/-shm files,
none can be made), a read-only file, and SQLite's `mode=ro` / `immutable=1` URIs given
as --db. Analyst commands read them; `failures ignore` says the archive is read-only
(exit 2); the archive stays byte for byte the same.

Read-only storage is real: a read-only bind mount in a private mount namespace
(`unshare`), which also binds root (file modes do not stop root from writing).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli

from .conftest import attempt
from .ledger import record_case

READ_COMMANDS = [
    ["search", "Russia"], ["list"], ["show", "1"], ["history", "1"], ["authors"],
    ["sections"], ["tags"], ["runs"], ["failures"], ["stats", "--by", "section"],
    ["teasers"], ["export", "--format", "jsonl"],
]  # fmt: skip
JSON_COMMANDS = [args for args in READ_COMMANDS if args[0] not in ("teasers", "export")]

# Runs inside the namespace: every command on each archive, in-process; prints JSON.
DRIVER = """
import json, sys
from click.testing import CliRunner
from newsarchive.cli import cli
commands, archives = json.loads(sys.argv[1]), json.loads(sys.argv[2])
results = []
for db in archives:
    for args in commands:
        result = CliRunner(env={"COLUMNS": None}).invoke(cli, [*args, "--db", db])
        results.append({"db": db, "args": args, "exit_code": result.exit_code,
                        "stdout": result.stdout, "stderr": result.stderr,
                        "crashed": result.exception is not None
                        and not isinstance(result.exception, SystemExit)})
print(json.dumps(results))
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _formats(args: list[str]) -> list[str]:
    """The command with JSON output where it has it (teasers and export write CSV and
    JSON lines by default)."""
    return args if args[0] in ("teasers", "export") else [*args, "--format", "json"]


@pytest.mark.parametrize("parameters", ["mode=ro", "immutable=1", "mode=rwc"])
def test_sqlite_uris_as_db(request, hostile_archive, parameters) -> None:
    """`mode` is always read-only, whatever the URI says."""
    uri = f"file:{hostile_archive.db}?{parameters}"
    for args in JSON_COMMANDS:
        plain = CliRunner().invoke(
            cli, [*_formats(args), "--db", str(hostile_archive.db)]
        )
        outcome = attempt(request, hostile_archive, _formats(args), expect=0, db=uri)
        assert outcome.result.stdout == plain.stdout


def _namespace_works() -> bool:
    try:
        done = subprocess.run(
            ["unshare", "--map-root-user", "--mount", "true"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@pytest.fixture(scope="module")
def read_only_run(hostile_archive, tmp_path_factory):
    """Every read command and `failures ignore` on an archive in a read-only folder
    and on a read-only file in a writable folder, run once in a mount namespace."""
    if not _namespace_works():
        pytest.skip("no unprivileged mount namespace (unshare) on this machine")
    root = tmp_path_factory.mktemp("read-only")
    share, loose = root / "share", root / "loose"
    share.mkdir()
    loose.mkdir()
    shared_db, loose_db = share / "archive.sqlite", loose / "archive.sqlite"
    for db in (shared_db, loose_db):
        shutil.copyfile(
            hostile_archive.db, db
        )  # the main file only: a checkpointed copy
    before = {db: _sha(db) for db in (shared_db, loose_db)}
    commands = [_formats(args) for args in READ_COMMANDS] + [
        ["failures", "ignore", "--reason", "missing_title"]
    ]
    script = (
        f"mount --bind -o ro {share} {share} && "
        f"mount --bind -o ro {loose_db} {loose_db} && "
        f'exec "$0" -c "$1" "$2" "$3"'
    )
    done = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", script, sys.executable,
         DRIVER, json.dumps(commands), json.dumps([str(shared_db), str(loose_db)])],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    after = {db: _sha(db) for db in (shared_db, loose_db)}
    return results, before, after, shared_db


def test_analyst_commands_read_archives_on_read_only_storage(
    request, hostile_archive, read_only_run
) -> None:
    results, before, after, _ = read_only_run
    for result in results:
        if result["args"][:2] == ["failures", "ignore"]:
            continue
        handled = result["exit_code"] == 0 and not result["crashed"]
        _record(request, result, expect=0, handled=handled and before == after)
        assert handled, result
        plain = CliRunner().invoke(
            cli, [*result["args"], "--db", str(hostile_archive.db)]
        )
        assert result["stdout"] == plain.stdout, result["args"]
    assert before == after


def test_failures_ignore_says_the_archive_is_read_only(request, read_only_run) -> None:
    results, before, after, _ = read_only_run
    ignores = [r for r in results if r["args"][:2] == ["failures", "ignore"]]
    assert len(ignores) == 2  # the read-only folder, the read-only file
    for result in ignores:
        lines = result["stderr"].strip().splitlines()
        handled = (
            result["exit_code"] == 2
            and not result["crashed"]
            and len(lines) == 1
            and "is read-only" in lines[0]
        )
        _record(request, result, expect=2, handled=handled and before == after)
        assert handled, result
    assert before == after


def _record(request, result: dict, *, expect: int, handled: bool) -> None:
    record_case(
        request.config,
        {
            "case": f"{request.node.nodeid}[{Path(result['db']).parent.name}]",
            "args": result["args"],
            "expected": expect,
            "exit_code": result["exit_code"],
            "handled": handled,
            "rows_lost": 0,
            "destroyed": False,
        },
    )
