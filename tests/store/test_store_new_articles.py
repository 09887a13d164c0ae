"""A batch's new articles are written together, one statement per table; a batch's
size never changes what is written (a single page is a batch of one)."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session
from store_samples import FETCHED_AT, SITE

from newsarchive.items import PageFetch
from newsarchive.models import Article, Page
from newsarchive.store import ArchiveWriter, BatchIndex, open_engine, start_run
from newsarchive.urls import url_key


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (FTS shadow tables aside), in rowid order."""
    with sqlite3.connect(path) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'articles_fts_%' AND name != 'alembic_version'"
        )]  # fmt: skip
        return {
            table: connection.execute(
                f"SELECT rowid, * FROM {table} ORDER BY rowid"
            ).fetchall()
            for table in tables
        }


@pytest.fixture
def other_engine(tmp_path: Path, migrated_archive: Path):
    path = tmp_path / "one-by-one.sqlite"
    shutil.copyfile(migrated_archive, path)
    engine = open_engine(path)
    yield engine
    engine.dispose()


def archive_path(engine: Engine) -> Path:
    return Path(engine.url.database or "")


def write_in_batches(
    engine: Engine, batches: list[list[tuple[PageFetch, str | None]]]
) -> Counter[str]:
    run_id = start_run(engine, site=SITE, started_at=FETCHED_AT, settings={})
    writer = ArchiveWriter(engine)
    counts: Counter[str] = Counter()
    for batch in batches:
        for fetch, duplicate_of in batch:
            writer.add(fetch, site=SITE, duplicate_of=duplicate_of)
        counts.update(writer.flush(run_id=run_id))
    return counts


@pytest.mark.sqlite_only("compares whole tables read from sqlite_master")
def test_a_mixed_batch_writes_the_rows_of_batches_of_one(
    engine: Engine, other_engine: Engine, make_article, make_fetch
) -> None:
    clock = iter(FETCHED_AT + timedelta(minutes=n) for n in range(1000))

    def fetch(article, **overrides) -> PageFetch:
        return make_fetch(article, fetched_at=next(clock), **overrides)

    archived = [make_article(slug=f"old-{n}", title=f"Old {n}", body_text=f"Old {n}.")
                for n in range(4)]  # fmt: skip
    new = [make_article(slug=f"new-{n}", title=f"New {n}", body_text=f"Text {n}.")
           for n in range(8)]  # fmt: skip
    moved_url = f"https://{SITE}/old-2-moved/"
    alias_url = f"https://{SITE}/old-3-legacy/"
    first = [(fetch(article, source="sitemap", sitemap_lastmod="2024-01-01"), None)
             for article in archived]  # fmt: skip
    first.append((fetch(None, url=f"https://{SITE}/new-6/", failure_stage="parse",
                        failure_reason="missing_title"), None))  # fmt: skip
    second = [
        (fetch(new[0]), None),
        (fetch(new[1], source="sitemap"), None),
        (fetch(dataclasses.replace(archived[0], title="Old 0, revised")), None),
        (fetch(new[2]), None),
        (fetch(new[2]), None),  # the same key twice in one batch
        (fetch(archived[1]), None),  # unchanged
        (fetch(new[3], requested_url=f"https://{SITE}/new-3-short/"), None),
        (
            fetch(
                dataclasses.replace(
                    archived[2], url=moved_url, canonical_url=moved_url
                ),
                requested_url=archived[2].url,
            ),
            None,
        ),  # a move
        (
            fetch(dataclasses.replace(archived[3], url=alias_url), url=alias_url),
            url_key(archived[3].url),
        ),  # a duplicate
        (fetch(dataclasses.replace(new[4], teasers=[], tags=[], authors=[])), None),
        (fetch(None, status=0, failure_stage="fetch", failure_reason="timeout"), None),
        (fetch(new[5], source="vanished"), None),
        (fetch(new[6], url=f"https://{SITE}/new-6/"), None),  # resolves the failure
    ]
    third = [  # a new article at the URL of a duplicate, then new ones
        (
            fetch(dataclasses.replace(new[7], url=alias_url, canonical_url=alias_url)),
            None,
        ),
        (
            fetch(
                make_article(
                    slug="last", title="Last", section=None, top_image=None, images=[]
                )
            ),
            None,
        ),
    ]
    batches = [first, second, third]
    batched = write_in_batches(engine, batches)
    one_by_one = write_in_batches(
        other_engine, [[page] for batch in batches for page in batch]
    )
    assert batched == one_by_one
    assert batched["newsarchive/store/inserted"] == 4 + 9
    assert dump(archive_path(engine)) == dump(archive_path(other_engine))


def test_new_articles_cost_the_same_statements_however_many(
    engine: Engine, make_article, make_fetch
) -> None:
    statements: list[str] = []
    flushes: list[int] = []

    def on_statement(*args) -> None:
        statements.append(args[2])

    def on_flush(*args) -> None:
        flushes.append(1)

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(Session, "before_flush", on_flush)
    try:
        writer = ArchiveWriter(engine)
        writer.add(make_fetch(make_article(slug="warm-up")), site=SITE)
        writer.flush(run_id=None)  # the vocabulary and page dictionary now exist
        per_batch = []
        for size in (3, 9):
            statements.clear()
            flushes.clear()
            for n in range(size):
                article = make_article(slug=f"s{size}-{n}", body_text=f"{size} {n}")
                writer.add(make_fetch(article), site=SITE)
            assert writer.flush(run_id=None) == {
                "newsarchive/store/inserted": size, "newsarchive/store/pages": size
            }  # fmt: skip
            per_batch.append((len(statements), len(flushes)))
    finally:
        event.remove(Session, "before_flush", on_flush)
    # One statement per table (and the batch's lookups, FTS rows and teaser links),
    # and no flush per article.
    assert per_batch[0] == per_batch[1]


def test_the_same_key_twice_in_a_batch_is_written_as_alone(
    store, make_article, make_fetch, session: Session
) -> None:
    article = make_article()
    changed = dataclasses.replace(article, title="Changed")
    counts = store(make_fetch(article), make_fetch(article), make_fetch(changed))
    assert counts == {
        "newsarchive/store/inserted": 1,
        "newsarchive/store/unchanged": 1,
        "newsarchive/store/updated": 1,
        "newsarchive/store/pages": 3,
    }
    assert session.scalars(select(Page.article_id)).all() == [1, 1, 1]


@pytest.mark.sqlite_only("PostgreSQL sequences skip the id a refused insert took")
def test_a_key_archived_unseen_is_refused_by_the_constraint(
    store, make_article, make_fetch, session: Session, monkeypatch
) -> None:
    store(make_fetch(make_article()))
    # Pretend the batch's lookups missed the archived article and its URL.
    monkeypatch.setattr(BatchIndex, "may_be_archived", lambda *a: False)
    monkeypatch.setattr(BatchIndex, "may_be_mapped", lambda *a: False)
    counts = store(
        make_fetch(make_article(slug="before", title="Before", body_text="B.")),
        make_fetch(make_article()),
        make_fetch(make_article(slug="after", title="After", body_text="A.")),
    )
    assert counts == {
        "newsarchive/store/inserted": 2,
        "newsarchive/dedupe/constraint": 1,
        "newsarchive/store/pages": 3,
    }
    assert session.scalars(select(Page.article_id).order_by(Page.id)).all() == [
        1, 2, 1, 3
    ]  # fmt: skip


def test_a_vocabulary_row_added_by_another_writer_is_used(
    engine: Engine, make_article, make_fetch, session: Session
) -> None:
    from newsarchive.models import Section

    writer = ArchiveWriter(engine)  # it reads a site's vocabulary tables whole, once
    writer.add(make_fetch(make_article(section="Europe", section_url=None)), site=SITE)
    writer.flush(run_id=None)
    with Session(engine) as other, other.begin():  # after the writer read the table
        other.add(Section(site=SITE, slug="qiosk", label="Q", url=None))
    writer.add(make_fetch(make_article(slug="second", title="Second")), site=SITE)
    assert writer.flush(run_id=None)["newsarchive/store/inserted"] == 1
    sections = session.execute(select(Section.id, Section.slug, Section.label)).all()
    assert sections == [(1, "europe", "Europe"), (2, "qiosk", "QiOSK")]
    assert session.scalars(select(Article.section_id).order_by(Article.id)).all() == [
        1, 2
    ]  # fmt: skip
