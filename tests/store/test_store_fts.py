"""articles_fts finds an article right after it is written, and follows its changes."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session
from store_samples import FETCHED_AT

from newsarchive.items import Author
from newsarchive.models import Article
from newsarchive.store.fts import rebuild, search


def test_found_by_a_body_word_and_by_author_name(
    make_article, make_fetch, store, session: Session
) -> None:
    store(make_fetch(make_article()))
    assert search(session, "Umerov") == [1]
    assert search(session, 'authors:"Blaise Malley"') == [1]
    assert search(session, "tags:ukraine") == [1]


def test_english_stemming_and_diacritics(
    make_article, make_fetch, store, session: Session
) -> None:
    article = make_article(body_text="The mediators were négociating ceasefires.")
    store(make_fetch(article))
    assert search(session, "ceasefire") == [1]
    assert search(session, "negociate") == [1]


def test_internal_tags_are_not_indexed(
    make_article, make_fetch, store, session: Session
) -> None:
    store(make_fetch(make_article()))
    assert search(session, "tags:analysis") == []


def test_an_update_replaces_the_indexed_text(
    make_article, make_fetch, store, session: Session
) -> None:
    article = make_article()
    store(make_fetch(article))
    changed = dataclasses.replace(
        article,
        body_text="Zelensky spoke in Kyiv.",
        authors=[Author(name="Anatol Lieven", url=None)],
    )
    assert (
        store(make_fetch(changed, fetched_at=FETCHED_AT + timedelta(days=1)))[
            "newsarchive/store/updated"
        ]
        == 1
    )
    assert search(session, "Umerov") == []
    assert search(session, "Malley") == []
    assert search(session, "Zelensky") == [1]
    assert search(session, "Lieven") == [1]


def test_a_deleted_article_leaves_the_index(
    make_article, make_fetch, store, session: Session
) -> None:
    store(make_fetch(make_article()))
    with session.begin():
        session.execute(delete(Article))
    assert search(session, "Umerov") == []


def test_rebuild_gives_the_same_rows(
    make_article, make_fetch, store, session: Session
) -> None:
    store(make_fetch(make_article()), make_fetch(make_article(slug="second")))
    with session.begin():
        rebuild(session)
    assert sorted(search(session, "Umerov")) == [1, 2]
    assert search(session, "Malley") != []
