"""Per-site vocabularies: sections, tags and authors, found or created by their key.

Rows found or made are remembered in `session.info` for the rest of the session (one
batch transaction: `ArchiveWriter` opens a session per batch), since the articles of a
batch mostly share their sections, tags and authors.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models import Author, Section, Tag
from newsarchive.urls import url_key


def slugify(text: str) -> str:
    """`"Middle East"` -> `"middle-east"` (for a label without a link)."""
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-") or "-"


def slug_from_url(url: str | None) -> str | None:
    """Last path segment of a URL (`https://x.org/regions/europe/` -> `europe`)."""
    if not url:
        return None
    segments = [part for part in urlsplit(url).path.split("/") if part]
    return segments[-1] if segments else None


_CACHE = "newsarchive.vocabulary"
Row = TypeVar("Row", Section, Tag, Author)


def _known(
    session: Session, model: type[Row], site: str, key: str, column: Any
) -> Row | None:
    cache: dict[tuple[str, str, str], Any] = session.info.setdefault(_CACHE, {})
    cache_key = (model.__tablename__, site, key)
    row = cache.get(cache_key)
    if row is None:
        row = session.scalars(
            select(model).where(model.site == site, column == key)
        ).one_or_none()
        if row is not None:
            cache[cache_key] = row
    return row


def _remember(session: Session, row: Row, key: str) -> Row:
    session.add(row)
    session.info.setdefault(_CACHE, {})[(row.__tablename__, row.site, key)] = row
    return row


def author_key(author: items.Author) -> str:
    """An author's identity: the url_key of their page, else their name folded."""
    if author.url:
        return url_key(author.url)
    return " ".join(author.name.split()).casefold()


def section_for(
    session: Session, *, site: str, label: str | None, url: str | None
) -> Section | None:
    """The section row of a label and its link (created if new, else refreshed)."""
    if not label:
        return None
    slug = slug_from_url(url) or slugify(label)
    section = _known(session, Section, site, slug, Section.slug)
    if section is None:
        return _remember(
            session, Section(site=site, slug=slug, label=label, url=url), slug
        )
    section.label = label
    section.url = url or section.url
    return section


def tag_for(session: Session, *, site: str, tag: items.Tag) -> Tag:
    slug = tag.slug or slug_from_url(tag.url) or slugify(tag.name)
    row = _known(session, Tag, site, slug, Tag.slug)
    if row is None:
        new = Tag(
            site=site, slug=slug, name=tag.name, url=tag.url, internal=tag.internal
        )
        return _remember(session, new, slug)
    row.name, row.internal = tag.name, tag.internal
    row.url = tag.url or row.url
    return row


def author_for(session: Session, *, site: str, author: items.Author) -> Author:
    key = author_key(author)
    row = _known(session, Author, site, key, Author.author_key)
    if row is None:
        new = Author(site=site, author_key=key, name=author.name, url=author.url)
        return _remember(session, new, key)
    row.name = author.name
    row.url = author.url or row.url
    return row
