"""Text helpers shared by the page parsers: whitespace squeezing and block text.

The parsers read lxml elements directly (not per-node parsel Selectors): it is the hot
path of every crawl, and a plain tree walk is several times cheaper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urljoin

from lxml import etree

# Elements whose text is never visible prose.
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "iframe"})


def squeeze(value: str | None) -> str:
    """Collapse runs of whitespace (Unicode whitespace, as `str.split` sees it, so the
    no-break space too) to one space and trim. Characters are never normalised."""
    if not value:
        return ""
    return " ".join(value.split())


def squeeze_or_none(value: str | None) -> str | None:
    """`squeeze`, with an empty result as None."""
    return squeeze(value) or None


def classes(element: etree._Element) -> list[str]:
    """The element's class tokens."""
    value = element.get("class")
    return value.split() if value else []


def has_class(element: etree._Element, name: str) -> bool:
    value = element.get("class")
    return bool(value) and name in value.split()


def tag_of(element: object) -> str:
    """Lower-case tag name; "" for comments and processing instructions."""
    tag = getattr(element, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


def class_xpath(name: str) -> str:
    """An XPath predicate matching one class token."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def iter_text(
    element: etree._Element, skip: Callable[[etree._Element], bool] | None = None
) -> Iterator[str]:
    """The element's text in document order, leaving out invisible and skipped subtrees
    (the element's own tail excluded). Iterative: hostile pages nest thousands deep."""
    if element.text:
        yield element.text
    # Each entry is a child iterator; a string is a tail waiting for its turn.
    stack: list = [iter(element)]
    while stack:
        top = stack[-1]
        if isinstance(top, str):
            stack.pop()
            yield top
            continue
        child = next(top, None)
        if child is None:
            stack.pop()
            continue
        if child.tail:
            stack.append(child.tail)
        tag = tag_of(child)
        if not tag or tag in INVISIBLE_TAGS or (skip is not None and skip(child)):
            continue
        if tag == "br":
            yield " "
            continue
        if child.text:
            yield child.text
        stack.append(iter(child))


# Tags whose text needs the slow walk: invisible ones, and `br` (a line break: a space).
_SLOW_TEXT_TAGS = (*INVISIBLE_TAGS, "br")


def text_of(
    element: etree._Element | None, skip: Callable[[etree._Element], bool] | None = None
) -> str:
    """Visible text of an element, whitespace squeezed ("" for None)."""
    if element is None:
        return ""
    if len(element) == 0:
        return squeeze(element.text)
    if skip is None and next(element.iter(*_SLOW_TEXT_TAGS), None) is None:
        return squeeze("".join(element.itertext()))  # C-level walk: the common case
    return squeeze("".join(iter_text(element, skip)))


def absolute(base_url: str, href: str | None) -> str | None:
    """`href` resolved against the page URL; None for empty, `#...` or script links."""
    if href is None:
        return None
    href = href.strip()
    if not href or href.startswith("#") or href[:11].lower() == "javascript:":
        return None
    if href.startswith(("https://", "http://")) and "/." not in href:
        return href  # already absolute (urljoin is slow, and a page has many links)
    try:
        return urljoin(base_url, href)
    except ValueError:  # malformed IPv6 host and the like: not a usable link
        return None


Parts = dict[str, list[etree._Element]]
"""Elements of a block by class (or tag) name, each list in document order."""


def first_text(parts: Parts, *names: str) -> str:
    """The first non-empty text among the elements of the named classes."""
    for name in names:
        for element in parts.get(name, ()):
            text = text_of(element)
            if text:
                return text
    return ""


def index_by_class(
    element: etree._Element, wanted: frozenset[str], tags: frozenset[str] = frozenset()
) -> Parts:
    """Descendants (and the element) with each wanted class or tag, in document order.

    One Python pass over a block: cheaper than one class-matching XPath per field.
    """
    found: Parts = {}
    # A page repeats the same class attributes on many elements: each distinct one is
    # split and matched once (this pass is a quarter of the parser's time).
    matched = _MATCHED_CLASSES.setdefault(wanted, {})
    for node in element.iter(etree.Element):
        if node.tag in tags:
            found.setdefault(node.tag, []).append(node)
        value = node.get("class")
        if value:
            tokens = matched.get(value)
            if tokens is None:
                tokens = tuple(token for token in value.split() if token in wanted)
                if len(matched) < _MATCHED_CLASSES_MAX:
                    matched[value] = tokens
            for token in tokens:
                found.setdefault(token, []).append(node)
    return found


# wanted classes -> {class attribute -> the wanted classes in it}; a memo (the result
# depends on the arguments only), bounded so odd pages can't grow it without end.
_MATCHED_CLASSES: dict[frozenset[str], dict[str, tuple[str, ...]]] = {}
_MATCHED_CLASSES_MAX = 20_000
