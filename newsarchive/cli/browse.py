"""`newsarchive authors`, `sections`, `tags`, `runs` and `failures`: the archive's
vocabularies with counts, and its crawl records."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import archive, db_option, emit_rows, format_option

# The run columns that fit a terminal; json/csv get them all.
RUN_TABLE_COLUMNS = (
    "id",
    "started_at",
    "status",
    "fetched",
    "new",
    "changed",
    "failed",
    "exit_code",
)

limit_option = click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Show at most N rows."
)


@click.command()
@limit_option
@format_option
@db_option
def authors(limit, output_format, db_path: Path):
    """Authors with their article counts, most prolific first."""
    from newsarchive.query.vocabulary import author_counts

    with archive(db_path) as engine, engine.connect() as connection:
        rows = author_counts(connection, limit=limit)
    columns = ("name", "articles", "first_published", "last_published", "url")
    emit_rows(rows, columns, output_format, title="Authors")


@click.command()
@limit_option
@format_option
@db_option
def sections(limit, output_format, db_path: Path):
    """Sections with their article counts, biggest first."""
    from newsarchive.query.vocabulary import section_counts

    with archive(db_path) as engine, engine.connect() as connection:
        rows = section_counts(connection, limit=limit)
    columns = ("section", "slug", "articles", "first_published", "last_published")
    emit_rows(rows, columns, output_format, title="Sections")


@click.command()
@click.option(
    "--internal/--no-internal",
    default=True,
    show_default=True,
    help="Include platform-internal tags such as type:analysis.",
)
@limit_option
@format_option
@db_option
def tags(internal, limit, output_format, db_path: Path):
    """Tags with their article counts, most used first."""
    from newsarchive.query.vocabulary import tag_counts

    with archive(db_path) as engine, engine.connect() as connection:
        rows = tag_counts(connection, include_internal=internal, limit=limit)
    emit_rows(
        rows, ("name", "slug", "internal", "articles"), output_format, title="Tags"
    )


@click.command()
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option
@db_option
def runs(limit, output_format, db_path: Path):
    """The crawl run records, newest first."""
    from newsarchive.query.runs import RUN_COLUMNS, crawl_runs

    with archive(db_path) as engine, engine.connect() as connection:
        rows = crawl_runs(connection, limit=limit)
    columns = RUN_TABLE_COLUMNS if output_format == "table" else RUN_COLUMNS
    emit_rows(rows, columns, output_format, title="Crawl runs")


@click.group(invoke_without_command=True)
@click.option("--reason", help="List the open failures of this reason one by one.")
@click.option(
    "--all", "list_all", is_flag=True, help="List every open failure one by one."
)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@format_option
@db_option
@click.pass_context
def failures(ctx, reason, list_all, limit, output_format, db_path: Path):
    """Open failures (neither resolved nor ignored), counted by reason."""
    if ctx.invoked_subcommand is not None:
        return  # subcommands (a later issue's `failures ignore`) take over
    from newsarchive.cli.errors import UserError
    from newsarchive.query.runs import (
        failures_by_reason,
        known_failure_reasons,
        open_failures,
    )

    with archive(db_path) as engine, engine.connect() as connection:
        if reason is None and not list_all:
            rows = failures_by_reason(connection)
            columns = ("reason", "stage", "count", "last_seen_at", "example_url")
            emit_rows(rows, columns, output_format, title="Open failures by reason")
            return
        rows = open_failures(connection, reason=reason, limit=limit)
        if reason is not None and not rows:
            known = known_failure_reasons(connection)
            raise UserError(
                f"no open failures with reason {reason!r}; open reasons: "
                f"{', '.join(known) or 'none'}"
            )
    columns = (
        "id",
        "stage",
        "reason",
        "http_status",
        "attempts",
        "last_seen_at",
        "url",
        "detail",
    )
    emit_rows(rows, columns, output_format, title="Open failures")


@failures.command("ignore")
@click.argument("ids", nargs=-1, type=click.IntRange(min=1))
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
