"""`Corpus`: the whole replica site as a pure function from a path to a response.

No I/O and no clock: the same `(articles, seed, edition, page_kb, base_url)` always gives
byte-identical pages and truth. The aiohttp server (server.py) is a thin layer over `render`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

from newsarchive.items import Article, to_json_dict
from newsarchive.replica import front_pages
from newsarchive.replica.catalog import Catalog
from newsarchive.replica.content import ContentBuilder
from newsarchive.replica.editions import EditionChanges, advance
from newsarchive.replica.model import ArticleContent
from newsarchive.replica.publications import DEFAULT, publication
from newsarchive.replica.responses import Page
from newsarchive.replica.routes import Router
from newsarchive.replica.truth import article_truth


class Corpus:
    """A deterministic generated copy of the site (see the package docstring for the API)."""

    def __init__(
        self,
        articles: int = 300,
        seed: int = 1,
        base_url: str = "http://127.0.0.1:8765",
        edition: int = 1,
        page_kb: int = 120,
        *,
        extras: bool = True,
        cache_size: int = 512,
        site: str = DEFAULT,
        hour: int = 0,
    ) -> None:
        if articles < 5:
            raise ValueError(
                "a corpus needs at least 5 articles (the seed and its 4 links)"
            )
        if edition < 1:
            raise ValueError("editions are numbered from 1")
        if hour < 0:
            raise ValueError("hours within an edition are numbered from 0")
        self.hour = hour
        """Hour within the edition: how the front pages are arranged (front_pages.py)."""
        self.articles, self.seed, self.edition, self.page_kb = (
            articles,
            seed,
            edition,
            page_kb,
        )
        self.base_url = base_url.rstrip("/")
        self.site = site
        """The publication served (`responsiblestatecraft.org`, `spectrum.ieee.org`)."""
        self.catalog = Catalog(articles, seed, publication(site))
        self.builder = ContentBuilder(self.catalog, self.base_url)
        self.extras = extras
        self.changes: list[EditionChanges] = (
            advance(self.catalog, self.builder, edition) if edition > 1 else []
        )
        """What each edition after the first changed (editions 2..`edition`)."""
        self._cached = lru_cache(maxsize=cache_size)(Router(self).route)

    def placements_truth(self) -> list[dict[str, Any]]:
        """What the front pages show at this edition and hour (front_pages.py)."""
        return front_pages.placements_truth(self)

    # ----- the article set -------------------------------------------------------------
    def article_paths(self) -> list[str]:
        """Every published article's path (`/<slug>/`), in publication order (oldest
        first). In a later edition: without unpublished articles, moved ones at their
        new path."""
        return [self.catalog.metas[i].path for i in self.catalog.listed]

    def article_urls(self) -> list[str]:
        return [self.base_url + p for p in self.article_paths()]

    @property
    def seed_path(self) -> str:
        """The real seed page's path; a publication without one has none (KeyError)."""
        if self.catalog.seed_index is None:
            raise KeyError(f"{self.site} has no seed article")
        return self.catalog.metas[self.catalog.seed_index].path

    def linked_paths(self) -> list[str]:
        """The four articles the seed links to (three teasers and the next-article preview)."""
        seed = self.catalog.seed_index
        return [
            self.catalog.metas[i].path for i in sorted(self.catalog.fixed) if i != seed
        ]

    def legacy_paths(self) -> dict[str, str]:
        """Legacy dated path (no trailing slash; also served with one) -> the slug path it 301s to."""
        metas = (self.catalog.metas[i] for i in self.catalog.listed)
        return {m.legacy_path: m.path for m in metas if m.legacy_path}

    def extra_paths(self) -> dict[str, str]:
        """Pages that are not articles of the truth: `broken` (no title, no body) and
        `duplicate` (a content copy of the article at `duplicate_of`). Linked from the home page."""
        if not self.extras:
            return {}
        original = self.catalog.metas[self.catalog.base_count // 2]
        pub = self.catalog.pub
        return {
            "broken": pub.article_path("replica-draft-preview"),
            "duplicate": pub.article_path(original.slug + "-republished"),
            "duplicate_of": original.path,
        }

    # ----- truth -------------------------------------------------------------------------
    def content(self, path: str) -> ArticleContent:
        return self.builder.build(self.article_index(path))

    def article(self, path: str) -> Article:
        """The typed truth for an article path or URL."""
        return article_truth(self.content(path), self.base_url)

    def truth_for(self, path: str) -> dict[str, Any]:
        """`to_json_dict(Article)` a perfect parser returns for this article path or URL."""
        return to_json_dict(self.article(path))

    def truth(self) -> Iterator[dict[str, Any]]:
        """Truth for every article, in publication order (one at a time: no big lists)."""
        for path in self.article_paths():
            yield self.truth_for(path)

    def article_index(self, path: str) -> int:
        """The index of the article at a path or URL (KeyError if none)."""
        slug = urlsplit(path).path.strip("/")
        if slug not in self.catalog.by_slug:
            raise KeyError(f"no article at {path!r}")
        return self.catalog.by_slug[slug]

    # ----- pages -------------------------------------------------------------------------
    def render(self, path: str) -> Page:
        """The response for a path (with optional query) or an absolute URL."""
        parts = urlsplit(path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        key_query = ""
        if parts.path == "/res/load_more_posts/data.js":
            key_query = f"{query.get('resource_id', '')}|{query.get('pn', '')}"
        elif "page" in query:
            key_query = query["page"]
        return self._cached(parts.path or "/", key_query)
