"""How a parsed `items.Article` maps onto the `articles` row and its child tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models import Article, ArticleAuthor, ArticleTag, Image, Teaser
from newsarchive.store.hashing import plain
from newsarchive.store.vocabulary import vocabulary_of
from newsarchive.urls import url_key


def article_columns(article: items.Article) -> dict[str, Any]:
    """The item's own scalar and JSON fields, by `articles` column name."""
    top = article.top_image or items.Image()
    return {
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title or "",
        "seo_title": article.seo_title,
        "subtitle": article.subtitle,
        "description": article.description,
        "section": article.section,
        "section_url": article.section_url,
        "article_type": article.article_type,
        "published_raw": article.published_raw,
        "published_at": article.published_at,
        "modified_raw": article.modified_raw,
        "modified_at": article.modified_at,
        "body_text": article.body_text,
        "body_html": article.body_html,
        "top_image_url": top.url,
        "top_image_alt": top.alt,
        "top_image_caption": top.caption,
        "top_image_credit": top.credit,
        "top_image_credit_raw": top.credit_raw,
        "next_article": _json(article.next_article),
        "outlinks": [_json(link) for link in article.outlinks],
        "embeds": [_json(embed) for embed in article.embeds],
        "author_bios": [_json(bio) for bio in article.author_bios],
        "language": article.language,
    }


def _json(value: Any) -> Any:
    # `plain`, not `items.to_json_dict`: the same data without deep copies.
    return None if value is None else plain(value)


def new_article_values(
    article: items.Article,
    *,
    site: str,
    key: str,
    digest: str,
    seen_at: datetime,
    run_id: int | None,
) -> dict[str, Any]:
    """The `articles` row of an article archived for the first time (its section id and
    status are set after: they come from the vocabulary and the fetch)."""
    return dict(
        site=site,
        url_key=key,
        content_hash=digest,
        first_seen_at=seen_at,
        last_seen_at=seen_at,
        last_changed_at=seen_at,
        first_run_id=run_id,
        last_run_id=run_id,
        **article_columns(article),
    )


@dataclass(frozen=True)
class ChildRows:
    """An article's section id and the rows of its byline, tags and images."""

    section_id: int | None
    bylines: list[dict[str, Any]]
    tags: list[dict[str, Any]]
    images: list[dict[str, Any]]


def child_rows(
    session: Session, article_id: int, article: items.Article, *, site: str
) -> ChildRows:
    """The item's children as rows of `article_id` (its section, authors and tags found
    or created in the session's vocabulary, in that order)."""
    vocabulary = vocabulary_of(session)
    with session.no_autoflush:  # the vocabulary's statements need nothing pending
        section_id = vocabulary.section_id(
            session, site=site, label=article.section, url=article.section_url
        )
        author_ids = [vocabulary.author_id(session, site=site, author=author)
                      for author in article.authors]  # fmt: skip
        tag_ids = [
            vocabulary.tag_id(session, site=site, tag=tag) for tag in article.tags
        ]
    bylines = [
        {"article_id": article_id, "position": position, "author_id": author_id,
         "name": author.name}
        for position, (author, author_id) in enumerate(
            zip(article.authors, author_ids, strict=True)
        )
    ]  # fmt: skip
    tag_links = [
        {"article_id": article_id, "position": position, "tag_id": tag_id}
        for position, tag_id in enumerate(tag_ids)
    ]
    images = [("top", 0, article.top_image)] if article.top_image else []
    images += [
        ("body", position, image) for position, image in enumerate(article.images)
    ]
    image_rows = [
        {"article_id": article_id, "kind": kind, "position": position,
         "url": image.url, "alt": image.alt, "caption": image.caption,
         "credit": image.credit, "credit_raw": image.credit_raw}
        for kind, position, image in images
        if image is not None  # typing: the top image is only listed when present
    ]  # fmt: skip
    return ChildRows(section_id, bylines, tag_links, image_rows)


def replace_children(
    session: Session,
    row: Article,
    article: items.Article,
    *,
    site: str,
    fresh: bool = False,
) -> None:
    """Write the byline, section, tags and images of `row` from the item (replacing
    whatever was there; `fresh`: the row was just inserted, so there is nothing to
    replace). Deletes are explicit statements so that new rows never meet old ones in
    the unique constraints; the new rows go in one executemany per table (no unit of
    work: nothing in the session holds them)."""
    if not fresh:
        for model in (ArticleAuthor, ArticleTag, Image):
            session.execute(delete(model).where(model.article_id == row.id))
    children = child_rows(session, row.id, article, site=site)
    row.section_id = children.section_id
    for model, values in ((ArticleAuthor, children.bylines),
                          (ArticleTag, children.tags),
                          (Image, children.images)):  # fmt: skip
        if values:
            session.execute(insert(model), values)


# In the order of `_teaser_values`.
TEASER_COLUMNS = (
    Teaser.url, Teaser.headline, Teaser.section, Teaser.image_url, Teaser.image_alt,
    Teaser.image_credit, Teaser.image_credit_raw, Teaser.excerpt,
)  # fmt: skip


def _teaser_values(teaser: items.Teaser) -> tuple[Any, ...]:
    return (
        teaser.url,
        teaser.headline,
        teaser.section,
        teaser.image_url,
        teaser.image_alt,
        teaser.image_credit,
        teaser.image_credit_raw,
        teaser.excerpt,
    )


def replace_teasers_if_changed(
    session: Session, row: Article, teasers: list[items.Teaser], *, fresh: bool = False
) -> bool:
    """Replace the article's teasers when they differ from the stored ones (the site
    rotates them; history is a later issue). True when they were replaced. `fresh`: the
    row was just inserted (it has no stored teasers to compare with)."""
    if not fresh:
        stored = session.execute(
            select(*TEASER_COLUMNS)
            .where(Teaser.article_id == row.id)
            .order_by(Teaser.position)
        ).all()
        if [tuple(values) for values in stored] == [_teaser_values(t) for t in teasers]:
            return False
        session.execute(delete(Teaser).where(Teaser.article_id == row.id))
    elif not teasers:
        return False
    if (
        not teasers
    ):  # rotated down to none: an empty executemany would insert a NULL row
        return True
    session.execute(insert(Teaser), teaser_rows(row.id, teasers))
    return True


def teaser_rows(article_id: int, teasers: list[items.Teaser]) -> list[dict[str, Any]]:
    """The `teasers` rows of an article (their targets are linked later)."""
    return [
        {"article_id": article_id, "position": position, "url": teaser.url,
         "url_key": url_key(teaser.url), "headline": teaser.headline,
         "section": teaser.section, "image_url": teaser.image_url,
         "image_alt": teaser.image_alt, "image_credit": teaser.image_credit,
         "image_credit_raw": teaser.image_credit_raw, "excerpt": teaser.excerpt}
        for position, teaser in enumerate(teasers)
    ]  # fmt: skip
