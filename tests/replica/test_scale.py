"""A 100,000-article corpus builds from compact metadata and renders any page on demand."""

from __future__ import annotations

import resource

from newsarchive.replica import Corpus


def test_hundred_thousand_articles_build_and_render() -> None:
    corpus = Corpus(articles=100_000, seed=1)
    paths = corpus.article_paths()
    assert len(paths) == len(set(paths)) == 100_000
    for path in (
        paths[0],
        paths[49_999],
        paths[-1],
        corpus.seed_path,
        *corpus.linked_paths(),
    ):
        page = corpus.render(path)
        assert page.status == 200
        assert corpus.truth_for(path)["url"] == corpus.base_url + path
    assert corpus.render("/?page=5000").status == 200
    assert corpus.render("/?page=5001").status == 404
    assert corpus.render("/feeds/sitemaps/sitemap_400.xml").status == 200
    assert corpus.render("/feeds/sitemaps/sitemap_401.xml").status == 404
    legacy = corpus.legacy_paths()
    assert 30_000 < len(legacy) < 70_000
    # Rough ceiling (ru_maxrss is in KB on Linux): metadata stays far below the 300 MB budget.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 600_000
