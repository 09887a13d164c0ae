"""One test per fault kind, on the soak's archive: what the crawler made of each fault.

Transient faults that heal within the retries end archived correctly (the soak's audit
checks every field); the others are recorded once, with their reason, stage, HTTP status
and attempts; nothing else is affected.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.models import ArticleUrl, Failure, Page
from newsarchive.replica.faults import ALWAYS, Fault
from newsarchive.store import open_engine
from newsarchive.urls import url_key

pytestmark = pytest.mark.slow

RETRIES = 2


@dataclass
class Outcome:
    url: str
    fault: Fault
    archived: bool
    failures: list[Failure]
    requests: int
    """Most requests of the page: 2 when a legacy dated URL also redirects to it (the
    crawler fetches a legacy URL it meets as it is, docs/design/decisions.md 13), else 1."""

    def attempts(self, per_request: int) -> set[int]:
        """`attempts` allowed: `per_request` for each request made."""
        return {per_request * n for n in range(1, self.requests + 1)}


@pytest.fixture(scope="module")
def engine(soak):
    engine = open_engine(soak.db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    # One per test: a transaction left open would hold SQLite's write lock (the store
    # begins every transaction IMMEDIATE) and keep the soak's audit waiting.
    with Session(engine) as session:
        yield session


def outcomes(soak, session, kind: str) -> list[Outcome]:
    archived = set(session.scalars(select(ArticleUrl.url_key)).all())
    legacy_targets = set(soak.corpus().legacy_paths().values())
    found = []
    for path, fault in soak.plan.article_faults().items():
        if fault.kind != kind:
            continue
        url = soak.base_url + path
        rows = session.scalars(
            select(Failure).where(Failure.url_key == url_key(url))
        ).all()
        requests = 2 if path in legacy_targets else 1
        found.append(
            Outcome(url, fault, url_key(url) in archived, list(rows), requests)
        )
    assert found, f"no {kind} fault in the soak"
    return found


def check_transient(soak, session, kind: str, reason: str, status: int | None) -> None:
    results = outcomes(soak, session, kind)
    healed = [o for o in results if o.fault.fail_times <= RETRIES]
    never = [o for o in results if o.fault.fail_times == ALWAYS]
    assert healed or never  # which ones never heal is the plan's (seeded) choice
    for outcome in healed:
        assert outcome.archived and not outcome.failures, outcome.url
    for outcome in never:
        if outcome.archived and reason == "timeout":
            # A body that trickled in whole before a busy reactor fired the timeout is
            # a complete page: archived (the audit checks it equals the truth).
            assert not outcome.failures, outcome.url
            continue
        assert not outcome.archived, outcome.url
        (failure,) = outcome.failures
        assert (failure.stage, failure.reason, failure.http_status) == (
            "fetch",
            reason,
            status,
        )
        assert failure.attempts in outcome.attempts(RETRIES + 1), failure


def check_permanent(soak, session, kind: str, reasons: dict[str, str], status: int | None,
                    *, per_request: bool = True) -> list[Failure]:  # fmt: skip
    """`reasons`: reason -> stage. Recorded at once (never retried), never archived.
    `per_request=False`: a legacy URL's request is recorded under its own URL."""
    failures = []
    for outcome in outcomes(soak, session, kind):
        assert not outcome.archived, outcome.url
        (failure,) = outcome.failures
        assert failure.reason in reasons, failure
        assert failure.stage == reasons[failure.reason]
        # Not retried: one attempt per request (a spurious timeout of an overloaded test
        # machine may add a retry, never more than the retry budget).
        most = (outcome.requests if per_request else 1) * (RETRIES + 1)
        assert 1 <= failure.attempts <= most, failure
        assert failure.http_status == status
        assert (
            failure.url == outcome.url
        )  # the page asked for, not a hop of its redirects
        failures.append(failure)
    return failures


@pytest.mark.parametrize(("kind", "reason", "status"), [
    ("http_500", "http_500", 500), ("http_503", "http_503", 503), ("http_429", "http_429", 429),
    ("timeout", "timeout", None), ("slow_body", "timeout", None),
    ("connection_reset", "connection_lost", None),
])  # fmt: skip
def test_transient_faults_retried_then_recorded(
    soak, session, kind, reason, status
) -> None:
    check_transient(soak, session, kind, reason, status)


def test_retry_after_was_honoured_and_capped(soak) -> None:
    stats = soak.stats
    assert (
        stats["retry/reason_count/http_503"] > 0
        and stats["retry/reason_count/http_429"] > 0
    )
    waits = stats["newsarchive/retry/waits"]
    assert waits == stats["retry/count"]
    # Retry-After: 1 is capped at NEWSARCHIVE_RETRY_AFTER_MAX=0.5; backoff is at most 1 s.
    assert 0 < stats["newsarchive/retry/wait_seconds"] <= waits * 1.0


def test_truncated_pages_retried_and_never_archived_half(soak, session) -> None:
    check_transient(soak, session, "truncated", "truncated", 200)
    for outcome in outcomes(soak, session, "truncated"):
        for failure in outcome.failures:
            page = session.get_one(Page, failure.page_id)  # the cut page is kept
            assert page.article_id is None and 0 < page.body_size


def test_markup_change_is_a_parse_failure_with_the_raw_page(soak, session) -> None:
    for failure in check_permanent(soak, session, "markup_changed",
                                   {"missing_body": "parse", "missing_title": "parse"}, 200):  # fmt: skip
        assert failure.page_id is not None


def test_missing_fields(soak, session) -> None:
    failures = check_permanent(soak, session, "missing_field", {
        "missing_title": "parse", "missing_body": "parse", "missing_published_at": "validate",
    }, 200)  # fmt: skip
    assert len({failure.reason for failure in failures}) == 3


def test_unparseable_dates(soak, session) -> None:
    reasons = {"missing_published_at": "validate"}
    for failure in check_permanent(soak, session, "bad_date", reasons, 200):
        page = session.get_one(Page, failure.page_id)  # kept raw, for `reparse`
        assert page.article_id is None and page.status == 200


@pytest.mark.parametrize("kind", ["oversized", "gzip_bomb"])
def test_size_limits(soak, session, kind) -> None:
    for failure in check_permanent(soak, session, kind, {"too_large": "fetch"}, None
                                   if kind == "oversized" else 200):  # fmt: skip
        assert (
            "max size" in failure.detail.lower() or "maxsize" in failure.detail.lower()
        )


def test_redirect_loop(soak, session) -> None:
    for failure in check_permanent(soak, session, "redirect_loop", {"redirect_loop": "fetch"},
                                   302, per_request=False):  # fmt: skip
        assert "?hop=2 -> " in failure.detail


def test_offsite_redirect(soak, session) -> None:
    reasons = {"offsite_redirect": "fetch"}
    for failure in check_permanent(soak, session, "offsite_redirect", reasons, 301,
                                   per_request=False):  # fmt: skip
        assert "offsite.invalid" in failure.detail
    assert not any("offsite.invalid" in key for key in soak.stats if "exception" in key)


@pytest.mark.parametrize("kind", ["wrong_charset", "missing_charset"])
def test_cp1252_pages_archived_correctly(soak, session, kind) -> None:
    results = outcomes(soak, session, kind)
    assert all(o.archived and not o.failures for o in results)
    assert soak.stats["newsarchive/charset_fallback"] >= len(results)
    headers = session.scalars(
        select(Page.headers).where(Page.url == results[0].url)
    ).first()
    assert headers["Content-Type"] == "text/html; charset=windows-1252"
    assert headers["X-Newsarchive-Charset-Fallback"] in (
        "declared utf-8",
        "declared none",
    )


def test_url_variants_folded_to_one_article(soak, session) -> None:
    results = outcomes(soak, session, "tracking_duplicates")
    assert all(o.archived and not o.failures for o in results)
    assert soak.stats["newsarchive/discovered/url_variants"] >= 5 * len(results)
    keys = session.scalars(select(ArticleUrl.url_key)).all()
    assert not [
        key for key in keys if "www." in key or "utm_" in key or "fbclid" in key
    ]
    assert not [
        key for key in soak.stats if "dns_lookup" in key or "CannotResolveHost" in key
    ]


def test_dead_sitemap_entries_recorded_once_not_retried(soak, session) -> None:
    assert all(o.archived for o in outcomes(soak, session, "sitemap_404"))
    for ghost in soak.plan.ghost_paths():
        (failure,) = session.scalars(
            select(Failure).where(Failure.url == soak.base_url + ghost)
        ).all()
        assert (failure.stage, failure.reason, failure.http_status) == (
            "fetch",
            "http_404",
            404,
        )
        assert failure.attempts == 1


@pytest.mark.parametrize(("path", "reason"), [
    (None, "malformed_sitemap"), ("/feeds/feed.rss", "malformed_feed"),
])  # fmt: skip
def test_malformed_discovery_files_recorded(soak, session, path, reason) -> None:
    lost = soak.report.lost  # the audit opens the archive itself: before `session` does
    url = soak.base_url + (path or soak.plan.malformed_sitemap_path())
    (failure,) = session.scalars(select(Failure).where(Failure.url == url)).all()
    assert (failure.stage, failure.reason) == ("parse", reason)
    assert failure.detail.startswith("malformed XML")
    # What the broken file still listed was read: its articles are archived (the audit
    # checks every article of the truth).
    assert lost == []
