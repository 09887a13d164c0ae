"""The fault plan: deterministic, the share it was given, every kind, honest expectations."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from newsarchive.replica import Corpus
from newsarchive.replica.faults import (
    ALWAYS,
    FAULT_KINDS,
    PROFILES,
    Fault,
    FaultOptions,
    FaultPlan,
)

ARTICLES = 2000


@pytest.fixture(scope="module")
def paths() -> list[str]:
    return Corpus(articles=ARTICLES, seed=1).article_paths()


def mixed(paths: list[str], **values) -> FaultPlan:
    return FaultPlan(
        article_paths=paths, options=FaultOptions.from_profile("mixed", **values)
    )


def test_the_same_options_give_the_same_plan_in_another_process(paths) -> None:
    plan = mixed(paths[:300])
    script = (
        "from newsarchive.replica import Corpus\n"
        "from newsarchive.replica.faults import FaultOptions, FaultPlan\n"
        "paths = Corpus(articles=2000, seed=1).article_paths()[:300]\n"
        "plan = FaultPlan(article_paths=paths, options=FaultOptions.from_profile('mixed'))\n"
        "print(sorted((p, f.kind, f.fail_times) for p, f in plan.article_faults().items()))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    expected = sorted(
        (p, f.kind, f.fail_times) for p, f in plan.article_faults().items()
    )
    assert out.strip() == repr(expected)


def test_share_and_seed_decide_which_pages(paths) -> None:
    plan = mixed(paths)
    assert 0.17 < len(plan.article_faults()) / ARTICLES < 0.23
    assert mixed(paths, seed=2).article_faults() != plan.article_faults()
    assert len(mixed(paths, share=0.05).article_faults()) < len(plan.article_faults())
    assert mixed(paths, share=0.0).article_faults() == {}


def test_every_per_page_kind_is_used_at_20_percent_of_2000_articles(paths) -> None:
    counts = Counter(fault.kind for fault in mixed(paths).article_faults().values())
    per_page = {name for name, kind in FAULT_KINDS.items() if kind.scope != "site"}
    assert set(counts) == per_page
    assert min(counts.values()) >= 10


def test_transient_faults_heal_after_one_or_two_failures_or_never(paths) -> None:
    faults = [f for f in mixed(paths).article_faults().values() if f.info.transient]
    assert {f.fail_times for f in faults} == {1, 2, ALWAYS}


def test_expected_reasons() -> None:
    assert Fault(kind="http_503", fail_times=2).expected(retries=2) == frozenset()
    assert Fault(kind="http_503", fail_times=3).expected(retries=2) == {"http_503"}
    assert Fault(kind="wrong_charset").expected(retries=2) == frozenset()
    assert Fault(kind="sitemap_404").expected(retries=2) == frozenset()
    assert Fault(kind="gzip_bomb").expected(retries=0) == {"too_large"}
    assert "missing_body" in Fault(kind="markup_changed").expected(retries=2)


def test_discovery_pages_get_only_healing_transient_faults(paths) -> None:
    plan = mixed(paths, share=1.0)
    for path in ("/", "/robots.txt", "/sitemap.xml", "/feeds/feed.rss"):
        assert plan.fault_for(path) is None
    listing = [plan.fault_for("/qiosk/", f"page={n}") for n in range(1, 40)]
    assert all(
        f is not None and f.info.transient and f.fail_times <= 2 for f in listing
    )
    no_discovery = FaultPlan(
        article_paths=paths, options=FaultOptions.from_profile("mixed", discovery=False)
    )
    assert no_discovery.fault_for("/qiosk/") is None


def test_article_faults_hold_for_any_query_and_slash(paths) -> None:
    plan = mixed(paths)
    path, fault = next(iter(plan.article_faults().items()))
    assert plan.fault_for(path) == fault
    assert plan.fault_for(path.rstrip("/"), "hop=1") == fault


def test_site_wide_kinds(paths) -> None:
    plan = mixed(paths)
    assert plan.malformed_sitemap_path() != plan.ghost_sitemap_path()
    assert (
        plan.ghost_sitemap_path()
        == f"/feeds/sitemaps/sitemap_{plan.sitemap_count()}.xml"
    )
    ghosts = plan.ghost_paths()
    assert ghosts and all(path.endswith("-deleted/") for path in ghosts)
    assert not set(ghosts) & set(paths)
    one_chunk = FaultPlan(
        article_paths=paths[:100], options=FaultOptions.from_profile("mixed")
    )
    assert one_chunk.ghost_sitemap_path().endswith("sitemap_1.ggl")


def test_profiles_and_bad_options() -> None:
    assert FaultOptions.from_profile("stale").share == 0.8
    assert not FaultOptions.from_profile("none").enabled
    assert set(PROFILES["mixed"]) == set(FAULT_KINDS)
    extra = FaultOptions.from_profile("none", extra_kinds=("gzip_bomb",))
    assert extra.kinds == ("gzip_bomb",)
    with pytest.raises(ValueError, match="unknown fault kind"):
        FaultOptions(kinds=("nope",))
    with pytest.raises(ValueError, match="unknown fault profile"):
        FaultOptions.from_profile("nope")
    with pytest.raises(ValueError, match="between 0 and 1"):
        FaultOptions(kinds=("http_500",), share=1.5)
