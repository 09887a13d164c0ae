"""`newsarchive search`, `list` and `show`: finding and reading articles."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import (
    archive,
    build_filters,
    db_option,
    emit_rows,
    filter_options,
    format_option,
    quiet_broken_pipe,
)

SEARCH_COLUMNS = (
    "id",
    "rank",
    "published_at",
    "section",
    "title",
    "authors",
    "tags",
    "url",
    "snippet",
)
LIST_COLUMNS = ("id", "published_at", "section", "title", "authors", "url")


@click.command()
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option
@db_option
@quiet_broken_pipe
def search(
    query, section, author, tag, since, until, limit, output_format, db_path: Path
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
    from newsarchive.query.search import search_articles

    filters = build_filters(
        section=section, author=author, tag=tag, since=since, until=until
    )
    with archive(db_path) as engine, engine.connect() as connection:
        hits = search_articles(connection, query, filters=filters, limit=limit)
    if output_format == "table":
        _print_hits(hits, query)
        return
    from newsarchive.query.search import marked_snippet

    rows = []
    for hit in hits:
        row = dict(vars(hit))
        row["snippet"] = marked_snippet(hit.snippet)
        row["rank"] = round(hit.rank, 4)
        rows.append(row)
    emit_rows(rows, SEARCH_COLUMNS, output_format)


def _print_hits(hits, query: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from newsarchive.query.search import highlighted_parts

    console = Console()
    if not hits:
        console.print(f"No articles match {query!r}.")
        return
    table = Table(title=f"Search: {query}", header_style="bold", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("id", justify="right")
    table.add_column("published")
    table.add_column("section")
    table.add_column("article", ratio=1, overflow="fold")
    for number, hit in enumerate(hits, start=1):
        article = Text(hit.title, style="bold")
        if hit.authors:
            article.append(f"\n{', '.join(hit.authors)}", style="italic")
        article.append("\n")
        for part, matched in highlighted_parts(hit.snippet.replace("\n", " ")):
            article.append(part, style="bold yellow" if matched else "")
        article.append(f"\n{hit.url}", style="dim")
        published = hit.published_at.strftime("%Y-%m-%d") if hit.published_at else ""
        table.add_row(str(number), str(hit.id), published, hit.section or "", article)
    console.print(table)


@click.command("list")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option(
    "--oldest-first", is_flag=True, help="Oldest first (default: newest first)."
)
@format_option
@db_option
@quiet_broken_pipe
def list_articles(
    section,
    author,
    tag,
    since,
    until,
    limit,
    oldest_first,
    output_format,
    db_path: Path,
):
    """List articles, newest first, with the same filters as search."""
    from newsarchive.query.listing import list_articles as query_articles

    filters = build_filters(
        section=section, author=author, tag=tag, since=since, until=until
    )
    with archive(db_path) as engine, engine.connect() as connection:
        rows = query_articles(
            connection, filters=filters, limit=limit, oldest_first=oldest_first
        )
    emit_rows(rows, LIST_COLUMNS, output_format, title="Articles")


@click.command()
@click.argument("reference", metavar="URL|ID")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
)
@db_option
def show(reference: str, output_format: str, db_path: Path):
    """One article with all its fields, authors, tags, images, teasers and versions."""
    from newsarchive.query.detail import article_detail, find_article_id

    with archive(db_path) as engine, engine.connect() as connection:
        detail = article_detail(connection, find_article_id(connection, reference))
    if output_format == "json":
        from newsarchive.cli.show_output import detail_json

        click.echo(detail_json(detail))
    else:
        from newsarchive.cli.show_output import print_detail

        print_detail(detail)
