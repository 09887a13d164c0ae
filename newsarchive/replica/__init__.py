"""A deterministic, generated local replica of responsiblestatecraft.org (RebelMouse markup),
or of another RebelMouse publication (`site="spectrum.ieee.org"`, publications/).

Markup follows docs/replica-markup.md; the truth follows docs/design/decisions.md 1-8. Stable API:

    from newsarchive.replica import Corpus, make_app, start_replica_process

    corpus = Corpus(articles=300, seed=1, base_url="http://127.0.0.1:8765", edition=1, page_kb=120)
        # extras=True (keyword): also a broken page and a content duplicate, linked from home
        # site="spectrum.ieee.org" (keyword): the second publication (no seed page: seed_path
        # raises KeyError, linked_paths() and legacy_paths() are empty)
    corpus.article_paths() -> list[str]       # "/<slug>/" of every article, oldest first
                                              # (N in all, incl. the seed and its 4 linked articles)
    corpus.article_urls()  -> list[str]       # the same, absolute
    corpus.seed_path       -> "/diplomacy-watch-ukraine-russia-quietly-talking/"
    corpus.linked_paths()  -> list[str]       # the 4 articles the seed links to
    corpus.legacy_paths()  -> dict[str, str]  # "/YYYY/MM/DD/<slug>" -> "/<slug>/" (301; also with "/")
    corpus.extra_paths()   -> dict[str, str]  # {"broken", "duplicate", "duplicate_of"} or {}
    corpus.render(path_or_url) -> Page        # .status, .headers (dict), .body (bytes), .text
    corpus.truth()         -> Iterator[dict]  # to_json_dict(Article) per article, oldest first
    corpus.truth_for(path_or_url) -> dict     # one article's truth (KeyError if not an article)
    corpus.article(path_or_url) -> Article    # the same, typed
    corpus.changes         -> list[EditionChanges]   # edition >= 2: what editions 2..K changed
                                              # (new, changed + edit kinds, teasers, gone, moved)

    make_app(corpus, middlewares=()) -> aiohttp.web.Application   # middlewares: fault injection slot

    with start_replica_process(articles=300, seed=1, page_kb=120, host="127.0.0.1", port=0,
                               site="responsiblestatecraft.org") as replica:
        replica.base_url   # "http://127.0.0.1:PORT" (no trailing slash); replica.stop() ends it

    newsarchive.replica.visible_text.visible_lines(html) -> list[str]   # docs/design/decisions.md 9 visible text

CLI: `newsarchive replica serve --port 8765 [--host H] [--articles N] [--seed S] [--page-kb K]
[--no-extras] [--edition K] [--site NAME]` (first stdout line: "Replica serving at http://HOST:PORT/"; `--port 0` picks a free
port), `newsarchive replica truth [--articles N] [--seed S] [--base-url URL] [--out FILE]`, and
`newsarchive replica render PATH` (one page to stdout); `newsarchive replica changes --edition K`
prints what each edition changed (JSON lines); truth and render take `--edition` too.
Editions (editions.py): 2, 3, ... each publish new articles, edit some (body, title, tags,
authors, top image credit), rotate some teasers, unpublish one (410/404) and move one (301).

Truth `site` is the publication's name; `url` and `canonical_url` are `base_url + "/<slug>/"`
(`"/<slug>"` on spectrum.ieee.org).
Pages are pure functions of (articles, seed, edition, page_kb, base_url): byte-identical each time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsarchive.replica.corpus import Corpus
    from newsarchive.replica.process import ReplicaProcess, start_replica_process
    from newsarchive.replica.server import make_app

__all__ = ["Corpus", "ReplicaProcess", "make_app", "start_replica_process"]

_EXPORTS = {
    "Corpus": "newsarchive.replica.corpus",
    "make_app": "newsarchive.replica.server",
    "start_replica_process": "newsarchive.replica.process",
    "ReplicaProcess": "newsarchive.replica.process",
}


def __getattr__(name: str) -> Any:
    # Lazy: importing the package must not import aiohttp (the parser only needs Corpus).
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(name)
