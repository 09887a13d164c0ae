"""`newsarchive frontpage` and `newsarchive placements` on a small history written
through the store, and their one-line answers to careless input."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.items import Placement
from newsarchive.store import open_engine, record_placements, upgrade

SITE = "example.org"
T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)
A, B, C = (f"https://example.org/story-{n}/" for n in "abc")
HOURS = {0: (A, B), 1: (A, B), 2: (C, A, B), 3: (C, A)}
"""Hour -> what the home page showed (the lead first)."""


def _shown(urls: tuple[str, ...]) -> list[Placement]:
    return [
        Placement(
            position=i, block="lead" if i == 1 else "river", url=url,
            headline=url.rsplit("-", 1)[1].strip("/").upper(),
        )
        for i, url in enumerate(urls, start=1)
    ]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("frontpage") / "archive.sqlite"
    upgrade(path)
    engine = open_engine(path)
    try:
        for hour, urls in HOURS.items():
            for page in ("/", "/qiosk/"):
                record_placements(
                    engine, site=SITE, page_url=f"https://example.org{page}",
                    placements=_shown(urls), seen_at=T0 + timedelta(hours=hour),
                    run_id=None,
                )  # fmt: skip
    finally:
        engine.dispose()
    return path


def _run(db: Path, *arguments: str):
    return CliRunner().invoke(cli, [*arguments, "--db", str(db)])


def _jsonl(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("hour", sorted(HOURS))
def test_frontpage_at_an_instant(db: Path, hour: int) -> None:
    at = (T0 + timedelta(hours=hour, minutes=30)).isoformat()
    rows = _jsonl(_run(db, "frontpage", "--at", at, "--format", "jsonl"))
    assert tuple(r["url"] for r in rows) == HOURS[hour]
    assert [r["position"] for r in rows] == list(range(1, len(rows) + 1))


def test_frontpage_says_since_when_and_how_long(db: Path) -> None:
    rows = _jsonl(_run(db, "frontpage", "--format", "jsonl"))
    assert rows[0]["url"] == C
    assert rows[0]["since"] == (T0 + timedelta(hours=2)).isoformat()
    assert rows[0]["hours"] == 1.0


def test_frontpage_of_a_section(db: Path) -> None:
    rows = _jsonl(_run(db, "frontpage", "--page", "qiosk", "--format", "jsonl"))
    assert [r["url"] for r in rows] == [C, A]


def test_frontpage_table_and_csv(db: Path) -> None:
    table = _run(db, "frontpage")
    assert table.exit_code == 0 and "STORY-C" in table.stdout.upper()
    csv = _run(db, "frontpage", "--format", "csv")
    assert csv.stdout.splitlines()[0].startswith("position,block,article_id")


def test_placements_of_an_article_not_archived_yet(db: Path) -> None:
    rows = _jsonl(_run(db, "placements", A, "--format", "jsonl"))
    home = [r for r in rows if r["page"] == "/"]
    assert {(r["block"], r["best_position"]) for r in home} == {
        ("lead", 1),
        ("river", 2),
    }
    lead = next(r for r in home if r["block"] == "lead")
    assert (lead["from"], lead["to"]) == (
        T0.isoformat(),
        (T0 + timedelta(hours=1)).isoformat(),
    )


def test_placements_names_the_home_page_hours(db: Path) -> None:
    result = CliRunner().invoke(cli, ["placements", A, "--db", str(db)])
    assert result.exit_code == 0
    assert "2.0 hours on the home page" in result.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ("frontpage", "--at", "not a date"),
        ("frontpage", "--at", "99999-01-01"),
        ("frontpage", "--page", "/a b/"),
        ("frontpage", "--page", "/?page=2"),
        ("frontpage", "--page", "/no-such-section/"),
        ("placements", "https://example.org/never-shown/"),
        ("placements", "12345"),
        ("placements", "http://[::1"),
        ("stats", "--by", "month", "--frontpage"),
        ("export", "--format", "warc", "--table", "placements", "--out", "x.warc.gz"),
        ("export", "--format", "csv", "--table", "placements", "--author", "x"),
    ],
)
def test_careless_input_is_one_line_and_exit_2(db: Path, arguments) -> None:
    result = CliRunner().invoke(cli, [*arguments, "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
