"""Index work deferred to the end of a batch: full-text rows and teaser links.

Written per article, each is a few statements and an ORM flush for every page; a batch
of 100 new articles then runs them 100 times where once would do (the statements take
lists of ids). `ArchiveWriter` collects the articles of a batch here and calls `finish`
before the batch commits, so readers never see an article without its index row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from newsarchive.store import fts
from newsarchive.store.teaser_links import link_teasers, link_teasers_of


@dataclass
class BatchIndex:
    fts_ids: set[int] = field(default_factory=set)
    teaser_ids: defaultdict[str, set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )

    def finish(self, session: Session) -> None:
        """Do the collected work, in the batch's transaction."""
        fts.refresh_articles(session, self.fts_ids)
        for site, ids in self.teaser_ids.items():
            link_teasers_of(session, site=site, article_ids=ids)
        self.fts_ids.clear()
        self.teaser_ids.clear()


def refresh_fts(session: Session, article_id: int, batch: BatchIndex | None) -> None:
    """The article's FTS row: now, or with its batch."""
    if batch is None:
        fts.refresh_article(session, article_id)
    else:
        batch.fts_ids.add(article_id)


def link_article_teasers(
    session: Session, *, site: str, article_id: int, batch: BatchIndex | None
) -> None:
    """The article's teaser links (both ways): now, or with its batch."""
    if batch is None:
        link_teasers(session, site=site, article_id=article_id)
    else:
        batch.teaser_ids[site].add(article_id)
