"""The article body: text blocks, in-body links and credit lines (docs/design/decisions.md 3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from newsarchive.extraction.images import is_credit_line
from newsarchive.extraction.text import (
    INVISIBLE_TAGS,
    absolute,
    squeeze,
    tag_of,
    text_of,
)
from newsarchive.items import Link

BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li"})
_LISTS = frozenset({"ul", "ol"})
# Subtrees inside the body that are not article text.
NOT_BODY_TAGS = INVISIBLE_TAGS | {
    "img", "picture", "svg", "video", "audio", "object", "embed", "figure",
    "button", "form", "nav", "aside", "footer", "input", "select", "textarea",
}  # fmt: skip
NOT_BODY_CLASSES = frozenset(
    {
        "shortcode-media", "rm-embed", "embed-media", "twitter-tweet",
        "instagram-media", "around-the-web", "rebellt-item", "post-pager",
        "js-listicle-pager", "post-author-list", "social-author", "social-author__bio",
        "photo-credit", "photo-caption", "media-photo-credit", "media-caption",
        "image-media", "article__comments", "talk-comments-wrp", "widget__show-more",
        "read-more", "show-less", "google-preferred-source-cta", "social-follow",
        "tags", "rm-lead-image",
    }
)  # fmt: skip


@dataclass(kw_only=True)
class Body:
    blocks: list[str] = field(default_factory=list)
    outlinks: list[Link] = field(default_factory=list)
    credit_lines: list[str] = field(default_factory=list)
    """Paragraphs such as "Top image credit: ..." taken out of the text."""

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)


def is_not_body(element: etree._Element) -> bool:
    tag = tag_of(element)
    if not tag or tag in NOT_BODY_TAGS:
        return True
    value = element.get("class")
    return bool(value) and not NOT_BODY_CLASSES.isdisjoint(value.split())


def read_body(body_description: etree._Element | None, base_url: str) -> Body:
    body = Body()
    if body_description is not None:
        _walk(body_description, body, base_url)
    return body


def _walk(container: etree._Element, body: Body, base_url: str) -> None:
    for child in container:
        if is_not_body(child):
            continue
        tag = child.tag.lower()
        if tag in BLOCK_TAGS:
            _emit(child, body, base_url)
        elif _has_blocks(child):
            _walk(child, body, base_url)
        else:  # a bare container of inline text: one block
            _emit(child, body, base_url)


def _has_blocks(element: etree._Element) -> bool:
    return next(element.iter(*BLOCK_TAGS), None) is not None


def _emit(block: etree._Element, body: Body, base_url: str) -> None:
    if _is_plain(block):  # the common case: text and inline links, read in C
        text = squeeze("".join(block.itertext()))
        if text and not _take_credit_line(text, body):
            body.blocks.append(text)
            for link in block.iter("a"):
                _add_link(link, squeeze("".join(link.itertext())), body, base_url)
        return
    nested_lists = block.tag.lower() == "li" and any(
        tag_of(child) in _LISTS for child in block
    )
    skip = _skip_nested_lists if nested_lists else is_not_body
    text = text_of(block, skip)
    if text and not _take_credit_line(text, body):
        body.blocks.append(text)
        _collect_links(block, body, base_url, skip)
    if nested_lists:
        for child in block:
            if tag_of(child) in _LISTS:
                _walk(child, body, base_url)


def _is_plain(block: etree._Element) -> bool:
    """No descendant that the text must leave out (scripts, embeds, credit smalls,
    `br`, nested lists), so the C-level `itertext` reads it right."""
    for node in block.iterdescendants():
        tag = node.tag
        if not isinstance(tag, str):
            continue  # comments: itertext skips them too
        if tag in NOT_BODY_TAGS or tag in _LISTS or tag == "br":
            return False
        value = node.get("class")
        if value and not NOT_BODY_CLASSES.isdisjoint(value.split()):
            return False
    return True


def _take_credit_line(text: str, body: Body) -> bool:
    """A "Top image credit: ..." paragraph is not body text: keep it aside."""
    if is_credit_line(text):
        body.credit_lines.append(text)
        return True
    return False


def _add_link(link: etree._Element, text: str, body: Body, base_url: str) -> None:
    url = absolute(base_url, link.get("href"))
    if url:
        body.outlinks.append(Link(url=url, text=text))


def _skip_nested_lists(element: etree._Element) -> bool:
    return tag_of(element) in _LISTS or is_not_body(element)


def _collect_links(block: etree._Element, body: Body, base_url: str, skip) -> None:
    stack = [block]
    while stack:
        element = stack.pop()
        if element.tag == "a":
            _add_link(element, text_of(element, skip), body, base_url)
            continue
        # Reversed so the stack pops children in document order.
        stack.extend(
            child for child in reversed(element) if tag_of(child) and not skip(child)
        )
