"""NormalisePipeline: cheap, lossless tidying of a parsed article before dedupe."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter

from newsarchive.items import Article, Author, PageFetch, Tag
from newsarchive.store import site_setting
from newsarchive.store.vocabulary import author_key, slug_from_url, slugify

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Optional text fields: surrounding whitespace is stripped, an empty value becomes None.
OPTIONAL_TEXT_FIELDS = (
    "canonical_url", "site", "seo_title", "subtitle", "description", "section",
    "section_url", "article_type", "published_raw", "modified_raw", "language",
)  # fmt: skip


def normalise_article(article: Article, *, default_site: str) -> Article:
    """A tidied copy: text stripped, `site` defaulted, datetimes in UTC, authors and
    tags without repeats (first one kept). Raw fields keep what the page said."""
    changes: dict[str, Any] = {
        name: _strip_or_none(getattr(article, name)) for name in OPTIONAL_TEXT_FIELDS
    }
    changes["url"] = article.url.strip()
    changes["title"] = _strip_or_none(article.title)
    changes["body_text"] = article.body_text.strip()
    changes["site"] = changes["site"] or default_site
    changes["published_at"] = _utc(article.published_at)
    changes["modified_at"] = _utc(article.modified_at)
    changes["authors"] = _unique_authors(article.authors)
    changes["tags"] = _unique_tags(article.tags)
    return dataclasses.replace(article, **changes)


def _strip_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _utc(value: datetime | None) -> datetime | None:
    # Naive values are left alone: ValidatePipeline has made them failures already.
    if value is None or value.utcoffset() is None:
        return value
    return value.astimezone(UTC)


def _unique_authors(authors: list[Author]) -> list[Author]:
    seen: set[str] = set()
    unique = []
    for author in authors:
        name = " ".join(author.name.split())
        if not name:
            continue
        author = dataclasses.replace(author, name=name)
        key = author_key(author)
        if key not in seen:
            seen.add(key)
            unique.append(author)
    return unique


def _unique_tags(tags: list[Tag]) -> list[Tag]:
    seen: set[str] = set()
    unique = []
    for tag in tags:
        key = tag.slug or slug_from_url(tag.url) or slugify(tag.name)
        if tag.name.strip() and key not in seen:
            seen.add(key)
            unique.append(dataclasses.replace(tag, name=tag.name.strip()))
    return unique


class NormalisePipeline:
    def __init__(self, *, default_site: str) -> None:
        self.default_site = default_site

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(default_site=site_setting(crawler.settings))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageFetch):
            return item
        adapter = ItemAdapter(item)
        article = adapter.get("article")
        if article is not None:
            adapter["article"] = normalise_article(
                article, default_site=self.default_site
            )
        return item
