"""How the first page of the home page and of each section arranges its stories, hour by
hour: the replica's front-page life, and its truth (`newsarchive replica placements`).

Within an edition, `hour` H (0, 1, 2...) rearranges the first pages deterministically:

- the lead story is the newest (H % 3 == 0, H // 3 even) or the second newest (H // 3
  odd): the two take turns and the other slides into the river;
- at H % 3 == 1 an older story (the third of the listing's second page) takes the lead,
  and leaves again the next hour: it returns every third hour;
- on the home page, at odd hours, the lead is shown under a front-page headline that
  differs from the article's title (a retitled story).

Across editions the new articles take the lead and the others slide down and drop off
the first page. Hour 0 shows the newest story in the lead and the next ones in the
river, in the listing's order (the page as it was before hours existed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsarchive.replica import listings

if TYPE_CHECKING:
    from newsarchive.replica.catalog import Catalog
    from newsarchive.replica.corpus import Corpus

SIDEBAR_SIZE = 5
SLOT_BLOCKS = frozenset({"lead", "river"})
"""Blocks of teaser widgets, with their image; sidebar boxes and picks are plain links."""


@dataclass(frozen=True)
class Slot:
    block: str
    """`lead` or `river` (the markup's `lead-story` and `posts-list`)."""
    index: int
    headline: str


def arrange(catalog: Catalog, listing: listings.Listing, hour: int) -> list[Slot]:
    """The lead and river of the listing's first page at `hour`."""
    newest = listing.page(1)
    if not newest:
        return []
    older = listing.page(2)
    if hour % 3 == 1 and older:
        lead = older[min(2, len(older) - 1)]
    else:
        lead = newest[(hour // 3) % 2] if len(newest) > 1 else newest[0]
    title = catalog.metas[lead].title
    headline = retitled(title) if listing.kind == "home" and hour % 2 else title
    return [
        Slot("lead", lead, headline),
        *(Slot("river", i, catalog.metas[i].title) for i in newest if i != lead),
    ]


def retitled(title: str) -> str:
    """The home page's headline for a lead story it retitles."""
    return f"{title}: what comes next"


def front_listings(catalog: Catalog) -> list[listings.Listing]:
    """The home page and every section's listing (their first pages are front pages)."""
    found = [listings.home(catalog)]
    for section in catalog.pub.sections:
        listing = listings.section(catalog, section.slug)
        if listing is not None:
            found.append(listing)
    return found


def placements_truth(corpus: Corpus) -> list[dict[str, Any]]:
    """Every front page's placements as the index parser must find them: page path,
    block, 1-based position in reading order, article URL, headline and image as shown."""
    catalog, base = corpus.catalog, corpus.base_url
    metas = catalog.metas
    latest = list(catalog.listed[-SIDEBAR_SIZE:])[::-1]
    second = catalog.pub.section_by_slug[catalog.pub.sidebar_section]
    boxed = list(catalog.by_section.get(second.slug, ()))[-SIDEBAR_SIZE:][::-1]
    sidebar = [("latest", i, metas[i].path, metas[i].title) for i in latest] + [
        (_box_name(second.label), i, metas[i].path, metas[i].title) for i in boxed
    ]
    rows: list[dict[str, Any]] = []
    for listing in front_listings(catalog):
        slots = arrange(catalog, listing, corpus.hour)
        shown = [(s.block, s.index, metas[s.index].path, s.headline) for s in slots]
        if listing.kind == "home" and (extras := corpus.extra_paths()):
            picks = [
                (
                    "editors_picks",
                    None,
                    extras["duplicate"],
                    metas[catalog.base_count // 2].title,
                ),
                ("editors_picks", None, extras["broken"], "Draft preview"),
            ]
            shown = shown[:1] + picks + shown[1:]
        for position, (block, index, path, headline) in enumerate(
            shown + sidebar, start=1
        ):
            hero = corpus.builder.hero(index) if block in SLOT_BLOCKS else None
            rows.append(
                {
                    "page": listing.path,
                    "block": block,
                    "position": position,
                    "url": base + path,
                    "headline": headline,
                    "image_url": hero.url if hero else None,
                }
            )
    return rows


def _box_name(label: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in label.casefold())
    return "_".join(words.split())
