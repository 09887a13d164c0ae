"""Run items through the pipelines in order, as Scrapy would, without a crawl."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler

from pipelines.dedupe import DedupePipeline
from pipelines.normalise import NormalisePipeline
from pipelines.store import StorePipeline
from pipelines.validate import ValidatePipeline

PIPELINES = (ValidatePipeline, NormalisePipeline, DedupePipeline, StorePipeline)


def build_pipelines(crawler: Crawler, classes: Iterable[type] = PIPELINES) -> list[Any]:
    return [build_from_crawler(cls, crawler) for cls in classes]


def open_all(pipelines: list[Any]) -> None:
    for pipeline in pipelines:
        if hasattr(pipeline, "open_spider"):
            pipeline.open_spider()


def close_all(pipelines: list[Any]) -> None:
    for pipeline in reversed(pipelines):  # Scrapy closes them in reverse order
        if hasattr(pipeline, "close_spider"):
            result = pipeline.close_spider()
            if inspect.iscoroutine(result):
                asyncio.run(result)


def process(pipelines: list[Any], item: Any) -> str:
    """`passed` or `dropped: <message>`."""
    try:
        for pipeline in pipelines:
            item = pipeline.process_item(item)
    except DropItem as drop:
        return f"dropped: {drop}"
    return "passed"


def run_chain(crawler: Crawler, items: Iterable[Any]) -> list[str]:
    pipelines = build_pipelines(crawler)
    open_all(pipelines)
    try:
        return [process(pipelines, item) for item in items]
    finally:
        close_all(pipelines)
