"""The schema: migrations create exactly what the models describe, in WAL mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from newsarchive.models import Base
from newsarchive.store import current_revision, head_revision, open_engine, upgrade
from newsarchive.store.schema import include_name

TABLES = {
    "articles", "article_urls", "authors", "article_authors", "sections", "tags",
    "article_tags", "images", "teasers", "pages", "page_dictionaries", "crawl_runs",
    "failures",
}  # fmt: skip


def test_migrated_database_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_the_comparison_would_notice_a_missing_index(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_pages_run_id")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name}
        )
        assert compare_metadata(context, Base.metadata) != []


def test_every_table_and_the_fts_index_exist(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert TABLES <= names
    assert "articles_fts" in names


@pytest.mark.sqlite_only("SQLite pragmas")
def test_wal_mode_foreign_keys_and_busy_timeout_are_on(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_upgrade_is_idempotent_and_reaches_head(db_path: Path, engine: Engine) -> None:
    upgrade(db_path)
    assert current_revision(engine) == head_revision() == "0005"


def test_upgrade_works_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    upgrade(tmp_path / "new" / "archive.sqlite")
    engine = open_engine(tmp_path / "new" / "archive.sqlite")
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


@pytest.mark.sqlite_only("FTS5 tokenizer options")
def test_fts_uses_an_english_tokenizer(engine: Engine) -> None:
    with engine.connect() as connection:
        sql = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'")
        ).scalar_one()
    assert "porter unicode61 remove_diacritics 2" in sql
    assert "title, subtitle, body_text, authors_text, tags_text" in sql
    assert 'content="articles"' in sql
