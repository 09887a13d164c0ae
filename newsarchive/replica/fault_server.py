"""The aiohttp middleware that serves a `FaultPlan`: the replica's pages, gone wrong.

`make_app(corpus, middlewares=[fault_middleware(plan, corpus.base_url)])`. Transient
faults count the requests of their page in this process and heal after `fail_times`.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
from collections import Counter
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from aiohttp import web

from newsarchive.replica import fault_content
from newsarchive.replica.faults import Fault, FaultPlan

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
HTML = "text/html; charset=utf-8"
OFFSITE_HOST = "http://offsite.invalid"
"""Where an `offsite_redirect` points (`.invalid` never resolves: RFC 2606)."""
SLOW_CHUNKS = 10


def fault_middleware(plan: FaultPlan, base_url: str):
    """An aiohttp middleware injecting the plan's faults into a replica app."""
    served: Counter[str] = Counter()
    variant_links = [
        link for links in plan.variant_links(base_url).values() for link in links
    ]
    ghosts = [base_url + path for path in plan.ghost_paths()]
    malformed_sitemap = plan.malformed_sitemap_path()
    ghost_sitemap = plan.ghost_sitemap_path() if ghosts else None

    @web.middleware
    async def inject_faults(
        request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        path = request.path
        fault = plan.fault_for(path, request.query_string)
        if fault is not None and fault.info.scope == "article":
            served[request.path_qs] += 1
            if not fault.info.transient or served[request.path_qs] <= fault.fail_times:
                logger.debug("fault %s on %s", fault.kind, request.path_qs)
                return await _RESPONDERS[fault.kind](request, handler, fault, plan)
        if path == "/" and variant_links and not request.query_string:
            return await _transformed(
                request,
                handler,
                lambda b: fault_content.with_home_links(b, variant_links),
            )
        if path == malformed_sitemap or (
            path == "/feeds/feed.rss" and plan.has("malformed_feed")
        ):
            return await _transformed(request, handler, fault_content.malformed_xml)
        if path == ghost_sitemap:
            return await _transformed(
                request,
                handler,
                lambda b: fault_content.with_sitemap_entries(b, ghosts),
            )
        return await handler(request)

    return inject_faults


# --- responders: one per per-page fault kind ---------------------------------------------


async def _error(status: int, request: web.Request, plan: FaultPlan) -> web.Response:
    headers = {}
    if status in (429, 503):
        headers["Retry-After"] = str(plan.options.retry_after)
    text = f"<html><body><h1>{status}</h1><p>Please try again later.</p></body></html>"
    return web.Response(
        status=status, text=text, content_type="text/html", headers=headers
    )


async def _timeout(request, handler, fault, plan) -> web.StreamResponse:
    await asyncio.sleep(plan.options.hang_seconds)  # the client has given up by now
    return await handler(request)


async def _slow_body(request, handler, fault, plan) -> web.StreamResponse:
    page = await handler(request)
    body = _body_of(page)
    stream = web.StreamResponse(status=page.status, headers=_content_headers(page))
    stream.content_length = len(body)
    await stream.prepare(request)
    step = -(-len(body) // SLOW_CHUNKS)
    try:
        for start in range(0, len(body), step):
            await asyncio.sleep(plan.options.hang_seconds / SLOW_CHUNKS)
            await stream.write(body[start : start + step])
        await stream.write_eof()
    except (ConnectionResetError, RuntimeError):
        pass  # the client gave up
    return stream


async def _connection_reset(request, handler, fault, plan) -> web.StreamResponse:
    page = await handler(request)
    body = _body_of(page)
    stream = web.StreamResponse(status=page.status, headers=_content_headers(page))
    stream.content_length = len(body)
    await stream.prepare(request)
    await stream.write(body[: len(body) // 2])
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:  # linger 0: close() sends a TCP RST, not a FIN
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
        transport.abort()
    return stream


async def _redirect_loop(request, handler, fault, plan) -> web.Response:
    # /slug/ -> /slug/?hop=1 -> /slug/?hop=2 -> /slug/ -> ...
    hop = parse_qs(request.query_string).get("hop", ["0"])[-1]
    following = {"0": "?hop=1", "1": "?hop=2"}.get(hop, "")
    return _redirect(302, request.path + following)


async def _offsite_redirect(request, handler, fault, plan) -> web.Response:
    return _redirect(301, OFFSITE_HOST + request.path)


async def _gzip_bomb(request, handler, fault, plan) -> web.Response:
    body = fault_content.gzip_bomb(plan.options.bomb_mb)
    headers = {"Content-Type": HTML, "Content-Encoding": "gzip"}
    return web.Response(status=200, body=body, headers=headers)


def _body_transform(
    change: Callable[[bytes, Fault, FaultPlan], bytes], content_type: str | None = None
):
    async def respond(request, handler, fault, plan) -> web.StreamResponse:
        return await _transformed(
            request, handler, lambda body: change(body, fault, plan), content_type
        )

    return respond


async def _transformed(
    request: web.Request,
    handler: Handler,
    change: Callable[[bytes], bytes],
    content_type: str | None = None,
) -> web.StreamResponse:
    page = await handler(request)
    if page.status != 200 or not isinstance(page, web.Response):
        return page
    headers = _content_headers(page)
    if content_type is not None:
        headers["Content-Type"] = content_type
    # No ETag: the faulty body is not the page the validators describe.
    return web.Response(status=200, body=change(_body_of(page)), headers=headers)


def _redirect(status: int, location: str) -> web.Response:
    return web.Response(status=status, headers={"Location": location}, text="Moved")


def _body_of(page: web.StreamResponse) -> bytes:
    body = getattr(page, "body", b"")
    return body if isinstance(body, bytes) else b""


def _content_headers(page: web.StreamResponse) -> dict[str, str]:
    return {
        name: page.headers[name]
        for name in ("Content-Type", "Last-Modified")
        if name in page.headers
    }


_RESPONDERS = {
    "http_500": lambda request, handler, fault, plan: _error(500, request, plan),
    "http_503": lambda request, handler, fault, plan: _error(503, request, plan),
    "http_429": lambda request, handler, fault, plan: _error(429, request, plan),
    "timeout": _timeout,
    "slow_body": _slow_body,
    "connection_reset": _connection_reset,
    "truncated": _body_transform(
        lambda body, fault, plan: fault_content.truncated(body)
    ),
    "markup_changed": _body_transform(
        lambda body, fault, plan: fault_content.markup_changed(body)
    ),
    "missing_field": _body_transform(
        lambda body, fault, plan: fault_content.missing_field(body, fault.variant)
    ),
    "bad_date": _body_transform(lambda body, fault, plan: fault_content.bad_date(body)),
    "oversized": _body_transform(
        lambda body, fault, plan: fault_content.oversized(
            body, plan.options.oversize_kb
        )
    ),
    "gzip_bomb": _gzip_bomb,
    "redirect_loop": _redirect_loop,
    "offsite_redirect": _offsite_redirect,
    "wrong_charset": _body_transform(
        lambda body, fault, plan: fault_content.cp1252(body, declare_utf8=True), HTML
    ),
    "missing_charset": _body_transform(
        lambda body, fault, plan: fault_content.cp1252(body, declare_utf8=False),
        "text/html",
    ),
}
