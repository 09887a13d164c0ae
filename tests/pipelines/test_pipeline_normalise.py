"""NormalisePipeline: stripped text, default site, UTC datetimes, no repeats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from pipeline_samples import article_at, fetch_of

from newsarchive.items import Author, Tag
from pipelines.normalise import NormalisePipeline, normalise_article

EASTERN = timezone(timedelta(hours=-4))


def test_normalise_article() -> None:
    article = article_at(
        site=None,
        subtitle="  A subtitle \n",
        description="   ",
        published_at=datetime(2023, 10, 27, 12, tzinfo=EASTERN),
        authors=[
            Author(
                name=" Blaise   Malley ",
                url="https://responsiblestatecraft.org/author/blaise-malley/",
            ),
            Author(
                name="Blaise Malley",
                url="http://www.responsiblestatecraft.org/author/blaise-malley",
            ),
            Author(name="  "),
        ],
        tags=[
            Tag(name="Ukraine", slug="ukraine"),
            Tag(name="Ukraine ", slug="ukraine"),
        ],
    )
    tidy = normalise_article(article, default_site="responsiblestatecraft.org")
    assert tidy.site == "responsiblestatecraft.org"
    assert (tidy.subtitle, tidy.description) == ("A subtitle", None)
    assert tidy.published_at == datetime(2023, 10, 27, 16, tzinfo=UTC)
    assert tidy.published_raw == article.published_raw
    assert [a.name for a in tidy.authors] == ["Blaise Malley"]
    assert [t.name for t in tidy.tags] == ["Ukraine"]
    assert article.subtitle == "  A subtitle \n"  # the input is not modified


def test_the_pipeline_uses_the_site_setting(make_crawler) -> None:
    crawler = make_crawler(NEWSARCHIVE_SITE="example.org")
    pipeline = NormalisePipeline.from_crawler(crawler)
    fetch = fetch_of(article_at(site=None))
    pipeline.process_item(fetch)
    assert fetch.article.site == "example.org"
