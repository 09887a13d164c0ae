"""The fault middleware over real HTTP (an in-process aiohttp server per fault kind)."""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from newsarchive.replica import Corpus, make_app
from newsarchive.replica.fault_server import OFFSITE_HOST, fault_middleware
from newsarchive.replica.faults import FaultOptions, FaultPlan
from newsarchive.resilience.failures import xml_problem
from newsarchive.resilience.truncation import looks_truncated

HANG = 0.4


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus(articles=20, seed=1, page_kb=5)


def serve(corpus: Corpus, kinds: tuple[str, ...], test: Callable[..., Awaitable[None]],
          **values) -> None:  # fmt: skip
    """Run `test(session, url_of, plan)` against the corpus with these faults on every
    article page."""
    options = FaultOptions(kinds=kinds, share=values.pop("share", 1.0), hang_seconds=HANG,
                           retry_after=7, oversize_kb=64, bomb_mb=4, **values)  # fmt: skip
    plan = FaultPlan(article_paths=corpus.article_paths(), options=options)

    async def main() -> None:
        app = make_app(corpus, middlewares=[fault_middleware(plan, corpus.base_url)])
        async with (
            TestServer(app) as server,
            aiohttp.ClientSession(auto_decompress=False) as session,
        ):
            await test(session, lambda path: str(server.make_url(path)), plan)

    asyncio.run(main())


def first_with(plan: FaultPlan, **wanted) -> str:
    return next(
        path for path, fault in plan.article_faults().items()
        if all(getattr(fault, name) == value for name, value in wanted.items())
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["http_500", "http_503", "http_429"])
def test_error_statuses_heal_after_fail_times(corpus, kind) -> None:
    async def test(session, url_of, plan):
        path = first_with(plan, fail_times=2)
        statuses = []
        for _ in range(3):
            async with session.get(url_of(path), allow_redirects=False) as response:
                statuses.append(response.status)
                if response.status in (429, 503):
                    assert response.headers["Retry-After"] == "7"
        status = int(kind.removeprefix("http_"))
        assert statuses == [status, status, 200]

    serve(corpus, (kind,), test)


def test_timeout_then_healed(corpus) -> None:
    async def test(session, url_of, plan):
        path = first_with(plan, fail_times=1)
        with pytest.raises(asyncio.TimeoutError):
            async with session.get(
                url_of(path), timeout=aiohttp.ClientTimeout(total=HANG / 4)
            ):
                pass
        async with session.get(url_of(path)) as response:
            assert response.status == 200

    serve(corpus, ("timeout",), test)


def test_slow_body_trickles_the_whole_page(corpus) -> None:
    async def test(session, url_of, plan):
        path = first_with(plan, fail_times=1)
        started = time.monotonic()
        async with session.get(url_of(path)) as response:
            body = await response.read()
        assert time.monotonic() - started >= HANG * 0.9
        assert body == corpus.render(path).body

    serve(corpus, ("slow_body",), test)


def test_connection_reset_mid_body(corpus) -> None:
    async def test(session, url_of, plan):
        path = first_with(plan, fail_times=1)
        with pytest.raises(aiohttp.ClientError):
            async with session.get(url_of(path)) as response:
                await response.read()
        async with session.get(url_of(path)) as response:
            assert await response.read() == corpus.render(path).body

    serve(corpus, ("connection_reset",), test)


def test_truncated_page(corpus) -> None:
    async def test(session, url_of, plan):
        path = first_with(plan, fail_times=1)
        async with session.get(url_of(path)) as response:
            assert response.status == 200
            assert looks_truncated(
                await response.read(), response.headers["Content-Type"]
            )

    serve(corpus, ("truncated",), test)


def test_redirect_loop_and_offsite_redirect(corpus) -> None:
    async def loop(session, url_of, plan):
        path = corpus.article_paths()[3]
        chain, url = [], url_of(path)
        for _ in range(4):
            async with session.get(url, allow_redirects=False) as response:
                assert response.status == 302
                url = url_of(response.headers["Location"].removeprefix(corpus.base_url))
                chain.append(response.headers["Location"])
        assert chain == [f"{path}?hop=1", f"{path}?hop=2", path, f"{path}?hop=1"]

    async def offsite(session, url_of, plan):
        path = corpus.article_paths()[3]
        async with session.get(url_of(path), allow_redirects=False) as response:
            assert response.status == 301
            assert response.headers["Location"] == OFFSITE_HOST + path

    serve(corpus, ("redirect_loop",), loop)
    serve(corpus, ("offsite_redirect",), offsite)


def test_gzip_bomb_and_oversized_page(corpus) -> None:
    async def bomb(session, url_of, plan):
        async with session.get(url_of(corpus.article_paths()[2])) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = await response.read()
        assert len(body) < 16 * 1024
        assert len(zlib.decompressobj(31).decompress(body)) > 4 * 1024 * 1024

    async def oversized(session, url_of, plan):
        async with session.get(url_of(corpus.article_paths()[2])) as response:
            assert len(await response.read()) >= 64 * 1024

    serve(corpus, ("gzip_bomb",), bomb)
    serve(corpus, ("oversized",), oversized)


@pytest.mark.parametrize(("kind", "content_type"), [
    ("wrong_charset", "text/html; charset=utf-8"), ("missing_charset", "text/html"),
])  # fmt: skip
def test_cp1252_pages(corpus, kind, content_type) -> None:
    async def test(session, url_of, plan):
        path = corpus.article_paths()[1]
        async with session.get(url_of(path)) as response:
            assert response.headers["Content-Type"] == content_type
            body = await response.read()
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        assert (b'<meta charset="utf-8">' in body) == (kind == "wrong_charset")

    serve(corpus, (kind,), test)


def test_content_faults_are_permanent(corpus) -> None:
    async def test(session, url_of, plan):
        path = corpus.article_paths()[4]
        for _ in range(3):
            async with session.get(url_of(path)) as response:
                assert b"v2-posts-wrapper" in await response.read()

    serve(corpus, ("markup_changed",), test)


def test_site_wide_discovery_faults(corpus) -> None:
    async def test(session, url_of, plan):
        async with session.get(url_of("/")) as response:
            home = (await response.read()).decode()
        variants = plan.variant_links(corpus.base_url)
        assert variants and all(
            link in home for links in variants.values() for link in links
        )
        async with session.get(url_of(plan.ghost_sitemap_path())) as response:
            sitemap = await response.read()
        for ghost in plan.ghost_paths():
            assert f"<loc>{corpus.base_url}{ghost}</loc>".encode() in sitemap
            async with session.get(url_of(ghost)) as response:
                assert response.status == 404
        for path in (plan.malformed_sitemap_path(), "/feeds/feed.rss"):
            async with session.get(url_of(path)) as response:
                assert xml_problem(await response.read()) is not None

    kinds = (
        "tracking_duplicates",
        "sitemap_404",
        "malformed_sitemap",
        "malformed_feed",
    )
    serve(corpus, kinds, test, share=0.5)


def test_discovery_pages_heal(corpus) -> None:
    async def test(session, url_of, plan):
        faulty = [p for p in ("/qiosk/", "/media/", "/analysis/", "/tag/arms-sales/",
                              "/regions/europe/", "/opinion/") if plan.fault_for(p)]  # fmt: skip
        assert faulty
        for path in faulty:
            statuses = []
            for _ in range(3):
                try:
                    async with session.get(url_of(path)) as response:
                        await response.read()
                        statuses.append(response.status)
                except aiohttp.ClientError:
                    statuses.append(0)
            assert statuses[-1] in (200, 404) and statuses[0] not in (200, 404)

    serve(corpus, ("http_500", "http_503", "connection_reset"), test, share=0.9)
