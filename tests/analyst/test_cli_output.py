"""What every analyst command shares: formats, --out, --limit, --db before the command,
tables fitted to the terminal, closed pipes, light imports."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli

from .helpers import assert_user_error, run

# Listing commands and the arguments each needs.
LISTING = {
    "search": ["Russia"],
    "list": [],
    "authors": [],
    "sections": [],
    "tags": [],
    "runs": [],
    "failures": [],
    "stats": [],
}
READ_ONLY_COMMANDS = [
    ["search", "Russia"], ["list"], ["show", "1"], ["authors"], ["sections"],
    ["tags"], ["runs"], ["failures"], ["stats"], ["stats", "--by", "author"],
    ["teasers"], ["export", "--format", "jsonl"], ["history", "1"],
]  # fmt: skip


@pytest.mark.parametrize("command", sorted(LISTING))
def test_every_listing_command_writes_every_format(archive, command, tmp_path):
    args = [command, *LISTING[command]]
    as_json = json.loads(run(*args, "--format", "json", db=archive.db).stdout)
    assert isinstance(as_json, list) and as_json
    lines = run(*args, "--format", "jsonl", db=archive.db).stdout.splitlines()
    assert [json.loads(line) for line in lines] == as_json
    rows = list(
        csv.DictReader(io.StringIO(run(*args, "--format", "csv", db=archive.db).stdout))
    )
    assert [row[next(iter(as_json[0]))] for row in rows] == [
        str(record[next(iter(as_json[0]))]) for record in as_json
    ]
    out = tmp_path / f"{command}.json"
    result = run(*args, "--format", "json", "--out", out, db=archive.db)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text()) == as_json
    dash = run(*args, "--format", "json", "--out", "-", db=archive.db)
    assert json.loads(dash.stdout) == as_json


@pytest.mark.parametrize("command", sorted(LISTING))
def test_limit_has_one_default_and_help(command) -> None:
    shown = CliRunner().invoke(cli, [command, "--help"]).stdout
    assert "--limit" in shown and "default: 50" in shown and "0 for all" in shown
    assert "--format" in shown and "--out" in shown and "--site" in shown


def test_db_before_the_command(archive) -> None:
    before = CliRunner(env={"NEWSARCHIVE_DB": None}).invoke(
        cli, ["--db", str(archive.db), "sections", "--format", "json", "--limit", "0"]
    )
    assert before.exit_code == 0, before.output
    after = run("sections", "--format", "json", "--limit", "0", db=archive.db)
    assert json.loads(before.stdout) == json.loads(after.stdout)
    refused = CliRunner().invoke(cli, ["--db", str(archive.db), "crawl"])
    assert_user_error(refused, "give --db after the command")


def test_usage_mistakes_are_one_line(archive) -> None:
    for args in (["list", "--limit", "x"], ["list", "--format", "xml"], ["nosuch"]):
        assert_user_error(run(*args, db=archive.db), "--help")


def test_narrow_terminals_shorten_and_drop_columns(archive) -> None:
    wide = run("list", "--limit", "20", db=archive.db).stdout.splitlines()
    narrow = run("list", "--limit", "20", db=archive.db, columns=70)
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines) <= 70 < max(len(line) for line in wide)
    assert "Left out for width" in narrow.stderr
    words = {word for a in archive.truth for word in re.findall(r"\w+", a["title"])}
    for line in lines[1:]:
        shown = line.split("  ")[-1]
        assert re.findall(r"\w+", shown)[-1] in words  # cut between words, not inside
    header = lines[0].split()
    assert header[:2] == ["id", "published"] and "url" not in header


def test_urls_are_never_cut_and_numbers_right_aligned(archive) -> None:
    result = run("list", "--limit", "0", db=archive.db, columns=150)
    urls = {a["url"] for a in archive.truth}
    lines = result.stdout.splitlines()
    for line in lines[1:]:
        assert line.split()[-1] in urls
    ids = [re.match(r"( *)(\d+)  ", line) for line in lines[1:]]
    assert len({found.end(2) for found in ids}) == 1  # right-aligned: ends line up
    assert len({found.start(2) for found in ids}) > 1


@pytest.mark.parametrize(
    "args",
    [["list", "--limit", "0"], ["search", "Russia", "--limit", "0"],
     ["export", "--format", "jsonl"], ["stats", "--by", "week"]],
)  # fmt: skip
def test_a_closed_pipe_exits_0(archive, args) -> None:
    command = [sys.executable, "-m", "newsarchive", *args, "--db", str(archive.db)]
    shell = " ".join(f"'{part}'" for part in command) + " | head -1"
    environment = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_read_only_commands_import_no_orm(archive) -> None:
    """Query commands start fast: no SQLAlchemy, Alembic, Scrapy or rich."""
    script = (
        "import sys\n"
        "from newsarchive.cli import cli\n"
        f"for args in {READ_ONLY_COMMANDS!r}:\n"
        f"    cli.main([*args, '--db', {str(archive.db)!r}], standalone_mode=False)\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'alembic', 'scrapy', 'rich', 'twisted'})\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stderr


def test_writing_to_a_full_device_fails_in_one_line(archive) -> None:
    result = run("export", "--format", "csv", "--out", "/dev/full", db=archive.db)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: cannot write /dev/full: No space left on device"
    ]


def test_markdown_of_show_goes_to_a_file(archive, tmp_path: Path) -> None:
    out = tmp_path / "article.md"
    result = run("show", archive.seed["url"], "--format", "markdown", "--out", out,
                 db=archive.db)  # fmt: skip
    assert result.exit_code == 0 and out.read_text().startswith("# ")
