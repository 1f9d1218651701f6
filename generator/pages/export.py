"""claims.json: every explainer's claims, denials and actors, for other tools.

The items keep the sidecar's field names and shapes (a public contract, see
the README): a claim here reads exactly like a claim in `content/x.yaml`, with
`article` (the explainer's slug) and `url` (its row on the page) added. Each
claim and denial also names its `site_actor`, the id of the merged actor in
the top-level `actors` list (whose `url` is their page on the site).
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

from .. import sidecar, urls
from ..config import SiteConfig
from ..model import Extraction, Sidecar
from .actors import SiteActor, by_member
from .derived import Derived
from .record import ArticleRecord
from .render import iso_date

FORMAT_VERSION = 1


def claims_json(records: list[ArticleRecord], people: tuple[SiteActor, ...], config: SiteConfig,
                derived: Derived | None = None) -> bytes:
    """`records` in the order they are listed (newest first). `derived`:
    per-record values kept from earlier builds."""
    base = config.base_url
    articles, claims, denials, statements = [], [], [], []
    for lines in encoded(records, people, config, derived or Derived()):
        articles.append(lines[0])
        claims.extend(lines[1])
        denials.extend(lines[2])
        statements.extend(lines[3])
    actors = [_ENCODE({
        "id": p.id, "name": p.name, "kind": p.kind, "roles": list(p.roles), "aliases": list(p.aliases),
        "url": urls.public(base, p.url),
        "appears_as": [{"article": slug, "id": local} for slug, local in p.members],
    }) for p in people]
    out = {"format": "explainer-claims", "version": FORMAT_VERSION, "sidecar_schema": sidecar.SCHEMA_VERSION,
           "site": {"title": config.title, "url": urls.public(base, "")},
           "articles": articles, "actors": actors, "claims": claims, "denials": denials,
           "statements": statements}
    return _one_item_per_line(out).encode("utf-8")


def encoded(records: list[ArticleRecord], people: tuple[SiteActor, ...], config: SiteConfig,
            derived: Derived) -> list[tuple[str, list[str], list[str], list[str]]]:
    """Each record's items, encoded (kept in `derived`)."""
    base = config.base_url
    members = by_member(people)
    out = []
    for r in records:
        ids = tuple(_site_id(members, r.slug, a.id) for a in r.actors)
        out.append(derived.get(r, ("claims.json", base, ids), partial(_lines, r, base, ids)))
    return out


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _lines(r: ArticleRecord, base: str, ids: tuple[str | None, ...]) -> tuple[str, list[str], list[str], list[str]]:
    """One article's items, encoded: its entry, claims, denials and statements.
    `ids`: the site actor of each of its actors, in order."""
    site_of = {a.id: site_id for a, site_id in zip(r.actors, ids)}
    # The sidecar's own writer, so field names and shapes match the files.
    data = sidecar.to_data(Sidecar(path=Path(r.slug), article_path="", article_sha256=None,
                                   extraction=Extraction(r.actors, r.claims, r.denials, r.statements)))
    article = _ENCODE({
        "slug": r.slug, "url": urls.public(base, r.url), "title": r.title, "summary": r.summary,
        "date": _iso(r.date), "updated": _iso(r.updated), "source": r.source, "source_url": r.source_url,
        "tags": list(r.tags), "actors": [{**a, "site_actor": site_of.get(a["id"])} for a in data["actors"]],
    })
    claims = [_ENCODE(_located(item, r, base) | {"site_actor": site_of.get(item["claimant"] or "")})
              for item in data["claims"]]
    denials = [_ENCODE(_located(item, r, base) | {"site_actor": site_of.get(item["actor"] or "")})
               for item in data["denials"]]
    statements = [_ENCODE(_located(item, r, base) | {"site_actor": site_of.get(item["actor"] or "")})
                  for item in data.get("statements", ())]
    return article, claims, denials, statements


def _one_item_per_line(out: dict[str, Any]) -> str:
    """JSON with every list item on a line of its own (lists of items come
    encoded): a changed claim is one changed line in a diff, and every item
    goes through json's C encoder (an indented dump takes the pure-Python one,
    a hundred times slower on an archive)."""
    fields = []
    for name, value in out.items():
        head = _ENCODE(name)
        if isinstance(value, list):
            fields.append(f"{head}: [\n" + ",\n".join(value) + "\n]" if value else f"{head}: []")
        else:
            fields.append(f"{head}: {_ENCODE(value)}")
    return "{" + ",\n".join(fields) + "}\n"


def _located(item: dict[str, Any], r: ArticleRecord, base: str) -> dict[str, Any]:
    return {"article": r.slug, "url": urls.public(base, f"{r.url}#row-{item['id']}"), **item}


def _site_id(members: dict[tuple[str, str], SiteActor], slug: str, local: str | None) -> str | None:
    person = members.get((slug, local)) if local else None
    return person.id if person else None


def _iso(value: Any) -> str | None:
    return iso_date(value) or None
