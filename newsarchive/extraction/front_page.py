"""`placements`: which articles an index page shows, where, and as what.

Each article teaser of a home or section page becomes one `Placement`: its 1-based
position in reading order over the whole page, the block it sits in (the lead story, the
river of newest posts, a sidebar box such as LATEST or QIOSK), and the headline and image
the page shows for it (a front page can retitle a story). RebelMouse names its blocks by
CSS class and its sidebar boxes by their heading (docs/design/real-markup-notes.md §2,
docs/design/decisions.md 9); `BLOCK_CLASSES` maps the names seen to stable ones.

Linear in the size of the page: each element's block is worked out once (memoised up
the ancestor chain), and each (block, article) pair is kept once.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from newsarchive.extraction.images import image_url
from newsarchive.extraction.text import squeeze, text_of
from newsarchive.items import Placement

BLOCK_CLASSES = {
    "lead-story": "lead",
    "top-story": "lead",
    "featured-post": "lead",
    "hero-post": "lead",
    "posts-list": "river",
    "posts-wrapper": "river",
    "section-river": "river",
    "editors-picks": "editors_picks",
    "read_also_posts": "related",
}
"""Class token of a block's container -> the block's stable name."""
BOX_CLASSES = frozenset({"sidebar__box"})
"""Containers named by their heading (`h2`/`h3`/`h4` or `.sidebar__title`)."""
OTHER_BLOCK = "other"
"""Article links outside any known block (navigation, footer)."""


class _Block:
    __slots__ = ("name", "raw")

    def __init__(self, name: str, raw: str) -> None:
        self.name, self.raw = name, raw


_NO_BLOCK = _Block(OTHER_BLOCK, "")


class _Found:
    __slots__ = ("block", "headline", "headline_from_class", "image_url", "url")

    def __init__(self, block: _Block, url: str) -> None:
        self.block, self.url = block, url
        self.headline: str | None = None
        self.image_url: str | None = None
        self.headline_from_class = False


def placements(
    links: Iterable[tuple[etree._Element, str]], base_url: str
) -> list[Placement]:
    """The placements of the page's article links: `links` are (element, absolute
    article URL) in document order."""
    blocks: dict[etree._Element, _Block] = {}
    found: dict[tuple[int, str], _Found] = {}
    for link, url in links:
        block = _block_of(link, blocks)
        key = (id(block), url)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = _Found(block, url)
        _read_link(entry, link, base_url)
    return [
        Placement(
            position=position,
            block=entry.block.name,
            block_raw=entry.block.raw,
            url=entry.url,
            headline=entry.headline,
            image_url=entry.image_url,
        )
        for position, entry in enumerate(found.values(), start=1)
    ]


def _read_link(entry: _Found, link: etree._Element, base_url: str) -> None:
    classes = (link.get("class") or "").split()
    from_class = "widget__headline-text" in classes
    if entry.headline is None or (from_class and not entry.headline_from_class):
        text = text_of(link) or None
        if text is not None:
            entry.headline, entry.headline_from_class = text, from_class
    if entry.image_url is None:
        img = next(link.iter("img"), None)
        if img is not None:
            entry.image_url = image_url(img, base_url)


def _block_of(element: etree._Element, blocks: dict[etree._Element, _Block]) -> _Block:
    """The nearest enclosing block; every ancestor walked is memoised, so the whole
    page costs one walk up each element."""
    walked: list[etree._Element] = []
    block = _NO_BLOCK
    node: etree._Element | None = element.getparent()
    while node is not None:
        known = blocks.get(node)
        if known is not None:
            block = known
            break
        named = _named_block(node)
        walked.append(node)
        if named is not None:
            block = named
            break
        node = node.getparent()
    for node in walked:
        blocks[node] = block
    return block


def _named_block(element: etree._Element) -> _Block | None:
    value = element.get("class")
    if not value:
        return None
    tokens = value.split()
    for token in tokens:
        name = BLOCK_CLASSES.get(token)
        if name is not None:
            return _Block(name, token)
    if not BOX_CLASSES.isdisjoint(tokens):
        heading = next((h for h in element.iter("h2", "h3", "h4") if text_of(h)), None)
        raw = text_of(heading) if heading is not None else ""
        return _Block(_normalise(raw) or "box", raw)
    return None


def _normalise(label: str) -> str:
    """`LATEST` -> `latest`, `QiOSK` -> `qiosk`, `Editors' picks` -> `editors_picks`."""
    words = "".join(c if c.isalnum() else " " for c in squeeze(label).casefold())
    return "_".join(words.split())
