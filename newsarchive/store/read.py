"""Read archived articles back as `items.Article` (the shape the parser produces)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Author,
    Image,
    Tag,
    Teaser,
)


def load_article(session: Session, article_id: int) -> items.Article:
    """The archived article `article_id` as an item (as the parser gives it)."""
    row = session.get_one(Article, article_id)
    images = session.scalars(
        select(Image).where(Image.article_id == article_id).order_by(Image.position)
    ).all()
    top = next((image for image in images if image.kind == "top"), None)
    return items.Article(
        url=row.url,
        canonical_url=row.canonical_url,
        site=row.site,
        title=row.title,
        seo_title=row.seo_title,
        subtitle=row.subtitle,
        description=row.description,
        section=row.section,
        section_url=row.section_url,
        article_type=row.article_type,
        authors=_authors(session, article_id),
        published_raw=row.published_raw,
        published_at=row.published_at,
        modified_raw=row.modified_raw,
        modified_at=row.modified_at,
        body_text=row.body_text,
        body_html=row.body_html,
        top_image=_image(top) if top is not None else None,
        images=[_image(image) for image in images if image.kind == "body"],
        tags=_tags(session, article_id),
        teasers=_teasers(session, article_id),
        next_article=items.NextArticle(**row.next_article)
        if row.next_article
        else None,
        outlinks=[items.Link(**link) for link in row.outlinks],
        embeds=[items.Embed(**embed) for embed in row.embeds],
        author_bios=[items.AuthorBio(**bio) for bio in row.author_bios],
        language=row.language,
    )


def _image(image: Image) -> items.Image:
    return items.Image(
        url=image.url,
        alt=image.alt,
        caption=image.caption,
        credit=image.credit,
        credit_raw=image.credit_raw,
    )


def _authors(session: Session, article_id: int) -> list[items.Author]:
    rows = session.execute(
        select(ArticleAuthor.name, Author.url)
        .join(Author, Author.id == ArticleAuthor.author_id)
        .where(ArticleAuthor.article_id == article_id)
        .order_by(ArticleAuthor.position)
    )
    return [items.Author(name=name, url=url) for name, url in rows]


def _tags(session: Session, article_id: int) -> list[items.Tag]:
    rows = session.scalars(
        select(Tag)
        .join(ArticleTag, ArticleTag.tag_id == Tag.id)
        .where(ArticleTag.article_id == article_id)
        .order_by(ArticleTag.position)
    )
    return [
        items.Tag(name=tag.name, slug=tag.slug, url=tag.url, internal=tag.internal)
        for tag in rows
    ]


def _teasers(session: Session, article_id: int) -> list[items.Teaser]:
    rows = session.scalars(
        select(Teaser).where(Teaser.article_id == article_id).order_by(Teaser.position)
    )
    return [
        items.Teaser(
            url=t.url,
            headline=t.headline,
            section=t.section,
            image_url=t.image_url,
            image_alt=t.image_alt,
            image_credit=t.image_credit,
            image_credit_raw=t.image_credit_raw,
            excerpt=t.excerpt,
        )
        for t in rows
    ]
