"""claims.json: every explainer's claims, denials and actors, for other tools.

The items keep the sidecar's field names and shapes (a public contract, see
docs/publishing.md): a claim here reads exactly like a claim in
`content/x.yaml`, with `article` (the explainer's slug) and `url` (its row on
the page) added. Each claim and denial also names its `site_actor`, the id of
the merged actor in the top-level `actors` list (whose `url` is their page on
the site).

A site whose claims.json would pass `SPLIT_BYTES` gets version 2 instead: an
index of the explainers and actors, and one file per explainer
(`claims/<slug>.json`), each of them a version-1 document of that explainer
alone, so a reader of version 1 reads each file as it is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from .. import sidecar, urls
from ..config import SiteConfig
from ..model import Extraction, Sidecar
from .actors import SiteActor, by_member
from .derived import Derived
from .made import MadeFile
from .record import ArticleRecord
from .render import iso_date

FORMAT = "explainer-claims"
SPLIT_BYTES = 4 * 1024 * 1024  # past this, claims.json is an index and each explainer has a file of its own
FOLDER = urls.CLAIMS

Lines = tuple[str, list[str], list[str], list[str]]  # one explainer: its entry, claims, denials, statements


def files(records: list[ArticleRecord], people: tuple[SiteActor, ...], config: SiteConfig,
          derived: Derived | None = None, split_bytes: int = SPLIT_BYTES) -> Iterator[tuple[str, bytes]]:
    """claims.json, and the explainers' own files when it is split (past
    `split_bytes`), by path under output/. `records` in the order they are
    listed (newest first). `derived`: per-record values kept from earlier builds."""
    for one in outputs(records, people, config, derived, split_bytes):
        yield (one.output, one.make()) if isinstance(one, MadeFile) else one


def outputs(records: list[ArticleRecord], people: tuple[SiteActor, ...], config: SiteConfig,
            derived: Derived | None = None, split_bytes: int = SPLIT_BYTES,
            ) -> Iterator[tuple[str, bytes] | MadeFile]:
    """What `files` gives, each explainer's own file as a `MadeFile`: made
    again only when its record or what it says of an actor changed."""
    derived = derived or Derived()
    members = by_member(people)
    first, split = leading((_encoded(r, members, config.base_url, derived) for r in records), split_bytes)
    if not split:
        yield urls.EXPORT, _document(first, [_actor(p, config.base_url) for p in people], config)
        return
    yield urls.EXPORT, _index(records, people, config)
    # Where each actor appears, by article, worked out once: an actor quoted in
    # thousands of explainers would otherwise be walked for each of them.
    appearances: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for person in people:
        for slug, local in person.members:
            appearances.setdefault((person.id, slug), []).append((slug, local))
    # Each actor encoded once, and known in an explainer's inputs by a digest:
    # a merged actor's roles and aliases come from every article they are in.
    data = {p.id: _ENCODE(_actor_data(p, config.base_url)) for p in people}
    digests = {i: hashlib.sha256(text.encode("utf-8")).hexdigest() for i, text in data.items()}
    ready = {id(r): one for r, one in zip(records, first)}  # encoded already to learn the size
    for r in records:
        own = dict.fromkeys(members[(r.slug, a.id)].id for a in r.actors if (r.slug, a.id) in members)
        shown: Shown = tuple((data[i], appearances[(i, r.slug)]) for i in own)
        inputs = (r, tuple((digests[i], appearances[(i, r.slug)]) for i in own))
        yield MadeFile(_file(r), inputs, partial(_article_file, r, ready.get(id(r)), members, shown, config,
                                                 derived))


Shown = tuple[tuple[str, list[tuple[str, str]]], ...]  # each actor's data (encoded), and where they appear


def _article_file(r: ArticleRecord, one: Lines | None, members: dict[tuple[str, str], SiteActor], shown: Shown,
                  config: SiteConfig, derived: Derived) -> bytes:
    lines = one if one is not None else _encoded(r, members, config.base_url, derived)
    return _document([lines], [_appearing(data, where) for data, where in shown], config)


def leading(lines: Iterable[Lines], split_bytes: int = SPLIT_BYTES) -> tuple[list[Lines], bool]:
    """The first records' items (`encoded`), taken until they pass `split_bytes`
    (then True: the export is split, and each explainer's are encoded only
    for its own file) or the records end: an archive's are never held all."""
    first: list[Lines] = []
    size = 0
    for one in lines:
        first.append(one)
        size += _size(one)
        if size > split_bytes:
            return first, True
    return first, False


def _size(one: Lines) -> int:
    article, *items = one
    return len(article) + sum(len(x) for group in items for x in group)


def _document(lines: list[Lines], actors: list[str], config: SiteConfig) -> bytes:
    """A version-1 document of these explainers and actors."""
    out = {"format": FORMAT, "version": 1, "sidecar_schema": sidecar.SCHEMA_VERSION, "site": _site(config),
           "articles": [a for a, _, _, _ in lines], "actors": actors,
           "claims": [c for _, cs, _, _ in lines for c in cs], "denials": [d for _, _, ds, _ in lines for d in ds],
           "statements": [s for _, _, _, ss in lines for s in ss]}
    return _one_item_per_line(out).encode("utf-8")


def _index(records: list[ArticleRecord], people: tuple[SiteActor, ...], config: SiteConfig) -> bytes:
    """Version 2: every explainer with the address of its own file, and every
    actor (where each appears is in the explainers' files)."""
    base = config.base_url
    out = {"format": FORMAT, "version": 2, "sidecar_schema": sidecar.SCHEMA_VERSION, "site": _site(config),
           "articles": [_ENCODE({"slug": r.slug, "url": urls.public(base, r.url), "title": r.title,
                                 "date": _iso(r.date), "updated": _iso(r.updated), "tags": list(r.tags),
                                 "file": urls.public(base, _file(r))}) for r in records],
           "actors": [_ENCODE(_actor_data(p, base)) for p in people]}
    return _one_item_per_line(out).encode("utf-8")


def _file(r: ArticleRecord) -> str:
    return f"{FOLDER}{r.slug}.json"


def _site(config: SiteConfig) -> dict[str, str]:
    return {"title": config.title, "url": urls.public(config.base_url, "")}


def _actor_data(p: SiteActor, base: str) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "kind": p.kind, "roles": list(p.roles), "aliases": list(p.aliases),
            "url": urls.public(base, p.url)}


def _actor(p: SiteActor, base: str) -> str:
    """A site actor, with everywhere they appear."""
    return _appearing(_ENCODE(_actor_data(p, base)), p.members)


def _appearing(data: str, members: Iterable[tuple[str, str]]) -> str:
    """An actor's data (encoded), with where they appear added as its last
    field: everywhere, or in one article (for its own file: an actor quoted
    in every explainer would otherwise make each file as long as the archive)."""
    return f'{data[:-1]}, "appears_as": {_ENCODE([{"article": slug, "id": local} for slug, local in members])}}}'


def encoded(records: list[ArticleRecord], people: tuple[SiteActor, ...], config: SiteConfig,
            derived: Derived) -> Iterator[Lines]:
    """Each record's items, encoded as they are asked for (kept in `derived`)."""
    members = by_member(people)
    return (_encoded(r, members, config.base_url, derived) for r in records)


def _encoded(r: ArticleRecord, members: dict[tuple[str, str], SiteActor], base: str, derived: Derived) -> Lines:
    ids = tuple(_site_id(members, r.slug, a.id) for a in r.actors)
    return derived.get(r, ("claims.json", base, ids), partial(_lines, r, base, ids))


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _lines(r: ArticleRecord, base: str, ids: tuple[str | None, ...]) -> Lines:
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
