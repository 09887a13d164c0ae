"""The reading-room pages, as Datasette routes (registered by `newsarchive.web.app`).

Every page reads through the query layer: on Datasette's own read-only connection for
a SQLite archive, or, for a PostgreSQL archive (which Datasette cannot open), on the
query layer's read-only psycopg connections (`PostgresReads`). No page runs script (a
Content-Security-Policy forbids it), and article HTML goes through the nh3 sanitiser
(`newsarchive.web.pages.safe_body`).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from newsarchive.query.database import Connection, connect_archive, dict_row
from newsarchive.query.detail import article_detail
from newsarchive.query.errors import QueryError
from newsarchive.query.filters import ArticleFilters
from newsarchive.query.history import article_history, diff_lines
from newsarchive.query.listing import list_articles
from newsarchive.query.placements import (
    HOME_PAGE,
    NoPlacements,
    article_placements,
    front_page_at,
)
from newsarchive.query.placements import pages as front_pages
from newsarchive.query.reading_room import (
    Selection,
    attention_by_month,
    count_matches,
    facet_counts,
    failures_for_url,
    matching_urls,
    raw_page,
)
from newsarchive.query.runs import crawl_runs, failures_by_reason, open_failures
from newsarchive.query.search import search_articles
from newsarchive.web.metadata import ARTICLE_COLUMNS, PLUGIN_NAME
from newsarchive.web.pages import attention_chart, safe_body, snippet_html

PAGE_SIZE = 30
FILTER_NAMES = ("section", "author", "tag", "site")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; img-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; frame-src 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
}


class PostgresReads:
    """Query-layer calls on a PostgreSQL archive, off the event loop: each worker thread
    keeps its own read-only connection (psycopg connections are not shared between
    threads), opened on first use. A call whose connection the server dropped (a
    restart, an idle timeout) is made once more on a new one: the pages only read."""

    def __init__(self, url: str, threads: int = 3) -> None:
        self.url = url
        self._executor = ThreadPoolExecutor(
            max_workers=threads, thread_name_prefix="newsarchive-postgres"
        )
        self._local = threading.local()

    def _connection(self, *, fresh: bool = False) -> Connection:
        connection = getattr(self._local, "connection", None)
        if connection is not None and (fresh or connection.raw.broken):
            with contextlib.suppress(Exception):  # it is being replaced anyway
                connection.close()
            connection = None
        if connection is None:
            connection = self._local.connection = connect_archive(self.url)
        return connection

    def _call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        import psycopg

        connection = self._connection()
        try:
            return function(connection, *args, **kwargs)
        except psycopg.OperationalError:
            if not connection.raw.broken:
                raise
        return function(self._connection(fresh=True), *args, **kwargs)

    async def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, lambda: self._call(function, *args, **kwargs)
        )


_POSTGRES_READS: weakref.WeakKeyDictionary[Any, PostgresReads] = (
    weakref.WeakKeyDictionary()
)


def read_postgres(datasette, url: str) -> None:
    """Make `datasette`'s reading-room pages read the PostgreSQL archive at `url`."""
    _POSTGRES_READS[datasette] = PostgresReads(url)


async def _read(datasette, function: Callable[..., Any], *args: Any, **kwargs: Any):
    """Run a query-layer function on the archive's read connection (dict rows)."""
    postgres = _POSTGRES_READS.get(datasette)
    if postgres is not None:
        return await postgres.run(function, *args, **kwargs)

    def run(connection):
        factory = connection.row_factory
        connection.row_factory = dict_row
        try:
            return function(connection, *args, **kwargs)
        finally:
            connection.row_factory = factory

    return await datasette.get_database().execute_fn(run)


async def _page(datasette, request, template: str, context: dict[str, Any], status=200):
    # Datasette's own tables and SQL exist for a SQLite archive only.
    on_postgres = datasette in _POSTGRES_READS
    context = {
        "archive_title": datasette.metadata("title") or "newsarchive",
        "database_name": None if on_postgres else datasette.get_database().name,
        **context,
    }
    html = await datasette.render_template(
        [template], context, request=request, view_name=template
    )
    return Response.html(html, status=status, headers=SECURITY_HEADERS)


def _day(text: str | None, name: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise QueryError(f"{name} {text!r} is not a date like 2024-05-31") from None


def _selection(request) -> tuple[Selection, dict[str, str]]:
    args = {
        name: request.args.get(name, "").strip()
        for name in ("q", *FILTER_NAMES, "since", "until", "month")
    }
    since, until = _day(args["since"], "from"), _day(args["until"], "to")
    if until is not None:
        until += timedelta(days=1)  # the "to" day is included
    if args["month"]:
        start = _day(args["month"] + "-01", "month")
        since = start
        until = (start + timedelta(days=32)).replace(day=1)
    filters = ArticleFilters(
        **{name: args[name] or None for name in FILTER_NAMES}, since=since, until=until
    )
    return Selection(query=args["q"] or None, filters=filters), args


def _link(args: dict[str, str], **changes: str | None) -> str:
    merged = {**args, **changes}
    return "?" + urlencode({name: value for name, value in merged.items() if value})


async def search_page(datasette, request):
    try:
        selection, args = _selection(request)
    except QueryError as error:
        return await _page(
            datasette, request, "na_search.html", {"error": str(error), "args": {}}, 400
        )
    context: dict[str, Any] = {"args": args, "link": _link}
    try:
        if selection.query:
            hits = await _read(
                datasette, search_articles, selection.query,
                filters=selection.filters, limit=PAGE_SIZE,
            )  # fmt: skip
            context["hits"] = [
                {"hit": hit, "snippet": snippet_html(hit.snippet)} for hit in hits
            ]
        else:
            context["listing"] = await _read(
                datasette, list_articles, filters=selection.filters, limit=PAGE_SIZE
            )
        context["total"] = await _read(datasette, count_matches, selection)
        context["facets"] = await _read(datasette, facet_counts, selection)
        months = await _read(datasette, attention_by_month, selection)
        context["chart"] = attention_chart(months) if selection.query else None
        context["csv_link"] = "/-/matches.csv" + _link(args)
    except QueryError as error:
        context["error"] = str(error)
        return await _page(datasette, request, "na_search.html", context, 400)
    return await _page(datasette, request, "na_search.html", context)


async def matches_csv(datasette, request):
    try:
        selection, _ = _selection(request)
        rows = await _read(datasette, lambda c, s: list(matching_urls(c, s)), selection)
    except QueryError as error:
        return Response.text(str(error) + "\n", status=400)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "published_at", "section", "title", "url"])
    for row in rows:
        writer.writerow(
            [row["id"], row["published_at"], row["section"], row["title"], row["url"]]
        )
    return Response(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="matches.csv"'},
    )


def _article(connection, article_id: int) -> dict[str, Any]:
    detail = article_detail(connection, article_id)
    keys = [row["url_key"] for row in connection.execute(
        "SELECT url_key FROM article_urls WHERE article_id = :id", {"id": article_id}
    ).fetchall()] + [detail["url_key"]]  # fmt: skip
    detail["failures"] = failures_for_url(connection, sorted(set(keys)))
    try:
        detail["placements"] = article_placements(
            connection, article_id, sorted(set(keys))
        )
    except NoPlacements:  # an archive from before front-page history
        detail["placements"] = []
    try:
        history = article_history(connection, article_id)
        detail["history"] = [
            {
                "version": version,
                "changes": [
                    {"name": change.name, "lines": diff_lines(change)}
                    for change in version.changes
                ],
            }
            for version in history.versions
        ]
    except QueryError:
        detail["history"] = []
    return detail


async def article_page(datasette, request):
    article_id = int(request.url_vars["id"])
    try:
        article = await _read(datasette, _article, article_id)
    except QueryError as error:
        return await _page(
            datasette, request, "na_search.html", {"error": str(error), "args": {}}, 404
        )
    context = {
        "article": article,
        "body": safe_body(article["body_html"]),
        "top_image": next((i for i in article["images"] if i["kind"] == "top"), None),
        "body_images": [i for i in article["images"] if i["kind"] != "top"],
        "public_tags": [t for t in article["tags"] if not t["internal"]],
    }
    return await _page(datasette, request, "na_article.html", context)


async def front_page_view(datasette, request):
    page = request.args.get("page", "").strip() or HOME_PAGE
    at_text = request.args.get("at", "").strip()
    try:
        if not page.startswith("/") or any(c.isspace() for c in page):
            raise QueryError(
                f"page {page!r} is not a front page path like / or /qiosk/"
            )
        at = None
        if at_text:
            try:
                at = datetime.fromisoformat(at_text)
            except ValueError:
                raise QueryError(
                    f"at {at_text!r} is not a time like 2026-12-01T09:00"
                ) from None
            at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        shown = await _read(datasette, front_page_at, page, at)
        known = await _read(datasette, front_pages)
        error = None
    except QueryError as error_found:
        shown, known, error = [], [], str(error_found)
    context = {
        "page": page,
        "at": at_text,
        "shown": shown,
        "pages": known,
        "error": error,
    }
    return await _page(
        datasette, request, "na_frontpage.html", context, 404 if error else 200
    )


async def raw_page_view(datasette, request):
    page = await _read(datasette, raw_page, int(request.url_vars["id"]))
    if page is None:
        return Response.text("no such stored page\n", status=404)
    # Shown as text, never as a page: the stored HTML's scripts must not run here.
    return Response(
        page["body"].decode("utf-8", "replace"),
        content_type="text/plain; charset=utf-8",
        headers={**SECURITY_HEADERS, "Content-Security-Policy": "sandbox"},
    )


def _listing(kind: str):
    async def view(datasette, request):
        value = unquote(request.url_vars["value"])
        args = {"month": value} if kind == "month" else {kind: value}
        target = "/" + _link(args)
        return Response.redirect(target)

    return view


async def runs_page(datasette, request):
    runs = await _read(datasette, crawl_runs, limit=200)
    return await _page(datasette, request, "na_runs.html", {"runs": runs})


async def failures_page(datasette, request):
    reasons = await _read(datasette, failures_by_reason)
    failures = await _read(
        datasette, open_failures, reason=request.args.get("reason") or None, limit=200
    )
    return await _page(
        datasette,
        request,
        "na_failures.html",
        {"reasons": reasons, "failures": failures},
    )


@hookimpl
def register_routes():
    return [
        (r"^/$", search_page),
        (r"^/-/matches\.csv$", matches_csv),
        (r"^/article/(?P<id>\d+)$", article_page),
        (r"^/raw/(?P<id>\d+)$", raw_page_view),
        (r"^/section/(?P<value>[^/]+)$", _listing("section")),
        (r"^/author/(?P<value>[^/]+)$", _listing("author")),
        (r"^/tag/(?P<value>[^/]+)$", _listing("tag")),
        (r"^/month/(?P<value>\d{4}-\d{2})$", _listing("month")),
        (r"^/runs$", runs_page),
        (r"^/frontpage$", front_page_view),
        (r"^/failures$", failures_page),
    ]


@hookimpl
def asgi_wrapper(datasette):
    """The articles table opens on readable columns unless the URL chooses its own."""

    def wrap(app):
        async def with_default_columns(scope, receive, send):
            if scope["type"] == "http":
                database = datasette.get_database().name
                query = scope.get("query_string", b"").decode("latin-1")
                if (
                    scope["path"] == f"/{database}/articles"
                    and "_col" not in query
                    and "_nocol" not in query
                ):
                    config = datasette.plugin_config(PLUGIN_NAME) or {}
                    wanted = config.get("default_columns", ARTICLE_COLUMNS)
                    columns = urlencode(
                        [("_col", name) for name in wanted if name != "id"]
                    )
                    location = (
                        f"/{database}/articles?"
                        + (f"{query}&" if query else "")
                        + columns
                    )
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 302,
                            "headers": [(b"location", location.encode())],
                        }
                    )
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)

        return with_default_columns

    return wrap
