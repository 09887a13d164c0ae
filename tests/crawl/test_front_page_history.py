"""Crawl the replica over editions 1 and 2 and hours within them: the placements table
reproduces what the replica's front pages showed at every run, exactly."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.replica import Corpus, start_replica_process
from tests.incremental.crawling import crawl

ARTICLES, PAGE_KB = 60, 8
SCHEDULE = ((1, 0), (1, 1), (1, 1), (2, 0), (2, 1), (2, 2))
"""(edition, hour) of each run; the third run sees the same pages as the second."""


def _truth(base_url: str, edition: int, hour: int) -> set[tuple]:
    corpus = Corpus(
        articles=ARTICLES, page_kb=PAGE_KB, base_url=base_url, edition=edition,
        hour=hour,
    )  # fmt: skip
    return {
        (r["page"], r["block"], r["position"], r["url"], r["headline"])
        for r in corpus.placements_truth()
    }


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict:
    directory: Path = tmp_path_factory.mktemp("front_pages")
    db = directory / "archive.sqlite"
    port, base_url = 0, ""
    runs = []
    for edition, hour in SCHEDULE:
        replica = start_replica_process(
            articles=ARTICLES, page_kb=PAGE_KB, port=port, edition=edition,
            extra_args=("--hour", str(hour)),
        )  # fmt: skip
        try:
            base_url = replica.base_url
            port = int(base_url.rsplit(":", 1)[1])
            run = crawl(db, base_url, name=f"run{len(runs)}", directory=directory)
        finally:
            replica.stop()
        assert run.code == 0, run.output[-2000:]
        with sqlite3.connect(db) as connection:
            run_id = connection.execute("SELECT max(id) FROM crawl_runs").fetchone()[0]
            rows = connection.execute("SELECT count(*) FROM placements").fetchone()[0]
        runs.append({"run_id": run_id, "rows": rows, "edition": edition, "hour": hour})
    # Then an hourly front-pages run: edition 2, hour 3.
    replica = start_replica_process(
        articles=ARTICLES, page_kb=PAGE_KB, port=port, edition=2,
        extra_args=("--hour", "3"),
    )  # fmt: skip
    try:
        front = crawl(db, base_url, "--front-pages", name="front", directory=directory)
    finally:
        replica.stop()
    assert front.code == 0, front.output[-2000:]
    with sqlite3.connect(db) as connection:
        run_id = connection.execute("SELECT max(id) FROM crawl_runs").fetchone()[0]
    front_run = {"run_id": run_id, "stats": front.stats, "edition": 2, "hour": 3}
    return {"db": db, "base_url": base_url, "runs": runs, "front": front_run}


def _shown_at(db: Path, run_id: int) -> set[tuple]:
    with sqlite3.connect(db) as connection:
        return set(
            connection.execute(
                "SELECT page, block, position, article_url, headline FROM placements"
                " WHERE first_run_id <= ? AND last_run_id >= ?",
                (run_id, run_id),
            )
        )


@pytest.mark.parametrize("run", range(len(SCHEDULE)))
def test_every_run_reads_back_as_the_replica_showed_it(history: dict, run: int) -> None:
    seen = history["runs"][run]
    truth = _truth(history["base_url"], seen["edition"], seen["hour"])
    assert _shown_at(history["db"], seen["run_id"]) == truth


def test_an_unchanged_page_adds_no_rows(history: dict) -> None:
    runs = history["runs"]
    assert runs[2]["rows"] == runs[1]["rows"] > runs[0]["rows"]


def test_intervals_start_and_end_at_the_runs_that_saw_them(history: dict) -> None:
    runs = [r["run_id"] for r in history["runs"]] + [history["front"]["run_id"]]
    with sqlite3.connect(history["db"]) as connection:
        spans = set(
            connection.execute("SELECT first_run_id, last_run_id FROM placements")
        )
    # Hour 1 of edition 1 was seen by two runs: its new intervals span both.
    assert (runs[1], runs[2]) in spans
    assert all(first <= last for first, last in spans)
    assert all(first in runs and last in runs for first, last in spans)


def test_placements_are_linked_to_archived_articles(history: dict) -> None:
    with sqlite3.connect(history["db"]) as connection:
        unlinked = connection.execute(
            "SELECT count(*) FROM placements WHERE article_id IS NULL"
            " AND article_url NOT LIKE '%replica-draft-preview%'"
        ).fetchone()[0]
    assert unlinked == 0


@pytest.mark.parametrize("run", range(len(SCHEDULE)))
def test_frontpage_at_returns_the_page_each_run_saw(history: dict, run: int) -> None:
    seen = history["runs"][run]
    with sqlite3.connect(history["db"]) as connection:
        finished = connection.execute(
            "SELECT finished_at FROM crawl_runs WHERE id = ?", (seen["run_id"],)
        ).fetchone()[0]
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive", "frontpage", "--db", str(history["db"]),
         "--page", "/", "--at", finished, "--format", "jsonl"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = [json.loads(line) for line in result.stdout.splitlines()]
    truth = sorted(
        (r[2], r[1], r[3], r[4])
        for r in _truth(history["base_url"], seen["edition"], seen["hour"])
        if r[0] == "/"
    )
    assert [
        (s["position"], s["block"], s["url"], s["headline"]) for s in shown
    ] == truth


def test_a_front_pages_run_records_what_the_pages_show(history: dict) -> None:
    front = history["front"]
    assert _shown_at(history["db"], front["run_id"]) == _truth(
        history["base_url"], front["edition"], front["hour"]
    )


def test_a_front_pages_run_reads_no_sitemap_and_no_feed(history: dict) -> None:
    stats = history["front"]["stats"]
    assert not any(key.startswith("newsarchive/sitemaps/") for key in stats)
    assert "newsarchive/feeds" not in stats
    assert stats.get("newsarchive/placements/pages", 0) == len(
        {r[0] for r in _truth(history["base_url"], 2, 3)}
    )
