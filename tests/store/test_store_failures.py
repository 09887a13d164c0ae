"""Failures are kept with their raw page; reruns bump them; success resolves them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from store_samples import FETCHED_AT

from newsarchive.models import Failure, Page
from newsarchive.store import page_body

LATER = FETCHED_AT + timedelta(days=1)


def failed_fetch(make_fetch, **overrides):
    values = {
        "url": "https://responsiblestatecraft.org/broken/",
        "failure_stage": "parse",
        "failure_reason": "missing_title",
        "failure_detail": "the page has no title",
    }
    values.update(overrides)
    return make_fetch(None, **values)


def test_a_parse_failure_keeps_its_raw_page(
    make_fetch, store, session: Session
) -> None:
    fetch = failed_fetch(make_fetch)
    counts = store(fetch)
    assert counts == {
        "newsarchive/failures/missing_title": 1,
        "newsarchive/store/pages": 1,
    }
    failure = session.scalars(select(Failure)).one()
    assert (failure.stage, failure.reason, failure.detail) == (
        "parse", "missing_title", "the page has no title",
    )  # fmt: skip
    assert (failure.attempts, failure.http_status, failure.first_seen_at) == (
        1,
        200,
        FETCHED_AT,
    )
    page = session.get_one(Page, failure.page_id)
    assert page.article_id is None
    assert page_body(session, page) == fetch.body


def test_a_rerun_bumps_the_open_failure(make_fetch, store, session: Session) -> None:
    store(failed_fetch(make_fetch))
    store(failed_fetch(make_fetch, fetched_at=LATER, failure_reason="missing_body"))
    failure = session.scalars(select(Failure)).one()
    assert (failure.attempts, failure.reason) == (2, "missing_body")
    assert (failure.first_seen_at, failure.last_seen_at) == (FETCHED_AT, LATER)
    assert len(session.scalars(select(Page)).all()) == 2


def test_another_stage_is_another_failure(make_fetch, store, session: Session) -> None:
    store(failed_fetch(make_fetch))
    store(
        failed_fetch(
            make_fetch, failure_stage="validate", failure_reason="missing_published_at"
        )
    )
    assert sorted(session.scalars(select(Failure.stage))) == ["parse", "validate"]


def test_archiving_the_url_resolves_its_failure(
    make_article, make_fetch, store, session: Session
) -> None:
    store(failed_fetch(make_fetch, url="https://responsiblestatecraft.org/fixed/"))
    store(make_fetch(make_article(slug="fixed"), fetched_at=LATER))
    failure = session.scalars(select(Failure)).one()
    assert failure.resolved_at == LATER
    session.rollback()
    store(failed_fetch(make_fetch, url="https://responsiblestatecraft.org/fixed/"))
    assert len(session.scalars(select(Failure)).all()) == 2  # a new open failure


def test_a_failure_and_its_fix_in_one_batch(
    make_article, make_fetch, store, session: Session
) -> None:
    # The batch looks up open failures once, at its start: one it records itself must
    # still be resolved by a later page of the same batch, and only by a later one.
    url = "https://responsiblestatecraft.org/fixed/"
    store(
        failed_fetch(make_fetch, url=url),
        make_fetch(make_article(slug="fixed"), fetched_at=LATER),
        failed_fetch(make_fetch, url="https://responsiblestatecraft.org/other/"),
    )
    failures = {f.url: f.resolved_at for f in session.scalars(select(Failure))}
    assert failures == {url: LATER, "https://responsiblestatecraft.org/other/": None}


def test_a_fetch_failure_without_response_has_no_page(
    make_fetch, store, session: Session
) -> None:
    counts = store(
        failed_fetch(
            make_fetch,
            status=0,
            body=b"",
            failure_stage="fetch",
            failure_reason="timeout",
        )
    )
    assert counts == {"newsarchive/failures/timeout": 1}
    failure = session.scalars(select(Failure)).one()
    assert (failure.stage, failure.page_id, failure.http_status) == (
        "fetch",
        None,
        None,
    )


def test_an_unknown_stage_or_reason_is_still_recorded(
    make_fetch, store, session: Session
) -> None:
    counts = store(failed_fetch(make_fetch, failure_stage="bogus", failure_reason=None))
    assert counts["newsarchive/failures/unknown"] == 1
    assert session.scalars(select(Failure.stage)).one() == "parse"
