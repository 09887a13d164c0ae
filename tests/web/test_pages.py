"""The reading room's presentation helpers, `serve`'s refusals, and its PostgreSQL
connections (no browser)."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from newsarchive.web.pages import attention_chart, safe_body, snippet_html


def test_body_html_is_sanitised_never_executed() -> None:
    hostile = (
        '<p onclick="steal()">Kept <a href="javascript:alert(1)">link</a></p>'
        "<script>alert(1)</script><iframe src='https://evil.example'></iframe>"
        '<img src="x" onerror="alert(1)"><style>body{display:none}</style>'
        '<p><a href="https://example.org/">fine</a></p>'
    )
    cleaned = str(safe_body(hostile))
    for banned in (
        "script",
        "onclick",
        "onerror",
        "iframe",
        "javascript:",
        "<img",
        "style",
    ):
        assert banned not in cleaned
    assert "<p>Kept" in cleaned
    assert 'href="https://example.org/"' in cleaned and "noopener" in cleaned


def test_snippet_marks_are_escaped_text() -> None:
    html = str(snippet_html("a <b> \x02word\x03 & more"))
    assert html == "a &lt;b&gt; <mark>word</mark> &amp; more"


def test_attention_chart_is_an_svg_without_script() -> None:
    months = [
        {"month": f"2024-{m:02d}", "matches": m % 3, "total": 5, "share": (m % 3) / 5}
        for m in range(1, 13)
    ]
    svg = str(attention_chart(months))
    assert svg.startswith("<svg") and "<script" not in svg
    assert svg.count("<rect") == 12 and "2024-01" in svg


def test_serve_refuses_what_is_not_an_archive(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.sqlite"
    text_file.write_text("not a database")
    for db in (tmp_path / "missing.sqlite", text_file):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsarchive",
                "serve",
                "--db",
                str(db),
                "--port",
                "0",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing.sqlite").exists()


def _serve_error(db: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive", "serve", "--db", db, "--port", "0"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    return line


def test_serve_refuses_a_postgresql_database_that_is_not_an_archive(
    empty_postgres_database: str, postgres_server_url: str
) -> None:
    """A real server: a database without the archive's tables, and one that does not
    exist, are refused in one line before anything starts (nothing is created)."""
    line = _serve_error(empty_postgres_database)
    assert "is not a newsarchive archive" in line and "db copy" in line
    missing = postgres_server_url.rsplit("/", 1)[0] + "/no_such_archive"
    line = _serve_error(missing)
    assert line.startswith("Error: cannot open the archive") and "Traceback" not in line


def test_pages_outlive_a_dropped_postgresql_connection(served) -> None:
    """The server closes the reading room's connections (a restart, an idle timeout):
    the next page is read on a new connection, not answered with an error."""
    if served.kind != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server to drop a connection")
    import psycopg

    from newsarchive.archive_url import libpq_url

    for _ in range(2):
        assert _status(served.url + "/runs") == 200
        with psycopg.connect(libpq_url(served.db), autocommit=True) as admin:
            dropped = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()[0]
        assert dropped >= 1
        assert _status(served.url + "/runs") == 200
        assert _status(served.url + "/?q=ukraine") == 200


def test_a_read_whose_connection_was_dropped_is_made_on_a_new_one(
    postgres_archive: str,
) -> None:
    """One worker thread, so the second read meets the dropped connection itself."""
    import asyncio

    import psycopg

    from newsarchive.archive_url import libpq_url
    from newsarchive.query.runs import crawl_runs
    from newsarchive.web.plugin import PostgresReads

    reads = PostgresReads(postgres_archive, threads=1)

    async def read_twice() -> tuple[list, list]:
        first = await reads.run(crawl_runs, limit=5)
        with psycopg.connect(libpq_url(postgres_archive), autocommit=True) as admin:
            (dropped,) = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()
        assert dropped == 1
        return first, await reads.run(crawl_runs, limit=5)

    first, second = asyncio.run(read_twice())
    assert first == second == []


def test_a_search_that_cannot_be_read_is_one_line_on_the_page(served) -> None:
    """FTS5 syntax on SQLite, its tsquery translation on PostgreSQL: the same answer."""
    for query in ('"unterminated', "ukraine AND", "(("):
        try:
            urllib.request.urlopen(
                served.url + "/?q=" + urllib.parse.quote(query), timeout=30
            )
        except urllib.error.HTTPError as error:
            page = error.read().decode("utf-8")
            assert error.code == 400, page
        else:
            pytest.fail(f"{query!r} was answered 200")
        (message,) = re.findall(r'<p class="error">([^<]*)</p>', page)
        assert message.startswith("cannot search for") and "Traceback" not in page


def test_matching_urls_as_csv_and_a_stored_page_as_text(served) -> None:
    import csv

    with urllib.request.urlopen(served.url + "/?q=ukraine", timeout=30) as response:
        page = response.read().decode("utf-8")
    total = int(
        re.search(r'class="active"[^>]*>.*?<strong>(\d+)</strong>', page, re.DOTALL)[1]
    )
    with urllib.request.urlopen(
        served.url + "/-/matches.csv?q=ukraine", timeout=30
    ) as response:
        rows = list(csv.DictReader(response.read().decode("utf-8").splitlines()))
    assert len(rows) == total > 0
    dates = [row["published_at"] for row in rows]
    assert dates == sorted(dates, reverse=True)
    article = served.truth[0]
    article_page = (
        urllib.request.urlopen(
            f"{served.url}/article/{served.article_id(url=article['url'])}", timeout=30
        )
        .read()
        .decode("utf-8")
    )
    raw_link = re.search(r'href="(/raw/\d+)"', article_page)[1]
    with urllib.request.urlopen(served.url + raw_link, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        assert article["title"].split()[0] in response.read().decode("utf-8")


def _status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.status
