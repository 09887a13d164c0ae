"""The canonical-URL and content-hash layers, within a crawl and against the archive."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session
from store_samples import SITE

from newsarchive.models import ArticleUrl, Page
from newsarchive.store import Duplicate, DuplicateFinder

ORIGINAL = f"https://{SITE}/diplomacy-watch-ukraine-russia/"
LEGACY = f"https://{SITE}/2023/10/27/diplomacy-watch-ukraine-russia"


@pytest.fixture
def finder(engine: Engine) -> DuplicateFinder:
    return DuplicateFinder(engine)


def test_same_canonical_in_this_crawl(finder, make_article, make_fetch) -> None:
    article = make_article()
    finder.remember(make_fetch(article), article, site=SITE)
    copy = make_fetch(dataclasses.replace(article, url=LEGACY), url=LEGACY)
    assert finder.check(copy, copy.article, site=SITE) == Duplicate(
        layer="canonical_url", article_key=ORIGINAL
    )


def test_same_content_in_this_crawl(finder, make_article, make_fetch) -> None:
    article = make_article()
    finder.remember(make_fetch(article), article, site=SITE)
    moved = make_article(slug="renamed")
    assert finder.check(make_fetch(moved), moved, site=SITE) == Duplicate(
        layer="content_hash", article_key=ORIGINAL
    )


def test_archived_canonical_and_content(
    finder, make_article, make_fetch, store
) -> None:
    article = make_article()
    store(make_fetch(article))
    alias = make_fetch(dataclasses.replace(article, url=LEGACY), url=LEGACY)
    assert finder.check(alias, alias.article, site=SITE).layer == "canonical_url"
    renamed = make_article(slug="renamed")
    assert finder.check(make_fetch(renamed), renamed, site=SITE).layer == "content_hash"


def test_a_first_crawl_checks_memory_only(
    engine: Engine, make_article, make_fetch, store
) -> None:
    # The sole writer of an empty archive: every article it stores is remembered, so
    # the archive is not queried (a first run's pages skip two lookups each).
    queries: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    first_run = DuplicateFinder(engine, sole_writer=True)
    article = make_article()
    first_run.remember(make_fetch(article), article, site=SITE)
    queries.clear()
    renamed = make_article(slug="renamed")
    assert (
        first_run.check(make_fetch(renamed), renamed, site=SITE).layer == "content_hash"
    )
    other = make_article(slug="other", title="Another story", body_text="Other words.")
    assert first_run.check(make_fetch(other), other, site=SITE) is None
    assert queries == []
    # An archive with articles is always asked (what earlier runs stored).
    store(make_fetch(article))
    later_run = DuplicateFinder(engine, sole_writer=True)
    assert (
        later_run.check(make_fetch(renamed), renamed, site=SITE).layer == "content_hash"
    )


def test_not_duplicates(finder, make_article, make_fetch, store) -> None:
    article = make_article()
    store(make_fetch(article))
    # The article itself, fetched again (changed or not), is an update.
    changed = dataclasses.replace(article, title="New title")
    assert finder.check(make_fetch(changed), changed, site=SITE) is None
    # A redirect from its old URL to a new one: a move, which the store handles.
    moved = make_article(slug="new-home")
    assert (
        finder.check(make_fetch(moved, requested_url=article.url), moved, site=SITE)
        is None
    )
    # Other content at another URL.
    other = make_article(slug="other", body_text="Different words.")
    assert finder.check(make_fetch(other), other, site=SITE) is None


def test_a_duplicate_keeps_its_page_and_maps_its_url(
    make_article, make_fetch, store, session: Session
) -> None:
    article = make_article()
    store(make_fetch(article))
    alias = make_fetch(dataclasses.replace(article, url=LEGACY), url=LEGACY)
    assert store(alias, duplicate_of=ORIGINAL) == {"newsarchive/store/pages": 1}
    assert session.scalars(select(Page.article_id).order_by(Page.id)).all() == [1, 1]
    kinds = dict(session.execute(select(ArticleUrl.url_key, ArticleUrl.kind)).all())
    assert (
        kinds[f"https://{SITE}/2023/10/27/diplomacy-watch-ukraine-russia/"] == "alias"
    )
    assert kinds[ORIGINAL] == "fetched"


def test_the_unique_constraint_is_the_last_guard(
    make_article, make_fetch, store, session: Session, monkeypatch
) -> None:
    store(make_fetch(make_article()))
    # Pretend the identity lookups missed the archived article.
    monkeypatch.setattr("newsarchive.store.writer.find_archived", lambda *a: None)
    counts = store(make_fetch(make_article(), url=LEGACY))
    assert counts == {"newsarchive/dedupe/constraint": 1, "newsarchive/store/pages": 1}
    assert session.scalars(select(Page.article_id).order_by(Page.id)).all() == [1, 1]
