"""What an edition changes inside pages: the hooks the content builder and the router
call (editions.py decides what changes; this renders it). Edition 1 passes through.

- `revise_hero`: a `credit` edit gives the top image a new credit;
- `revise_blocks`: each `body` edit appends an editor's note to the body;
- `teasers_part`: a `teasers` rotation draws the related teasers from a new random stream;
- `link_path`: in-body links keep the path an article was first published at;
- `moved_path`: where a moved article's old slug redirects.
"""

from __future__ import annotations

import dataclasses
import random
from typing import TYPE_CHECKING

from newsarchive.replica.editions import WEEK, edition_start
from newsarchive.replica.model import Block, Hero, TextBlock
from newsarchive.replica.timeline import display_date, to_datetime

if TYPE_CHECKING:
    from newsarchive.replica.catalog import Catalog

NEW_CREDITS = (
    "Shutterstock/Hadley Brooks",
    "REUTERS/Omar Haddad",
    "AP Photo/Lena Fischer",
)
NOTE_REASONS = (
    "add the State Department's response",
    "correct the date of the vote",
    "include comments from the ministry",
    "clarify the figures on aid",
)


def moved_path(catalog: Catalog, slug: str) -> str | None:
    """Where a moved article's old slug now redirects (following later moves), or None."""
    if slug not in catalog.moved_to:
        return None
    while slug in catalog.moved_to:
        slug = catalog.moved_to[slug]
    return catalog.pub.article_path(slug)


def link_path(catalog: Catalog, index: int) -> str:
    """The path other articles' bodies link to: where the article was first published."""
    return catalog.first_paths.get(index, catalog.metas[index].path)


def teasers_part(catalog: Catalog, index: int) -> str:
    """The random-stream name of an article's teasers (a new one after each rotation)."""
    rotations = [k for k, kind in catalog.revisions.get(index, ()) if kind == "teasers"]
    return f"teasers:{rotations[-1]}" if rotations else "teasers"


def revise_hero(catalog: Catalog, index: int, hero: Hero | None) -> Hero | None:
    edits = [k for k, kind in catalog.revisions.get(index, ()) if kind == "credit"]
    if hero is None or not edits:
        return hero
    credits = [c for c in NEW_CREDITS if c != hero.credit]
    credit = random.Random(f"{catalog.seed}:{index}:credit:{edits[-1]}").choice(credits)
    return dataclasses.replace(hero, credit=credit)


def revise_blocks(
    catalog: Catalog, index: int, blocks: tuple[Block, ...]
) -> tuple[Block, ...]:
    """The body with one editor's note appended per body edit."""
    notes = []
    for edition, kind in catalog.revisions.get(index, ()):
        if kind != "body":
            continue
        rng = random.Random(f"{catalog.seed}:{index}:note:{edition}")
        day = display_date(to_datetime(edition_start(edition) + WEEK // 2))
        reason = rng.choice(NOTE_REASONS)
        notes.append(
            TextBlock(
                "p", (f"Editor’s note: this article was updated on {day} to {reason}.",)
            )
        )
    return (*blocks, *notes)
