"""Placements are intervals: an unchanged page adds no rows, a change opens new ones,
and a placement is linked to its article once the article is archived."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from store_samples import SITE

from newsarchive.items import Placement as Shown
from newsarchive.models import Placement
from newsarchive.store import record_placements

HOME = "https://example.org/"
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _page(*urls: str, lead_headline: str | None = None) -> list[Shown]:
    return [
        Shown(
            position=position,
            block="lead" if position == 1 else "river",
            url=url,
            headline=(lead_headline if position == 1 and lead_headline else url[-8:]),
        )
        for position, url in enumerate(urls, start=1)
    ]


def _record(engine: Engine, shown: list[Shown] | None, hour: int) -> Any:
    return record_placements(
        engine,
        site=SITE,
        page_url=HOME,
        placements=shown,
        seen_at=T0 + timedelta(hours=hour),
        run_id=None,
    )


def _rows(engine: Engine) -> list[tuple]:
    with Session(engine) as session:
        return [
            (r.block, r.position, r.article_url, r.first_seen.hour, r.last_seen.hour)
            for r in session.scalars(select(Placement).order_by(Placement.id))
        ]


A, B, C = (f"https://example.org/story-{n}/" for n in "abc")


def test_an_unchanged_page_adds_no_rows(engine: Engine) -> None:
    _record(engine, _page(A, B), 0)
    written = _record(engine, _page(A, B), 1)
    assert (written.opened, written.extended) == (0, 2)
    assert _rows(engine) == [("lead", 1, A, 0, 1), ("river", 2, B, 0, 1)]


def test_not_modified_moves_every_open_interval(engine: Engine) -> None:
    _record(engine, _page(A, B), 0)
    _record(engine, None, 3)
    assert [row[-1] for row in _rows(engine)] == [3, 3]


def test_a_change_closes_intervals_and_opens_new_ones(engine: Engine) -> None:
    _record(engine, _page(A, B), 0)
    _record(engine, _page(C, A, B), 1)
    _record(engine, _page(C, A, B), 2)
    assert _rows(engine) == [
        ("lead", 1, A, 0, 0),
        ("river", 2, B, 0, 0),
        ("lead", 1, C, 1, 2),
        ("river", 2, A, 1, 2),
        ("river", 3, B, 1, 2),
    ]


def test_a_retitled_story_opens_a_new_interval(engine: Engine) -> None:
    _record(engine, _page(A), 0)
    _record(engine, _page(A, lead_headline="Retitled"), 1)
    assert len(_rows(engine)) == 2


def test_a_story_that_returns_gets_a_new_interval(engine: Engine) -> None:
    _record(engine, _page(A), 0)
    _record(engine, _page(B), 1)
    _record(engine, _page(A), 2)
    assert _rows(engine) == [
        ("lead", 1, A, 0, 0),
        ("lead", 1, B, 1, 1),
        ("lead", 1, A, 2, 2),
    ]


def test_placements_are_linked_when_the_article_arrives(
    engine: Engine, store: Any, make_article: Any, make_fetch: Any
) -> None:
    article = make_article("story-a")
    _record(engine, _page(article.url), 0)
    with Session(engine) as session:
        assert session.scalars(select(Placement.article_id)).all() == [None]
    store(make_fetch(article))
    written = _record(engine, _page(article.url), 1)
    assert written.linked == 1
    with Session(engine) as session:
        assert session.scalars(select(Placement.article_id)).all() != [None]
