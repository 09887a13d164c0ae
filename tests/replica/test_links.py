"""Every link the truth records points at something the replica serves."""

from __future__ import annotations

from newsarchive.replica import Corpus


def test_teasers_and_next_articles_point_at_replica_articles(corpus: Corpus) -> None:
    articles = set(corpus.article_urls())
    for truth in corpus.truth():
        assert {t["url"] for t in truth["teasers"]} <= articles
        assert truth["next_article"] is None or truth["next_article"]["url"] in articles
        for teaser in truth["teasers"]:
            target = corpus.truth_for(teaser["url"])
            assert teaser["headline"] == target["title"]
            assert target["body_text"].startswith(teaser["excerpt"] or "")


def test_internal_outlinks_resolve(corpus: Corpus) -> None:
    seen = 0
    for truth in corpus.truth():
        for link in truth["outlinks"]:
            if link["url"].startswith(corpus.base_url):
                assert corpus.render(link["url"]).status in (200, 301), link
                seen += 1
    assert seen > 50


def test_tag_author_and_section_links_resolve(corpus: Corpus) -> None:
    for truth in list(corpus.truth())[::10]:
        urls = [t["url"] for t in truth["tags"]] + [a["url"] for a in truth["authors"]]
        for url in urls + [truth["section_url"] or corpus.base_url + "/"]:
            assert corpus.render(url).status == 200, url
