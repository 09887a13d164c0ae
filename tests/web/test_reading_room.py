"""What a person sees in the reading room (`newsarchive serve`), in headless Chromium."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.usefixtures("screenshot")

WORD = "ukraine"


def _visible_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "body").text


def _no_raw_markup(browser) -> None:
    text = _visible_text(browser)
    assert not re.search(r"</?(p|div|span|a|em|strong)\b[^>]*>", text), text[:500]


def test_the_search_box_is_on_the_first_screen(served, browser) -> None:
    browser.get(served.url + "/")
    box = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
    viewport = browser.execute_script("return window.innerHeight")
    assert box.is_displayed()
    assert box.rect["y"] + box.rect["height"] < viewport / 3
    _no_raw_markup(browser)


def test_search_ranks_results_with_highlighted_snippets(served, browser) -> None:
    browser.get(served.url + "/")
    box = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
    box.send_keys(WORD, Keys.ENTER)
    hits = browser.find_elements(By.CSS_SELECTOR, "article.hit")
    assert len(hits) >= 3
    for hit in hits:
        marks = hit.find_elements(By.CSS_SELECTOR, ".snippet mark")
        assert marks and all(m.text.lower().startswith("ukrain") for m in marks)
        assert hit.find_element(By.CSS_SELECTOR, ".meta").text  # date, section, byline
    # Relevance: an article with the word in its title ranks above one without.
    titles = [hit.find_element(By.TAG_NAME, "h3").text.lower() for hit in hits]
    with_word = [index for index, title in enumerate(titles) if WORD in title]
    without = [index for index, title in enumerate(titles) if WORD not in title]
    assert with_word and (not without or max(with_word) < min(without))
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart").is_displayed()
    csv_link = browser.find_element(By.LINK_TEXT, "matching URLs as CSV")
    assert "/-/matches.csv?q=ukraine" in csv_link.get_attribute("href")
    _no_raw_markup(browser)


def test_a_facet_narrows_the_list(served, browser) -> None:
    browser.get(f"{served.url}/?q={WORD}")
    total = int(browser.find_element(By.CSS_SELECTOR, ".active strong").text)
    facet = browser.find_elements(By.CSS_SELECTOR, ".facets ul")[0]
    link = facet.find_elements(By.TAG_NAME, "a")[-1]  # the rarest section shown
    section = link.text
    link.click()
    narrowed = int(browser.find_element(By.CSS_SELECTOR, ".active strong").text)
    assert narrowed < total
    metas = [
        m.text for m in browser.find_elements(By.CSS_SELECTOR, "article.hit .meta")
    ]
    assert len(metas) == narrowed
    assert all(section in meta for meta in metas)
    assert (
        f"section: {section}" in browser.find_element(By.CSS_SELECTOR, ".active").text
    )


def test_an_article_reads_like_the_article(served, browser) -> None:
    truth = max(served.truth, key=lambda a: len(a["body_text"].split("\n\n")))
    browser.get(f"{served.url}/article/{served.article_id(title=truth['title'])}")
    assert browser.find_element(By.TAG_NAME, "h1").text == truth["title"]
    paragraphs = [
        p.text for p in browser.find_elements(By.CSS_SELECTOR, ".body p") if p.text
    ]
    expected = [" ".join(block.split()) for block in truth["body_text"].split("\n\n")]
    shown = [" ".join(text.split()) for text in paragraphs]
    # The body's paragraphs, in the order of the stored text (body_html as published
    # also holds lines the extraction files elsewhere, such as the image credit).
    found = [expected.index(text) for text in shown if text in expected]
    assert found == sorted(found)
    assert len(found) >= max(3, len(expected) // 2)
    byline = browser.find_element(By.CSS_SELECTOR, ".byline").text
    assert all(author["name"] in byline for author in truth["authors"])
    _no_raw_markup(browser)


def test_a_teaser_link_lands_on_its_target(served, browser) -> None:
    for article in served.truth:
        browser.get(f"{served.url}/article/{served.article_id(title=article['title'])}")
        archived = browser.find_elements(By.CSS_SELECTOR, "a.teaser.archived")
        if archived:
            break
    else:
        pytest.fail("no article has an archived teaser")
    headline = archived[0].text
    archived[0].click()
    assert re.search(r"/article/\d+$", browser.current_url)
    title = browser.find_element(By.TAG_NAME, "h1").text
    assert (
        title.lower()[:20] == headline.lower()[:20]
        or headline in title
        or title in headline
    )
    _no_raw_markup(browser)


def test_listings_runs_and_failures(served, browser) -> None:
    author = served.truth[0]["authors"][0]["name"]
    browser.get(f"{served.url}/author/{quote(author)}")
    metas = browser.find_elements(By.CSS_SELECTOR, "article.hit .meta")
    assert metas and all(author in meta.text for meta in metas)
    browser.get(served.url + "/runs")
    assert "Crawl runs" in _visible_text(browser)
    # The run had a failed page: shown in the crawl's own words, not the stored code.
    assert "completed with failures" in _visible_text(browser)
    assert "partial" not in _visible_text(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "table.counts tbody tr")
    browser.get(served.url + "/failures")
    assert "missing_title" in _visible_text(browser)


def test_datasette_tables_open_on_readable_columns(served, browser) -> None:
    if served.kind == "postgresql":  # Datasette opens SQLite files only
        browser.get(served.url + "/")
        assert "Tables & SQL" not in _visible_text(browser)
        return
    browser.get(f"{served.url}/archive/articles?_search={WORD}")
    headers = [
        th.text
        for th in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns th")
    ]
    assert any("title" in header for header in headers)
    assert not any(
        h.strip() in ("body_html", "url_key", "content_hash") for h in headers
    )
    assert "where search matches" in _visible_text(browser)
