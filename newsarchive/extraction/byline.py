"""Who wrote the article and when: authors, bios, published and modified dates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lxml import etree

from newsarchive.extraction.dates import parse_datetime
from newsarchive.extraction.head import Head, json_ld_raw
from newsarchive.extraction.text import (
    Parts,
    absolute,
    class_xpath,
    first_text,
    squeeze,
    text_of,
)
from newsarchive.items import Author, AuthorBio

_AUTHOR_NAMES = etree.XPath(f".//*[{class_xpath('social-author__name')}]")
_BIO_AUTHORS = etree.XPath(f".//*[{class_xpath('social-author')}]")
_BIO_TEXT = etree.XPath(f".//*[{class_xpath('social-author__bio')}]")
_PARAGRAPHS = etree.XPath(".//p")


def authors(parts: Parts, head: Head, base_url: str) -> list[Author]:
    """The header block's byline; JSON-LD names when the page shows no byline."""
    found: list[Author] = []
    for element in parts.get("social-author__name", []):
        name = text_of(element)
        if name and all(author.name != name for author in found):
            href = element.get("href") if element.tag == "a" else None
            found.append(Author(name=name, url=absolute(base_url, href)))
    return found or _json_ld_authors(head.json_ld, base_url)


def _json_ld_authors(data: dict[str, Any] | None, base_url: str) -> list[Author]:
    value = (data or {}).get("author")
    entries = value if isinstance(value, list) else [value]
    found: list[Author] = []
    for entry in entries:
        if isinstance(entry, str):
            name, url = squeeze(entry), None
        elif isinstance(entry, dict):
            raw_name, raw_url = entry.get("name"), entry.get("url")
            name = squeeze(raw_name) if isinstance(raw_name, str) else ""
            url = absolute(base_url, raw_url) if isinstance(raw_url, str) else None
        else:
            continue
        if name and all(author.name != name for author in found):
            found.append(Author(name=name, url=url))
    return found


def author_bios(author_list: etree._Element | None) -> list[AuthorBio]:
    """The bio box below the body: one entry per author that has bio text."""
    if author_list is None:
        return []
    bios: list[AuthorBio] = []
    for box in _BIO_AUTHORS(author_list):
        bio = _BIO_TEXT(box)
        if not bio:
            continue
        paragraphs = [text for text in map(text_of, _PARAGRAPHS(bio[0])) if text]
        text = "\n\n".join(paragraphs) if paragraphs else text_of(bio[0])
        if text:
            names = _AUTHOR_NAMES(box)
            name = text_of(names[0]) if names else ""
            bios.append(AuthorBio(name=name or None, text=text))
    return bios


def published(parts: Parts, head: Head) -> tuple[str | None, datetime | None]:
    """JSON-LD, then `article:published_time`, then the visible date."""
    return _first_date(
        json_ld_raw(head.json_ld, "datePublished"),
        head.meta.get("article:published_time"),
        first_text(parts, "social-date__text"),
    )


def modified(parts: Parts, head: Head) -> tuple[str | None, datetime | None]:
    return _first_date(
        json_ld_raw(head.json_ld, "dateModified"),
        head.meta.get("article:modified_time"),
        first_text(parts, "social-date-modified__text"),
    )


def _first_date(*candidates: str | None) -> tuple[str | None, datetime | None]:
    """The first candidate that parses; else the first raw value with no datetime."""
    present = [raw for raw in candidates if raw and raw.strip()]
    for raw in present:
        value = parse_datetime(raw)
        if value is not None:
            return raw, value
    return (present[0], None) if present else (None, None)
