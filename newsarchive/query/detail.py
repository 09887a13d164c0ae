"""One article with everything the archive knows about it, for `newsarchive show`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.orm import aliased

from newsarchive.models import Article as ArticleRow
from newsarchive.models import (
    ArticleAuthor,
    ArticleTag,
    ArticleUrl,
    ArticleVersion,
    Author,
    Image,
    Page,
    Tag,
    Teaser,
)
from newsarchive.query.errors import NotFound
from newsarchive.urls import url_key

# Added by schema revision 0002; `show` lists its rows when the archive has it.
VERSIONS_TABLE = "article_versions"


def find_article_id(connection: Connection, reference: str) -> int:
    """The id of the article `reference` names: an id, or any URL seen for it."""
    reference = reference.strip()
    if reference.isdigit():
        found = connection.execute(
            select(ArticleRow.id).where(ArticleRow.id == int(reference))
        ).scalar()
    else:
        key = url_key(reference)
        found = connection.execute(
            select(ArticleRow.id).where(ArticleRow.url_key == key).limit(1)
        ).scalar()
        if found is None:
            found = connection.execute(
                select(ArticleUrl.article_id).where(ArticleUrl.url_key == key).limit(1)
            ).scalar()
    if found is None:
        raise NotFound(
            f"no article {reference!r} in the archive: give an id or URL as "
            "`newsarchive list` or `newsarchive search` show them"
        )
    return found


def article_detail(connection: Connection, article_id: int) -> dict[str, Any]:
    """Every column of the article, plus its authors, tags, images, teasers (with
    whether each target is archived), the articles that tease it, its URLs, its raw
    page fetches and, when the archive records them, its versions."""
    table = ArticleRow.__table__
    # Only the columns this archive has: one made by an older schema revision lacks the
    # newer ones, and query commands never upgrade it (they open it read-only).
    present = {column["name"] for column in inspect(connection).get_columns("articles")}
    columns = [column for column in table.columns if column.name in present]
    statement = select(*columns).where(table.c.id == article_id)
    detail = dict(connection.execute(statement).mappings().one())
    detail["authors"] = _all(
        connection,
        select(
            ArticleAuthor.position,
            ArticleAuthor.name,
            Author.url,
            Author.id.label("author_id"),
        )
        .join(Author, Author.id == ArticleAuthor.author_id)
        .where(ArticleAuthor.article_id == article_id)
        .order_by(ArticleAuthor.position),
    )
    detail["tags"] = _all(
        connection,
        select(Tag.name, Tag.slug, Tag.internal, Tag.url)
        .join(ArticleTag, ArticleTag.tag_id == Tag.id)
        .where(ArticleTag.article_id == article_id)
        .order_by(ArticleTag.position),
    )
    detail["images"] = _all(
        connection,
        select(
            Image.kind,
            Image.position,
            Image.url,
            Image.alt,
            Image.caption,
            Image.credit,
            Image.credit_raw,
        )
        .where(Image.article_id == article_id)
        .order_by(Image.kind.desc(), Image.position),
    )
    detail["teasers"] = teasers_of(connection, article_id)
    detail["teased_by"] = _all(
        connection,
        select(ArticleRow.id, ArticleRow.title, Teaser.position)
        .join(Teaser, Teaser.article_id == ArticleRow.id)
        .where(Teaser.target_article_id == article_id)
        .order_by(ArticleRow.id),
    )
    detail["urls"] = _all(
        connection,
        select(
            ArticleUrl.url,
            ArticleUrl.kind,
            ArticleUrl.first_seen_at,
            ArticleUrl.last_seen_at,
        )
        .where(ArticleUrl.article_id == article_id)
        .order_by(ArticleUrl.id),
    )
    detail["pages"] = _all(
        connection,
        select(Page.id, Page.fetched_at, Page.status, Page.body_size, Page.url)
        .where(Page.article_id == article_id)
        .order_by(Page.fetched_at, Page.id),
    )
    detail["versions"] = versions_of(connection, article_id)
    return detail


def teasers_of(connection: Connection, article_id: int) -> list[dict[str, Any]]:
    """The article's teasers in page order; `target_id` is the archived target, found
    through the store's link or, failing that, any URL the archive knows for it."""
    target = aliased(ArticleRow)
    known_url = (
        select(ArticleUrl.article_id)
        .where(ArticleUrl.url_key == Teaser.url_key)
        .limit(1)
        .scalar_subquery()
    )
    target_id = func.coalesce(Teaser.target_article_id, known_url)
    statement = (
        select(
            Teaser.position,
            Teaser.headline,
            Teaser.section,
            Teaser.url,
            target_id.label("target_id"),
            target.title.label("target_title"),
            Teaser.image_url,
            Teaser.image_alt,
            Teaser.image_credit,
            Teaser.excerpt,
        )
        .outerjoin(target, target.id == target_id)
        .where(Teaser.article_id == article_id)
        .order_by(Teaser.position)
    )
    teasers = _all(connection, statement)
    for teaser in teasers:
        teaser["archived"] = teaser["target_id"] is not None
    return teasers


def versions_of(connection: Connection, article_id: int) -> list[dict[str, Any]] | None:
    """The article's `article_versions` rows, oldest first; None when the archive
    predates that table (schema revision 0001)."""
    tables = inspect(connection).get_table_names()
    if VERSIONS_TABLE not in tables:
        return None
    table = ArticleVersion.__table__
    present = {
        column["name"] for column in inspect(connection).get_columns(VERSIONS_TABLE)
    }
    columns = [column for column in table.columns if column.name in present]
    statement = (
        select(*columns).where(table.c.article_id == article_id).order_by(table.c.id)
    )
    return _all(connection, statement)


def _all(connection: Connection, statement) -> list[dict[str, Any]]:
    return [dict(row) for row in connection.execute(statement).mappings()]
