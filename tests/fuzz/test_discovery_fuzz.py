"""Fuzzing the discovery readers (sitemaps, feeds, robots.txt) with broken XML.

A malformed sitemap or feed must never crash the spider's callback: the readers return
what they can recover (possibly nothing) and `xml_problem` says what is wrong.
"""

from __future__ import annotations

from functools import lru_cache

from hypothesis import given
from hypothesis import strategies as st

from newsarchive.replica import Corpus
from newsarchive.replica.fault_content import malformed_xml
from newsarchive.resilience.failures import xml_problem
from spiders import discovery

from .test_parser_fuzz import FUZZ

URL = "http://127.0.0.1:8765/feeds/sitemaps/sitemap_1.xml"


@lru_cache(maxsize=1)
def documents() -> tuple[bytes, ...]:
    corpus = Corpus(articles=300, seed=2, page_kb=4)
    paths = ("/sitemap.xml", "/feeds/sitemaps/sitemap_1.xml", "/feeds/sitemaps/sitemap_2.ggl",
             "/feeds/feed.rss", "/robots.txt")  # fmt: skip
    bodies = [corpus.render(path).body for path in paths]
    return tuple(bodies + [malformed_xml(body) for body in bodies[:4]])


@st.composite
def broken_xml(draw: st.DrawFn) -> bytes:
    body = bytearray(draw(st.sampled_from(documents())))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(body)))
        choice = draw(st.sampled_from(["cut", "insert", "delete"]))
        if choice == "cut":
            del body[at:]
        elif choice == "insert":
            body[at:at] = draw(st.sampled_from(
                [b"<", b"&", b"\x00", b"<url><loc>", b"</urlset>", b"<!DOCTYPE x [",
                 b"<?xml version='1.0'?>", b"\x1f\x8b\x08"]))  # fmt: skip
        else:
            del body[at : at + draw(st.integers(1, 500))]
    return bytes(body)


def read_all(body: bytes) -> None:
    root, entries = discovery.parse_sitemap(body, URL)
    assert isinstance(root, str) and all(entry.loc for entry in entries)
    assert all(isinstance(link, str) for link in discovery.feed_links(body, URL))
    assert all(isinstance(url, str) for url in discovery.sitemaps_in_robots(body, URL))
    problem = xml_problem(body)
    assert problem is None or isinstance(problem, str)


@FUZZ
@given(broken_xml())
def test_broken_sitemaps_and_feeds_never_crash_the_readers(body: bytes) -> None:
    read_all(body)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash_the_readers(body: bytes) -> None:
    read_all(body)


def test_known_crashers() -> None:
    for body in (b"", b"\x00\x01garbage", b"   ", b"<html><body>not xml"):
        read_all(body)
