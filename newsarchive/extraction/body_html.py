"""`body_html`: the primary body's markup without scripts, comments and credit lines."""

from __future__ import annotations

import copy

from lxml import etree

from newsarchive.extraction.images import is_credit_line
from newsarchive.extraction.text import absolute, text_of

_REMOVE_TAGS = ("script", "style", "noscript", "template")
_LINK_ATTRIBUTES = ("href", "src", "data-runner-src")


def clean_body_html(body_description: etree._Element | None, base_url: str) -> str:
    """A copy of the body with links made absolute. Embeds and images stay
    (docs/design/decisions.md 3); the page's own tree is never modified."""
    if body_description is None:
        return ""
    body = copy.deepcopy(body_description)
    body.tail = None
    doomed = [
        element
        for element in body.iter()
        if not isinstance(element.tag, str)  # comments, processing instructions
        or element.tag in _REMOVE_TAGS
        or (element.tag == "p" and _is_credit_paragraph(element))
    ]
    for element in doomed:
        _drop(element)
    for element in body.iter():
        if isinstance(element.tag, str):
            for attribute in _LINK_ATTRIBUTES:
                value = element.get(attribute)
                if value and not value.startswith("data:"):
                    element.set(attribute, absolute(base_url, value) or value)
    return etree.tostring(body, encoding="unicode", method="html").strip()


def _is_credit_paragraph(paragraph: etree._Element) -> bool:
    # Credit lines are plain text: look at the leading text before walking the subtree.
    lead = paragraph.text or ""
    if lead.strip():
        return is_credit_line(lead)
    return len(paragraph) > 0 and is_credit_line(text_of(paragraph))


def _drop(element: etree._Element) -> None:
    """Remove an element but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
