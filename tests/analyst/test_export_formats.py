from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsarchive.query.export_formats import (
    Column,
    write_csv,
    write_jsonl,
    write_parquet,
)

COLUMNS = [
    Column("id", "int"),
    Column("title", "str"),
    Column("published_at", "datetime"),
    Column("authors", "list"),
]
SEOUL = timezone(timedelta(hours=9))


def rows(count: int = 3):
    for number in range(count):
        yield {
            "id": number,
            "title": f"Kyiv \u201ctalks\u201d, part {number}" if number else None,
            "published_at": datetime(2023, 10, 28, 1, 0, 0, 500, tzinfo=SEOUL),
            "authors": ["Connor Echols", "Ana Su\u00e1rez"][:number],
        }


def test_csv_has_iso_utc_dates_and_json_lists() -> None:
    out = io.StringIO()
    assert write_csv(rows(), COLUMNS, out) == 3
    records = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert records[0] == {
        "id": "0",
        "title": "",
        "published_at": "2023-10-27T16:00:00+00:00",
        "authors": "[]",
    }
    assert json.loads(records[2]["authors"]) == ["Connor Echols", "Ana Su\u00e1rez"]
    assert records[1]["title"] == "Kyiv \u201ctalks\u201d, part 1"


def test_jsonl_one_object_per_line_in_column_order() -> None:
    out = io.StringIO()
    assert write_jsonl(rows(), COLUMNS, out) == 3
    lines = out.getvalue().splitlines()
    first = json.loads(lines[0])
    assert list(first) == ["id", "title", "published_at", "authors"]
    assert first["published_at"] == "2023-10-27T16:00:00+00:00"
    assert json.loads(lines[2])["authors"] == ["Connor Echols", "Ana Su\u00e1rez"]


def test_parquet_reads_back_with_types(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    with path.open("wb") as out:
        assert write_parquet(rows(5), COLUMNS, out, batch_rows=2) == 5
    table = pq.read_table(path)
    assert table.num_rows == 5
    assert table.schema.field("published_at").type == pa.timestamp("ms", tz="UTC")
    assert table.schema.field("authors").type == pa.list_(pa.string())
    assert table.schema.field("id").type == pa.int64()
    values = table.to_pylist()
    assert values[0]["published_at"] == datetime(2023, 10, 27, 16, tzinfo=UTC)
    assert values[2]["authors"] == ["Connor Echols", "Ana Su\u00e1rez"]
    assert values[0]["title"] is None


def test_empty_parquet_still_has_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    with path.open("wb") as out:
        assert write_parquet(iter(()), COLUMNS, out) == 0
    assert pq.read_table(path).schema.names == [
        "id",
        "title",
        "published_at",
        "authors",
    ]
