"""Run news-please over a bench manifest (its venv); see _runner.py."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from _runner import published_value, run
from newsplease import NewsPlease


def extract(html: str, url: str) -> Any:
    # fetch_images=False: the image-fetching extractor downloads images (no network).
    return NewsPlease.from_html(html, url=url, fetch_images=False)


def to_fields(article: Any) -> dict[str, Any]:
    return {
        "title": article.title or None,
        "authors": list(article.authors or []) or None,
        "published": published_value(article.date_publish),
        "body": article.maintext or None,
    }


def raw_view(article: Any) -> Any:
    return (
        article.get_serializable_dict()
        if hasattr(article, "get_serializable_dict")
        else vars(article)
    )


if __name__ == "__main__":
    run(
        peer="news-please",
        version=version("news-please"),
        settings="NewsPlease.from_html(html, url=url, fetch_images=False)",
        unsupported={
            "section": "no section/category field on a NewsArticle",
            "top_image_credit": "no notion of an image credit (only image_url)",
            "teasers": "no notion of related-article teasers",
        },
        extract=extract,
        to_fields=to_fields,
        raw_view=raw_view,
    )
