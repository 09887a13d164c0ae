"""Turn whatever the caller has (Scrapy response, parsel Selector, HTML text or bytes)
into one lxml tree, parsed once."""

from __future__ import annotations

import codecs
import re
from typing import Any, AnyStr, NamedTuple

import parsel
from lxml import etree
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
)

from newsarchive.extraction.errors import ParseError
from newsarchive.extraction.hidden import hiding_selectors


def load_root(
    page: Any, *, html_only: bool = True
) -> tuple[etree._Element, str | None]:
    """The document's root element and the URL the page came from (None if unknown).

    A Scrapy response's encoding (header, BOM or `<meta>`) is respected. The tree is
    only read, never modified. With `html_only`, a response whose Content-Type is not
    HTML is refused (a load-more fragment may be served as JavaScript: index parsing
    reads it anyway).
    """
    if isinstance(page, parsel.Selector):
        return _element_of(page), None
    if isinstance(page, str):
        return _parse_text(page), None
    if isinstance(page, (bytes, bytearray, memoryview)):
        return _parse_bytes(bytes(page)), None
    body = getattr(page, "body", None)
    url = getattr(page, "url", None)
    if isinstance(body, bytes) and isinstance(url, str):
        return _response_root(page, body, html_only), url
    raise ParseError(
        f"cannot parse a {type(page).__name__}: pass a Scrapy response, a parsel "
        "Selector, or the page's HTML as str or bytes",
        reason="unsupported_input",
    )


def _response_root(response: Any, body: bytes, html_only: bool) -> etree._Element:
    content_type = _header(response, b"Content-Type").lower()
    is_html = not content_type or "html" in content_type or "xml" in content_type
    if html_only and not is_html:
        raise ParseError(
            f"the response is {content_type!r}, not an HTML page",
            reason="not_html",
        )
    # The body is parsed here even when the response has a selector already: the plain
    # tree is cheaper to read than the `lxml.html` one parsel builds.
    encoding = getattr(response, "encoding", None)
    if isinstance(encoding, str) and not is_utf8(encoding):
        text = getattr(response, "text", None)
        if isinstance(text, str):
            return _parse_text(text)
    return _parse_bytes(body, content_type)


def _header(response: Any, name: bytes) -> str:
    headers = getattr(response, "headers", None)
    try:
        value = headers.get(name) if headers is not None else None
    except (AttributeError, TypeError):
        return ""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value or ""


def _parse_bytes(body: bytes, content_type: str = "") -> etree._Element:
    """Parse bytes in the encoding a BOM, the header or a `<meta charset>` declares
    (UTF-8 otherwise). UTF-8 goes to libxml2 as is, without a Python decode."""
    encoding = (
        read_bom(body)[0]
        or http_content_type_encoding(content_type or None)
        or html_body_declared_encoding(body)
        or "utf-8"
    )
    if is_utf8(encoding):
        return _parse_utf8(body.removeprefix(codecs.BOM_UTF8))
    _encoding, text = html_to_unicode(content_type or None, body)
    return _parse_text(text)


def _parse_text(text: str) -> etree._Element:
    # Cut the big inline CSS before encoding: most of a page's bytes are in it.
    return _parse_utf8(without_style_text(text).encode("utf-8", errors="replace"))


def _parse_utf8(body: bytes) -> etree._Element:
    """A plain lxml tree (no `lxml.html` element classes: their per-node Python lookup
    costs more than the extraction itself on a big page)."""
    if b"\x00" in body:
        body = body.replace(b"\x00", b"")
    body = without_style_text(body)
    check_attribute_limit(body)
    root = _libxml2_parse(body)
    if root is _ENCODING_ERROR:
        # Invalid UTF-8: decode with replacement characters, as browsers show it.
        body = body.decode("utf-8", errors="replace").encode("utf-8")
        root = _libxml2_parse(body)
    return root


MAX_ELEMENT_ATTRIBUTES = 10_000
"""libxml2 checks each new attribute against the element's others, so an element's cost
grows with the square of its attribute count (20,000: 1.6 s; 200,000: minutes). Real
elements have tens; a page with an element above this limit is refused."""
# A tag with that many attributes is at least this long; shorter runs are not counted.
_LONG_TAG = re.compile(rb"<[A-Za-z][^<]{%d,}" % (2 * MAX_ELEMENT_ATTRIBUTES))
_TAG_NAME = re.compile(rb"[^\s/>]*")
_ATTRIBUTE = re.compile(
    rb"""[\s/]*[^\s/>"'=<]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?"""
)


def check_attribute_limit(body: bytes) -> None:
    """Raise `ParseError` (reason `too_many_attributes`) when an element of the page
    has more than `MAX_ELEMENT_ATTRIBUTES` attributes. One pass over the page: only
    tags followed by a long run without a `<` are counted, each up to its `>`."""
    for run in _LONG_TAG.finditer(body):
        position = _TAG_NAME.match(body, run.start() + 1).end()  # type: ignore[union-attr]
        count = 0
        while (
            attribute := _ATTRIBUTE.match(body, position)
        ) and attribute.end() > position:
            count += 1
            if count > MAX_ELEMENT_ATTRIBUTES:
                raise ParseError(
                    f"an element has more than {MAX_ELEMENT_ATTRIBUTES:,} attributes "
                    "(MAX_ELEMENT_ATTRIBUTES): the page is not parsed",
                    reason="too_many_attributes",
                )
            position = attribute.end()


_ENCODING_ERROR = object()
_ENCODING_ERROR_TYPES = frozenset(
    {etree.ErrorTypes.ERR_INVALID_CHAR, etree.ErrorTypes.ERR_INVALID_ENCODING}
)


def _libxml2_parse(body: bytes) -> Any:
    # One parser per call: lxml parsers must not be shared between threads.
    # Comments and ids are never read: dropping them at parse time is cheaper.
    parser = etree.HTMLParser(
        recover=True,
        encoding="utf-8",
        huge_tree=True,
        collect_ids=False,
        remove_comments=True,
        remove_pis=True,
    )
    root = None
    if body.strip():
        try:
            root = etree.fromstring(body, parser)
        except etree.XMLSyntaxError:
            root = None
    if any(error.type in _ENCODING_ERROR_TYPES for error in parser.error_log):
        return _ENCODING_ERROR
    return root if root is not None else etree.fromstring(b"<html/>", parser)


_BIG_STYLE_BYTES = 1024


def without_style_text(body: AnyStr) -> AnyStr:
    """The page (bytes or str) with the text of its big inline `<style>` blocks removed.

    RebelMouse pages carry hundreds of KB of inline CSS that no field reads; cutting it
    out with `find` before libxml2 sees it makes parsing several times faster. A
    block is only cut when its text has no "<" at all, so a `<style` inside a script or
    a comment can never swallow markup.
    """
    marks = _BYTE_MARKS if isinstance(body, bytes) else _TEXT_MARKS
    pieces: list[AnyStr] = []
    cut: list[tuple[int, int]] = []
    kept_from = position = 0
    while (opened := body.find(marks.open_tag, position)) >= 0:
        tag_end = body.find(marks.gt, opened)
        # The first "<" after the opening tag is the closing tag when the CSS is pure.
        closed = body.find(marks.lt, tag_end) if tag_end >= 0 else -1
        if closed < 0:
            break
        if (
            body.startswith(marks.close_tag, closed)
            and body[opened + 6 : opened + 7] in marks.after_name
            and closed - tag_end > _BIG_STYLE_BYTES
        ):
            pieces.append(body[kept_from : tag_end + 1])
            cut.append((tag_end + 1, closed))
            kept_from = closed
        position = closed + 1
    if not pieces:
        return body
    pieces.append(body[kept_from:])
    if _SECTION_LINES[isinstance(body, bytes)] in marks.empty.join(pieces):
        # Section links may be hidden by a rule of the cut CSS (docs/design/
        # real-markup-notes.md §7): keep the hiding rules, and only on such pages.
        for number, (start, end) in enumerate(cut):
            rules = [s + marks.hiding for s in hiding_selectors(body[start:end])]
            pieces[number] += marks.empty.join(rules)
    return marks.empty.join(pieces)


class _Marks(NamedTuple):
    open_tag: Any
    close_tag: Any
    gt: Any
    lt: Any
    after_name: tuple[Any, ...]
    empty: Any
    hiding: Any


_BYTE_MARKS = _Marks(
    b"<style", b"</style>", b">", b"<", (b">", b" ", b"\t", b"\n", b"\r"), b"",
    b"{display:none}",
)  # fmt: skip
_TEXT_MARKS = _Marks(
    "<style", "</style>", ">", "<", (">", " ", "\t", "\n", "\r"), "", "{display:none}"
)  # fmt: skip
_SECTION_LINES = {True: b"all-related-sections", False: "all-related-sections"}


def is_utf8(encoding: str) -> bool:
    """Whether the parsers read a page in `encoding` as UTF-8 bytes (an unknown name
    too), rather than decoding it first."""
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return True  # an unknown declared charset: read it as UTF-8


def _element_of(selector: parsel.Selector) -> etree._Element:
    root = selector.root
    if not isinstance(root, etree._Element):
        raise ParseError(
            "the selector points at text, not at an HTML element", reason="not_html"
        )
    return root
