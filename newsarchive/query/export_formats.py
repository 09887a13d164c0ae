"""Streaming writers for exported rows: CSV, JSON lines and Parquet.

Each writer takes an iterator of row dicts and the column spec, and keeps only one
batch in memory, so a 100,000-article export runs in flat memory. Datetimes are ISO
8601 UTC in text formats and `timestamp[ms, UTC]` in Parquet (Parquet has no seconds
unit); list columns are JSON arrays in CSV, arrays in JSON lines and `list<string>` in
Parquet.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from newsarchive.items import iso_utc

PARQUET_BATCH_ROWS = 2_000


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    """`int`, `str`, `bool`, `datetime` or `list` (a list of strings)."""
    description: str = ""


def _text_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    return value


def write_csv(
    rows: Iterable[dict[str, Any]], columns: Sequence[Column], out: IO[str]
) -> int:
    """Write a header and a line per row (lists as JSON); returns the row count."""
    writer = csv.writer(out)
    writer.writerow([column.name for column in columns])
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(column.name), column) for column in columns])
        count += 1
    return count


def _csv_cell(value: Any, column: Column) -> Any:
    if column.kind == "list":
        return json.dumps(value or [], ensure_ascii=False)
    if value is None:
        return ""
    return _text_value(value)


def write_jsonl(
    rows: Iterable[dict[str, Any]], columns: Sequence[Column], out: IO[str]
) -> int:
    """Write one JSON object per line, keys in column order. Returns the row count."""
    count = 0
    for row in rows:
        record = {column.name: _text_value(row.get(column.name)) for column in columns}
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def parquet_schema(columns: Sequence[Column]):
    """The Arrow schema for `columns` (pyarrow is imported only for Parquet)."""
    import pyarrow as pa

    types = {
        "int": pa.int64(),
        "str": pa.string(),
        "bool": pa.bool_(),
        "datetime": pa.timestamp("ms", tz="UTC"),
        "list": pa.list_(pa.string()),
    }
    fields = [
        pa.field(
            column.name,
            types[column.kind],
            metadata={"description": column.description}
            if column.description
            else None,
        )
        for column in columns
    ]
    return pa.schema(fields)


def write_parquet(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[Column],
    out: IO[bytes],
    *,
    batch_rows: int = PARQUET_BATCH_ROWS,
) -> int:
    """Write rows as Parquet record batches of `batch_rows`. Returns the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(columns)
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in _batches(rows, batch_rows):
            arrays = {
                column.name: [
                    _parquet_value(row.get(column.name), column) for row in batch
                ]
                for column in columns
            }
            writer.write_batch(pa.RecordBatch.from_pydict(arrays, schema=schema))
            count += len(batch)
    return count


def _parquet_value(value: Any, column: Column) -> Any:
    if column.kind == "list":
        return list(value or [])
    if column.kind == "datetime" and value is not None:
        return value.replace(microsecond=0)
    return value


def _batches(
    rows: Iterable[dict[str, Any]], size: int
) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


TEXT_WRITERS = {"csv": write_csv, "jsonl": write_jsonl}
