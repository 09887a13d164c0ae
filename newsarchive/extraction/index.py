"""`parse_index`: what an index page (home, section, region, author, tag, load-more
fragment) links to: articles, other index pages, and its next page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urldefrag, urlsplit

from lxml import etree

from newsarchive.extraction.document import load_root
from newsarchive.extraction.errors import ParseError
from newsarchive.extraction.front_page import placements
from newsarchive.extraction.head import read_head
from newsarchive.extraction.text import absolute, class_xpath
from newsarchive.items import IndexPage
from newsarchive.sites import SiteProfile
from newsarchive.urls import host_of

_LINKS = etree.XPath("//a[@href]")
_NEXT = etree.XPath(
    "//a[@href][contains(concat(' ', normalize-space(@rel), ' '), ' next ')]"
    f" | //a[@href][{class_xpath('pagination__next')}]"
    " | //link[@href][translate(normalize-space(@rel), 'NEXT', 'next') = 'next']"
)
_LOAD_MORE = etree.XPath(f"//*[{class_xpath('load-more')}][@data-href]/@data-href")
_FEEDS = etree.XPath(
    "//head/link[@href][@rel='alternate']"
    "[contains(@type, 'rss') or contains(@type, 'atom')]/@href"
)


def parse_index(page: Any, url: str | None = None, *, site: SiteProfile) -> IndexPage:
    """Links of an index page in page order, absolute and deduplicated; `site`'s URL
    rules say which links are articles and which index pages. Raises only
    `ParseError`."""
    try:
        root, response_url = load_root(page, html_only=False)
        return _parse(root, url or response_url, site)
    except ParseError:
        raise
    except Exception as error:  # the contract: whatever the input, only ParseError
        raise ParseError(
            f"the index parser failed on this page ({type(error).__name__}: {error})",
            reason="parser_error",
        ) from error


def _parse(root: etree._Element, url: str | None, site: SiteProfile) -> IndexPage:
    head = read_head(root)
    page_url = url or head.canonical
    if not page_url:
        raise ParseError(
            "no URL given and the page declares no canonical URL: pass its URL",
            reason="missing_url",
        )
    host = host_of(page_url)
    # dicts as ordered sets: one lookup per link keeps a page of 60,000 links linear.
    article_urls: dict[str, None] = {}
    index_urls: dict[str, None] = {}
    links: list[tuple[etree._Element, str]] = []
    listed_kinds = _listed_kinds(site)
    for link in _LINKS(root):
        target = _same_site(page_url, link.get("href"), host)
        if target is None:
            continue
        if site.is_article_url(target):
            article_urls.setdefault(target)
            links.append((link, target))
        elif target != page_url and (
            site.index_kind(target) in listed_kinds
            or _is_pagination(target, page_url, site)
        ):
            index_urls.setdefault(target)
    return IndexPage(
        url=page_url,
        kind=_kind(page_url, head.canonical, site),
        article_urls=list(article_urls),
        index_urls=list(index_urls),
        next_page_url=_next_page(root, page_url, host),
        feed_urls=_feeds(root, page_url),
        placements=placements(links, page_url),
    )


def _listed_kinds(site: SiteProfile) -> frozenset[str]:
    """Index pages worth following from a listing: sections, authors and tags."""
    return frozenset({"author", "tag", *site.listing_kinds})


def _kind(page_url: str, canonical: str | None, site: SiteProfile) -> str:
    # A listing may also answer at another path with its canonical elsewhere (a
    # region at /<region>/ with its canonical at /regions/<region>/).
    declared = (
        site.index_kind(absolute(page_url, canonical) or "") if canonical else None
    )
    kind = site.index_kind(page_url)
    if kind == "load_more":
        return kind
    return declared or kind or "section"


def _same_site(page_url: str, href: str | None, host: str) -> str | None:
    target = absolute(page_url, href)
    if target is None:
        return None
    target = urldefrag(target)[0]
    try:
        scheme = urlsplit(target).scheme
    except ValueError:
        return None
    if scheme not in ("http", "https") or host_of(target) != host:
        return None
    return target


def _is_pagination(target: str, page_url: str, site: SiteProfile) -> bool:
    """`?page=N` of this index page (or another index page)."""
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    if "page=" not in parts.query:
        return False
    same_path = parts.path == urlsplit(page_url).path
    return same_path or site.index_kind(target) in _listed_kinds(site) | {"home"}


def _next_page(root: etree._Element, page_url: str, host: str) -> str | None:
    """`rel=next` / `.pagination__next`; else the infinite-scroll trigger (`/res/...`,
    which robots.txt may disallow: the crawler decides)."""
    hrefs = [link.get("href") for link in _NEXT(root)] + list(_LOAD_MORE(root))
    for href in hrefs:
        target = _same_site(page_url, href, host)
        if target:
            return target
    return None


def _feeds(root: etree._Element, page_url: str) -> list[str]:
    feeds: dict[str, None] = {}
    for href in _FEEDS(root):
        target = absolute(page_url, href)
        if target:
            feeds.setdefault(target)
    return list(feeds)
