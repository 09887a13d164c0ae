"""responsiblestatecraft.org's sections, regions and article types, for the code and tests
that only know that site (every publication's table: publications/)."""

from __future__ import annotations

from newsarchive.replica.publication import Section
from newsarchive.replica.publications.responsiblestatecraft import PUBLICATION

__all__ = [
    "ARTICLE_TYPES",
    "SECTIONS",
    "SECTION_BY_LABEL",
    "SECTION_BY_SLUG",
    "Section",
]

SECTIONS: tuple[Section, ...] = PUBLICATION.sections
SECTION_BY_LABEL: dict[str, Section] = PUBLICATION.section_by_label
SECTION_BY_SLUG: dict[str, Section] = PUBLICATION.section_by_slug
ARTICLE_TYPES: tuple[str, ...] = PUBLICATION.article_types
"""Type labels of "Analysis | QiOSK" lines; each is also a section page."""
