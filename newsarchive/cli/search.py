"""`newsarchive search`, `list` and `show`: finding and reading articles."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from newsarchive.cli.analyst_common import (
    analyst_command,
    archive,
    build_filters,
    db_option,
    filter_options,
    format_option,
    limit_option,
    limit_value,
    out_option,
    output_target,
)
from newsarchive.cli.row_output import emit_rows, table_width
from newsarchive.cli.text_table import TableColumn

SEARCH_FIELDS = (
    "id", "rank", "published_at", "site", "section", "title", "authors", "tags",
    "url", "snippet",
)  # fmt: skip
LIST_COLUMNS = (
    TableColumn("id", "id", "number", keep=6),
    TableColumn("published_at", "published", "whole", keep=5),
    TableColumn("section", "section", keep=2, min_width=8),
    TableColumn("title", "title", keep=7, min_width=20),
    TableColumn("authors", "authors", keep=1),
    TableColumn("url", "url", "whole", keep=3),
)
LIST_FIELDS = ("id", "published_at", "site", "section", "title", "authors", "url")
SNIPPET_INDENT = "    "


@click.command()
@click.argument("query")
@filter_options
@limit_option
@format_option()
@out_option
@db_option
@analyst_command
def search(
    query,
    site,
    section,
    author,
    tag,
    since,
    until,
    limit,
    output_format,
    out_path,
    db_path: Path,
):
    """Full-text search, best match first (FTS5 syntax).

    \b
    Examples:
      newsarchive search 'Umerov Turkish'            all words
      newsarchive search '"peace summit"'            a phrase
      newsarchive search 'diplom*'                   a prefix
      newsarchive search 'ukraine AND (talks OR summit) NOT nato'
      newsarchive search 'title: sanctions' --since 'last 30 days'
    """
    from newsarchive.query.search import check_query_size, search_articles

    target = output_target(out_path, db_path)
    check_query_size(query)
    filters = build_filters(
        site=site, section=section, author=author, tag=tag, since=since, until=until
    )
    with archive(db_path) as connection:
        hits = search_articles(
            connection, query, filters=filters, limit=limit_value(limit)
        )
    more = (
        f"The best {limit}; --limit N shows more (0: all)."
        if limit and len(hits) == limit
        else None
    )
    if output_format == "table":
        _write_hits(hits, query, target)
        if more:
            click.echo(more, err=True)
        return
    from newsarchive.query.search import marked_snippet

    rows = []
    for hit in hits:
        row = dict(vars(hit))
        row["snippet"] = marked_snippet(hit.snippet)
        row["rank"] = round(hit.rank, 4)
        rows.append(row)
    emit_rows(rows, LIST_COLUMNS, output_format, target, fields=SEARCH_FIELDS)


def _write_hits(hits, query: str, target) -> None:
    """Each hit as a short block: title, then date, section and byline, the snippet
    with its matches in bold, and the URL whole on its own line."""
    from newsarchive.query.output_files import open_output
    from newsarchive.query.search import highlighted_parts

    width = table_width(target)
    with open_output(target, binary=False) as out:
        if not hits:
            click.echo(f"No articles match {query!r}.", file=out)
            return
        for number, hit in enumerate(hits, start=1):
            click.echo(
                _wrapped(f"{number:>2}  ", click.style(hit.title, bold=True), width),
                file=out,
            )
            facts = [hit.published_at.strftime("%Y-%m-%d") if hit.published_at else ""]
            facts += [hit.section or "", ", ".join(hit.authors), f"id {hit.id}"]
            click.echo(
                _wrapped(SNIPPET_INDENT, " \u00b7 ".join(f for f in facts if f), width),
                file=out,
            )
            snippet = "".join(
                click.style(text, bold=True) if matched else text
                for text, matched in highlighted_parts(hit.snippet)
            )
            click.echo(_wrapped(SNIPPET_INDENT, snippet, width), file=out)
            click.echo(f"{SNIPPET_INDENT}{hit.url}", file=out)
            click.echo(file=out)


def _wrapped(indent: str, text: str, width: int | None) -> str:
    """`text` after `indent`, wrapped at spaces (never inside a word) to `width`."""
    if width is None:
        return indent + text
    return textwrap.fill(
        text,
        width=max(width, 40),
        initial_indent=indent,
        subsequent_indent=" " * len(indent),
        break_long_words=False,
        break_on_hyphens=False,
    )


@click.command("list")
@filter_options
@limit_option
@click.option(
    "--oldest-first", is_flag=True, help="Oldest first (default: newest first)."
)
@format_option()
@out_option
@db_option
@analyst_command
def list_articles(
    site,
    section,
    author,
    tag,
    since,
    until,
    limit,
    oldest_first,
    output_format,
    out_path,
    db_path: Path,
):
    """List articles, newest first, with the same filters as search."""
    from newsarchive.query.listing import list_articles as query_articles

    target = output_target(out_path, db_path)
    filters = build_filters(
        site=site, section=section, author=author, tag=tag, since=since, until=until
    )
    with archive(db_path) as connection:
        rows = query_articles(
            connection,
            filters=filters,
            limit=limit_value(limit),
            oldest_first=oldest_first,
        )
    more = (
        f"The first {limit}; --limit N shows more (0: all)."
        if limit and len(rows) == limit
        else None
    )
    emit_rows(rows, LIST_COLUMNS, output_format, target, fields=LIST_FIELDS, note=more)


@click.command()
@click.argument("reference", metavar="ID|URL")
@format_option(("text", "markdown", "json"), default="text")
@out_option
@db_option
@analyst_command
def show(reference: str, output_format: str, out_path, db_path: Path):
    """One article, as it reads: title, byline, date, section, tags and the body;
    then what the archive knows about it (images, teasers, URLs, fetches, versions).

    \b
    Examples:
      newsarchive show 200
      newsarchive show https://responsiblestatecraft.org/some-article/
      newsarchive show 200 --format markdown --out article.md
    """
    from newsarchive.cli.show_output import write_detail
    from newsarchive.query.detail import article_detail, find_article_id
    from newsarchive.query.output_files import open_output

    target = output_target(out_path, db_path)
    with archive(db_path) as connection:
        detail = article_detail(connection, find_article_id(connection, reference))
    with open_output(target, binary=False) as out:
        write_detail(detail, output_format, out, width=table_width(target))
