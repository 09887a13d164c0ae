"""`newsarchive history ID|URL`: an article's versions and what each one changed."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newsarchive.cli.analyst_common import (
    analyst_command,
    archive,
    db_option,
    format_option,
    out_option,
    output_target,
)
from newsarchive.cli.row_output import plain, table_width
from newsarchive.cli.text_table import TableColumn, fit_table

STYLES = {"-": "red", "+": "green"}
VERSION_COLUMNS = (
    TableColumn("version", "version", "number", keep=4),
    TableColumn("fetched", "fetched", "whole", keep=3),
    TableColumn("run", "run", "number", keep=1),
    TableColumn("changed", "changed", keep=2, min_width=20),
)


@click.command()
@click.argument("reference", metavar="ID|URL")
@format_option(("text", "json"), default="text")
@click.option("--json", "as_json", is_flag=True, hidden=True)  # before --format json
@out_option
@db_option
@analyst_command
def history(
    reference: str, output_format: str, as_json: bool, out_path, db_path: Path
) -> None:
    """Show the versions of an archived article (by id, or any of its URLs: old ones
    of a moved article too) and a readable diff of what each version changed."""
    from newsarchive.query.history import article_history, find_article
    from newsarchive.query.output_files import open_output

    target = output_target(out_path, db_path)
    with archive(db_path) as connection:
        found = article_history(connection, find_article(connection, reference))
    with open_output(target, binary=False) as out:
        if as_json or output_format == "json":
            out.write(json.dumps(_as_json(found), ensure_ascii=False, indent=2) + "\n")
        else:
            _print(found, out, width=table_width(target))


def _as_json(found) -> dict:
    return {
        "article_id": found.article_id,
        "title": found.title,
        "url": found.url,
        "urls": found.urls,
        "gone_at": plain(found.gone_at),
        "last_status": found.last_status,
        "versions": [
            {
                "version": v.version,
                "fetched_at": plain(v.fetched_at),
                "url": v.url,
                "run_id": v.run_id,
                "content_hash": v.content_hash,
                "changes": [
                    {"field": c.name, "before": c.before, "after": c.after}
                    for c in v.changes
                ],
            }
            for v in found.versions
        ],
    }


def _print(found, out, *, width: int | None) -> None:
    from newsarchive.query.history import diff_lines

    def echo(text: str = "", **style) -> None:
        click.echo(click.style(text, **style) if style else text, file=out)

    echo(f"{found.title}  (article {found.article_id})", bold=True)
    echo(f"URL: {found.url}")
    for other in found.urls:
        if other != found.url:
            echo(f"  also: {other}")
    if found.gone_at is not None:
        echo(f"Gone since {plain(found.gone_at)} (HTTP {found.last_status})", fg="red")
    echo()
    rows = [
        [
            str(view.version),
            plain(view.fetched_at),
            str(view.run_id or ""),
            ", ".join(c.name for c in view.changes) or "(first stored)",
        ]
        for view in found.versions
    ]
    header, *lines = fit_table(VERSION_COLUMNS, rows, width=width).lines
    echo(header, bold=True)
    for line in lines:
        echo(line)
    for view in found.versions[1:]:
        echo()
        echo(f"Version {view.version} ({plain(view.fetched_at)})", bold=True)
        for change in view.changes:
            echo(f"  {change.name}", bold=True)
            for line in diff_lines(change):
                colour = STYLES.get(line[:1])
                echo("    " + line, **({"fg": colour} if colour else {}))
