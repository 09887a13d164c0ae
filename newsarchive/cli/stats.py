"""`newsarchive stats` (counts and a chart) and `newsarchive teasers` (the
related-article graph)."""

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
    user_errors,
)


@click.command()
@click.option(
    "--by",
    type=click.Choice(("month", "section", "author")),
    default="month",
    show_default=True,
    help="What to count articles by.",
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(path_type=Path),
    help="Also write a PNG chart of articles per month by section.",
)
@filter_options
@format_option
@db_option
def stats(
    by, plot_path, section, author, tag, since, until, output_format, db_path: Path
):
    """Article counts by month, section or author (and a chart with --plot)."""
    from newsarchive.query.output_files import check_writable
    from newsarchive.query.stats import article_counts, month_section_counts

    if plot_path is not None:
        with user_errors():
            check_writable(plot_path)
    filters = build_filters(
        section=section, author=author, tag=tag, since=since, until=until
    )
    with archive(db_path) as engine, engine.connect() as connection:
        rows = article_counts(connection, by, filters=filters)
        chart_counts = (
            month_section_counts(connection, filters=filters) if plot_path else None
        )
    columns = (by, "articles") if by == "author" else (by, "articles", "share")
    emit_rows(rows, columns, output_format, title=f"Articles by {by}")
    if plot_path is not None:
        from newsarchive.query.output_files import open_output
        from newsarchive.query.plot import plot_articles_per_month

        with user_errors(), open_output(plot_path, binary=True) as out:
            months = plot_articles_per_month(chart_counts, out)
        click.echo(f"Wrote {plot_path} ({months} months)", err=True)


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("csv", "graphml")),
    default="csv",
    show_default=True,
    help="csv: one edge per line; graphml: nodes and edges for Gephi, networkx...",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    help="Write to this file (default: standard output).",
)
@db_option
@quiet_broken_pipe
def teasers(output_format, out_path, db_path: Path):
    """The related-article graph: which article recommends which."""
    from newsarchive.query.graph_formats import write_edges_csv, write_graphml
    from newsarchive.query.output_files import check_writable, open_output
    from newsarchive.query.teasers_graph import graph_nodes, teaser_edges

    if out_path is not None:
        with user_errors():
            check_writable(out_path)
    with (
        archive(db_path) as engine,
        engine.connect() as connection,
        open_output(out_path, binary=False) as out,
    ):
        if output_format == "csv":
            edges = write_edges_csv(teaser_edges(connection), out)
            summary = f"{edges} edges"
        else:
            nodes, edges = write_graphml(
                graph_nodes(connection), teaser_edges(connection), out
            )
            summary = f"{nodes} nodes, {edges} edges"
    if out_path is not None:
        click.echo(f"Wrote {out_path} ({summary})", err=True)
