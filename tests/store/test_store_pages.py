"""Page bodies: compressed against a per-site dictionary, always read back exactly."""

from __future__ import annotations

import zlib

from sqlalchemy import select
from sqlalchemy.orm import Session
from store_samples import page_html

from newsarchive.models import Page, PageDictionary
from newsarchive.store.pages import PageBodyReader, decompress_body


def test_pages_share_one_dictionary_and_read_back_exactly(
    make_article, make_fetch, store, session: Session
) -> None:
    fetches = [
        make_fetch(make_article(slug=f"a{n}", title=f"Title {n}")) for n in range(5)
    ]
    store(*fetches)
    pages = session.scalars(select(Page).order_by(Page.id)).all()
    assert {page.dictionary_id for page in pages} == {1}
    reader = PageBodyReader(session)
    assert [reader.body(page) for page in pages] == [fetch.body for fetch in fetches]
    assert all(len(page.body) < 1000 for page in pages[1:])


def test_a_new_template_starts_a_new_dictionary(
    make_article, make_fetch, store, session: Session
) -> None:
    store(make_fetch(make_article(slug="a")))
    redesigned = make_fetch(make_article(slug="b"), body=page_html("b", style_seed=99))
    store(redesigned)
    assert session.scalars(select(Page.dictionary_id).order_by(Page.id)).all() == [1, 2]
    assert len(session.scalars(select(PageDictionary)).all()) == 2
    page = session.scalars(select(Page).where(Page.id == 2)).one()
    assert PageBodyReader(session).body(page) == redesigned.body


def test_an_empty_body_is_stored_as_is(make_fetch, store, session: Session) -> None:
    store(
        make_fetch(
            None, body=b"", status=500, failure_stage="fetch", failure_reason="http_500"
        )
    )
    page = session.scalars(select(Page)).one()
    assert (page.body_codec, page.body, page.body_size) == ("identity", b"", 0)


def test_zlib_bodies_can_be_read() -> None:
    assert decompress_body(zlib.compress(b"<html>"), "zlib") == b"<html>"
