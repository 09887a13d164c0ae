"""The served replica over real HTTP (one subprocess for the whole session)."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urljoin, urlsplit

import pytest
from parsel import Selector

from newsarchive.replica import Corpus
from newsarchive.replica.process import ReplicaProcess


def get(
    base_url: str, path: str, headers: dict[str, str] | None = None, method: str = "GET"
):
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_first_line_gives_a_free_port(served: ReplicaProcess) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", served.base_url)


def test_robots_disallows_res_and_names_the_sitemap(served: ReplicaProcess) -> None:
    status, _, body = get(served.base_url, "/robots.txt")
    text = body.decode()
    assert status == 200 and "Disallow: /res/" in text.splitlines()
    assert f"Sitemap: {served.base_url}/sitemap.xml" in text.splitlines()


def test_article_headers(served: ReplicaProcess, served_corpus: Corpus) -> None:
    status, headers, body = get(served.base_url, served_corpus.seed_path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["ETag"].startswith('"') and "Last-Modified" in headers
    assert body == served_corpus.render(served_corpus.seed_path).body


def test_conditional_requests_get_304(
    served: ReplicaProcess, served_corpus: Corpus
) -> None:
    _, headers, _ = get(served.base_url, served_corpus.seed_path)
    status, _, body = get(
        served.base_url, served_corpus.seed_path, {"If-None-Match": headers["ETag"]}
    )
    assert (status, body) == (304, b"")
    status, _, _ = get(
        served.base_url,
        served_corpus.seed_path,
        {"If-Modified-Since": headers["Last-Modified"]},
    )
    assert status == 304
    status, _, _ = get(
        served.base_url, served_corpus.seed_path, {"If-None-Match": '"other"'}
    )
    assert status == 200


def test_legacy_urls_redirect_permanently(
    served: ReplicaProcess, served_corpus: Corpus
) -> None:
    legacy = served_corpus.legacy_paths()
    assert legacy
    old, new = next(iter(legacy.items()))
    for variant in (old, old + "/"):
        status, headers, _ = get(served.base_url, variant)
        assert (status, headers["Location"]) == (301, served.base_url + new)
    day = old.split("/")
    wrong_day = "/".join(day[:3] + [f"{(int(day[3]) % 28) + 1:02d}"] + day[4:])
    assert get(served.base_url, wrong_day)[0] == 404


def test_feed_redirects_and_main_feed_has_30_items(served: ReplicaProcess) -> None:
    status, headers, _ = get(served.base_url, "/feed/")
    assert (status, headers["Location"]) == (301, served.base_url + "/feeds/feed.rss")
    status, headers, body = get(served.base_url, "/feeds/feed.rss")
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    assert len(Selector(body=body, type="xml").xpath("//item")) == 30


def test_section_feeds_in_both_forms(served: ReplicaProcess) -> None:
    one, two = (
        get(served.base_url, "/feeds/qiosk.rss"),
        get(served.base_url, "/feeds/topic/qiosk.rss"),
    )
    assert one[0] == two[0] == 200
    assert (
        Selector(body=one[2], type="xml").xpath("//item/link/text()").getall()
        == Selector(body=two[2], type="xml").xpath("//item/link/text()").getall()
    )


def test_sitemaps_list_exactly_the_articles(
    served: ReplicaProcess, served_corpus: Corpus
) -> None:
    _, _, body = get(served.base_url, "/sitemap.xml")
    index = Selector(body=body, type="xml")
    index.remove_namespaces()
    children = index.xpath("//sitemap/loc/text()").getall()
    assert index.xpath("//sitemap/lastmod/text()").getall()
    for ext in ("xml", "ggl"):
        urls: list[str] = []
        for child in (c for c in children if c.endswith(ext)):
            status, _, sitemap = get(served.base_url, urlsplit(child).path)
            assert status == 200
            document = Selector(body=sitemap, type="xml")
            document.remove_namespaces()
            urls += document.xpath("//url/loc/text()").getall()
        assert sorted(urls) == sorted(served_corpus.article_urls())


def test_page_links_walk_a_whole_section(
    served: ReplicaProcess, served_corpus: Corpus
) -> None:
    url, found = served.base_url + "/qiosk/", []
    while url:
        status, _, body = get(
            served.base_url,
            urlsplit(url).path
            + ("?" + urlsplit(url).query if urlsplit(url).query else ""),
        )
        assert status == 200
        page = Selector(body=body)
        found += page.css(
            "h2.widget__headline a.widget__headline-text::attr(href)"
        ).getall()
        following = page.css("a.pagination__next::attr(href)").get()
        url = urljoin(url, following) if following else None
    expected = {
        served.base_url + served_corpus.catalog.metas[i].path
        for i in served_corpus.catalog.by_section["qiosk"]
    }
    assert len(found) == len(set(found)) and set(found) == expected


def test_load_more_gives_the_next_page(served: ReplicaProcess) -> None:
    first = Selector(body=get(served.base_url, "/")[2])
    more = first.css("div.load-more::attr(data-href)").get()
    assert "pn=2" in more
    status, _, fragment = get(served.base_url, more)
    second_page = Selector(body=get(served.base_url, "/?page=2")[2])
    links = "h2.widget__headline a.widget__headline-text::attr(href)"
    assert (
        status == 200
        and Selector(body=fragment).css(links).getall()
        == second_page.css(".posts-list").css(links).getall()
    )


@pytest.mark.parametrize(
    "path", ["/no-such-article/", "/tag/no-such-tag/", "/qiosk/?page=999", "/a/b/c/"]
)
def test_unknown_paths_get_the_styled_404(served: ReplicaProcess, path: str) -> None:
    status, _, body = get(served.base_url, path)
    assert status == 404 and b"Page not found" in body and b'class="topbar"' in body


def test_url_variants_serve_the_article(
    served: ReplicaProcess, served_corpus: Corpus
) -> None:
    path = served_corpus.article_paths()[42]
    canonical = f'<link rel="canonical" href="{served.base_url}{path}">'.encode()
    for variant in (
        path.rstrip("/"),
        path + "?utm_source=rs_newsletter&utm_medium=email",
    ):
        status, _, body = get(served.base_url, variant)
        assert status == 200 and canonical in body


def test_region_alias_points_its_canonical_at_regions(served: ReplicaProcess) -> None:
    status, _, body = get(served.base_url, "/europe/")
    assert (
        status == 200 and f'href="{served.base_url}/regions/europe/"'.encode() in body
    )


def test_non_article_pages_media_and_head(served: ReplicaProcess) -> None:
    for path in (
        "/about/",
        "/contact/",
        "/privacy-policy/",
        "/editorial-and-submission-policy/",
    ):
        status, _, body = get(served.base_url, path)
        assert (
            status == 200
            and b'og:type" content="website"' in body
            and b"NewsArticle" not in body
        )
    status, headers, _ = get(served.base_url, "/media-library/x.jpg?id=1&width=980")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    status, _, body = get(served.base_url, "/robots.txt", method="HEAD")
    assert status == 200 and body == b""


def test_extras_are_linked_from_home(
    served: ReplicaProcess, served_corpus: Corpus
) -> None:
    home = get(served.base_url, "/")[2].decode()
    extras = served_corpus.extra_paths()
    for key in ("broken", "duplicate"):
        assert served.base_url + extras[key] in home
        assert get(served.base_url, extras[key])[0] == 200
    broken = Selector(text=get(served.base_url, extras["broken"])[2].decode())
    assert broken.css("h1").xpath("normalize-space()").get() == ""
    assert not broken.css(".body-description p")
