"""Every field of an item lands in its column or table and reads back equal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session
from store_samples import FETCHED_AT, SITE

from newsarchive.items import to_json_dict
from newsarchive.models import (
    Article,
    ArticleAuthor,
    ArticleUrl,
    Author,
    CrawlRun,
    Image,
    NaiveDatetimeError,
    Page,
    Section,
    Tag,
    Teaser,
)
from newsarchive.store import load_article, page_body


@pytest.fixture
def stored(make_article, make_fetch, store, session: Session):
    article = make_article()
    fetch = make_fetch(article)
    counts = store(fetch)
    row = session.scalars(select(Article)).one()
    return article, fetch, counts, row


def test_the_article_reads_back_equal(stored, session: Session) -> None:
    article, _, counts, row = stored
    assert counts == {"newsarchive/store/inserted": 1, "newsarchive/store/pages": 1}
    assert to_json_dict(load_article(session, row.id)) == to_json_dict(article)


def test_raw_values_sit_beside_normalised_ones(stored) -> None:
    article, _, _, row = stored
    assert row.published_raw == "2023-10-27T12:00:00-04:00"
    assert row.published_at == datetime(2023, 10, 27, 16, tzinfo=UTC)
    assert row.modified_raw == "Oct 28, 2023"
    assert row.top_image_credit == "Shutterstock"
    assert row.top_image_credit_raw == "Top photo credit: Shutterstock"
    assert row.next_article == to_json_dict(article.next_article)
    assert row.outlinks == [to_json_dict(link) for link in article.outlinks]
    assert row.embeds[0] == {
        "kind": "tweet",
        "url": "https://twitter.com/someone/status/1",
    }
    assert row.author_bios[0]["text"] == "Blaise Malley is a reporter."


def test_identity_columns(stored) -> None:
    article, _, _, row = stored
    assert row.site == SITE
    assert (
        row.url_key
        == "https://responsiblestatecraft.org/diplomacy-watch-ukraine-russia/"
    )
    assert row.canonical_url == article.canonical_url
    assert len(row.content_hash) == 64
    assert row.first_seen_at == row.last_seen_at == row.last_changed_at == FETCHED_AT


def test_datetimes_are_stored_as_utc_text_and_read_back_aware(
    stored, session: Session
) -> None:
    raw = session.execute(
        text("SELECT published_at, first_seen_at FROM articles")
    ).one()
    assert raw == ("2023-10-27T16:00:00+00:00", "2024-03-01T12:00:00+00:00")
    assert stored[3].published_at.tzinfo is not None
    assert stored[3].published_at.utcoffset() == timedelta(0)


def test_a_naive_datetime_is_refused(session: Session) -> None:
    run = CrawlRun(
        site=SITE, started_at=datetime(2024, 1, 1), status="running", settings={},
        newsarchive_version="test",
    )  # fmt: skip
    session.add(run)
    with pytest.raises(StatementError) as error:
        session.flush()
    assert isinstance(error.value.orig, NaiveDatetimeError)


def test_byline_section_and_tags(stored, session: Session) -> None:
    _, _, _, row = stored
    byline = session.execute(
        select(ArticleAuthor.position, ArticleAuthor.name, Author.author_key)
        .join(Author)
        .order_by(ArticleAuthor.position)
    ).all()
    assert byline == [
        (0, "Blaise Malley", "https://responsiblestatecraft.org/author/blaise-malley/"),
        (1, "Jane Quill", "jane quill"),
    ]
    section = session.get_one(Section, row.section_id)
    assert (section.site, section.slug, section.label) == (SITE, "qiosk", "QiOSK")
    tags = session.scalars(select(Tag).order_by(Tag.slug)).all()
    assert [(t.slug, t.internal) for t in tags] == [
        ("type:analysis", True),
        ("ukraine-war", False),
    ]


def test_images_top_and_in_body(stored, session: Session) -> None:
    images = session.scalars(
        select(Image).order_by(Image.kind.desc(), Image.position)
    ).all()
    assert [(i.kind, i.position) for i in images] == [
        ("top", 0),
        ("body", 0),
        ("body", 1),
    ]
    assert (images[0].alt, images[0].caption, images[0].credit) == (
        "Kyiv at dusk", "The city at dusk.", "Shutterstock",
    )  # fmt: skip
    assert images[1].url.endswith("?id=1")


def test_teasers_in_page_order(stored, session: Session) -> None:
    teasers = session.scalars(select(Teaser).order_by(Teaser.position)).all()
    assert [t.headline for t in teasers] == [
        "The grain deal is dead",
        "Ceasefire talks",
    ]
    assert teasers[0].excerpt == "Russia walked away.\n\nWhat now?"
    assert teasers[0].image_credit_raw == "Top photo credit: AP"
    assert teasers[0].target_article_id is None


def test_the_raw_page_is_kept_compressed(stored, session: Session) -> None:
    _, fetch, _, row = stored
    page = session.scalars(select(Page)).one()
    assert page.article_id == row.id
    assert (page.url, page.requested_url, page.status) == (fetch.url, fetch.url, 200)
    assert page.headers == fetch.headers
    assert page.fetched_at == FETCHED_AT
    assert page.fingerprint == fetch.fingerprint
    assert len(page.body) < len(fetch.body) / 5
    assert page_body(session, page) == fetch.body


def test_every_url_of_the_fetch_is_mapped(
    make_article, make_fetch, store, session: Session
) -> None:
    article = make_article(slug="new-slug")
    legacy = f"https://{SITE}/2022/05/01/new-slug"
    store(make_fetch(article, requested_url=legacy))
    urls = session.execute(
        select(ArticleUrl.url_key, ArticleUrl.kind).order_by(ArticleUrl.id)
    )
    assert list(urls) == [
        (f"https://{SITE}/new-slug/", "fetched"),
        (f"https://{SITE}/2022/05/01/new-slug/", "requested"),
    ]
