"""Storing an article again (unchanged, updated, moved); teasers and their targets."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from store_samples import FETCHED_AT, SITE, allow_page_inserts, refuse_page_inserts

from newsarchive.items import Tag, Teaser
from newsarchive.models import Article, ArticleTag, ArticleUrl, Page
from newsarchive.models import Section as SectionRow
from newsarchive.models import Tag as TagRow
from newsarchive.models import Teaser as TeaserRow
from newsarchive.store import content_hash, fts

LATER = FETCHED_AT + timedelta(days=2)


def test_same_content_touches_last_seen_at(
    make_article, make_fetch, store, session: Session
) -> None:
    article = make_article()
    store(make_fetch(article), run_id=None)
    counts = store(make_fetch(article, fetched_at=LATER))
    assert counts == {"newsarchive/store/unchanged": 1, "newsarchive/store/pages": 1}
    row = session.scalars(select(Article)).one()
    assert (row.first_seen_at, row.last_seen_at, row.last_changed_at) == (
        FETCHED_AT, LATER, FETCHED_AT,
    )  # fmt: skip
    assert session.scalar(select(func.count()).select_from(Page)) == 2


def test_changed_content_updates_the_row(
    make_article, make_fetch, store, session: Session
) -> None:
    article = make_article()
    store(make_fetch(article))
    changed = dataclasses.replace(article, title="A new title", images=[])
    assert (
        store(make_fetch(changed, fetched_at=LATER))["newsarchive/store/updated"] == 1
    )
    row = session.scalars(select(Article)).one()
    assert (row.id, row.title, row.last_changed_at) == (1, "A new title", LATER)
    assert row.content_hash == content_hash(changed)
    assert [image.kind for image in row.images] == ["top"]


def test_content_hash_ignores_rotating_teasers_and_urls(make_article) -> None:
    article = make_article()
    assert content_hash(dataclasses.replace(article, teasers=[])) == content_hash(
        article
    )
    assert content_hash(make_article(slug="elsewhere")) == content_hash(article)
    assert content_hash(dataclasses.replace(article, body_text="x")) != content_hash(
        article
    )


def test_a_redirected_article_keeps_its_id(
    make_article, make_fetch, store, session: Session
) -> None:
    old = make_article(slug="old-slug")
    store(make_fetch(old))
    moved = make_article(slug="new-slug")
    counts = store(make_fetch(moved, requested_url=old.url, fetched_at=LATER))
    assert counts["newsarchive/store/moved"] == 1  # same content, new URL
    row = session.scalars(select(Article)).one()
    assert (row.id, row.url_key) == (1, f"https://{SITE}/new-slug/")
    mapped = session.execute(select(ArticleUrl.url_key, ArticleUrl.article_id)).all()
    assert {key for key, article_id in mapped if article_id == 1} == {
        f"https://{SITE}/old-slug/",
        f"https://{SITE}/new-slug/",
    }


def test_teasers_are_replaced_only_when_they_change(
    make_article, make_fetch, store, session: Session
) -> None:
    article = make_article()
    store(make_fetch(article))
    first_ids = session.scalars(select(TeaserRow.id)).all()
    session.rollback()  # end the read transaction: the next read sees the new writes
    store(make_fetch(article, fetched_at=LATER))
    assert session.scalars(select(TeaserRow.id)).all() == first_ids
    session.rollback()
    rotated = dataclasses.replace(
        article, teasers=[Teaser(url=f"https://{SITE}/other/")]
    )
    assert (
        store(make_fetch(rotated, fetched_at=LATER))["newsarchive/store/unchanged"] == 1
    )
    assert session.scalars(select(TeaserRow.url)).all() == [f"https://{SITE}/other/"]


def teaser_targets(session: Session, *, article_id: int) -> dict[str, int | None]:
    """url_key -> target article id of an article's teasers."""
    rows = session.execute(
        select(TeaserRow.url_key, TeaserRow.target_article_id).where(
            TeaserRow.article_id == article_id
        )
    )
    return {key: target for key, target in rows}


def test_teasers_point_at_archived_targets_both_ways(
    make_article, make_fetch, store, session: Session
) -> None:
    target_before = make_article(slug="grain-deal", title="The grain deal is dead")
    store(make_fetch(target_before))
    store(make_fetch(make_article()))  # teases /grain-deal/ and /ceasefire-talks/
    store(make_fetch(make_article(slug="ceasefire-talks", title="Ceasefire talks")))
    assert teaser_targets(session, article_id=2) == {
        f"https://{SITE}/grain-deal/": 1,
        f"https://{SITE}/ceasefire-talks/": 3,
    }


def test_teaser_links_and_search_rows_are_the_same_in_one_batch(
    make_article, make_fetch, store, session: Session
) -> None:
    # Written together, the batch's index work runs once at its end (batch_index.py):
    # the links both ways and the FTS rows must be what page-by-page writing gives.
    store(
        make_fetch(make_article(slug="grain-deal", title="The grain deal is dead")),
        make_fetch(make_article()),  # teases /grain-deal/ and /ceasefire-talks/
        make_fetch(make_article(slug="ceasefire-talks", title="Ceasefire talks")),
    )
    assert teaser_targets(session, article_id=2) == {
        f"https://{SITE}/grain-deal/": 1,
        f"https://{SITE}/ceasefire-talks/": 3,
    }
    assert fts.search(session, 'title : "grain deal is dead"') == [1]
    assert fts.search(session, 'title : "ceasefire talks"') == [3]
    indexed = session.execute(text("SELECT count(*) FROM articles_fts")).scalar_one()
    assert indexed == 3


def test_vocabulary_rows_are_refreshed_across_batches(
    make_article, make_fetch, store, session: Session
) -> None:
    # The writer remembers vocabulary rows between batches (no query for a known one):
    # a changed label or a new link must still reach the row, an absent link not erase it.
    store(make_fetch(make_article()))
    renamed = make_article(
        slug="second",
        title="Second",
        section="The QiOSK",
        tags=[Tag(name="The Ukraine war", url=None, slug="ukraine-war")],
    )
    store(make_fetch(renamed))
    section = session.scalars(select(SectionRow)).one()
    assert (section.label, section.url) == ("The QiOSK", f"https://{SITE}/qiosk/")
    ukraine = session.scalars(select(TagRow).where(TagRow.slug == "ukraine-war")).one()
    assert (ukraine.name, ukraine.url) == (
        "The Ukraine war",
        f"https://{SITE}/tag/ukraine-war/",
    )
    tag_links = session.scalars(
        select(ArticleTag.tag_id).where(ArticleTag.article_id == 2)
    )
    assert list(tag_links) == [ukraine.id]


def test_a_rolled_back_batch_leaves_no_remembered_vocabulary(
    make_article, make_fetch, store, engine, session: Session
) -> None:
    refuse_page_inserts(engine, "no")
    with pytest.raises(IntegrityError):
        store(make_fetch(make_article()))  # its new section and tags are rolled back
    allow_page_inserts(engine)
    store(make_fetch(make_article()))
    assert session.scalars(select(SectionRow.label)).all() == ["QiOSK"]
    assert session.scalar(select(func.count()).select_from(ArticleTag)) == len(
        make_article().tags
    )


def test_url_states_in_one_batch_match_page_by_page_writing(
    make_article, make_fetch, store, session: Session
) -> None:
    # The batch looks up which URLs have a state once, at its start (batch_index.py):
    # a state one of its pages writes must be found and updated by a later page of the
    # same batch, and a state from an earlier batch updated, never duplicated.
    from newsarchive.models.versions import UrlState

    old_url = f"https://{SITE}/old-slug/"
    store(make_fetch(make_article(slug="grain-deal"), headers={"ETag": '"v1"'}))
    store(
        # The sitemap's old URL, redirected to the article's slug.
        make_fetch(
            make_article(slug="grain-deal"),
            requested_url=old_url,
            headers={"ETag": '"v2"'},
            source="sitemap",
            sitemap_lastmod="2024-01-02",
        ),
        make_fetch(
            make_article(slug="grain-deal"), fetched_at=LATER, headers={"ETag": '"v3"'}
        ),
        make_fetch(make_article(slug="ceasefire-talks"), headers={"ETag": '"c1"'}),
        failed_fetch_of(make_fetch, f"https://{SITE}/ceasefire-talks/", LATER),
    )
    states = {s.url: s for s in session.scalars(select(UrlState))}
    assert sorted(states) == sorted(
        [old_url, f"https://{SITE}/grain-deal/", f"https://{SITE}/ceasefire-talks/"]
    )
    assert states[f"https://{SITE}/grain-deal/"].etag == '"v3"'
    assert states[old_url].etag == '"v2"' and states[old_url].in_sitemap
    assert states[old_url].sitemap_lastmod == "2024-01-02"
    talks = states[f"https://{SITE}/ceasefire-talks/"]
    assert (talks.etag, talks.last_status) == ('"c1"', 500)


def failed_fetch_of(make_fetch, url: str, at):
    return make_fetch(None, url=url, status=500, fetched_at=at,
                      failure_stage="fetch", failure_reason="http_500")  # fmt: skip


def test_every_version_names_the_page_it_was_read_from(
    make_article, make_fetch, store, session: Session
) -> None:
    from newsarchive.models.versions import ArticleVersion

    article = make_article()
    store(make_fetch(article))  # version 1: a new article, written with its batch
    changed = dataclasses.replace(article, title="A new title")
    store(make_fetch(changed, fetched_at=LATER))  # version 2: an update, page by page
    versions = session.execute(
        select(ArticleVersion.version, Page.fetched_at)
        .join(Page, Page.id == ArticleVersion.page_id)
        .where(Page.article_id == ArticleVersion.article_id)
        .order_by(ArticleVersion.version)
    ).all()
    assert versions == [(1, FETCHED_AT), (2, LATER)]
