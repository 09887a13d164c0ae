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
    and SQL stay available under /<database name>.

    \b
    newsarchive serve --db data/archive.sqlite
    """
    from newsarchive.archive_url import is_postgres_url
    from newsarchive.cli.errors import UserError
    from newsarchive.web.app import build_datasette, serve_datasette

    if is_postgres_url(str(db_path)):
        # Datasette opens SQLite files only (docs/postgresql.md).
        raise UserError(
            "the web reading room serves SQLite archives: read a PostgreSQL archive "
            "with the CLI (search, list, show, export ...)"
        )
    datasette = build_datasette(db_path)
    click.echo(f"Serving {db_path} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    serve_datasette(datasette, host=host, port=port)
