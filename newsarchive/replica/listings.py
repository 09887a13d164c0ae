"""Which articles each index page lists (newest first) and how listings are named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsarchive.replica.catalog import Catalog
from newsarchive.replica.people import author_pool
from newsarchive.replica.tags import tag_name

PAGE_SIZE = 20


@dataclass(frozen=True)
class Listing:
    kind: str
    """`home`, `section`, `region`, `author` or `tag` (as `IndexPage.kind`)."""
    key: str
    label: str
    path: str
    """Canonical path of page 1."""
    indexes: Sequence[int]
    """Article indexes, oldest first (as stored); pages show them newest first."""

    @property
    def resource_id(self) -> str:
        return f"{self.kind}_{self.key}" if self.key else self.kind

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self.indexes) // PAGE_SIZE))

    def page(self, number: int) -> list[int]:
        """Indexes on page `number` (1-based), newest first."""
        end = len(self.indexes) - (number - 1) * PAGE_SIZE
        start = max(0, end - PAGE_SIZE)
        return (
            [self.indexes[i] for i in range(end - 1, start - 1, -1)] if end > 0 else []
        )


def home(catalog: Catalog) -> Listing:
    return Listing("home", "", catalog.pub.display_name, "/", catalog.listed)


def section(catalog: Catalog, slug: str) -> Listing | None:
    found = catalog.pub.section_by_slug.get(slug)
    if found is None:
        return None
    kind = "region" if found.region else "section"
    return Listing(
        kind, slug, found.label, found.path, catalog.by_section.get(slug, ())
    )


def author(catalog: Catalog, handle: str) -> Listing | None:
    if handle not in catalog.by_author:
        return None
    name = next(p.name for p in author_pool(catalog.seed) if p.handle == handle)
    return Listing(
        "author",
        handle,
        name,
        catalog.pub.author_path(handle),
        catalog.by_author[handle],
    )


def tag(catalog: Catalog, slug: str) -> Listing | None:
    if slug not in catalog.by_tag:
        return None
    return Listing(
        "tag", slug, tag_name(slug), catalog.pub.tag_path(slug), catalog.by_tag[slug]
    )


def collection(catalog: Catalog, slug: str) -> Listing | None:
    """A collection or issue page: the articles whose section line links it (every
    eleventh article of the first collection, and so on: a pure function of the index)."""
    names = {s: label for label, s in catalog.pub.collections}
    if slug not in names:
        return None
    number = [s for _, s in catalog.pub.collections].index(slug)
    members = [i for i in catalog.listed if i % 11 == number]
    return Listing(
        "collection", slug, names[slug], catalog.pub.collection_path(slug), members
    )


def from_resource_id(catalog: Catalog, resource_id: str) -> Listing | None:
    """The listing a load-more request names (`section_qiosk`, `author_jdoe`, `home`...)."""
    kind, _, key = resource_id.partition("_")
    if kind == "home":
        return home(catalog)
    if kind in ("section", "region"):
        return section(catalog, key)
    if kind == "author":
        return author(catalog, key)
    if kind == "tag":
        return tag(catalog, key)
    if kind == "collection":
        return collection(catalog, key)
    return None
