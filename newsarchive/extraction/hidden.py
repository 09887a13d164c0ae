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
# One case-sensitive pattern each: an alternation or IGNORECASE makes `re` scan a
# 500 KB stylesheet twenty times slower, and stylesheets write these in lower case.
_HIDING_IN_CSS = tuple(
    (re.compile(p), re.compile(p.encode()))
    for p in (r"display\s*:\s*none", r"visibility\s*:\s*(?:hidden|collapse)")
)
_CLASS = re.compile(r"\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)")


class HiddenRules:
    """The page's `display:none` rules, read once from its `<style>` elements (lazily:
    most pages never ask)."""

    def __init__(self, styles: Iterable[etree._Element]) -> None:
        self._styles = list(styles)
        self._rules: list[tuple[frozenset[str], str]] | None = None

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
        return any(self._hidden_by_style(node) for node in chain)

    def _hidden_by_style(self, element: etree._Element) -> bool:
        rules = self._read_rules()
        if not rules:
            return False
        # A descendant/child selector can only match when every class it names is on
        # the element or one of its ancestors: a cheap filter before the exact match.
        around = set((element.get("class") or "").split())
        for ancestor in element.iterancestors():
            around.update((ancestor.get("class") or "").split())
        for needed, selector in rules:
            if needed <= around and _matches(element, selector):
                return True
        return False

    def _read_rules(self) -> list[tuple[frozenset[str], str]]:
        if self._rules is None:
            self._rules = [
                rule
                for style in self._styles
                for rule in _hiding_rules("".join(style.itertext()))
            ]
        return self._rules


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
    found_at = sorted(
        match.start()
        for patterns in _HIDING_IN_CSS
        for match in patterns[0 if text else 1].finditer(css)
    )
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


def _matches(element: etree._Element, selector: str) -> bool:
    compiled = _xpath(selector)
    if compiled is None:
        return False
    return any(found is element for found in compiled(element.getroottree()))
