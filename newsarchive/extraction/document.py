"""Turn whatever the caller has (Scrapy response, parsel Selector, HTML text or bytes)
into one lxml tree, parsed once."""

from __future__ import annotations

import codecs
from typing import Any

import parsel
from lxml import etree
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
)

from newsarchive.extraction.errors import ParseError


def load_root(page: Any, *, html_only: bool = True) -> tuple[etree._Element, str | None]:
    """The document's root element and the URL the page came from (None if unknown).

    A Scrapy `TextResponse` reuses its cached selector, so a spider that already looked
    at the page does not parse it twice. The tree is only read, never modified. With
    `html_only`, a response whose Content-Type is not HTML is refused (a load-more
    fragment may be served as JavaScript: index parsing reads it anyway).
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
    selector = getattr(response, "selector", None) if is_html else None
    if isinstance(selector, parsel.Selector) and selector.type == "html":
        return _element_of(selector)
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
    if _is_utf8(encoding):
        body = body.removeprefix(codecs.BOM_UTF8)
        try:
            body.decode("utf-8")  # libxml2 stops at the first invalid byte: check first
        except UnicodeDecodeError:
            return _parse_text(body.decode("utf-8", errors="replace"))
        return _parse_utf8(body)
    _encoding, text = html_to_unicode(content_type or None, body)
    return _parse_text(text)


def _parse_text(text: str) -> etree._Element:
    return _parse_utf8(text.encode("utf-8", errors="replace"))


def _parse_utf8(body: bytes) -> etree._Element:
    """A plain lxml tree (no `lxml.html` element classes: their per-node Python lookup
    costs more than the extraction itself on a big page)."""
    if b"\x00" in body:
        body = body.replace(b"\x00", b"")
    # One parser per call: lxml parsers must not be shared between threads.
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    root = None
    if body.strip():
        try:
            root = etree.fromstring(body, parser)
        except etree.XMLSyntaxError:
            root = None
    return root if root is not None else etree.fromstring(b"<html/>", parser)


def _is_utf8(encoding: str) -> bool:
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
