"""Auditing an archive crawled from a faulty replica: was anything lost?

The invariant: every article of the replica's truth is either archived exactly
as the truth says, or listed in `failures` (open) with a reason its fault explains; no
article is stored twice; the database passes `PRAGMA integrity_check`. Used by the soak
test and `bench/soak.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from newsarchive.items import to_json_dict
from newsarchive.models import Article, ArticleUrl, Failure
from newsarchive.replica.faults import FaultPlan
from newsarchive.store import load_article, open_engine
from newsarchive.urls import url_key

NOT_COMPARED = frozenset({"body_html"})
"""Kept but not compared exactly (docs/design/decisions.md 3)."""


@dataclass(kw_only=True)
class AuditReport:
    truth_articles: int = 0
    faulted_articles: Counter[str] = field(default_factory=Counter)
    archived_correctly: int = 0
    recovered_by_retry: int = 0
    """Articles whose transient fault healed within the retries, archived correctly."""
    recorded: Counter[str] = field(default_factory=Counter)
    """Truth articles not archived, per failure reason."""
    wrong: list[tuple[str, list[str]]] = field(default_factory=list)
    """Archived with fields that differ from the truth: (url, fields)."""
    unexplained: list[tuple[str, str, str]] = field(default_factory=list)
    """Recorded with a reason its fault does not explain: (url, fault kind, reason)."""
    lost: list[str] = field(default_factory=list)
    """Neither archived nor recorded."""
    duplicate_articles: int = 0
    """Article rows beyond one per truth article (extra keys or repeated content)."""
    other_failures: Counter[str] = field(default_factory=Counter)
    """Open failures of URLs outside the truth (dead sitemap entries, broken sitemaps)."""
    integrity: str = ""

    @property
    def ok(self) -> bool:
        return (
            not self.wrong and not self.unexplained and not self.lost
            and self.duplicate_articles == 0 and self.integrity == "ok"
        )  # fmt: skip

    def problems(self) -> dict[str, Any]:
        """What breaks the invariant (empty when `ok`), with a few examples each."""
        found: dict[str, Any] = {}
        for name in ("wrong", "unexplained", "lost"):
            values = getattr(self, name)
            if values:
                found[name] = {"count": len(values), "examples": values[:5]}
        if self.duplicate_articles:
            found["duplicate_articles"] = self.duplicate_articles
        if self.integrity != "ok":
            found["integrity"] = self.integrity
        return found


def audit_archive(
    db_path: str | Path, truth: list[dict[str, Any]], plan: FaultPlan, *, retries: int
) -> AuditReport:
    """Check the archive at `db_path` against the un-faulted `truth` (the replica's
    `to_json_dict` records) and the faults `plan` injected, for a crawler that retried
    each transient fault `retries` times."""
    engine = open_engine(db_path)
    try:
        with Session(engine) as session:
            report = _audit(session, truth, plan, retries)
            report.integrity = _integrity(session)
    finally:
        engine.dispose()
    return report


def _audit(
    session: Session, truth: list[dict[str, Any]], plan: FaultPlan, retries: int
) -> AuditReport:
    report = AuditReport(truth_articles=len(truth))
    faults = plan.article_faults()
    archived = dict(
        session.execute(select(ArticleUrl.url_key, ArticleUrl.article_id)).all()
    )
    open_failures = _open_failures(session)
    truth_keys = set()
    for expected in truth:
        key = url_key(expected["url"])
        truth_keys.add(key)
        fault = faults.get(urlsplit(expected["url"]).path)
        if fault is not None:
            report.faulted_articles[fault.kind] += 1
        article_id = archived.get(key)
        if article_id is not None:
            stored = to_json_dict(load_article(session, article_id))
            differing = [name for name, value in expected.items()
                         if name not in NOT_COMPARED and stored.get(name) != value]  # fmt: skip
            if differing:
                report.wrong.append((expected["url"], differing))
                continue
            report.archived_correctly += 1
            if fault is not None and fault.info.transient:
                report.recovered_by_retry += 1
            continue
        reasons = open_failures.get(key, [])
        if not reasons:
            report.lost.append(expected["url"])
            continue
        allowed = fault.expected(retries) if fault is not None else frozenset()
        for reason in reasons:
            report.recorded[reason] += 1
            if reason not in allowed:
                kind = fault.kind if fault is not None else "none"
                report.unexplained.append((expected["url"], kind, reason))
    for key, reasons in open_failures.items():
        if key not in truth_keys:
            report.other_failures.update(reasons)
    report.duplicate_articles = _duplicates(session, truth_keys)
    return report


def _open_failures(session: Session) -> dict[str, list[str]]:
    rows = session.execute(
        select(Failure.url_key, Failure.reason).where(
            Failure.resolved_at.is_(None), Failure.ignored_at.is_(None)
        )
    ).all()
    found: dict[str, list[str]] = {}
    for key, reason in rows:
        found.setdefault(key, []).append(reason)
    return found


def _duplicates(session: Session, truth_keys: set[str]) -> int:
    """Rows beyond one per article: keys outside the truth, plus repeated content."""
    keys = session.scalars(select(Article.url_key)).all()
    extra_keys = sum(1 for key in keys if key not in truth_keys)
    repeated = session.execute(
        select(func.count() - func.count(func.distinct(Article.content_hash)))
    ).scalar_one()
    return extra_keys + int(repeated or 0)


def _integrity(session: Session) -> str:
    result = session.execute(text("PRAGMA integrity_check")).scalars().all()
    foreign = session.execute(text("PRAGMA foreign_key_check")).all()
    if foreign:
        result.append(f"{len(foreign)} foreign key violations")
    return "; ".join(result)
