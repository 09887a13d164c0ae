"""`content_hash`: changes when an article's own content changes, and only then."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime
from typing import Any

from newsarchive.items import Article, iso_utc

# Left out of the hash, with the reason:
# - url, canonical_url, site: identity, not content (the same text at another URL must
#   hash the same, which is how the content-hash dedupe layer finds it);
# - teasers, next_article: navigation the site rotates (docs/design/decisions.md 17);
# - body_html: markup, whose text, images, links and embeds are hashed through their own
#   fields; a parser or lxml upgrade that re-serialises it must not mark every article
#   as changed.
EXCLUDED_FIELDS = frozenset(
    {"url", "canonical_url", "site", "teasers", "next_article", "body_html"}
)


def content_hash(article: Article) -> str:
    """sha256 hex of the article's own fields (see EXCLUDED_FIELDS), order-stable."""
    data = {
        field.name: plain(getattr(article, field.name))
        for field in dataclasses.fields(article)
        if field.name not in EXCLUDED_FIELDS
    }
    canonical = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def plain(value: Any) -> Any:
    """`to_json_dict` for one field value, without `dataclasses.asdict`'s deep copies
    (a crawl hashes every article three times: dedupe check, dedupe memory, store; and
    the store writes the JSON columns of each)."""
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return iso_utc(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {field.name: plain(getattr(value, field.name)) for field in fields}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
