"""Tag names: one display name per tag slug, stable across the corpus."""

from __future__ import annotations

from functools import lru_cache

from newsarchive.replica.prose import slugify
from newsarchive.replica.vocabulary import COUNTRIES

SPECIAL_NAMES: dict[str, str] = {
    "diplomacy-watch": "Diplomacy Watch",
    "uae": "UAE",
    "united-nations": "United Nations",
    "congress": "Congress",
    "pentagon": "Pentagon",
    "nato": "NATO",
    "global-south": "Global South",
}

EXTRA_TAGS: tuple[str, ...] = ("nato", "diplomacy-watch", "restraint", "foreign-policy")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {
        slugify(c.name.removeprefix("the ")): c.name.removeprefix("the ")
        for c in COUNTRIES
    }


def country_tag(country_name: str) -> str:
    return slugify(country_name.removeprefix("the "))


def type_tag(article_type: str) -> str:
    """Platform-internal tag for an article type: slug `type-analysis`, name `type:analysis`."""
    return f"type-{article_type.lower()}"


def tag_name(slug: str) -> str:
    """How the tag reads on the page: a proper name, an internal `type:x`, or the humanised slug."""
    if slug.startswith("type-"):
        return "type:" + slug.removeprefix("type-")
    if slug in SPECIAL_NAMES:
        return SPECIAL_NAMES[slug]
    return _country_names().get(slug) or slug.replace("-", " ")
