"""Fixtures for the archive tests: a migrated temporary archive and hand-built items."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from store_samples import FETCHED_AT, SITE, page_html, sample_article

from newsarchive.items import Article, PageFetch
from newsarchive.store import ArchiveWriter, open_engine, upgrade


@pytest.fixture(scope="session")
def migrated_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty archive made by the migrations once; tests get copies (much faster)."""
    path = tmp_path_factory.mktemp("template") / "archive.sqlite"
    upgrade(path)
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_archive: Path) -> Path:
    path = tmp_path / "archive.sqlite"
    shutil.copyfile(migrated_archive, path)
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_db(request: pytest.FixtureRequest) -> Path | str:
    """The archive of one test: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("db_path")
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is not None:
        pytest.skip(f"SQLite only: {marker.args[0]}")
    return request.getfixturevalue("postgres_archive")


@pytest.fixture
def engine(archive_db: Path | str) -> Iterator[Engine]:
    engine = open_engine(archive_db)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """`make_article(slug=..., **overrides)`: the sample article, moved to `slug`."""

    def make(slug: str | None = None, **overrides: Any) -> Article:
        article = sample_article()
        if slug is not None:
            url = f"https://{SITE}/{slug}/"
            article = dataclasses.replace(article, url=url, canonical_url=url)
        return dataclasses.replace(article, **overrides)

    return make


@pytest.fixture
def make_fetch() -> Callable[..., PageFetch]:
    """`make_fetch(article, **overrides)`: a 200 PageFetch of the article's URL."""

    def make(article: Article | None, **overrides: Any) -> PageFetch:
        url = overrides.pop("url", None) or (
            article.url if article else f"https://{SITE}/x/"
        )
        values: dict[str, Any] = {
            "url": url,
            "requested_url": url,
            "status": 200,
            "headers": {"Content-Type": "text/html; charset=utf-8"},
            "body": page_html(article.title if article else "broken"),
            "fetched_at": FETCHED_AT,
            "fingerprint": "f" * 40,
            "article": article,
        }
        values.update(overrides)
        return PageFetch(**values)

    return make


@pytest.fixture
def store(engine: Engine) -> Callable[..., Any]:
    """`store(*fetches, run_id=None)`: write fetches in one batch; the stat counts."""
    writer = ArchiveWriter(engine)

    def write(
        *fetches: PageFetch, run_id: int | None = None, duplicate_of: str | None = None
    ):
        for fetch in fetches:
            writer.add(fetch, site=SITE, duplicate_of=duplicate_of)
        return writer.flush(run_id=run_id)

    return write
