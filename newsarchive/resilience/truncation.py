"""Is an HTML page complete? A page cut off mid-transfer by a crashing backend can
arrive as a well-formed HTTP response: only its missing `</html>` gives it away."""

from __future__ import annotations

import re

_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
_HTML_END = re.compile(rb"</html\s*>", re.IGNORECASE)
# Where to look for `</html>`: the end of the page (trailers such as comments,
# scripts or analytics may follow it on real sites).
_TAIL_BYTES = 64 * 1024
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def looks_truncated(body: bytes, content_type: str = "") -> bool:
    """True for a whole HTML document (it starts with a doctype or `<html>`) whose end
    has no `</html>`. Fragments (load-more), feeds and other types are never judged."""
    if content_type and "html" not in content_type.lower():
        return False
    head = body[:1024]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    if not _HTML_START.match(head):
        return False
    return _HTML_END.search(body[-_TAIL_BYTES:]) is None
