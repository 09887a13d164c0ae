"""The seed article's own body and links (its text comes from data/seed-article-page.txt)."""

from __future__ import annotations

from functools import lru_cache

from newsarchive.replica.catalog import ArticleMeta, Catalog
from newsarchive.replica.model import Block, InlineLink, QuoteBlock, TextBlock
from newsarchive.replica.seed import QUOTE_OPENINGS, seed_page

SEED_LINKS = {
    "International Criminal Court warrant": "https://www.icc-cpi.int/",
    "Comprehensive Nuclear Test Ban Treaty": "https://www.ctbto.org/",
}


def seed_teaser_targets(catalog: Catalog) -> list[int]:
    by_title = {f.title: f.slug for f in catalog.fixed.values()}
    return [catalog.by_slug[by_title[teaser[2]]] for teaser in seed_page().teasers]


def next_index(catalog: Catalog, meta: ArticleMeta) -> int | None:
    if meta.index == catalog.seed_index:
        by_title = {f.title: f.slug for f in catalog.fixed.values()}
        return catalog.by_slug[by_title[seed_page().next_headline]]
    return meta.index - 1 if meta.index > 0 else None


@lru_cache(maxsize=1)
def seed_blocks() -> tuple[Block, ...]:
    blocks: list[Block] = []
    quote: list[tuple[str, ...]] = []
    for line in seed_page().body:
        if line.startswith(QUOTE_OPENINGS):
            quote.append((line,))
            continue
        if quote:
            blocks.append(QuoteBlock(tuple(quote)))
            quote = []
        blocks.append(TextBlock("p", _seed_inlines(line)))
    return tuple(blocks)


def _seed_inlines(line: str) -> tuple:
    for anchor, url in SEED_LINKS.items():
        if anchor in line:
            before, after = line.split(anchor, 1)
            return (before, InlineLink(url, anchor), after)
    return (line,)
