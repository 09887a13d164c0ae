"""ValidatePipeline: invalid articles become failures; nothing is dropped."""

from __future__ import annotations

from datetime import datetime

from pipeline_samples import article_at, fetch_of, parse_failure

from newsarchive.items import IndexPage
from pipelines.validate import ValidatePipeline


def test_a_valid_article_passes_untouched() -> None:
    fetch = fetch_of(article_at())
    article = fetch.article
    assert ValidatePipeline().process_item(fetch) is fetch
    assert fetch.article is article and fetch.failure_reason is None


def test_missing_fields_make_a_validate_failure_keeping_the_raw_page() -> None:
    fetch = fetch_of(article_at(title="  ", published_at=None))
    body = fetch.body
    ValidatePipeline().process_item(fetch)
    assert fetch.article is None
    assert (fetch.failure_stage, fetch.failure_reason) == ("validate", "missing_title")
    assert (
        fetch.failure_detail
        == "the article has no title; the article has no published_at"
    )
    assert fetch.body == body


def test_each_required_field_has_its_reason() -> None:
    for overrides, reason in (
        ({"body_text": ""}, "missing_body"),
        ({"published_at": None}, "missing_published_at"),
        ({"modified_at": datetime(2024, 1, 1)}, "naive_modified_at"),
    ):
        fetch = fetch_of(article_at(**overrides))
        ValidatePipeline().process_item(fetch)
        assert fetch.failure_reason == reason


def test_a_parse_failure_and_other_items_pass_through() -> None:
    failed = parse_failure()
    assert ValidatePipeline().process_item(failed) is failed
    assert failed.failure_stage == "parse"
    index = IndexPage(url="https://responsiblestatecraft.org/", kind="home")
    assert ValidatePipeline().process_item(index) is index
