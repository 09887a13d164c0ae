"""The faulty versions of replica pages: pure functions from the healthy bytes.

Each transform mimics one way the real site goes wrong (see `faults.FAULT_KINDS`); none
does I/O, so tests call them directly. The server applies them (`fault_server.py`).
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from urllib.parse import urlsplit

from newsarchive.replica.fault_kinds import GHOST_SUFFIX

UNREADABLE_DATE = "sometime last spring"

_JSON_LD = re.compile(rb'<script type="application/ld\+json">.*?</script>', re.DOTALL)
_CLASS = re.compile(rb'class="([^"]*)"')
_FIRST_H1 = re.compile(rb"(<h1\b[^>]*>).*?(</h1>)", re.DOTALL)
_JSON_LD_DATE = re.compile(rb'("date(?:Published|Modified)": ")[^"]*(")')
_JSON_LD_DATE_KEY = re.compile(rb', "date(?:Published|Modified)": "[^"]*"')
_META_DATE = re.compile(
    rb'(<meta (?:name|property)="article:(?:published|modified)_time" content=")[^"]*(")'
)
_META_DATE_TAG = re.compile(
    rb'<meta (?:name|property)="article:(?:published|modified)_time" content="[^"]*">'
)
_VISIBLE_DATE = re.compile(
    rb'(<span class="social-date(?:-modified)?__text">)[^<]*(</span>)'
)
_DATE_BLOCK = re.compile(
    rb'<div class="social-date(?:-modified)?"><span[^>]*>[^<]*</span></div>'
)
_CONTEXT_DATE = re.compile(rb'("1": ")[^"]*(")')
_META_CHARSET = re.compile(rb'<meta charset="[^"]*">')
_DIV_TOKEN = re.compile(rb"<div\b|</div>")
# The header date block only: teaser widgets also carry .social-date__text ("2d").
_HEADER_END = b"</article>"


def markup_changed(body: bytes) -> bytes:
    """A site redesign: every class renamed (`v2-` prefix) and the JSON-LD gone."""
    body = _JSON_LD.sub(b"", body, count=1)
    return _CLASS.sub(
        lambda m: b'class="' + b" ".join(b"v2-" + t for t in m.group(1).split()) + b'"',
        body,
    )


def missing_field(body: bytes, variant: int) -> bytes:
    """Leave out the title (variant 0), the body (1) or every date (2)."""
    if variant % 3 == 0:
        return _FIRST_H1.sub(rb"\1\2", body, count=1)
    if variant % 3 == 1:
        return _empty_first_div(body, b'<div class="body-description">')
    body = _JSON_LD_DATE_KEY.sub(b"", body)
    body = _META_DATE_TAG.sub(b"", body)
    body = _in_header(body, lambda head: _DATE_BLOCK.sub(b"", head))
    return _CONTEXT_DATE.sub(rb'"1": ""', body, count=1)


def bad_date(body: bytes) -> bytes:
    """Every date of the article written as words no date parser reads."""
    words = UNREADABLE_DATE.encode()
    body = _JSON_LD_DATE.sub(rb"\g<1>" + words + rb"\g<2>", body)
    body = _META_DATE.sub(rb"\g<1>" + words + rb"\g<2>", body)
    body = _in_header(
        body, lambda head: _VISIBLE_DATE.sub(rb"\g<1>" + words + rb"\g<2>", head)
    )
    return _CONTEXT_DATE.sub(rb"\g<1>" + words + rb"\g<2>", body, count=1)


def truncated(body: bytes) -> bytes:
    """The page cut off a little way into the article text (no `</html>`)."""
    start = body.find(b'class="body-description"')
    cut = start + 400 if start >= 0 else len(body) // 2
    return body[: min(cut, len(body) - 1)]


def cp1252(body: bytes, *, declare_utf8: bool) -> bytes:
    """The page in Windows-1252; with `declare_utf8=False` its `<meta charset>` is gone
    too (then nothing in the page or its headers names a charset)."""
    if not declare_utf8:
        body = _META_CHARSET.sub(b"", body)
    # Characters cp1252 lacks become character references, as old CMS exports write them.
    return body.decode("utf-8").encode("cp1252", errors="xmlcharrefreplace")


def oversized(body: bytes, size_kb: int) -> bytes:
    """The page padded past `size_kb` KB with a comment before `</body>`."""
    padding = max(0, size_kb * 1024 - len(body))
    filler = b"<!-- " + b"x" * padding + b" -->"
    at = body.rfind(b"</body>")
    return body[:at] + filler + body[at:] if at >= 0 else body + filler


@lru_cache(maxsize=4)
def gzip_bomb(inflated_mb: int) -> bytes:
    """A gzip stream that inflates to `inflated_mb` MB of spaces (about 1 KB per MB)."""
    # Compressed piece by piece, so the inflated bomb never sits in this process's memory.
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip container
    megabyte = b" " * (1024 * 1024)
    parts = [deflate.compress(b"<!DOCTYPE html><html><head></head><body><!--")]
    parts.extend(deflate.compress(megabyte) for _ in range(inflated_mb))
    parts.append(deflate.flush())
    return b"".join(parts)


def malformed_xml(body: bytes) -> bytes:
    """An XML file cut at 60% with junk after it, as a crashed generator leaves it."""
    cut = int(len(body) * 0.6)
    return body[:cut] + b"<url><loc>http://\x00\x01 <<< &&& unterminated"


def with_sitemap_entries(body: bytes, urls: list[str]) -> bytes:
    """A sitemap `urlset` with extra `<url>` entries before its end."""
    extra = "".join(f"<url><loc>{url}</loc></url>" for url in urls).encode()
    at = body.rfind(b"</urlset>")
    return body[:at] + extra + body[at:] if at >= 0 else body


def with_home_links(body: bytes, links: list[str]) -> bytes:
    """The home page with an extra block of links (the URL variants) before `</body>`."""
    anchors = "".join(
        f'<div class="widget"><h2 class="widget__headline h2"><a class="widget__headline-text" '
        f'href="{link}">More</a></h2></div>'
        for link in links
    )
    block = f'<div class="trending-links">{anchors}</div>'.encode()
    at = body.rfind(b"</body>")
    return body[:at] + block + body[at:] if at >= 0 else body + block


def url_variants(base_url: str, path: str) -> list[str]:
    """Links to the same article the crawler must fold into one URL key.

    Tracking parameters, a fragment and a missing trailing slash resolve as they are.
    The `www.` / upper-case host forms can't resolve on loopback (there is no DNS name
    `www.127.0.0.1`): the crawler must fold them onto the site's host *before* it
    schedules them, as `url_key` says they are the same page. Paths keep their case:
    on the real site they are case-sensitive, so folding them would be a guess.
    """
    parts = urlsplit(base_url)
    port = f":{parts.port}" if parts.port else ""
    host = parts.hostname or ""
    slug = path.rstrip("/")
    return [
        f"{base_url}{path}?utm_source=newsletter&utm_medium=email",
        f"{base_url}{slug}?utm_campaign=spring#comments",
        f"http://www.{host}{port}{path}",
        f"HTTP://WWW.{host.upper()}{port}{path}?fbclid=IwAR0x",
        f"http://Www.{host}{port}{slug}?ref=homepage",
    ]


def ghost_path(path: str) -> str:
    return path.rstrip("/") + GHOST_SUFFIX + "/"


def _empty_first_div(body: bytes, opening: bytes) -> bytes:
    start = body.find(opening)
    if start < 0:
        return body
    inner = start + len(opening)
    depth = 1
    for token in _DIV_TOKEN.finditer(body, inner):
        depth += 1 if token.group() == b"<div" else -1
        if depth == 0:
            return body[:inner] + body[token.start() :]
    return body


def _in_header(body: bytes, change) -> bytes:
    """Apply `change` to the page up to the end of the header `article` only."""
    h1 = body.find(b"<h1")
    end = body.find(_HEADER_END, max(h1, 0))
    if end < 0:
        return change(body)
    return change(body[:end]) + body[end:]
