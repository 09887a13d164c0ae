"""`newsarchive stats` (counts, totals, shares, and a chart) and `newsarchive teasers`
(the related-article graph)."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive import __version__
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
from newsarchive.cli.errors import UserError
from newsarchive.cli.row_output import emit_rows
from newsarchive.cli.text_table import TableColumn
from newsarchive.query.stats import STATS_DIMENSIONS, TIME_DIMENSIONS

TOTAL = "total"


@click.command()
@click.option(
    "--by",
    type=click.Choice(STATS_DIMENSIONS),
    default="month",
    show_default=True,
    help="Count articles per month, week or year (every period, empty ones too), or "
    "per section, author, tag or site.",
)
@click.option(
    "--plot",
    "plot_path",
    metavar="FILE",
    help="Also draw the counts as a chart: FILE.png, .svg or .pdf.",
)
@click.option(
    "--frontpage",
    is_flag=True,
    help="Count hours on the home page instead of articles (--by section, author, "
    "tag or site).",
)
@filter_options
@limit_option
@format_option()
@out_option
@db_option
@analyst_command
def stats(
    by,
    plot_path,
    frontpage,
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
    """Article counts with totals and shares, by period or by category (and a chart
    with --plot). --limit applies to categories; periods are always all shown.

    \b
    Examples:
      newsarchive stats                              articles per month
      newsarchive stats --by section --since 2024
      newsarchive stats --by week --author 'Connor Echols' --plot weeks.png
      newsarchive stats --by site --format csv
      newsarchive stats --by section --frontpage      hours on the home page
    """
    from newsarchive.query.stats import article_counts

    if frontpage and by in TIME_DIMENSIONS:
        raise UserError(
            "--frontpage counts hours on the home page by section, author, tag or "
            "site: give --by one of them."
        )

    target = output_target(out_path, db_path)
    plot = None
    if plot_path is not None:
        from newsarchive.query.plot import plot_format

        plot = (
            output_target(plot_path, db_path, option="--plot"),
            plot_format(plot_path),
        )
    filters = build_filters(
        site=site, section=section, author=author, tag=tag, since=since, until=until
    )
    if frontpage:
        _frontpage_hours(by, filters, limit, output_format, target, plot, db_path)
        return
    categories = by not in TIME_DIMENSIONS
    with archive(db_path) as connection:
        table = article_counts(
            connection,
            by,
            filters=filters,
            limit=limit_value(limit) if categories else None,
        )
        if plot is not None:
            _draw(connection, table, filters, by, db_path, *plot)
    columns = [
        TableColumn(
            by, by, "whole" if not categories else "text", keep=9, min_width=16
        ),
        TableColumn("articles", "articles", "number", keep=8),
        TableColumn("share", "share", "number", keep=7),
    ]
    rows = table.rows
    for site_name in table.sites:  # per-site counts, when there is more than one site
        columns.append(TableColumn(site_name, site_name, "number", keep=1))
        for row in rows:
            row[site_name] = (row.get("by_site") or {}).get(site_name, 0)
    fields = [column.key for column in columns]
    if output_format == "table":
        rows = [*rows, *_footer(table, by)]
        fields = None
    note = None
    if by in ("author", "tag"):
        note = (
            f"Shares are of all matching articles; one with two {by}s counts for both."
        )
    emit_rows(rows, columns, output_format, target, fields=fields, note=note)


def _frontpage_hours(by, filters, limit, output_format, target, plot, db_path) -> None:
    from newsarchive.query.placements import frontpage_hours

    with archive(db_path) as connection:
        table = frontpage_hours(
            connection, by, filters=filters, limit=limit_value(limit)
        )
    if plot is not None:
        _draw_hours(table, filters, by, db_path, *plot)
    rows = [
        {by: row[by], "hours": row["articles"], "share": row["share"]}
        for row in table.rows
    ]
    columns = [
        TableColumn(by, by, keep=9, min_width=16),
        TableColumn("hours", "hours on home page", "number", keep=8),
        TableColumn("share", "share", "number", keep=7),
    ]
    fields = [column.key for column in columns]
    if output_format == "table":
        if table.omitted_keys:
            rows.append(
                {by: f"({table.omitted_keys:,} more {by}s; --limit 0 shows all)"}
            )
        rows.append(
            {by: TOTAL, "hours": table.total, "share": 1.0 if table.total else None}
        )
        fields = None
    note = None
    if by in ("author", "tag"):
        note = f"An article with two {by}s counts its hours for both."
    emit_rows(rows, columns, output_format, target, fields=fields, note=note)


def _draw_hours(table, filters, by, db_path: Path, target, fmt) -> None:
    from newsarchive.query.output_files import open_output
    from newsarchive.query.plot import ChartText, plot_categories

    scope = "; ".join(filters.described()) or "all articles"
    text = ChartText(
        title=f"Hours on the home page by {by}",
        context=scope,
        caption=(
            f"Source: {Path(db_path).name} \u00b7 {table.total:,} hours in all "
            f"\u00b7 newsarchive {__version__}"
        ),
    )
    with open_output(target, binary=True) as out:
        drawn = plot_categories(
            table, out, fmt=fmt, text=text, value_label="hours on the home page"
        )
    click.echo(f"Wrote {target.shown} ({drawn} bars)", err=True)


def _footer(table, by: str) -> list[dict]:
    """The table's last rows: what the limit left out, and the total."""
    rows = []
    if table.omitted_keys:
        rows.append(
            {
                by: f"({table.omitted_keys:,} more {by}s; --limit 0 shows all)",
                "articles": table.omitted_articles,
                "share": (
                    table.omitted_articles / table.total
                    if table.omitted_articles and table.total
                    else None
                ),
            }
        )
    rows.append(
        {by: TOTAL, "articles": table.total, "share": 1.0 if table.total else None}
    )
    return rows


def _draw(connection, table, filters, by, db_path: Path, target, fmt) -> None:
    from newsarchive.query.output_files import open_output
    from newsarchive.query.plot import (
        TOP_CATEGORIES,
        ChartText,
        describe_range,
        plot_categories,
        plot_series,
    )
    from newsarchive.query.stats import (
        archive_article_count,
        article_counts,
        section_series,
    )

    in_archive = archive_article_count(connection)
    scope = "; ".join(filters.described()) or "all articles"
    series = top = None
    if by in TIME_DIMENSIONS:
        series = section_series(connection, by, filters=filters)
        title = f"Articles per {by}"
        if len(series.sections) > 1:
            title += " by section"
    else:
        top = article_counts(connection, by, filters=filters, limit=TOP_CATEGORIES)
        title = f"Articles by {by}"
    text = ChartText(
        title=title,
        context=f"{scope} \u00b7 {describe_range(table.first_published, table.last_published)}",
        caption=(
            f"Source: {Path(db_path).name} \u00b7 {table.total:,} matching articles "
            f"(of {in_archive:,} archived) \u00b7 newsarchive {__version__}"
        ),
    )
    with open_output(target, binary=True) as out:
        if series is not None:
            drawn = plot_series(series, out, fmt=fmt, text=text)
            what = f"{drawn} {by}s"
        else:
            drawn = plot_categories(top, out, fmt=fmt, text=text)
            what = f"{drawn} bars"
    click.echo(f"Wrote {target.shown} ({what})", err=True)


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("csv", "graphml")),
    default="csv",
    show_default=True,
    help="csv: one edge per line; graphml: nodes and edges for Gephi, networkx...",
)
@filter_options
@out_option
@db_option
@analyst_command
def teasers(
    output_format, site, section, author, tag, since, until, out_path, db_path: Path
):
    """The related-article graph: which article recommends which (the teasers of the
    articles the filters choose)."""
    from newsarchive.query.graph_formats import write_edges_csv, write_graphml
    from newsarchive.query.output_files import open_output
    from newsarchive.query.teasers_graph import graph_nodes, teaser_edges

    target = output_target(out_path, db_path)
    filters = build_filters(
        site=site, section=section, author=author, tag=tag, since=since, until=until
    )
    with archive(db_path) as connection, open_output(target, binary=False) as out:
        if output_format == "csv":
            edges = write_edges_csv(teaser_edges(connection, filters=filters), out)
            summary = f"{edges} edges"
        else:
            nodes, edges = write_graphml(
                graph_nodes(connection, filters=filters),
                teaser_edges(connection, filters=filters),
                out,
            )
            summary = f"{nodes} nodes, {edges} edges"
    if target.path is not None:
        click.echo(f"Wrote {target.shown} ({summary})", err=True)
