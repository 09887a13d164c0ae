"""An archive of the first schema (a committed fixture, Alembic revision 0001) is
upgraded, by `newsarchive db upgrade` or by a crawl, with a backup, and loses nothing."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.store import head_revision

from .crawling import Site, crawl

FIXTURE = Path(__file__).parent.parent / "fixtures" / "archives" / "first_schema.sqlite"
FIXTURE_ARTICLES = 8
FIXTURE_PORT = 33205
KEPT_TABLES = (
    "articles",
    "article_urls",
    "authors",
    "tags",
    "images",
    "teasers",
    "pages",
    "failures",
    "crawl_runs",
)


def copy_fixture(tmp_path: Path) -> Path:
    target = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, target)
    return target


def query(db: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def counts(db: Path) -> dict[str, int]:
    return {
        table: query(db, f"SELECT count(*) FROM {table}")[0][0] for table in KEPT_TABLES
    }


def newsarchive(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsarchive", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        check=False,
    )


def test_the_fixture_is_an_archive_of_the_first_schema() -> None:
    assert query(FIXTURE, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert query(FIXTURE, "SELECT count(*) FROM articles") == [(FIXTURE_ARTICLES,)]
    assert query(FIXTURE, "PRAGMA integrity_check") == [("ok",)]


def test_db_status_then_upgrade_with_a_backup(tmp_path: Path) -> None:
    db = copy_fixture(tmp_path)
    before = counts(db)
    status = newsarchive("db", "status", "--db", str(db), cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert (
        f"Schema: 0001 (newest {head_revision()}); pending upgrades: 0002"
        in status.stdout
    )
    upgraded = newsarchive("db", "upgrade", "--db", str(db), cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"from 0001 to {head_revision()}" in upgraded.stdout
    (backup,) = tmp_path.glob("old.backup-*-r0001.sqlite")
    assert query(backup, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert counts(backup) == before
    assert query(db, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert counts(db) == before  # nothing lost
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    # Version 1 for every article; validators kept for conditional requests.
    assert query(
        db, "SELECT count(*), min(version), max(version) FROM article_versions"
    ) == [(FIXTURE_ARTICLES, 1, 1)]
    assert (
        query(db, "SELECT count(*) FROM url_states WHERE etag IS NOT NULL")[0][0]
        >= FIXTURE_ARTICLES
    )
    again = newsarchive("db", "upgrade", "--db", str(db), cwd=tmp_path)
    assert "already the newest" in again.stdout
    assert len(list(tmp_path.glob("old.backup-*"))) == 1


def test_the_upgraded_archive_answers_queries(tmp_path: Path) -> None:
    db = copy_fixture(tmp_path)
    assert newsarchive("db", "upgrade", "--db", str(db), cwd=tmp_path).returncode == 0
    found = newsarchive("search", "--db", str(db), "Ukraine", cwd=tmp_path)
    assert found.returncode == 0 and "Diplomacy Watch" in found.stdout, found.stderr
    url = query(db, "SELECT url FROM articles ORDER BY id LIMIT 1")[0][0]
    shown = newsarchive("history", "--db", str(db), url, cwd=tmp_path)
    assert shown.returncode == 0 and "(first stored)" in shown.stdout, shown.stderr


def test_history_on_an_old_archive_says_to_upgrade(tmp_path: Path) -> None:
    db = copy_fixture(tmp_path)
    url = query(db, "SELECT url FROM articles LIMIT 1")[0][0]
    shown = newsarchive("history", "--db", str(db), url, cwd=tmp_path)
    assert shown.returncode == 2 and "db upgrade" in shown.stderr


@pytest.mark.slow
def test_a_crawl_upgrades_an_old_archive_and_carries_on(tmp_path: Path) -> None:
    db = copy_fixture(tmp_path)
    # The fixture was crawled from an 8-article replica on this port: the same site.
    site = Site(articles=FIXTURE_ARTICLES, seed=1, page_kb=4)
    site.port = FIXTURE_PORT
    try:
        site.serve(1)
    except OSError as error:  # the port is taken on this machine
        pytest.skip(
            f"cannot serve the fixture's replica on port {FIXTURE_PORT}: {error}"
        )
    try:
        # --max-failure-rate: the fixture's broken draft page fails again, 1 of 9 pages.
        run = crawl(db, site.base_url, "--max-failure-rate", "0.5", name="upgrade")
    finally:
        site.stop()
    assert run.code == 0, run.output[-2000:]
    assert len(list(tmp_path.glob("old.backup-*-r0001.sqlite"))) == 1
    assert query(db, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert run.stats["newsarchive/incremental/mode"] == "incremental"
    # Nothing was known about the sitemaps, so each article was asked "changed since?"
    # with the validators the upgrade kept: all 304, nothing rewritten.
    assert run.stat("newsarchive/not_modified") == FIXTURE_ARTICLES
    assert (
        run.stat("newsarchive/store/inserted")
        == run.stat("newsarchive/store/updated")
        == 0
    )
    assert query(db, "SELECT count(*) FROM articles")[0][0] == FIXTURE_ARTICLES
    listed = query(
        db, "SELECT count(*) FROM url_states WHERE sitemap_lastmod IS NOT NULL"
    )
    assert listed[0][0] == FIXTURE_ARTICLES  # the next run skips them outright


def test_upgraded_archive_searches_through_an_external_content_index(
    tmp_path: Path,
) -> None:
    db = copy_fixture(tmp_path)
    upgraded = newsarchive("db", "upgrade", "--db", str(db), cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    (sql,) = query(db, "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'")[0]
    assert 'content="articles"' in sql
    assert query(db, "SELECT count(*) FROM articles WHERE authors_text IS NULL") == [
        (0,)
    ]
    word, author = query(
        db,
        "SELECT substr(title, 1, instr(title || ' ', ' ') - 1), authors_text "
        "FROM articles ORDER BY id LIMIT 1",
    )[0]
    hits = query(
        db,
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH "
        f'\'title:"{word}" AND authors_text:"{author.split(",")[0]}"\'',
    )
    assert hits[0][0] >= 1
    assert (
        query(db, "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        == []
    )
