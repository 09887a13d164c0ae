"""The Datasette metadata the package ships (`newsarchive/datasette/metadata.yml`).

Datasette keys metadata by database name, which it takes from the file name; the shipped
file covers `archive` and `demo`, and `metadata_for()` re-keys it for any other archive.
PyYAML is needed only here, and Datasette itself depends on it.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from newsarchive.query.errors import QueryError

SHIPPED_DATABASES = ("archive", "demo")


def metadata_text() -> str:
    return (
        resources.files("newsarchive")
        .joinpath("datasette/metadata.yml")
        .read_text("utf-8")
    )


def load_metadata() -> dict[str, Any]:
    try:
        import yaml
    except ImportError as error:
        raise QueryError(
            "reading the Datasette metadata needs PyYAML: `pip install datasette` "
            "(which brings it)"
        ) from error
    return yaml.safe_load(metadata_text())


def database_name(db_path: Path | str) -> str:
    """The name Datasette gives the database in `db_path` (its file stem)."""
    return Path(db_path).stem


def metadata_for(db_path: Path | str) -> dict[str, Any]:
    """The metadata with its database settings keyed by `db_path`'s Datasette name."""
    metadata = load_metadata()
    settings = metadata["databases"][SHIPPED_DATABASES[0]]
    metadata["databases"] = {database_name(db_path): settings}
    return metadata


def metadata_json(db_path: Path | str) -> str:
    return json.dumps(metadata_for(db_path), ensure_ascii=False, indent=2)
