"""The revisit rules (pure: an ArchiveMemory snapshot in, decisions out)."""

from __future__ import annotations

import dataclasses

import pytest

from newsarchive.incremental.planner import FIRST, FULL, INCREMENTAL, RevisitPlanner
from newsarchive.sites import profile_named
from newsarchive.store import ArchiveMemory, UrlMemory, Validators
from newsarchive.urls import url_key

BASE = "http://127.0.0.1:8765"
RS = profile_named("responsiblestatecraft.org")
KNOWN, GONE, MOVED = (
    f"{BASE}/known-article/",
    f"{BASE}/gone-article/",
    f"{BASE}/old-slug/",
)


def memory(finished_before: bool = True) -> ArchiveMemory:
    def state(url: str, lastmod: str) -> UrlMemory:
        return UrlMemory(
            url=url,
            in_sitemap=True,
            sitemap_lastmod=lastmod,
            validators=Validators('"etag-1"', "Mon, 14 Oct 2019 08:21:04 GMT"),
        )

    return ArchiveMemory(
        known={url_key(KNOWN): 1, url_key(GONE): 2, url_key(MOVED): 3},
        gone={2},
        articles={
            url_key(u): state(u, "2024-01-01T00:00:00+00:00")
            for u in (KNOWN, GONE, MOVED)
        },
        indexes={
            url_key(f"{BASE}/qiosk/"): UrlMemory(
                url=f"{BASE}/qiosk/",
                in_sitemap=False,
                sitemap_lastmod=None,
                validators=Validators('"index-etag"', None),
            )
        },
        finished_before=finished_before,
        retry_urls=[f"{BASE}/failed-once/"],
        recheck_urls=[KNOWN],
        article_urls=[KNOWN, GONE, MOVED],
    )


def test_modes() -> None:
    assert RevisitPlanner(memory(finished_before=False), site=RS).mode == FIRST
    assert RevisitPlanner(memory(), site=RS).mode == INCREMENTAL
    assert RevisitPlanner(memory(), site=RS, full=True).mode == FULL


@pytest.mark.parametrize("finished_before", [True, False])
def test_archived_articles_are_fetched_again_only_on_a_sign_of_change(
    finished_before,
) -> None:
    planner = RevisitPlanner(memory(finished_before), site=RS)
    same = planner.article(KNOWN, source="sitemap", lastmod="2024-01-01T00:00:00+00:00")
    assert (same.fetch, same.reason) == (False, "unchanged")
    assert not planner.article(KNOWN + "?utm_source=x", source="index").fetch
    changed = planner.article(
        KNOWN, source="sitemap", lastmod="2024-02-01T00:00:00+00:00"
    )
    assert (changed.fetch, changed.reason) == (True, "lastmod")
    assert changed.validators.etag == '"etag-1"'
    new = planner.article(f"{BASE}/brand-new/", source="feed")
    assert (new.fetch, new.reason, bool(new.validators)) == (True, "new", False)
    relisted = planner.article(
        GONE, source="sitemap", lastmod="2024-01-01T00:00:00+00:00"
    )
    assert (relisted.fetch, relisted.reason) == (True, "relisted")


def test_a_full_run_fetches_everything_unconditionally() -> None:
    planner = RevisitPlanner(memory(), site=RS, full=True)
    plan = planner.article(KNOWN, source="sitemap", lastmod="2024-01-01T00:00:00+00:00")
    assert plan.fetch and not plan.validators
    assert {url for url, _ in planner.start()} >= {KNOWN, GONE, MOVED}
    assert planner.index(f"{BASE}/qiosk/?page=7").fetch


def test_incremental_runs_read_first_index_pages_conditionally() -> None:
    planner = RevisitPlanner(memory(), site=RS)
    first = planner.index(f"{BASE}/qiosk/")
    assert first.fetch and first.validators.etag == '"index-etag"'
    assert planner.index(f"{BASE}/").fetch
    for deep in (
        "/qiosk/?page=2",
        "/tag/ukraine/",
        "/author/jdoe/",
        "/res/load_more_posts/data.js?resource_id=home&pn=2",
    ):
        assert not planner.index(BASE + deep).fetch, deep
    assert (
        RevisitPlanner(memory(finished_before=False), site=RS)
        .index(f"{BASE}/tag/ukraine/")
        .fetch
    )


def test_start_requests_retry_failures_and_recheck_old_articles() -> None:
    reasons = {
        url: plan.reason for url, plan in RevisitPlanner(memory(), site=RS).start()
    }
    assert reasons == {f"{BASE}/failed-once/": "retry", KNOWN: "recheck"}


def test_articles_that_left_the_sitemaps_are_checked_unless_gone() -> None:
    planner = RevisitPlanner(memory(), site=RS)
    planner.article(KNOWN, source="sitemap", lastmod="2024-01-01T00:00:00+00:00")
    vanished = planner.vanished()
    assert [url for url, _ in vanished] == [MOVED]
    assert vanished[0][1].reason == "vanished" and not vanished[0][1].validators


def test_incremental_runs_read_the_front_pages_of_the_site_they_crawl() -> None:
    spectrum = RevisitPlanner(memory(), site=profile_named("spectrum.ieee.org"))
    for front in ("/", "/topic/energy/", "/type/news/"):
        assert spectrum.index(BASE + front).fetch, front
    for deep in ("/topic/energy/?page=2", "/u/jdoe", "/tag/batteries", "/qiosk/"):
        assert not spectrum.index(BASE + deep).fetch, deep


def test_a_profile_names_its_front_pages() -> None:
    only_home = dataclasses.replace(RS, front_pages=("/",))
    planner = RevisitPlanner(memory(), site=only_home)
    assert planner.index(f"{BASE}/").fetch
    assert not planner.index(f"{BASE}/qiosk/").fetch
