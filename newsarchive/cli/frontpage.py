"""`newsarchive frontpage` (what a front page showed at an instant) and `newsarchive
placements ID|URL` (where an article was placed over time)."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import (
    analyst_command,
    archive,
    db_option,
    format_option,
    limit_option,
    limit_value,
    now_utc,
    out_option,
    output_target,
    site_option,
)
from newsarchive.cli.errors import UserError
from newsarchive.cli.row_output import emit_rows
from newsarchive.cli.text_table import TableColumn

FRONT_PAGE_COLUMNS = (
    TableColumn("position", "pos", "number", keep=7),
    TableColumn("block", "block", keep=5, min_width=6),
    TableColumn("article_id", "id", "number", keep=4),
    TableColumn("headline", "headline as shown", keep=6, min_width=20),
    TableColumn("since", "since", "whole", keep=3),
    TableColumn("hours", "hours", "number", keep=2),
    TableColumn("url", "url", "whole", keep=1),
)
PLACEMENT_COLUMNS = (
    TableColumn("page", "page", "whole", keep=6),
    TableColumn("block", "block", keep=5, min_width=6),
    TableColumn("best_position", "best", "number", keep=4),
    TableColumn("from", "from", "whole", keep=3),
    TableColumn("to", "to", "whole", keep=2),
    TableColumn("hours", "hours", "number", keep=1),
)


def _page_path(page: str) -> str:
    """`/`, `/qiosk/` or `qiosk`: the front page's path as the table stores it."""
    text = page.strip()
    if not text or any(c.isspace() or not c.isprintable() for c in text) or "?" in text:
        raise UserError(
            f"--page {page!r} is not a front page path: give / or /SECTION/ "
            "(e.g. --page /qiosk/)."
        )
    path = "/" + text.strip("/") + "/" if text.strip("/") else "/"
    return path


@click.command()
@click.option(
    "--page",
    default="/",
    show_default=True,
    help="The front page: / (home) or /SECTION/ (a section's first page).",
)
@click.option(
    "--at",
    "at_text",
    metavar="DATETIME",
    help="The instant (2026-12-01T09:00Z, 2026-12-01, yesterday...); default: the "
    "page's latest recording.",
)
@site_option
@limit_option
@format_option()
@out_option
@db_option
@analyst_command
def frontpage(
    page: str, at_text: str | None, site, limit, output_format, out_path, db_path: Path
) -> None:
    """What a front page showed at an instant, in page order: position, block, article
    id, headline as shown, since when and for how many hours it had been there."""
    from newsarchive.query.dates import since_instant
    from newsarchive.query.placements import front_page_at

    path = _page_path(page)
    at = since_instant(at_text, now=now_utc())
    target = output_target(out_path, db_path)
    with archive(db_path) as connection:
        shown = front_page_at(connection, path, at, site=site)
    rows = [
        {
            "position": s.position,
            "block": s.block,
            "article_id": s.article_id,
            "url": s.url,
            "headline": s.headline,
            "since": s.since,
            "hours": s.hours,
        }
        for s in shown
    ]
    count = limit_value(limit)
    emit_rows(
        rows[:count] if count else rows, FRONT_PAGE_COLUMNS, output_format, target
    )


@click.command()
@click.argument("reference", metavar="ID|URL")
@format_option()
@out_option
@db_option
@analyst_command
def placements(reference: str, output_format, out_path, db_path: Path) -> None:
    """Where an article (by id, or a URL: also one not archived yet) was placed on the
    front pages: page, block, best position, from, to and hours there; the total hours
    on the home page follow the table."""
    from newsarchive.query.detail import find_article_id
    from newsarchive.query.errors import NotFound
    from newsarchive.query.placements import article_placements, home_page_hours
    from newsarchive.urls import url_key

    target = output_target(out_path, db_path)
    with archive(db_path) as connection:
        keys: list[str] = []
        try:
            article_id: int | None = find_article_id(connection, reference)
        except NotFound:
            if reference.strip().isdigit():
                raise
            article_id = None
        if article_id is None or not reference.strip().isdigit():
            try:
                keys = [url_key(reference.strip())]
            except ValueError:
                raise NotFound(f"no article {reference!r} in the archive") from None
        spans = article_placements(connection, article_id, keys)
    if not spans:
        raise UserError(f"{reference} was never seen on a front page of this archive.")
    rows = [
        {
            "page": s.page,
            "block": s.block,
            "best_position": s.best_position,
            "from": s.first_seen,
            "to": s.last_seen,
            "hours": s.hours,
        }
        for s in spans
    ]
    emit_rows(
        rows,
        PLACEMENT_COLUMNS,
        output_format,
        target,
        note=f"{home_page_hours(spans)} hours on the home page",
    )
