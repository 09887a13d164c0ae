"""`newsarchive datasette-metadata`: Datasette metadata for an archive of any name."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import db_option, user_errors


@click.command("datasette-metadata")
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    help="Write to this file (default: standard output).",
)
@db_option
def datasette_metadata(out_path: Path | None, db_path: Path) -> None:
    """Print Datasette metadata (table docs, full-text search, canned queries) for --db.

    \b
    newsarchive datasette-metadata --db my.sqlite --out my-metadata.json
    datasette my.sqlite --metadata my-metadata.json
    """
    from newsarchive.query.datasette_metadata import metadata_json
    from newsarchive.query.output_files import check_writable, open_output

    with user_errors():
        text = metadata_json(db_path)
    if out_path is None:
        click.echo(text)
        return
    with user_errors():
        check_writable(out_path)
        with open_output(out_path, binary=False) as out:
            out.write(text + "\n")
    click.echo(
        f"Wrote {out_path}; run: datasette {db_path} --metadata {out_path}", err=True
    )
