"""`newsarchive authors`, `sections`, `tags`, `runs` and `failures`: the archive's
vocabularies with counts, and its crawl records."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import (
    MAX_INTEGER,
    analyst_command,
    archive,
    db_option,
    format_option,
    limit_option,
    limit_value,
    out_option,
    output_target,
    site_option,
)
from newsarchive.cli.row_output import emit_rows
from newsarchive.cli.text_table import TableColumn

AUTHOR_COLUMNS = (
    TableColumn("name", "name", keep=6),
    TableColumn("articles", "articles", "number", keep=5),
    TableColumn("first_published", "first", "whole", keep=2),
    TableColumn("last_published", "last", "whole", keep=3),
    TableColumn("url", "url", "whole", keep=1),
)
AUTHOR_FIELDS = (
    "id", "name", "articles", "first_published", "last_published", "site", "url",
)  # fmt: skip
SECTION_COLUMNS = (
    TableColumn("section", "section", keep=6),
    TableColumn("slug", "slug", "whole", keep=1),
    TableColumn("articles", "articles", "number", keep=5),
    TableColumn("first_published", "first", "whole", keep=2),
    TableColumn("last_published", "last", "whole", keep=3),
)
SECTION_FIELDS = (
    "section", "slug", "articles", "first_published", "last_published", "site",
)  # fmt: skip
TAG_COLUMNS = (
    TableColumn("name", "name", keep=6),
    TableColumn("slug", "slug", "whole", keep=2),
    TableColumn("internal", "internal", "whole", keep=1),
    TableColumn("articles", "articles", "number", keep=5),
)
TAG_FIELDS = ("id", "name", "slug", "internal", "articles", "site")
# The run columns a terminal shows; json, jsonl and csv get every column.
RUN_TABLE_COLUMNS = (
    TableColumn("id", "id", "number", keep=9),
    TableColumn("crawl_id", "crawl", "whole", keep=4),
    TableColumn("started_at", "started", "whole", keep=8),
    TableColumn("mode", "mode", "whole", keep=3),
    TableColumn("status", "status", "whole", keep=9),
    TableColumn("fetched", "fetched", "number", keep=6),
    TableColumn("new", "new", "number", keep=7),
    TableColumn("changed", "changed", "number", keep=5),
    TableColumn("gone", "gone", "number", keep=2),
    # Beside "completed with failures", how many failed matters more than the crawl id.
    TableColumn("failed", "failed", "number", keep=7),
    TableColumn("exit_code", "exit", "number", keep=1),
)
CRAWL_TABLE_COLUMNS = (
    TableColumn("crawl_id", "crawl", "whole", keep=9),
    TableColumn("workers", "workers", "number", keep=8),
    *RUN_TABLE_COLUMNS[2:],  # a crawl's summary has a run's columns from `started` on
)
REASON_COLUMNS = (
    TableColumn("reason", "reason", "whole", keep=5),
    TableColumn("stage", "stage", "whole", keep=3),
    TableColumn("count", "count", "number", keep=4),
    TableColumn("last_seen_at", "last seen", "whole", keep=2),
    TableColumn("example_url", "example url", "whole", keep=1),
)
FAILURE_COLUMNS = (
    TableColumn("id", "id", "number", keep=9),
    TableColumn("stage", "stage", "whole", keep=4),
    TableColumn("reason", "reason", "whole", keep=8),
    TableColumn("http_status", "http", "number", keep=3),
    TableColumn("attempts", "attempts", "number", keep=2),
    TableColumn("last_seen_at", "last seen", "whole", keep=5),
    TableColumn("url", "url", "whole", keep=7),
    TableColumn("detail", "detail", keep=1, min_width=20),
)


def _more(limit: int, rows: list) -> str | None:
    if limit and len(rows) == limit:
        return f"The first {limit}; --limit N shows more (0: all)."
    return None


@click.command()
@site_option
@limit_option
@format_option()
@out_option
@db_option
@analyst_command
def authors(site, limit, output_format, out_path, db_path: Path):
    """Authors with their article counts, most prolific first."""
    from newsarchive.query.vocabulary import author_counts

    target = output_target(out_path, db_path)
    with archive(db_path) as connection:
        rows = author_counts(connection, site=site, limit=limit_value(limit))
    emit_rows(
        rows,
        AUTHOR_COLUMNS,
        output_format,
        target,
        fields=AUTHOR_FIELDS,
        note=_more(limit, rows),
    )


@click.command()
@site_option
@limit_option
@format_option()
@out_option
@db_option
@analyst_command
def sections(site, limit, output_format, out_path, db_path: Path):
    """Sections with their article counts, biggest first."""
    from newsarchive.query.vocabulary import section_counts

    target = output_target(out_path, db_path)
    with archive(db_path) as connection:
        rows = section_counts(connection, site=site, limit=limit_value(limit))
    emit_rows(
        rows,
        SECTION_COLUMNS,
        output_format,
        target,
        fields=SECTION_FIELDS,
        note=_more(limit, rows),
    )


@click.command()
@click.option(
    "--internal/--no-internal",
    default=True,
    show_default=True,
    help="Include platform-internal tags such as type:analysis.",
)
@site_option
@limit_option
@format_option()
@out_option
@db_option
@analyst_command
def tags(internal, site, limit, output_format, out_path, db_path: Path):
    """Tags with their article counts, most used first."""
    from newsarchive.query.vocabulary import tag_counts

    target = output_target(out_path, db_path)
    with archive(db_path) as connection:
        rows = tag_counts(
            connection, include_internal=internal, site=site, limit=limit_value(limit)
        )
    emit_rows(
        rows,
        TAG_COLUMNS,
        output_format,
        target,
        fields=TAG_FIELDS,
        note=_more(limit, rows),
    )


@click.command()
@site_option
@limit_option
@format_option()
@out_option
@db_option
@click.option(
    "--crawls",
    "by_crawl",
    is_flag=True,
    help="One row per crawl: the runs of a shared crawl's workers added up "
    "(docs/scale-out.md).",
)
@analyst_command
def runs(site, limit, output_format, out_path, db_path: Path, by_crawl: bool):
    """The crawl run records, newest first (json, jsonl and csv: every column). The
    workers of a shared crawl (`crawl --redis`) have a run each, with its crawl id."""
    from newsarchive.query.runs import (
        CRAWL_COLUMNS,
        RUN_COLUMNS,
        crawl_runs,
        crawl_summaries,
    )

    target = output_target(out_path, db_path)
    if by_crawl:
        with archive(db_path) as connection:
            rows = crawl_summaries(crawl_runs(connection, site=site, limit=None))
        rows = rows[: limit_value(limit)] if limit_value(limit) else rows
        emit_rows(
            rows,
            CRAWL_TABLE_COLUMNS,
            output_format,
            target,
            fields=CRAWL_COLUMNS,
            note=_more(limit, rows),
        )
        return
    with archive(db_path) as connection:
        rows = crawl_runs(connection, site=site, limit=limit_value(limit))
    emit_rows(
        rows,
        RUN_TABLE_COLUMNS,
        output_format,
        target,
        fields=RUN_COLUMNS,
        note=_more(limit, rows),
    )


@click.group(invoke_without_command=True)
@click.option("--reason", help="List the open failures of this reason one by one.")
@click.option(
    "--all", "list_all", is_flag=True, help="List every open failure one by one."
)
@site_option
@limit_option
@format_option()
@out_option
@db_option
@click.pass_context
@analyst_command
def failures(
    ctx, reason, list_all, site, limit, output_format, out_path, db_path: Path
):
    """Open failures (neither resolved nor ignored), counted by reason; one by one
    with --reason R or --all."""
    if ctx.invoked_subcommand is not None:
        return  # `failures ignore` takes over
    from newsarchive.cli.errors import UserError
    from newsarchive.query.runs import (
        FAILURE_COLUMNS as FAILURE_FIELDS,
    )
    from newsarchive.query.runs import (
        failures_by_reason,
        known_failure_reasons,
        open_failures,
    )

    target = output_target(out_path, db_path)
    with archive(db_path) as connection:
        if reason is None and not list_all:
            rows = failures_by_reason(connection, site=site, limit=limit_value(limit))
            emit_rows(
                rows, REASON_COLUMNS, output_format, target, note=_more(limit, rows)
            )
            return
        rows = open_failures(
            connection, reason=reason, site=site, limit=limit_value(limit)
        )
        if reason is not None and not rows:
            known = known_failure_reasons(connection)
            raise UserError(
                f"no open failures with reason {reason!r}; open reasons: "
                f"{', '.join(known) or 'none'}"
            )
    emit_rows(
        rows,
        FAILURE_COLUMNS,
        output_format,
        target,
        fields=FAILURE_FIELDS,
        note=_more(limit, rows),
    )


@failures.command("ignore")
@click.argument("ids", nargs=-1, type=click.IntRange(1, MAX_INTEGER))
@click.option("--reason", help="Give up on every open failure with this reason.")
@db_option
@click.pass_context
def ignore(ctx, ids, reason, db_path: Path):
    """Give up on open failures (by ID, or all of one --reason): later runs stop
    retrying them and `failures` stops listing them; the rows stay."""
    from click.core import ParameterSource

    from newsarchive.cli.failures_ignore import ignore_failures_command

    parent = ctx.parent
    if (  # `failures --db X ignore 3` means the same as `failures ignore --db X 3`
        ctx.get_parameter_source("db_path") is ParameterSource.DEFAULT
        and parent is not None
        and parent.get_parameter_source("db_path") is not ParameterSource.DEFAULT
    ):
        db_path = parent.params["db_path"]
    ignore_failures_command(ids, reason, db_path)
