"""A tiny site served in a background thread, recording every request path.

For crawl behaviours the replica does not vary: robots.txt allowing or forbidding the
load-more endpoint, a page that links only through load-more, and a dead article link
(404: a fetch failure).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Responsible Statecraft</title>
<link rel="canonical" href="{base}/{slug}/"><meta property="og:type" content="article">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title}","datePublished":"2024-03-01T12:00:00Z"}}</script></head><body>
<div class="posts-wrapper"><div class="widget post-partial"><article elid="1">
<h1 class="widget__headline h1">{title}</h1></article></div>
<div class="widget post-partial"><article elid="1"><div class="body"><div class="body-description">
<p>Body of {title}.</p></div></div></article></div></div></body></html>"""

HOME = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Home</title>
</head><body><div class="widget"><h2 class="widget__headline h2">
<a class="widget__headline-text" href="/first-article/">First</a></h2></div>
<div class="widget"><h2 class="widget__headline h2">
<a class="widget__headline-text" href="/missing-article/">Gone</a></h2></div>
<div class="load-more" data-href="/res/load_more_posts/data.js?site_id=1&pn=2"></div>
</body></html>"""

LOAD_MORE = """<div class="widget"><h2 class="widget__headline h2">
<a class="widget__headline-text" href="/second-article/">Second</a></h2></div>"""


@dataclass
class TinySite:
    robots: str
    base_url: str = ""
    paths: list[str] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/robots.txt", self._robots)
        app.router.add_get("/", self._home)
        app.router.add_get("/res/load_more_posts/data.js", self._load_more)
        app.router.add_get("/{slug}/", self._article)
        return app

    @web.middleware
    async def _record(self, request: web.Request, handler):
        self.paths.append(request.path_qs)
        return await handler(request)

    async def _robots(self, request: web.Request) -> web.Response:
        return web.Response(text=self.robots)

    async def _home(self, request: web.Request) -> web.Response:
        return web.Response(text=HOME, content_type="text/html")

    async def _load_more(self, request: web.Request) -> web.Response:
        return web.Response(text=LOAD_MORE, content_type="text/html")

    async def _article(self, request: web.Request) -> web.Response:
        slug = request.match_info["slug"]
        if slug not in ("first-article", "second-article"):
            raise web.HTTPNotFound()
        title = slug.replace("-", " ").title()
        page = ARTICLE.format(title=title, slug=slug, base=self.base_url)
        return web.Response(text=page, content_type="text/html")


@contextmanager
def serve_tiny_site(robots: str) -> Iterator[TinySite]:
    """Serve a `TinySite` on a free loopback port for the duration of the block."""
    site = TinySite(robots=robots)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(site.app(), access_log=None)

    async def start() -> None:
        await runner.setup()
        tcp = web.TCPSite(runner, "127.0.0.1", 0)
        await tcp.start()
        port = tcp._server.sockets[0].getsockname()[1]
        site.base_url = f"http://127.0.0.1:{port}"

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
    try:
        yield site
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
