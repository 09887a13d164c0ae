"""`newsarchive export`: CSV, JSON lines, Parquet and WARC against the truth archive."""

from __future__ import annotations

import csv
import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from .helpers import assert_user_error, run


def _count_rows(db: Path, table: str) -> int:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _by_url(rows: list[dict]) -> dict[str, dict]:
    return {row["url"]: row for row in rows}


def test_csv_one_row_per_article(archive, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    result = run("export", "--format", "csv", "--out", out, db=archive.db)
    assert result.exit_code == 0, result.output
    assert f"Wrote {len(archive.truth)} articles" in result.stderr
    rows = _by_url(list(csv.DictReader(out.open(encoding="utf-8", newline=""))))
    assert rows.keys() == {a["url"] for a in archive.truth}
    seed, row = archive.seed, rows[archive.seed["url"]]
    assert json.loads(row["authors"]) == [a["name"] for a in seed["authors"]]
    assert json.loads(row["tags"]) == [t["name"] for t in seed["tags"]]
    assert row["published_at"] == seed["published_at"]
    assert row["body_text"] == seed["body_text"]
    assert row["top_image_credit"] == seed["top_image"]["credit"]


def test_jsonl_to_stdout_with_filters(archive) -> None:
    result = run("export", "--format", "jsonl", "--section", "Media", db=archive.db)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = [a for a in archive.truth if a["section"] == "Media"]
    assert len(rows) == len(expected)
    truth = _by_url(expected)
    for row in rows:
        article = truth[row["url"]]
        assert row["title"] == article["title"]
        assert row["authors"] == [a["name"] for a in article["authors"]]
        assert row["published_at"] == article["published_at"]
        assert row["teaser_urls"] == [t["url"] for t in article["teasers"]]
        assert row["word_count"] == len(article["body_text"].split())


def test_parquet_reads_back_with_types(archive, tmp_path: Path) -> None:
    out = tmp_path / "articles.parquet"
    assert (
        run("export", "--format", "parquet", "--out", out, db=archive.db).exit_code == 0
    )
    table = pq.read_table(out)
    assert table.num_rows == len(archive.truth)
    schema = table.schema
    assert schema.field("published_at").type == pa.timestamp("ms", tz="UTC")
    assert schema.field("authors").type == pa.list_(pa.string())
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("id").type == pa.int64()
    assert schema.field("word_count").type == pa.int64()
    rows = _by_url(table.to_pylist())
    seed = rows[archive.seed["url"]]
    assert seed["published_at"] == datetime(2023, 10, 27, 16, tzinfo=UTC)
    assert seed["authors"] == [a["name"] for a in archive.seed["authors"]]


@pytest.mark.sqlite_only("reads the raw pages with sqlite3")
def test_warc_has_every_raw_page(archive, tmp_path: Path) -> None:
    out = tmp_path / "pages.warc.gz"
    result = run("export", "--format", "warc", "--out", out, db=archive.db)
    assert result.exit_code == 0, result.output
    bodies = {}
    records = 0
    with out.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                url = record.rec_headers.get_header("WARC-Target-URI")
                bodies[url] = record.content_stream().read()
                records += 1
    assert records == _count_rows(archive.db, "pages")
    assert bodies.keys() >= {a["url"] for a in archive.truth} | {archive.broken_url}
    seed_url = archive.seed["url"]
    assert bodies[seed_url] == archive.corpus.render(seed_url).body


def test_export_mistakes_are_one_line(archive, tmp_path: Path) -> None:
    assert_user_error(run("export", "--format", "parquet", db=archive.db), "--out")
    missing_dir = tmp_path / "no" / "such" / "dir.csv"
    assert_user_error(
        run("export", "--format", "csv", "--out", missing_dir, db=archive.db),
        "does not exist",
    )
    assert_user_error(
        run("export", "--format", "csv", "--out", tmp_path, db=archive.db),
        "is a directory",
    )
    assert_user_error(
        run(
            "export",
            "--format",
            "csv",
            "--since",
            "soon",
            "--out",
            tmp_path / "x.csv",
            db=archive.db,
        ),
        "2023-11",
    )
    assert list(tmp_path.iterdir()) == []
