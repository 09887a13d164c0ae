"""Run fundus's generic base layer over a bench manifest (in bench/.venvs/fundus).

fundus has no generic extractor: each publisher has its own hand-written parser, and
its collection has none for responsiblestatecraft.org. Its only publisher-independent
layer is `BaseParser` (which every publisher parser extends): with no publisher
attributes it returns the page's `meta` tags and JSON-LD (`ld`) as raw mappings, plus
`free_access`. The article attributes (title, authors, publishing_date, body, topics)
come only from publisher parsers, so they stay empty. run_fundus_borrowed.py tries the
other route, another publisher's parser. See _runner.py for the output format.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from _runner import published_value, run
from fundus import PublisherCollection
from fundus.parser import BaseParser

ARTICLE_ATTRIBUTES = ("title", "authors", "publishing_date", "body", "topics")


class GenericBaseParser(BaseParser):
    """fundus's base layer with nothing publisher-specific added."""


GENERIC = GenericBaseParser()
UNSUPPORTED = {
    "top_image_credit": "no notion of an image credit",
    "teasers": "no notion of related-article teasers",
}


def extract(html: str, url: str) -> dict[str, Any]:
    return GENERIC.parse(html, error_handling="suppress")


def to_fields(result: dict[str, Any]) -> dict[str, Any]:
    """fundus's article attributes, as a fundus `Article` would expose them."""
    body = result.get("body")
    topics = result.get("topics") or []
    return {
        "title": result.get("title"),
        "authors": [str(a) for a in result.get("authors") or []] or None,
        "published": published_value(result.get("publishing_date")),
        "section": topics[-1] if topics else None,
        "body": str(body) if body else None,
    }


def probe_publishers(html: str) -> list[dict[str, Any]]:
    """Every publisher's latest parser on one page, best first, with what it returned.

    Ranked by the number of article attributes returned, then by body length. No truth
    is used: it is how a user would pick a parser to borrow, by looking at outputs."""
    found = []
    for publisher in PublisherCollection:
        try:
            parsed = publisher.parser().parse(html, error_handling="suppress")
        except Exception as exc:  # noqa: BLE001  a foreign parser choking is a finding
            found.append({"publisher": publisher.name, "error": repr(exc)[:120],
                          "non_empty": [], "body_chars": 0})  # fmt: skip
            continue
        non_empty = [name for name in ARTICLE_ATTRIBUTES if parsed.get(name)]
        found.append({
            "publisher": publisher.name,
            "non_empty": non_empty,
            "body_chars": len(str(parsed.get("body") or "")),
            "values": {name: str(parsed.get(name))[:100] for name in non_empty},
        })  # fmt: skip
    found.sort(key=lambda entry: (-len(entry["non_empty"]), -entry["body_chars"]))
    return found


_seed_html: list[str] = []


def keep_seed(html: str, url: str) -> None:
    _seed_html[:] = [html]


def raw_view(result: dict[str, Any]) -> dict[str, Any]:
    probe = probe_publishers(_seed_html[0]) if _seed_html else []
    with_both = sum(1 for e in probe if {"title", "body"} <= set(e["non_empty"]))
    meta = result.get("meta") or {}
    summary = (
        f"parse() returns only {sorted(result)}: `meta` = {len(meta)} raw meta tags "
        f"(e.g. og:title {meta.get('og:title')!r}), `ld` = the raw JSON-LD "
        f"({result.get('ld')!s}); no title/authors/date/body attributes, which only "
        f"publisher parsers define. Of the {len(probe)} publisher parsers, {with_both} "
        f"return a title and a body on the seed page (see fundus-borrowed)."
    )
    return {"summary": summary, "base_layer_output": result, "probe": probe[:3]}


if __name__ == "__main__":
    run(
        peer="fundus",
        version=version("fundus"),
        settings="generic base layer: a BaseParser subclass without publisher "
        "attributes, parse(html, error_handling='suppress')",
        unsupported=UNSUPPORTED,
        extract=extract,
        to_fields=to_fields,
        raw_view=raw_view,
        prepare=keep_seed,
    )
