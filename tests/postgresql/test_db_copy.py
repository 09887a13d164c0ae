"""`newsarchive db copy`: a SQLite archive moved into PostgreSQL reads the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsarchive.cli import cli
from newsarchive.items import article_from_json_dict
from newsarchive.models import Article, Page
from newsarchive.replica import Corpus
from newsarchive.store import ArchiveWriter, open_engine
from tests.analyst.archive_builder import SITE, build_archive

ARTICLES = 20


def run(*args: str | Path) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def sqlite_archive(tmp_path_factory) -> Path:
    corpus = Corpus(
        articles=ARTICLES, seed=4, base_url="http://127.0.0.1:8765", page_kb=4
    )
    db = tmp_path_factory.mktemp("copy") / "archive.sqlite"
    build_archive(
        db,
        [article_from_json_dict(a) for a in corpus.truth()],
        page_body=lambda article: corpus.render(article.url).body,
    )
    return db


def test_every_table_is_copied_with_its_ids_and_reads_the_same(
    sqlite_archive: Path, empty_postgres_database: str
) -> None:
    target = empty_postgres_database
    result = run("db", "copy", "--from", sqlite_archive, "--to", target)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "articles: 20 rows copied, counts match" in lines
    assert lines[-1].startswith("Copied ")
    for command in (["export", "--format", "jsonl"], ["runs", "--format", "json"],
                    ["failures", "--format", "json"], ["stats", "--format", "json"],
                    ["search", "Ukraine OR Russia", "--format", "json", "--limit", "0"]):  # fmt: skip
        on_sqlite = run(*command, "--db", sqlite_archive)
        on_postgres = run(*command, "--db", target)
        assert on_postgres.exit_code == 0, on_postgres.output
        if command[0] == "search":  # the same hits; rankings differ by engine
            ids = {hit["id"] for hit in json.loads(on_sqlite.stdout)}
            assert {hit["id"] for hit in json.loads(on_postgres.stdout)} == ids
            assert ids
        else:
            assert on_postgres.stdout == on_sqlite.stdout, command


def test_new_rows_after_a_copy_get_new_ids(
    sqlite_archive: Path, empty_postgres_database: str, make_fetch_for_copy
) -> None:
    target = empty_postgres_database
    assert run("db", "copy", "--from", sqlite_archive, "--to", target).exit_code == 0
    engine = open_engine(target)
    try:
        writer = ArchiveWriter(engine)
        writer.add(make_fetch_for_copy(), site=SITE)
        writer.flush(run_id=None)
        with Session(engine) as session:
            assert session.scalar(select(func.max(Article.id))) == ARTICLES + 1
            assert session.scalar(select(func.count(Page.id))) == ARTICLES + 2
    finally:
        engine.dispose()


def test_a_target_that_is_not_empty_is_refused_in_one_line(
    sqlite_archive: Path, postgres_archive: str
) -> None:
    result = run("db", "copy", "--from", sqlite_archive, "--to", postgres_archive)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "not empty" in result.output


def test_the_target_must_be_a_postgresql_url(sqlite_archive: Path, tmp_path) -> None:
    result = run("db", "copy", "--from", sqlite_archive, "--to", tmp_path / "x.db")
    assert result.exit_code == 2
    assert "postgresql://" in result.output


@pytest.fixture
def make_fetch_for_copy():
    from newsarchive.items import PageFetch
    from tests.store.store_samples import sample_article

    def make() -> PageFetch:
        import dataclasses

        url = f"https://{SITE}/after-the-copy/"
        article = dataclasses.replace(sample_article(), url=url, canonical_url=url)
        return PageFetch(
            url=url,
            requested_url=url,
            status=200,
            headers={},
            body=b"<html><title>after</title></html>",
            fetched_at=article.published_at,
            fingerprint="c" * 40,
            article=article,
        )

    return make
