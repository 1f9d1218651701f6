"""The static search index: small, built at build time, read by static/search.js.

The index is embedded in the search page itself (as escaped JSON in a
`<script type="application/json">`), so search works with no server and
straight from disk, where a browser refuses to fetch() a separate file. Each
entry carries the text a reader would search for: titles, summaries, tags,
who is involved and what they said.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .. import urls
from . import render
from .actors import SiteActor
from .derived import Derived
from .record import ArticleRecord

PAGE = urls.output_file(urls.SEARCH)


def index(records: list[ArticleRecord], people: tuple[SiteActor, ...],
          derived: Derived | None = None) -> dict[str, Any]:
    """`records` newest first. URLs are relative to the search page. `derived`:
    per-record values kept from earlier builds."""
    explainers = entries(records, derived or Derived())
    actors = [{
        "url": _link(p.url), "title": p.name, "summary": "; ".join((p.kind_label, *p.roles)),
        "who": list(p.aliases), "counts": [len(p.claims), len(p.denials)],
    } for p in people]
    return {"explainers": explainers, "actors": actors}


def entries(records: list[ArticleRecord], derived: Derived) -> list[dict[str, Any]]:
    """Each record's entry (kept in `derived`)."""
    return [derived.get(r, "search", partial(_entry, r)) for r in records]


def _link(target: str) -> str:
    return render.relative_url(target, PAGE)


def _entry(r: ArticleRecord) -> dict[str, Any]:
    return {
        "url": _link(r.url), "title": r.title, "summary": r.summary,
        "date": render.iso_date(r.date)[:10], "tags": list(r.tags),
        "who": sorted({n for a in r.actors for n in (a.name, *a.aliases)}),
        "said": [*(c.text for c in r.claims), *(d.text for d in r.denials), *(s.text for s in r.statements)],
        "counts": [r.claim_count, r.denial_count],
    }
