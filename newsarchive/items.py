"""Typed items: the one data shape shared by the parser, `newsarchive extract`,
fixture JSON, `replica truth` and the pipelines.

Every normalised value keeps its raw twin (`published_raw` beside `published_at`,
`credit_raw` beside `credit`). Lists default to empty; scalars to None. Datetimes are
timezone-aware and in UTC; in JSON they are ISO 8601 `YYYY-MM-DDTHH:MM:SS+00:00`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(kw_only=True)
class Author:
    name: str
    """Display name, whitespace squeezed."""
    url: str | None = None
    """Absolute URL of the author page (`/author/<handle>/`), if linked."""


@dataclass(kw_only=True)
class AuthorBio:
    name: str | None = None
    """Author the bio belongs to, when the bio box names one."""
    text: str
    """Bio paragraphs joined by a blank line."""


@dataclass(kw_only=True)
class Image:
    url: str | None = None
    """Absolute URL of the real image (`data-runner-src` wins over an SVG placeholder `src`)."""
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    """The credit itself, without a "Top photo credit:" / "Top image credit:" prefix."""
    credit_raw: str | None = None
    """The whole credit line as the page shows it."""


@dataclass(kw_only=True)
class Tag:
    name: str
    """Tag text as shown (may be a humanised slug)."""
    slug: str | None = None
    """Last path segment of the tag URL (`/tag/<slug>/`)."""
    url: str | None = None
    internal: bool = False
    """True for platform-internal tags such as `type:analysis`."""


@dataclass(kw_only=True)
class Teaser:
    """A related-article widget at the foot of an article page, in page order."""

    url: str
    headline: str | None = None
    section: str | None = None
    image_url: str | None = None
    image_alt: str | None = None
    image_credit: str | None = None
    """The credit itself, prefix removed."""
    image_credit_raw: str | None = None
    excerpt: str | None = None
    """Excerpt paragraphs joined by a blank line, without the keep-reading toggle."""


@dataclass(kw_only=True)
class NextArticle:
    """The next-article preview link below the body (not a teaser)."""

    url: str
    headline: str | None = None
    section: str | None = None


@dataclass(kw_only=True)
class Link:
    """An in-body link with its anchor text."""

    url: str
    text: str = ""


@dataclass(kw_only=True)
class Embed:
    kind: str
    """`tweet`, `iframe`, `youtube`, `audio`, ..."""
    url: str | None = None


@dataclass(kw_only=True)
class Article:
    url: str
    """The URL the page was fetched from (after redirects)."""
    canonical_url: str | None = None
    """`<link rel=canonical>` exactly as the page declares it."""
    site: str | None = None
    """The site profile's name (newsarchive/sites), e.g. `responsiblestatecraft.org`."""
    title: str | None = None
    """The visible `h1`, trimmed."""
    seo_title: str | None = None
    """`<title>`/JSON-LD headline when it differs from the visible title; else None."""
    subtitle: str | None = None
    description: str | None = None
    """`og:description` / meta description."""
    section: str | None = None
    """Most specific section label ("QiOSK" in "Analysis | QiOSK")."""
    section_url: str | None = None
    """Absolute URL of the section link, when the label is a link."""
    article_type: str | None = None
    """"Analysis" in "Analysis | QiOSK"; None for a bare label."""
    authors: list[Author] = field(default_factory=list)
    published_raw: str | None = None
    published_at: datetime | None = None
    modified_raw: str | None = None
    modified_at: datetime | None = None
    body_text: str = ""
    """One block per paragraph, heading, list item and blockquote paragraph of the
    primary body, joined by a blank line; whitespace squeezed."""
    body_html: str = ""
    top_image: Image | None = None
    images: list[Image] = field(default_factory=list)
    """In-body images (shortcode media), in page order."""
    tags: list[Tag] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    next_article: NextArticle | None = None
    outlinks: list[Link] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    author_bios: list[AuthorBio] = field(default_factory=list)
    language: str | None = None


@dataclass(kw_only=True)
class Placement:
    """One article as an index page shows it (docs/schema.md, `placements`)."""

    position: int
    """1-based, in reading order over the whole page."""
    block: str
    """Stable block name: `lead`, `river`, `latest`, `qiosk`, `editors_picks`, `other`..."""
    block_raw: str = ""
    """The class or heading that names the block in the markup."""
    url: str
    headline: str | None = None
    """The headline as the page shows it (may differ from the article's title)."""
    image_url: str | None = None


@dataclass(kw_only=True)
class FrontPageSeen:
    """A front page (home, a section's first page) as one run saw it."""

    url: str
    seen_at: datetime
    placements: list[Placement] | None = None
    """What it showed; None when it answered 304 Not Modified (it shows what it
    showed when last recorded)."""


@dataclass(kw_only=True)
class IndexPage:
    """What an index page (home, section, region, author, tag, load-more) links to."""

    url: str
    kind: str
    """`home`, `section`, `region`, `author`, `tag`, `load_more`."""
    article_urls: list[str] = field(default_factory=list)
    index_urls: list[str] = field(default_factory=list)
    next_page_url: str | None = None
    """`rel=next` / `.pagination__next`, else the infinite-scroll (load-more) trigger."""
    feed_urls: list[str] = field(default_factory=list)
    """RSS/Atom feeds the page advertises (`<link rel=alternate>` in its head)."""
    placements: list[Placement] = field(default_factory=list)
    """The articles the page shows, block by block, in reading order."""


def iso_utc(value: datetime | None) -> str | None:
    """Format an aware datetime as `YYYY-MM-DDTHH:MM:SS+00:00` (None passes through)."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def to_json_dict(item: Any) -> dict[str, Any]:
    """The item as plain JSON-ready data: nested dataclasses as dicts, datetimes as ISO UTC."""
    return _jsonable(dataclasses.asdict(item))


def _from_dict(cls: type, data: dict[str, Any] | None) -> Any:
    return None if data is None else cls(**data)


def article_from_json_dict(data: dict[str, Any]) -> Article:
    """Inverse of `to_json_dict` for an Article (used by tests and reparse)."""
    from dateutil.parser import isoparse

    values = dict(data)
    for key in ("published_at", "modified_at"):
        if values.get(key):
            values[key] = isoparse(values[key])
    values["authors"] = [Author(**a) for a in values.get("authors", [])]
    values["top_image"] = _from_dict(Image, values.get("top_image"))
    values["images"] = [Image(**i) for i in values.get("images", [])]
    values["tags"] = [Tag(**t) for t in values.get("tags", [])]
    values["teasers"] = [Teaser(**t) for t in values.get("teasers", [])]
    values["next_article"] = _from_dict(NextArticle, values.get("next_article"))
    values["outlinks"] = [Link(**o) for o in values.get("outlinks", [])]
    values["embeds"] = [Embed(**e) for e in values.get("embeds", [])]
    values["author_bios"] = [AuthorBio(**b) for b in values.get("author_bios", [])]
    return Article(**values)


@dataclass(kw_only=True)
class PageFetch:
    """One fetched page and what became of it: the envelope the spider yields.

    The raw response travels with the parsed article so the archive keeps every page
    (also the ones that failed to parse) and `reparse` can re-extract offline.
    """

    url: str
    """Final URL, after redirects."""
    requested_url: str
    """The URL as first requested (differs after a redirect, e.g. a legacy dated URL)."""
    status: int
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    body: bytes = field(default=b"", repr=False)
    """The raw response body (kept out of repr: Scrapy logs items, pages are 100-500 KB)."""
    fetched_at: datetime
    fingerprint: str | None = None
    """Scrapy request fingerprint (hex)."""
    article: Article | None = None
    """The parsed article; None when parsing failed."""
    failure_stage: str | None = None
    """`fetch`, `parse`, `validate` or `store` when something went wrong."""
    failure_reason: str | None = None
    """A short machine-readable reason (`missing_title`, `missing_body`, ...)."""
    failure_detail: str | None = None
    """A human-readable sentence saying what exactly was wrong."""
    attempts: int = 1
    """Requests made for this page in this run: 1 + the retries of transient faults."""
    source: str | None = None
    """How the crawl came to fetch the URL: `sitemap`, `feed`, `index`, `article`, or a
    revisit (`retry`, `recheck`, `vanished`, `full`). Issue 5: incremental runs."""
    sitemap_lastmod: str | None = None
    """The `<lastmod>` a sitemap gave for the URL in this run, stored with the article
    so the next run can tell whether it changed (docs/design/decisions.md 17)."""


@dataclass(kw_only=True)
class NotModified:
    """An archived page a revisit found unchanged: the server answered 304 Not Modified
    to its conditional request, so there is no body and nothing to parse."""

    url: str
    """Final URL (after redirects)."""
    requested_url: str
    fetched_at: datetime
    source: str | None = None
    """How the URL was found this run (`sitemap`, `recheck`, `retry`, ...)."""
    sitemap_lastmod: str | None = None
    """The `<lastmod>` a sitemap gave for the URL this run, if any."""
