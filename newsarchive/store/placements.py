"""Front-page history: what a front page showed, recorded as intervals (docs/schema.md,
`placements`).

`record_placements` writes one page in one transaction. The page's open intervals are
its rows without `closed_at`; a placement shown again exactly (same block, position,
article, headline and image) moves its row's `last_seen`/`last_run_id`; anything else
opens a new row. Open rows not shown again are closed (`closed_at`: this recording):
their interval ends at the last run that saw them (`last_seen`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from newsarchive.items import Placement as ShownPlacement
from newsarchive.models import ArticleUrl, Placement
from newsarchive.urls import url_key


@dataclass(frozen=True, kw_only=True)
class PlacementsWritten:
    opened: int
    """New intervals (rows added)."""
    extended: int
    """Intervals still open, moved to this run."""
    linked: int
    """Rows of this site newly linked to their archived article."""


def page_path(url: str) -> str:
    """The front page's key in the table: its URL's path (`/`, `/qiosk/`)."""
    return urlsplit(url).path or "/"


def record_placements(
    engine: Engine,
    *,
    site: str,
    page_url: str,
    placements: Sequence[ShownPlacement] | None,
    seen_at: datetime,
    run_id: int | None,
) -> PlacementsWritten:
    """Record what `page_url` showed at `seen_at`. `placements` None: the page answered
    "not modified", so it shows what it showed last time (every open interval moves)."""
    page = page_path(page_url)
    with Session(engine) as session, session.begin():
        open_rows = _open_rows(session, site, page)
        if placements is None:
            kept, added = open_rows, []
        else:
            by_shape = {_shape_of_row(row): row for row in open_rows}
            kept, added = [], []
            for shown in placements:
                row = by_shape.pop(_shape(shown), None)
                if row is not None:
                    kept.append(row)
                else:
                    added.append(shown)
        for row in kept:
            row.last_seen, row.last_run_id = seen_at, run_id
        for row in by_shape.values() if placements is not None else ():
            row.closed_at = seen_at
        session.add_all(
            Placement(
                site=site,
                page=page,
                article_url=shown.url,
                article_url_key=url_key(shown.url),
                block=shown.block,
                block_raw=shown.block_raw,
                position=shown.position,
                headline=shown.headline,
                image_url=shown.image_url,
                first_seen=seen_at,
                last_seen=seen_at,
                first_run_id=run_id,
                last_run_id=run_id,
            )
            for shown in added
        )
        session.flush()
        linked = link_placements(session, site)
    return PlacementsWritten(opened=len(added), extended=len(kept), linked=linked)


def link_placements(session: Session, site: str) -> int:
    """Link the site's unlinked rows to the articles archived since, by URL key (every
    URL an article was seen at, so a moved article keeps its placements)."""
    article = (
        select(ArticleUrl.article_id)
        .where(
            ArticleUrl.site == Placement.site,
            ArticleUrl.url_key == Placement.article_url_key,
        )
        .limit(1)
        .scalar_subquery()
    )
    result = session.execute(
        update(Placement)
        .where(
            Placement.site == site,
            Placement.article_id.is_(None),
            Placement.article_url_key.in_(
                select(ArticleUrl.url_key).where(ArticleUrl.site == site)
            ),
        )
        .values(article_id=article)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def link_all_placements(engine: Engine, site: str) -> int:
    """`link_placements` in a transaction of its own (at the end of a run)."""
    with Session(engine) as session, session.begin():
        return link_placements(session, site)


def _open_rows(session: Session, site: str, page: str) -> list[Placement]:
    return list(
        session.scalars(
            select(Placement)
            .where(
                Placement.site == site,
                Placement.page == page,
                Placement.closed_at.is_(None),
            )
            .order_by(Placement.position)
        )
    )


Shape = tuple[str, int, str, str | None, str | None]


def _shape(shown: ShownPlacement) -> Shape:
    return (shown.block, shown.position, shown.url, shown.headline, shown.image_url)


def _shape_of_row(row: Placement) -> Shape:
    return (row.block, row.position, row.article_url, row.headline, row.image_url)
