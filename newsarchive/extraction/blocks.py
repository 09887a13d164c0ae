"""Find the blocks of an article page once, so each field reads only its own block.

RebelMouse renders one post in several `article` blocks (header; body and tags; author
bio), then related teasers and a next-article preview. Reading a field from the wrong
block duplicates authors or mixes teaser text into the body, so every field extractor
gets the block it needs from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from newsarchive.extraction.text import Parts, classes, has_class, index_by_class

# The classes (and tags) the blocks are found by. One pass over the elements collects
# them all: cheaper than an XPath per block on a page with a huge inline style.
MARKERS = frozenset(
    {
        "posts-wrapper", "post-partial", "body-description", "tags", "post-author-list",
        "read_also_posts", "next-page-wrapper", "widget", "photo-caption", "photo-credit",
    }
)  # fmt: skip
MARKER_TAGS = frozenset({"h1", "body", "style"})
# What the header-block fields read (one pass over the header serves them all).
HEADER_CLASSES = frozenset(
    {
        "widget__subheadline", "widget__subheadline-text", "widget__section-line",
        "all-related-sections", "widget__section", "social-author__name",
        "social-date__text", "social-date-modified__text", "rm-hero-media",
        "rm-lead-image", "photo-caption", "photo-credit",
    }
)  # fmt: skip
# Areas that are never the post itself: teasers, the next-article preview, sidebars.
_OUTSIDE_CLASSES = frozenset({"read_also_posts", "next-page-wrapper"})
_OUTSIDE_TAGS = frozenset({"aside", "footer"})


@dataclass(kw_only=True)
class Blocks:
    root: etree._Element
    title: etree._Element | None
    """The first `h1` of the post."""
    header: etree._Element
    """The header `article` (title, subtitle, section, byline, date, hero image)."""
    header_parts: Parts
    """The header's elements by `HEADER_CLASSES` class."""
    body_description: etree._Element | None
    """The primary `.body-description` (the article text)."""
    body: etree._Element | None
    """The `.body` around it, which also holds an audio embed and related boxes."""
    tags: etree._Element | None
    author_list: etree._Element | None
    teasers: list[etree._Element]
    """Every related-article widget of every teaser list (foot, sidebar), page order."""
    next_wrapper: etree._Element | None
    detached_caption: etree._Element | None
    """The hero's `.photo-caption` when it stands away from the hero (old posts: at the
    foot of the post), None when it is in the header or absent."""
    detached_credit: etree._Element | None
    styles: list[etree._Element]
    """The page's `<style>` elements (what hides a section link)."""


def find_blocks(root: etree._Element, found: Parts | None = None) -> Blocks:
    """The page's blocks. `found`: the document indexed with `MARKERS` and
    `MARKER_TAGS` already (else it is indexed here)."""
    if found is None:
        found = index_by_class(root, MARKERS, MARKER_TAGS)
    title = _first_in_post(found, "h1")
    body_description = _first_in_post(found, "body-description")
    header = _enclosing_article(title) if title is not None else None
    header = _first_present(header, _first(found.get("body", [])), root)
    header_parts = index_by_class(header, HEADER_CLASSES)
    in_header = bool(
        header_parts.get("photo-caption") or header_parts.get("photo-credit")
    )
    return Blocks(
        root=root,
        title=title,
        header=header,
        header_parts=header_parts,
        body_description=body_description,
        body=_enclosing_body(body_description),
        tags=_first_in_post(found, "tags"),
        author_list=_first_in_post(found, "post-author-list"),
        teasers=_teaser_widgets(found),
        next_wrapper=_first(found.get("next-page-wrapper", [])),
        detached_caption=None if in_header else _post_element(found, "photo-caption"),
        detached_credit=None if in_header else _post_element(found, "photo-credit"),
        styles=found.get("style", []),
    )


def _teaser_widgets(found: Parts) -> list[etree._Element]:
    """Outermost `.widget`s that are not the post: those of `.read_also_posts` wherever
    it is, and any other outside the post and the next-article preview (a sidebar's
    related list). Whether one is a teaser (has a link) is the teaser reader's call."""
    areas = found.get("read_also_posts", [])
    wrappers = found.get("posts-wrapper", []) + found.get("post-partial", [])
    nexts = found.get("next-page-wrapper", [])
    chosen: list[etree._Element] = []
    for widget in found.get("widget", []):
        if has_class(widget, "post-partial"):
            continue
        if chosen and any(a is chosen[-1] for a in widget.iterancestors()):
            continue  # nested in the widget before it
        ancestors = list(widget.iterancestors())
        in_area = any(a is area for area in areas for a in ancestors)
        in_post = any(a is w for w in wrappers for a in ancestors)
        in_next = any(a is n for n in nexts for a in ancestors)
        if in_area or not (in_post or in_next):
            chosen.append(widget)
    return chosen


def _post_element(found: Parts, key: str) -> etree._Element | None:
    """The first `key` element inside the post, never one of a teaser widget."""
    wrappers = found.get("posts-wrapper", []) + found.get("post-partial", [])
    for element in found.get(key, []):
        ancestors = list(element.iterancestors())
        if not any(a is w for w in wrappers for a in ancestors):
            continue
        if any(
            has_class(a, "widget") and not has_class(a, "post-partial")
            for a in ancestors
        ):
            continue
        if not _outside_post(element):
            return element
    return None


def _first_in_post(
    found: dict[str, list[etree._Element]], key: str
) -> etree._Element | None:
    """The first `key` element inside the post wrapper, else the first outside the
    teaser, next-article and sidebar areas."""
    candidates = found.get(key, [])
    wrappers = found.get("posts-wrapper", []) + found.get("post-partial", [])
    for element in candidates:
        if any(_is_inside(element, wrapper) for wrapper in wrappers):
            return element
    for element in candidates:
        if not _outside_post(element):
            return element
    return None


def _is_inside(element: etree._Element, container: etree._Element) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def _outside_post(element: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in _OUTSIDE_TAGS or not _OUTSIDE_CLASSES.isdisjoint(
            classes(ancestor)
        ):
            return True
    return False


def _first(elements: list) -> etree._Element | None:
    return elements[0] if elements else None


def _first_present(*elements: etree._Element | None) -> etree._Element:
    return next(element for element in elements if element is not None)


def _enclosing_article(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if ancestor.tag == "article" or has_class(ancestor, "post-partial"):
            return ancestor
    return None


def _enclosing_body(body_description: etree._Element | None) -> etree._Element | None:
    if body_description is None:
        return None
    for ancestor in body_description.iterancestors():
        if has_class(ancestor, "body"):
            return ancestor
        if ancestor.tag == "article":
            break
    return body_description
