"""Is an element hidden by the page? RebelMouse hides some of the links it renders in
`div.all-related-sections` (docs/design/real-markup-notes.md §7, "Section label may not be
`a.widget__section`"): by an inline style, the `hidden` attribute, or a class that a rule of
the page's own `<style>` sets to `display:none`.

Only unconditional rules count (not those inside `@media` or `@supports`): a link hidden on
narrow screens only is still the page's section on a desktop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import AnyStr

from cssselect import GenericTranslator, SelectorError
from lxml import etree

_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|visibility\s*:\s*collapse",
    re.IGNORECASE,
)
# How stylesheets spell a hiding declaration. Literal searches: a regex (let alone an
# alternation or IGNORECASE) scans a 500 KB stylesheet several times slower.
_HIDING_SPELLINGS = (
    "display:none", "display: none", "visibility:hidden", "visibility: hidden",
)  # fmt: skip
_HIDING_BYTES = tuple(spelling.encode() for spelling in _HIDING_SPELLINGS)
_CLASS = re.compile(r"\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)")


class HiddenRules:
    """The page's `display:none` rules, read once from its `<style>` elements (lazily:
    most pages never ask)."""

    def __init__(self, styles: Iterable[etree._Element]) -> None:
        self._styles = list(styles)
        self._rules: dict[str | None, list[tuple[frozenset[str], str]]] | None = None
        self._matched: dict[str, set[etree._Element]] = {}
        """Selector -> the elements it matches (each selector is run once per page)."""
        self._classes_above: dict[etree._Element, frozenset[str]] = {}
        """Element -> the classes of it and its ancestors (asked once per section line)."""

    def hides(
        self, element: etree._Element, up_to: etree._Element | None = None
    ) -> bool:
        """True when the element, or an ancestor up to (and including) `up_to`, is hidden."""
        chain = [element]
        if up_to is not None and up_to is not element:
            for ancestor in element.iterancestors():
                chain.append(ancestor)
                if ancestor is up_to:
                    break
        if any(_hidden_inline(node) for node in chain):
            return True
        rules = self._read_rules()
        if not rules:
            return False
        # A descendant/child selector can only match when every class it names is on
        # the element or one of its ancestors: a cheap filter before the exact match.
        around = set(self._classes_from(chain[-1]))
        for node in chain[:-1]:
            around.update((node.get("class") or "").split())
        for key in (None, *around):
            for needed, selector in rules.get(key, ()):
                if needed <= around:
                    matched = self._matches(element, selector)
                    if any(node in matched for node in chain):
                        return True
        return False

    def _classes_from(self, element: etree._Element) -> frozenset[str]:
        if element not in self._classes_above:
            found = set((element.get("class") or "").split())
            for ancestor in element.iterancestors():
                found.update((ancestor.get("class") or "").split())
            self._classes_above[element] = frozenset(found)
        return self._classes_above[element]

    def _matches(self, element: etree._Element, selector: str) -> set[etree._Element]:
        if selector not in self._matched:
            compiled = _xpath(selector)
            try:
                found = compiled(element.getroottree()) if compiled is not None else []
            except etree.XPathError:  # a selector libxml2 cannot evaluate: no match
                found = []
            self._matched[selector] = set(found)
        return self._matched[selector]

    def _read_rules(self) -> dict[str | None, list[tuple[frozenset[str], str]]]:
        """Rules by the first class their selector names (None: names no class), so a
        check looks only at rules whose classes the element's ancestry can have."""
        if self._rules is None:
            self._rules = {}
            for style in self._styles:
                for key, rules in _rules_by_first_class("".join(style.itertext())):
                    self._rules.setdefault(key, []).extend(rules)
        return self._rules


@lru_cache(maxsize=64)
def _rules_by_first_class(
    css: str,
) -> tuple[tuple[str | None, tuple[tuple[frozenset[str], str], ...]], ...]:
    """A stylesheet's hiding rules grouped by the first class each names. Memoised: the
    pages of one site share their stylesheet, so this is read once per crawl, not per page."""
    grouped: dict[str | None, list[tuple[frozenset[str], str]]] = {}
    for needed, selector in _hiding_rules(css):
        first = _CLASS.search(selector)
        grouped.setdefault(first.group(1) if first else None, []).append(
            (needed, selector)
        )
    return tuple((key, tuple(rules)) for key, rules in grouped.items())


def _hidden_inline(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style) and _HIDING.search(style) is not None


def hiding_selectors(css: AnyStr) -> list[AnyStr]:
    """The selectors of a stylesheet's unconditional hiding rules, in order. Fast enough
    to run on every page's inline style (the document loader keeps only these rules)."""
    text = isinstance(css, str)
    open_brace, close_brace = ("{", "}") if text else (b"{", b"}")
    found_at = []
    for spelling in _HIDING_SPELLINGS if text else _HIDING_BYTES:
        position = css.find(spelling)
        while position >= 0:
            found_at.append(position)
            position = css.find(spelling, position + 1)
    found_at.sort()
    selectors: list[AnyStr] = []
    for position in found_at:
        brace = css.rfind(open_brace, 0, position)
        if brace < 0 or css.rfind(close_brace, brace, position) >= 0:
            continue
        start = max(css.rfind(open_brace, 0, brace), css.rfind(close_brace, 0, brace))
        if start >= 0 and css[start : start + 1] == open_brace:
            continue  # nested in an at-rule (@media, @supports): conditional
        selectors.append(css[start + 1 : brace].strip())
    return selectors


def _hiding_rules(css: str) -> list[tuple[frozenset[str], str]]:
    """(classes the selector names, selector) of each unconditional hiding rule."""
    rules = []
    for group in hiding_selectors(css):
        for selector in group.split(","):
            selector = selector.strip()
            if selector and not selector.startswith("@"):
                rules.append((frozenset(_CLASS.findall(selector)), selector))
    return rules


@lru_cache(maxsize=4096)
def _xpath(selector: str) -> etree.XPath | None:
    try:
        return etree.XPath(GenericTranslator().css_to_xpath(selector))
    except (SelectorError, etree.XPathSyntaxError):
        return None
