"""ValidatePipeline: an article lacking a required field becomes a recorded failure."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter

from newsarchive.items import Article, PageFetch

logger = logging.getLogger(__name__)

# field -> reason code (`missing_body` as the parser's MissingField("body") says it).
REQUIRED_FIELDS = {
    "url": "missing_url",
    "title": "missing_title",
    "body_text": "missing_body",
    "published_at": "missing_published_at",
}
DATETIME_FIELDS = ("published_at", "modified_at")


@dataclass(frozen=True)
class Problem:
    reason: str
    detail: str


def article_problems(article: Article) -> list[Problem]:
    """What makes the article unfit for the archive (empty when it is fine)."""
    adapter = ItemAdapter(article)
    problems = [
        Problem(reason, f"the article has no {field_name}")
        for field_name, reason in REQUIRED_FIELDS.items()
        if _blank(adapter.get(field_name))
    ]
    for field_name in DATETIME_FIELDS:
        value = adapter.get(field_name)
        if isinstance(value, datetime) and value.utcoffset() is None:
            problems.append(
                Problem(
                    f"naive_{field_name}",
                    f"{field_name} {value.isoformat()} has no time zone",
                )
            )
    return problems


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class ValidatePipeline:
    """Checks the required fields of a parsed article. A page failing them keeps its raw
    body and goes on as a failure (`failure_stage="validate"`, `article=None`) for the
    store to record; a page that failed to parse passes through untouched."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageFetch):
            return item
        adapter = ItemAdapter(item)
        article = adapter.get("article")
        if article is None:
            return item
        problems = article_problems(article)
        if problems:
            adapter["failure_stage"] = "validate"
            adapter["failure_reason"] = problems[0].reason
            adapter["failure_detail"] = "; ".join(
                problem.detail for problem in problems
            )
            adapter["article"] = None
            logger.info(
                "Invalid article at %s (%s): %s",
                adapter["url"],
                problems[0].reason,
                adapter["failure_detail"],
            )
        return item
