"""The `failures` table: pages that could not be archived, one open row per
(site, url, stage); reruns bump `attempts`, a later success resolves them."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models import Failure
from newsarchive.models.runs import FAILURE_STAGES
from newsarchive.urls import url_key

logger = logging.getLogger(__name__)

UNKNOWN_REASON = "unknown"


def failure_reason(fetch: items.PageFetch) -> str:
    """The reason code a failed fetch is recorded (and counted) under."""
    return fetch.failure_reason or UNKNOWN_REASON


def record_failure(
    session: Session,
    fetch: items.PageFetch,
    *,
    site: str,
    run_id: int | None,
    page_id: int | None,
) -> Failure:
    """Open a failure for this fetch, or bump the open one of the same URL and stage."""
    stage = fetch.failure_stage
    if stage not in FAILURE_STAGES:
        logger.warning(
            "Failure of %s has stage %r (not one of %s): recorded as 'parse'",
            fetch.url,
            stage,
            ", ".join(FAILURE_STAGES),
        )
        stage = "parse"
    failure = session.scalars(
        select(Failure).where(
            Failure.site == site,
            Failure.url == fetch.url,
            Failure.stage == stage,
            Failure.resolved_at.is_(None),
        )
    ).one_or_none()
    if failure is None:
        failure = Failure(
            site=site,
            url=fetch.url,
            url_key=url_key(fetch.url),
            stage=stage,
            attempts=0,
            first_seen_at=fetch.fetched_at,
        )
        session.add(failure)
    failure.reason = failure_reason(fetch)
    failure.detail = fetch.failure_detail
    failure.http_status = fetch.status or None
    failure.attempts += max(1, fetch.attempts)  # this run's requests, retries included
    failure.last_seen_at = fetch.fetched_at
    failure.run_id = run_id if run_id is not None else failure.run_id
    failure.page_id = page_id if page_id is not None else failure.page_id
    return failure


def resolve_failures(
    session: Session, *, site: str, url_keys: Iterable[str], at: datetime
) -> int:
    """Close the open failures of these URLs: the page has now been archived (or, for
    a discovery page, read whole). How many were closed."""
    result = session.execute(
        update(Failure)
        .where(
            Failure.site == site,
            Failure.url_key.in_(set(url_keys)),
            Failure.resolved_at.is_(None),
        )
        .values(resolved_at=at)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


class UnknownFailures(ValueError):
    """`ignore_failures` was asked for failures that are not open (nothing changed)."""


def ignore_failures(
    session: Session,
    *,
    at: datetime,
    ids: Iterable[int] = (),
    reason: str | None = None,
) -> list[int]:
    """Give up on open failures, by id or by reason: set `ignored_at` (later runs no
    longer retry them; the rows stay). Their ids. Raises `UnknownFailures`, changing
    nothing, when an id is not an open failure or no open failure has the reason."""
    wanted = sorted(set(ids))
    open_rows = select(Failure).where(
        Failure.resolved_at.is_(None), Failure.ignored_at.is_(None)
    )
    if reason is not None:
        rows = session.scalars(open_rows.where(Failure.reason == reason)).all()
        if not rows:
            known = session.scalars(
                select(Failure.reason)
                .where(Failure.resolved_at.is_(None), Failure.ignored_at.is_(None))
                .distinct()
                .order_by(Failure.reason)
            ).all()
            raise UnknownFailures(
                f"no open failures with reason {reason!r}; open reasons: "
                f"{', '.join(known) or 'none'}"
            )
    else:
        rows = session.scalars(open_rows.where(Failure.id.in_(wanted))).all()
        missing = sorted(set(wanted) - {row.id for row in rows})
        if missing:
            raise UnknownFailures(
                f"no open failure with id {', '.join(map(str, missing))} (resolved, "
                "ignored already, or never recorded): `newsarchive failures --all` "
                "lists the open ones"
            )
    for row in rows:
        row.ignored_at = at
    logger.info("Ignored %d open failures", len(rows))
    return [row.id for row in rows]
