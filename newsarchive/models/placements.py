"""Front-page history (migration 0004): where each article was placed, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from newsarchive.models.base import Base


class Placement(Base):
    """One interval during which front page `page` showed an article at `position` of
    `block`, under `headline`: from the run that first saw it so (`first_seen`,
    `first_run_id`) to the last run that still did (`last_seen`, `last_run_id`). An
    unchanged page moves only `last_seen`; any change closes the interval (its row is
    no longer moved) and opens a new one."""

    __tablename__ = "placements"
    __table_args__ = (
        Index("ix_placements_site_page_closed_at", "site", "page", "closed_at"),
        Index("ix_placements_article_id", "article_id"),
        Index("ix_placements_site_article_url_key", "site", "article_url_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    page: Mapped[str]
    """The front page's path: `/`, `/qiosk/`, `/regions/europe/`."""
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL")
    )
    """None until the article is archived (then linked by URL)."""
    article_url: Mapped[str]
    article_url_key: Mapped[str]
    block: Mapped[str]
    """Stable block name (`lead`, `river`, `latest`, `qiosk`, `editors_picks`...)."""
    block_raw: Mapped[str]
    """The class or heading that names the block in the markup."""
    position: Mapped[int]
    """1-based, in reading order over the whole page."""
    headline: Mapped[str | None]
    """As the page shows it (a front page can retitle a story)."""
    image_url: Mapped[str | None]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    first_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    last_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    closed_at: Mapped[datetime | None]
    """When a recording of the page first no longer showed it so; None: still open."""

    def __repr__(self) -> str:
        return f"Placement({self.page!r}, {self.block!r}, {self.position!r}, {self.article_url!r})"
