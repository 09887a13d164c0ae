"""The RebelMouse publications the replica can serve, one data module each."""

from __future__ import annotations

from newsarchive.replica.publication import Publication
from newsarchive.replica.publications import responsiblestatecraft, spectrum

DEFAULT = "responsiblestatecraft.org"
PUBLICATIONS: dict[str, Publication] = {
    p.name: p for p in (responsiblestatecraft.PUBLICATION, spectrum.PUBLICATION)
}


def publication(name: str) -> Publication:
    """The publication called `name` (KeyError: `PUBLICATIONS` lists them)."""
    return PUBLICATIONS[name]
