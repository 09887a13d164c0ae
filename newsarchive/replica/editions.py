"""Editions: the replica site as it changes over time.

Edition 1 is the site as generated. Each later edition K is edition K-1 plus one week of
editorial life, decided by `Random(f"{seed}:edition:{K}")` alone, so every edition is as
deterministic as the first:

- new articles are published (dated after everything older);
- existing articles are edited: `body` (an editor's note is appended), `title`, `tags`
  (one added or dropped), `authors` (a co-author added), `credit` (the top image credit);
  each such edit bumps the article's modified time, hence its sitemap `<lastmod>`, its
  `Last-Modified` and its `ETag`;
- `teasers`: the related-article widgets of some articles rotate. Not an edit of the
  article (docs/design/decisions.md 17), so its modified time and `<lastmod>` stay as they were;
- one article is unpublished (HTTP 410 in even editions, 404 in odd ones) and leaves the
  listings, feeds and sitemaps;
- one article moves to a new slug: its old URL answers 301, the sitemaps list the new URL
  with the old `<lastmod>`, and its content is otherwise unchanged.

Only articles of edition 1 that are not fixed (the seed and its links) and not the
original of the replica's content duplicate are touched, each by one kind of change per
edition (a few are edited again in later editions). In-body links keep pointing at the
paths articles were first published at, as stored HTML does on a real site.

`advance()` applies editions 2..K to a fresh edition-1 catalog (edition_pages.py turns
the recorded edits into page content); `EditionChanges` lists what an edition did (the counts a
crawl of edition K-1 followed by one of edition K must report).
"""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsarchive.replica.people import author_pool
from newsarchive.replica.prose import Writer
from newsarchive.replica.tags import EXTRA_TAGS
from newsarchive.replica.timeline import END, OLD_POST_BEFORE

if TYPE_CHECKING:
    from newsarchive.replica.catalog import Catalog
    from newsarchive.replica.content import ContentBuilder

WEEK = 7 * 86400
CONTENT_EDITS = ("body", "title", "tags", "authors", "credit")
"""Edits of the article itself: they change its content hash and its `<lastmod>`."""
EDIT_KINDS = (*CONTENT_EDITS, "teasers")
MOVED_SUFFIXES = ("explained", "analysis", "revisited", "update")


@dataclass(frozen=True, kw_only=True)
class EditionChanges:
    """What edition `edition` changed relative to the edition before it (paths as served)."""

    edition: int
    new: tuple[str, ...] = ()
    changed: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    """Path -> the edit kinds applied (from `CONTENT_EDITS`)."""
    teasers: tuple[str, ...] = ()
    """Paths whose related teasers rotated (content and `<lastmod>` unchanged)."""
    gone: dict[str, int] = dataclasses.field(default_factory=dict)
    """Path -> the status it now answers (410 or 404)."""
    moved: dict[str, str] = dataclasses.field(default_factory=dict)
    """Old path -> new path (the old one answers 301)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "new": list(self.new),
            "changed": {path: list(kinds) for path, kinds in self.changed.items()},
            "teasers": list(self.teasers),
            "gone": dict(self.gone),
            "moved": dict(self.moved),
        }


def edition_start(edition: int) -> int:
    """Epoch seconds at which an edition's week of changes begins (edition 1: the
    newest generated article)."""
    return END + (edition - 2) * WEEK


def advance(
    catalog: Catalog, builder: ContentBuilder, edition: int
) -> list[EditionChanges]:
    """Turn a fresh edition-1 catalog into edition `edition`; what each edition changed."""
    changes = [_Edition(catalog, builder, k).apply() for k in range(2, edition + 1)]
    _refile(catalog)
    builder.hero.cache_clear()
    return changes


class _Edition:
    """The changes of one edition, applied to the catalog in place."""

    def __init__(self, catalog: Catalog, builder: ContentBuilder, edition: int) -> None:
        self.catalog, self.builder, self.edition = catalog, builder, edition
        self.rng = random.Random(f"{catalog.seed}:edition:{edition}")
        base = catalog.base_count
        self.new_count = max(2, base // 100)
        self.edits_per_kind = max(1, base // 400)

    def apply(self) -> EditionChanges:
        catalog = self.catalog
        touched = set(catalog.revisions) | set(catalog.first_paths)
        candidates = list(self._untouched(touched))
        self.rng.shuffle(candidates)
        earlier = sorted(i for i, r in catalog.revisions.items() if _content_edited(r))
        changed: dict[str, tuple[str, ...]] = {}
        teasers: list[str] = []
        for kind in EDIT_KINDS:
            for index in self._take(candidates, kind, self.edits_per_kind):
                self._edit(index, kind)
                if kind == "teasers":
                    teasers.append(self.catalog.metas[index].path)
                else:
                    changed[self.catalog.metas[index].path] = (kind,)
        if earlier:  # an article edited in an earlier edition is edited once more
            index = earlier[self.rng.randrange(len(earlier))]
            self._edit(index, "body")
            changed[catalog.metas[index].path] = ("body",)
        gone = self._unpublish(self._take(candidates, "gone", 1))
        moved = self._move(self._take(candidates, "moved", 1))
        new = self._publish()
        return EditionChanges(
            edition=self.edition,
            new=tuple(new),
            changed=changed,
            teasers=tuple(teasers),
            gone=gone,
            moved=moved,
        )

    def _untouched(self, touched: set[int]) -> Iterable[int]:
        catalog = self.catalog
        spared = set(catalog.fixed) | {catalog.base_count // 2} | touched
        return (i for i in catalog.listed if i < catalog.base_count and i not in spared)

    def _take(self, candidates: list[int], kind: str, count: int) -> list[int]:
        chosen = [i for i in candidates if self._suits(i, kind)][:count]
        for index in chosen:
            candidates.remove(index)
        return chosen

    def _suits(self, index: int, kind: str) -> bool:
        meta = self.catalog.metas[index]
        if kind == "credit":
            hero = self.builder._hero(index)
            return hero is not None and hero.credit is not None
        if kind == "moved":  # no legacy dated URL to keep consistent
            return meta.published >= OLD_POST_BEFORE
        if kind == "authors":
            return len(meta.authors) < 3
        if (
            kind == "teasers"
        ):  # a rotation that happens to draw the same teasers is none
            before = self.builder.teasers(meta)
            revisions = self.catalog.revisions
            revisions[index] = ((self.edition, "teasers"),)
            try:
                return self.builder.teasers(meta) != before
            finally:
                del revisions[index]
        return True

    def _when(self) -> int:
        return edition_start(self.edition) + self.rng.randint(3600, WEEK - 3600)

    def _edit(self, index: int, kind: str) -> None:
        catalog = self.catalog
        meta = catalog.metas[index]
        catalog.revisions[index] = (
            *catalog.revisions.get(index, ()),
            (self.edition, kind),
        )
        if kind == "teasers":
            return
        changes: dict[str, Any] = {"modified": self._when()}
        if kind == "title":
            writer = Writer(
                random.Random(f"{catalog.seed}:{index}:title:{self.edition}"),
                meta.theme,
            )
            title = writer.headline()
            while title == meta.title:
                title = writer.headline()
            changes["title"] = title
        elif kind == "tags":
            extra = [t for t in EXTRA_TAGS if t not in meta.tags]
            changes["tags"] = (*meta.tags, extra[0]) if extra else meta.tags[:-1]
        elif kind == "authors":
            pool = [
                a
                for a in range(len(author_pool(catalog.seed)))
                if a not in meta.authors
            ]
            changes["authors"] = (*meta.authors, self.rng.choice(pool))
        catalog.metas[index] = dataclasses.replace(meta, **changes)

    def _unpublish(self, indexes: list[int]) -> dict[str, int]:
        status = 410 if self.edition % 2 == 0 else 404
        gone = {}
        for index in indexes:
            meta = self.catalog.metas[index]
            self.catalog.unpublished[meta.slug] = status
            del self.catalog.by_slug[meta.slug]
            self.catalog.listed = [i for i in self.catalog.listed if i != index]
            gone[meta.path] = status
        return gone

    def _move(self, indexes: list[int]) -> dict[str, str]:
        catalog = self.catalog
        moved = {}
        for index in indexes:
            meta = catalog.metas[index]
            slug = f"{meta.slug}-{self.rng.choice(MOVED_SUFFIXES)}"
            while slug in catalog.by_slug or slug in catalog.unpublished:
                slug += "-1"
            catalog.first_paths.setdefault(index, meta.path)
            catalog.moved_to[meta.slug] = slug
            del catalog.by_slug[meta.slug]
            catalog.by_slug[slug] = index
            catalog.metas[index] = dataclasses.replace(meta, slug=slug)
            moved[meta.path] = catalog.pub.article_path(slug)
        return moved

    def _publish(self) -> list[str]:
        catalog = self.catalog
        taken = (
            set(catalog.pub.reserved_slugs)
            | set(catalog.by_slug)
            | set(catalog.unpublished)
        )
        taken |= set(catalog.moved_to)
        first = catalog.count
        step = WEEK // (self.new_count + 1)
        paths = []
        for offset in range(self.new_count):
            index = first + offset
            published = edition_start(self.edition) + (offset + 1) * step
            meta = _new_meta(catalog, index, published, taken)
            catalog.metas.append(meta)
            catalog.by_slug[meta.slug] = index
            paths.append(meta.path)
        catalog.count = first + self.new_count
        catalog.listed = [*catalog.listed, *range(first, catalog.count)]
        return paths


class _PinnedTimeline:
    """The catalog's timeline, with publication instants pinned for new indexes."""

    def __init__(self, base: Any, pinned: dict[int, int]) -> None:
        self.base, self.pinned = base, pinned

    def published(self, index: int) -> int:
        return (
            self.pinned[index] if index in self.pinned else self.base.published(index)
        )


def _new_meta(catalog: Catalog, index: int, published: int, taken: set[str]) -> Any:
    # Reuse the catalog's own generator, so a new article looks like every other one.
    timeline = catalog.timeline
    catalog.timeline = _PinnedTimeline(timeline, {index: published})
    try:
        meta = catalog._meta(index, taken)
    finally:
        catalog.timeline = timeline
    return dataclasses.replace(meta, modified=published)


def _content_edited(revisions: tuple[tuple[int, str], ...]) -> bool:
    return any(kind in CONTENT_EDITS for _, kind in revisions)


def _refile(catalog: Catalog) -> None:
    """Rebuild the section, author and tag listings from the live articles."""
    lists: dict[str, defaultdict[str, Any]] = {
        k: defaultdict(list) for k in ("section", "author", "tag")
    }
    live = set(catalog.listed)
    for index in catalog.listed:
        catalog._file(catalog.metas[index], lists)
    catalog.listed = [i for i in range(catalog.count) if i in live]
    catalog.by_section, catalog.by_author, catalog.by_tag = (
        dict(lists["section"]),
        dict(lists["author"]),
        dict(lists["tag"]),
    )
