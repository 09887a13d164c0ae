"""`newsarchive serve`: the web reading room (Datasette configured by the project)."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import analyst_command, db_option


@click.command("serve")
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8001,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@analyst_command
def serve(db_path: Path, host: str, port: int) -> None:
    """Browse the archive in a web browser: search, articles, listings, runs, failures.

    The archive is opened read-only (immutable on read-only storage); Datasette's tables
    and SQL stay available under /<database name> for a SQLite archive (Datasette opens
    no other kind: a PostgreSQL archive gets the reading room's pages only).

    \b
    newsarchive serve --db data/archive.sqlite
    newsarchive serve --db postgresql://archivist@db.example.org/newsarchive
    """
    from newsarchive.archive_url import shown_location
    from newsarchive.web.app import build_datasette, serve_datasette

    datasette = build_datasette(db_path)
    click.echo(
        f"Serving {shown_location(db_path)} on http://{host}:{port}/ (Ctrl-C stops)",
        err=True,
    )
    serve_datasette(datasette, host=host, port=port)
