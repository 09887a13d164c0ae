"""Routing: which page a path names, rendered by the module that knows that kind of page."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from newsarchive.replica import edition_pages, feeds, front_pages, listings
from newsarchive.replica.markup import esc, sidebar
from newsarchive.replica.render_article import render_article
from newsarchive.replica.render_index import render_index, render_load_more
from newsarchive.replica.responses import (
    JAVASCRIPT,
    RSS,
    TEXT,
    XML,
    Page,
    not_found,
    ok,
    redirect,
)
from newsarchive.replica.static_pages import TINY_JPEG, not_found_page, static_page
from newsarchive.replica.timeline import to_datetime

if TYPE_CHECKING:
    from newsarchive.replica.corpus import Corpus

FRONT_KINDS = frozenset({"home", "section", "region"})
"""Listings whose first page has a lead story that moves hour by hour (front_pages.py)."""
LEGACY = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/?$")
SITEMAP = re.compile(r"^/feeds/sitemaps/sitemap_(\d+)\.(xml|ggl)$")
MONTH_SITEMAP = re.compile(r"^/sitemaps/(\d{4}-\d{2})\.xml$")


class Router:
    """Turns a path (and the one query value that matters) into a `Page` for a corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.catalog = corpus.catalog
        self.builder = corpus.builder
        self.base_url = corpus.base_url
        self.page_kb = corpus.page_kb
        self.pub = corpus.catalog.pub
        # Every feed path form of every listing -> the listing's slug.
        self._feeds = {
            path: section.slug
            for section in self.pub.sections
            for path in self.pub.feed_paths(section)
        }
        self._sidebar = self._make_sidebar()

    def route(self, path: str, query: str) -> Page:
        if path == "/res/load_more_posts/data.js":
            return self._load_more(*query.split("|"))
        if path.startswith("/media-library/"):
            return ok(TINY_JPEG, "image/jpeg")
        simple = self._simple(path)
        if simple is not None:
            return simple
        if self.pub.legacy_urls and LEGACY.match(path):
            index = self.catalog.legacy_index(path.rstrip("/"))
            if index is not None:
                return redirect(self.base_url + self.catalog.metas[index].path)
        return self._listing_or_article(path, query)

    def _simple(self, path: str) -> Page | None:
        base, builder = self.base_url, self.builder
        if path == "/robots.txt":
            return ok(feeds.robots(base, self.pub), TEXT)
        if path in ("/feed", "/feed/"):
            return redirect(base + "/feeds/feed.rss")
        if path == self.pub.sitemap_index_path:
            return ok(feeds.sitemap_index(builder), XML)
        if path == "/feeds/feed.rss":
            newest = list(self.catalog.listed[-feeds.FEED_SIZE :])[::-1]
            return ok(
                feeds.rss(
                    builder, newest, self.pub.display_name, base + "/", base + path
                ),
                RSS,
            )
        if path in self._feeds:
            listing = listings.section(self.catalog, self._feeds[path])
            if listing is None:
                return None
            newest = listing.page(1) + listing.page(2)
            return ok(
                feeds.rss(
                    builder,
                    newest[: feeds.FEED_SIZE],
                    listing.label,
                    base + listing.path,
                    base + path,
                ),
                RSS,
            )
        if self.pub.monthly_sitemaps:
            if match := MONTH_SITEMAP.match(path):
                body = feeds.month_sitemap(builder, match.group(1))
                return ok(body, XML) if body else None
        elif match := SITEMAP.match(path):
            body = feeds.sitemap(builder, int(match.group(1)), match.group(2) == "ggl")
            return ok(body, XML) if body else None
        return None

    def _listing_or_article(self, path: str, query: str) -> Page:
        # Pages answer with and without the trailing slash (canonical: the site's form).
        bare = path.rstrip("/") or "/"
        segments = bare.strip("/").split("/")
        pub, listing = self.pub, None
        if bare == "/":
            listing = listings.home(self.catalog)
        elif bare in pub.section_by_path:
            listing = listings.section(self.catalog, pub.section_by_path[bare].slug)
        elif len(segments) == 2 and segments[0] == pub.author_prefix:
            listing = listings.author(self.catalog, segments[1])
        elif len(segments) == 2 and segments[0] == pub.tag_prefix:
            listing = listings.tag(self.catalog, segments[1])
        elif len(segments) == 2 and segments[0] == pub.collection_prefix:
            listing = listings.collection(self.catalog, segments[1])
        if listing is not None:
            return self._index_page(listing, query)
        if len(segments) == 1:
            return self._single(segments[0])
        return self.not_found()

    def _single(self, slug: str) -> Page:
        moved = edition_pages.moved_path(self.catalog, slug)
        if moved is not None:
            return redirect(self.base_url + moved)
        if slug in self.catalog.unpublished:
            page = self.not_found()
            return dataclasses.replace(page, status=self.catalog.unpublished[slug])
        if slug in self.catalog.by_slug:
            index = self.catalog.by_slug[slug]
            html = render_article(
                self.builder.build(index), self.base_url, self.page_kb, self._sidebar
            )
            return ok(html, modified=to_datetime(self.catalog.metas[index].modified))
        html = static_page(self.pub, self.base_url, slug)
        if html is not None:
            return ok(html)
        extra = self._extra(slug)
        return extra if extra is not None else self.not_found()

    def _extra(self, slug: str) -> Page | None:
        extras = self.corpus.extra_paths()
        here = self.pub.article_path(slug)
        if not extras or here not in (extras["broken"], extras["duplicate"]):
            return None
        original = self.builder.build(self.corpus.article_index(extras["duplicate_of"]))
        if here == extras["duplicate"]:
            content = dataclasses.replace(original, path=extras["duplicate"])
        else:
            forms = dataclasses.replace(original.forms, jsonld=False)
            content = dataclasses.replace(
                original,
                path=extras["broken"],
                title="",
                blocks=(),
                hero=None,
                teasers=(),
                subtitle=None,
                forms=forms,
            )
        return ok(
            render_article(content, self.base_url, self.page_kb, self._sidebar),
            modified=original.modified,
        )

    def _index_page(self, listing: listings.Listing, query: str) -> Page:
        try:
            number = int(query) if query else 1
        except ValueError:
            return self.not_found()
        if not 1 <= number <= listing.page_count:
            return self.not_found()
        extras = self._extras_block() if listing.kind == "home" and number == 1 else ""
        arrangement = (
            front_pages.arrange(self.catalog, listing, self.corpus.hour)
            if number == 1 and listing.kind in FRONT_KINDS
            else None
        )
        html = render_index(
            self.builder, listing, number, self._sidebar, extras, arrangement
        )
        newest = listing.page(number)
        modified = (
            to_datetime(max(self.catalog.metas[i].modified for i in newest))
            if newest
            else None
        )
        return ok(html, modified=modified)

    def _load_more(self, resource_id: str, page_number: str) -> Page:
        listing = listings.from_resource_id(self.catalog, resource_id)
        if (
            listing is None
            or not page_number.isdigit()
            or not 1 <= int(page_number) <= listing.page_count
        ):
            return self.not_found()
        return ok(render_load_more(self.builder, listing, int(page_number)), JAVASCRIPT)

    def _extras_block(self) -> str:
        extras = self.corpus.extra_paths()
        if not extras:
            return ""
        original = self.catalog.metas[self.catalog.base_count // 2]
        links = "".join(
            f'<div class="widget"><h2 class="widget__headline h2"><a class="widget__headline-text" '
            f'href="{self.base_url}{path}">{esc(title)}</a></h2></div>'
            for path, title in (
                (extras["duplicate"], original.title),
                (extras["broken"], "Draft preview"),
            )
        )
        return f'<div class="editors-picks"><h2>Editors’ picks</h2>{links}</div>'

    def not_found(self) -> Page:
        return not_found(not_found_page(self.pub, self.base_url))

    def _make_sidebar(self) -> str:
        metas = self.catalog.metas
        latest = [
            (metas[i].path, metas[i].title)
            for i in list(self.catalog.listed[-5:])[::-1]
        ]
        second = self.pub.section_by_slug[self.pub.sidebar_section]
        newest = list(self.catalog.by_section.get(second.slug, ()))[-5:][::-1]
        return sidebar(
            self.base_url,
            latest,
            [(metas[i].path, metas[i].title) for i in newest],
            second.label.upper(),
        )
