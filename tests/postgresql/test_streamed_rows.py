"""Long results (exports, the teaser graph, matching URLs) come from a PostgreSQL archive
a batch at a time, through a server-side cursor: the client never holds the whole result.
"""

from __future__ import annotations

import contextlib

from newsarchive.query.database import connect_archive, stream_rows

ROWS = "SELECT n, repeat('x', 100) AS body FROM generate_series(1, :count) AS n"


def test_rows_come_from_a_server_side_cursor_a_batch_at_a_time(
    postgres_archive: str,
) -> None:
    with contextlib.closing(connect_archive(postgres_archive)) as connection:
        rows = stream_rows(connection, ROWS, {"count": 5000}, batch_rows=100)
        first = next(rows)
        (cursor,) = connection.execute(
            "SELECT name FROM pg_cursors WHERE name LIKE 'newsarchive_rows_%'"
        ).fetchall()
        assert cursor["name"].startswith("newsarchive_rows_")
        numbers = [first["n"], *(row["n"] for row in rows)]
        assert numbers == list(range(1, 5001))
        # Done: the cursor and its transaction are gone, the session reads on.
        assert connection.execute(
            "SELECT count(*) AS n FROM pg_cursors"
        ).fetchone() == {"n": 0}


def test_a_reader_that_stops_early_leaves_the_session_usable(
    postgres_archive: str,
) -> None:
    with contextlib.closing(connect_archive(postgres_archive)) as connection:
        rows = stream_rows(connection, ROWS, {"count": 5000}, batch_rows=100)
        next(rows)
        rows.close()  # `export | head`: the pipe closed
        assert connection.execute("SELECT 1 AS one").fetchone() == {"one": 1}


def test_a_reader_finished_after_its_connection_closed_raises_nothing(
    postgres_archive: str,
) -> None:
    connection = connect_archive(postgres_archive)
    rows = stream_rows(connection, ROWS, {"count": 5000}, batch_rows=100)
    next(rows)
    connection.close()
    rows.close()
