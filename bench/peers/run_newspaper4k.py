"""Run newspaper4k over a bench manifest (its venv); see _runner.py."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from _runner import published_value, run
from newspaper import Article, Config

# Generic settings; images are not fetched (no network here, and a page's top image is
# chosen from its markup without it).
CONFIG = Config()
CONFIG.fetch_images = False
CONFIG.memorize_articles = False


def extract(html: str, url: str) -> Article:
    article = Article(url, config=CONFIG)
    article.download(input_html=html)
    article.parse()
    return article


def to_fields(article: Article) -> dict[str, Any]:
    return {
        "title": article.title or None,
        "authors": list(article.authors) or None,
        "published": published_value(article.publish_date),
        "body": article.text or None,
    }


def raw_view(article: Article) -> dict[str, Any]:
    names = (
        "title",
        "authors",
        "publish_date",
        "text",
        "top_image",
        "meta_description",
        "meta_keywords",
        "tags",
        "meta_lang",
        "canonical_link",
        "meta_data",
    )
    return {name: getattr(article, name, None) for name in names}


if __name__ == "__main__":
    run(
        peer="newspaper4k",
        version=version("newspaper4k"),
        settings="Article(url, config); download(input_html=html); parse(); "
        "config.fetch_images=False",
        unsupported={
            "section": "no section/category field on an Article",
            "top_image_credit": "no notion of an image credit (only top_image URL)",
            "teasers": "no notion of related-article teasers",
        },
        extract=extract,
        to_fields=to_fields,
        raw_view=raw_view,
    )
