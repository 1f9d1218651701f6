"""claims.json: every explainer's claims, denials and actors, for other tools.

The items keep the sidecar's field names and shapes (a public contract, see
the README): a claim here reads exactly like a claim in `content/x.yaml`, with
`article` (the explainer's slug) and `url` (its row on the page) added. Each
claim and denial also names its `site_actor`, the id of the merged actor in
the top-level `actors` list (whose `url` is their page on the site).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import sidecar, urls
from .actors import SiteActor, by_member
from .config import SiteConfig
from .context import ArticleRecord
from .model import Extraction, Sidecar
from .render import iso_date

FORMAT_VERSION = 1


def claims_json(records: list[ArticleRecord], people: tuple[SiteActor, ...], config: SiteConfig) -> bytes:
    """`records` in the order they are listed (newest first)."""
    base = config.base_url
    members = by_member(people)
    articles, claims, denials, statements = [], [], [], []
    for r in records:
        # The sidecar's own writer, so field names and shapes match the files.
        data = sidecar.to_data(Sidecar(path=Path(r.slug), article_path="", article_sha256=None,
                                       extraction=Extraction(r.actors, r.claims, r.denials, r.statements)))
        articles.append({
            "slug": r.slug, "url": urls.public(base, r.url), "title": r.title, "summary": r.summary,
            "date": _iso(r.date), "updated": _iso(r.updated), "source": r.source, "source_url": r.source_url,
            "tags": list(r.tags), "actors": [{**a, "site_actor": _site_id(members, r.slug, a["id"])}
                                             for a in data["actors"]],
        })
        for item in data["claims"]:
            claims.append(_located(item, r, base) | {"site_actor": _site_id(members, r.slug, item["claimant"])})
        for item in data["denials"]:
            denials.append(_located(item, r, base) | {"site_actor": _site_id(members, r.slug, item["actor"])})
        for item in data.get("statements", ()):
            statements.append(_located(item, r, base) | {"site_actor": _site_id(members, r.slug, item["actor"])})
    actors = [{
        "id": p.id, "name": p.name, "kind": p.kind, "roles": list(p.roles), "aliases": list(p.aliases),
        "url": urls.public(base, p.url),
        "appears_as": [{"article": slug, "id": local} for slug, local in p.members],
    } for p in people]
    out = {"format": "explainer-claims", "version": FORMAT_VERSION, "sidecar_schema": sidecar.SCHEMA_VERSION,
           "site": {"title": config.title, "url": urls.public(base, "")},
           "articles": articles, "actors": actors, "claims": claims, "denials": denials,
           "statements": statements}
    return _one_item_per_line(out).encode("utf-8")


def _one_item_per_line(out: dict[str, Any]) -> str:
    """JSON with every list item on a line of its own: a changed claim is one
    changed line in a diff, and the encoder is json's C one (an indented dump
    goes through the pure-Python encoder, a hundred times slower on an archive)."""
    fields = []
    for name, value in out.items():
        head = json.dumps(name)
        if isinstance(value, list) and value:
            items = ",\n".join(json.dumps(item, ensure_ascii=False) for item in value)
            fields.append(f"{head}: [\n{items}\n]")
        else:
            fields.append(f"{head}: {json.dumps(value, ensure_ascii=False)}")
    return "{" + ",\n".join(fields) + "}\n"


def _located(item: dict[str, Any], r: ArticleRecord, base: str) -> dict[str, Any]:
    return {"article": r.slug, "url": urls.public(base, f"{r.url}#row-{item['id']}"), **item}


def _site_id(members: dict[tuple[str, str], SiteActor], slug: str, local: str | None) -> str | None:
    person = members.get((slug, local)) if local else None
    return person.id if person else None


def _iso(value: Any) -> str | None:
    return iso_date(value) or None
