"""Same seed, same bytes: pages and truth are pure functions of the corpus parameters."""

from __future__ import annotations

import itertools

from newsarchive.replica import Corpus

SAMPLE_PATHS = [
    "/",
    "/qiosk/?page=2",
    "/sitemap.xml",
    "/feeds/feed.rss",
    "/robots.txt",
    "/feeds/sitemaps/sitemap_1.ggl",
    "/tag/ukraine/",
]


def test_same_seed_gives_byte_identical_pages_and_truth() -> None:
    first, second = Corpus(articles=120, seed=7), Corpus(articles=120, seed=7)
    paths = first.article_paths()
    assert paths == second.article_paths()
    for path in paths[::7] + SAMPLE_PATHS:
        assert first.render(path).body == second.render(path).body, path
    assert list(first.truth()) == list(second.truth())


def test_another_seed_gives_another_corpus() -> None:
    first, second = Corpus(articles=60, seed=1), Corpus(articles=60, seed=2)
    assert first.article_paths() != second.article_paths()
    assert first.render(first.seed_path).body != second.render(second.seed_path).body


def test_an_article_does_not_depend_on_render_order() -> None:
    fresh, warmed = Corpus(articles=80, seed=3), Corpus(articles=80, seed=3)
    paths = warmed.article_paths()
    for path in itertools.islice(reversed(paths), 30):
        warmed.render(path)
    assert fresh.render(paths[10]).body == warmed.render(paths[10]).body


def test_page_size_follows_page_kb() -> None:
    for page_kb in (20, 120, 400):
        corpus = Corpus(articles=20, seed=1, page_kb=page_kb)
        sizes = [len(corpus.render(p).body) for p in corpus.article_paths()]
        assert all(abs(size - page_kb * 1024) < 4 * 1024 for size in sizes), (
            page_kb,
            sizes,
        )
