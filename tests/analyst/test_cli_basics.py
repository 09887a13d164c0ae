"""The analyst commands' shared behaviour: --db from the environment, help, snippets."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.query.search import HIGHLIGHT_END, HIGHLIGHT_START, highlighted_parts

ANALYST_COMMANDS = (
    "search", "list", "show", "authors", "sections", "tags", "runs", "failures",
    "stats", "teasers", "export", "datasette-metadata", "history", "frontpage",
    "placements",
)  # fmt: skip


def test_newsarchive_db_environment_variable_chooses_the_archive(archive) -> None:
    runner = CliRunner(env={"NEWSARCHIVE_DB": str(archive.db)})
    result = runner.invoke(cli, ["sections", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert sum(s["articles"] for s in json.loads(result.stdout)) == len(archive.truth)


def test_every_analyst_command_has_help() -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["--help"]).stdout
    for command in ANALYST_COMMANDS:
        assert command in listing
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "--db" in result.stdout


def test_highlighted_parts() -> None:
    snippet = (
        f"\u2026made easier by {HIGHLIGHT_START}Umerov{HIGHLIGHT_END}\u2019s fluency"
    )
    assert highlighted_parts(snippet) == [
        ("\u2026made easier by ", False),
        ("Umerov", True),
        ("\u2019s fluency", False),
    ]
    assert highlighted_parts("plain") == [("plain", False)]
