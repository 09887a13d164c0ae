"""`content_hash`: changes when an article's own content changes, and only then."""

from __future__ import annotations

import hashlib
import json

from newsarchive.items import Article, to_json_dict

# Left out of the hash, with the reason:
# - url, canonical_url, site: identity, not content (the same text at another URL must
#   hash the same, which is how the content-hash dedupe layer finds it);
# - teasers, next_article: navigation the site rotates (decisions.md 17);
# - body_html: markup, whose text, images, links and embeds are hashed through their own
#   fields; a parser or lxml upgrade that re-serialises it must not mark every article
#   as changed.
EXCLUDED_FIELDS = frozenset(
    {"url", "canonical_url", "site", "teasers", "next_article", "body_html"}
)


def content_hash(article: Article) -> str:
    """sha256 hex of the article's own fields (see EXCLUDED_FIELDS), order-stable."""
    data = {
        key: value
        for key, value in to_json_dict(article).items()
        if key not in EXCLUDED_FIELDS
    }
    canonical = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
