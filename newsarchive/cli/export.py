"""`newsarchive export`: every matching article as CSV, JSON lines or Parquet, or the
stored raw pages as WARC, streamed in flat memory."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import (
    analyst_command,
    archive,
    build_filters,
    db_option,
    filter_options,
    out_option,
    output_target,
)
from newsarchive.cli.errors import UserError

EXPORT_FORMATS = ("csv", "jsonl", "parquet", "warc")
EXPORT_TABLES = ("articles", "placements")
BINARY_FORMATS = {"parquet", "warc"}


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="csv/jsonl/parquet: one row per article; warc: the raw pages.",
)
@click.option(
    "--table",
    type=click.Choice(EXPORT_TABLES),
    default="articles",
    show_default=True,
    help="placements: the front-page history, one row per interval (csv, jsonl or "
    "parquet; --site is the only filter that applies).",
)
@filter_options
@out_option
@db_option
@analyst_command
def export(
    output_format, table, site, section, author, tag, since, until, out_path,
    db_path: Path,
):  # fmt: skip
    """Export articles (one row each: authors and tags as lists, dates ISO 8601 UTC).

    \b
    Examples:
      newsarchive export --format csv --out articles.csv
      newsarchive export --format parquet --section QiOSK --out qiosk.parquet
      newsarchive export --format jsonl --since 2023-11 | jq .title
      newsarchive export --format warc --out pages.warc.gz
      newsarchive export --format csv --table placements --out placements.csv
    """
    from newsarchive.query.output_files import open_output

    binary = output_format in BINARY_FORMATS
    if (out_path is None or out_path == "-") and binary:
        suffix = ".warc.gz" if output_format == "warc" else ".parquet"
        raise UserError(f"--format {output_format} needs --out FILE{suffix}")
    if table == "placements":
        if output_format == "warc":
            raise UserError("--table placements exports as csv, jsonl or parquet.")
        if any(value is not None for value in (section, author, tag, since, until)):
            raise UserError(
                "--table placements takes --site only (the article filters apply to "
                "articles)."
            )
    target = output_target(out_path, db_path)
    if table == "placements":
        _export_placements(output_format, site, target, db_path)
        return
    filters = build_filters(
        site=site, section=section, author=author, tag=tag, since=since, until=until
    )
    with archive(db_path) as connection, open_output(target, binary=binary) as out:
        count = _write(output_format, connection, filters, out, target.path)
    if target.path is not None:
        noun = "pages" if output_format == "warc" else "articles"
        click.echo(f"Wrote {count} {noun} to {target.shown}", err=True)


def _write(output_format, connection, filters, out, out_path: Path | None) -> int:
    from newsarchive.query import export_formats
    from newsarchive.query.export_rows import EXPORT_COLUMNS, export_rows, raw_pages

    if output_format == "warc":
        from newsarchive.query.warc import write_warc

        return write_warc(
            raw_pages(connection, filters=filters),
            out,
            filename=out_path.name if out_path else None,
        )
    rows = export_rows(connection, filters=filters)
    if output_format == "parquet":
        return export_formats.write_parquet(rows, EXPORT_COLUMNS, out)
    return export_formats.TEXT_WRITERS[output_format](rows, EXPORT_COLUMNS, out)


def _export_placements(output_format, site, target, db_path: Path) -> None:
    from newsarchive.query import export_formats
    from newsarchive.query.output_files import open_output
    from newsarchive.query.placements import PLACEMENT_COLUMNS, placement_rows

    binary = output_format == "parquet"
    with archive(db_path) as connection, open_output(target, binary=binary) as out:
        rows = placement_rows(connection, site=site)
        if binary:
            count = export_formats.write_parquet(rows, PLACEMENT_COLUMNS, out)
        else:
            count = export_formats.TEXT_WRITERS[output_format](
                rows, PLACEMENT_COLUMNS, out
            )
    if target.path is not None:
        click.echo(f"Wrote {count} placements to {target.shown}", err=True)
