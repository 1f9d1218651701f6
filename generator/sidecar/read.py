"""Reading a sidecar: safe YAML, every field checked, every reference resolved.

A mistake is a `SidecarError` naming the file, line, column and field, with a
hint where one helps; unknown keys are warnings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from ..errors import SidecarError
from ..model import ACTOR_KINDS, Actor, Claim, Denial, Extraction, Provenance, Sidecar, Statement, Verdict
from ..source import yamlio
from ..source.schema import Reader
from ..source.yamlio import Node
from .fingerprints import Ledger, content_fingerprint, items_of, read_ledger
from .format import (
    ACTOR_KEYS,
    ARTICLE_KEYS,
    CLAIM_KEYS,
    DENIAL_KEYS,
    KINDS,
    KNOWN_KEYS,
    LISTS,
    MAX_SIDECAR_BYTES,
    PROVENANCE_KEYS,
    REVIEW_STATES,
    SCHEMA_VERSION,
    STATEMENT_KEYS,
    TOP_KEYS,
    VERDICT_KEYS,
)


def load(path: Path) -> tuple[Sidecar, list[SidecarError]]:
    """Read and validate a sidecar: the sidecar and its warnings, or a SidecarError."""
    node = yamlio.read(path, SidecarError, max_bytes=MAX_SIDECAR_BYTES)
    return from_node(node, path)


def loads(text: str, path: Path) -> tuple[Sidecar, list[SidecarError]]:
    return from_node(yamlio.parse(text, path, SidecarError, max_bytes=MAX_SIDECAR_BYTES), path)


@dataclass(frozen=True)
class Loaded:
    """A sidecar read for `extract --refresh`: validated, with what the machine
    wrote (its ledger) and each item's content fingerprint as it is now."""

    sidecar: Sidecar
    warnings: tuple[SidecarError, ...]
    ledger: Ledger
    fingerprints: Mapping[tuple[str, str], str]
    text: str  # as read, for a rewrite that keeps the editor's comments


def read_bytes(path: Path) -> bytes:
    return yamlio.read_bytes(path, SidecarError, max_bytes=MAX_SIDECAR_BYTES)


def load_for_refresh(path: Path) -> Loaded:
    return loads_for_refresh(read_bytes(path), path)


def loads_for_refresh(data: bytes, path: Path) -> Loaded:
    text = yamlio.decode(data, path, SidecarError)
    node = yamlio.parse(text, path, SidecarError, max_bytes=MAX_SIDECAR_BYTES)
    loaded, warnings = from_node(node, path)
    assert node is not None  # from_node refuses an empty file
    r = Reader(path, SidecarError)
    ledger = read_ledger(r, node.get("fingerprints"))
    prints = {}
    for kind in KINDS:
        items = items_of(loaded.extraction, kind)
        for item, item_node in zip(items, r.items(node.get(LISTS[kind]), LISTS[kind])):
            extra = {k.value: _plain(v) for k, v in item_node.value if k.value not in KNOWN_KEYS[kind]}
            prints[(kind, item.id)] = content_fingerprint(kind, item, extra)
    return Loaded(loaded, (*warnings, *r.warnings), ledger, prints, text)


def _plain(node: Node) -> Any:
    if node.kind == "scalar":
        return None if node.is_null else node.value
    if node.kind == "seq":
        return [_plain(n) for n in node.value]
    return {k.value: _plain(v) for k, v in node.value}


def from_node(node: yamlio.Node | None, path: Path) -> tuple[Sidecar, list[SidecarError]]:
    r = Reader(path, SidecarError)
    if node is None:
        raise SidecarError("the sidecar is empty; delete it to have it extracted again", path, 1)
    if node.kind != "map":
        raise r.fail(node, "", "a sidecar must be a mapping with schema, article, actors, claims and denials")
    r.mapping(node, "", TOP_KEYS)
    version = r.integer(node, "schema", "", default=None)
    if version is None:
        raise r.fail(node, "schema", "is required (schema: 1)")
    if version != SCHEMA_VERSION:
        raise r.fail(node.get("schema"), "schema",
                     f"version {version} is not supported; this generator reads schema {SCHEMA_VERSION}")
    if node.get("article") is None:
        raise r.fail(node, "article", "is required (article: {path: ...})")
    article = r.mapping(node.get("article"), "article", ARTICLE_KEYS)
    article_path = r.required(article, "path", "article")
    article_sha = r.text(article, "sha256", "article")
    text_sha = r.text(article, "text_sha256", "article")

    provenance = None
    prov = node.get("extracted_by")
    if prov is not None and not prov.is_null:
        r.mapping(prov, "extracted_by", PROVENANCE_KEYS)
        provenance = Provenance(generator=r.text(prov, "extractor", "extracted_by") or "",
                                model=r.text(prov, "model", "extracted_by") or "",
                                digest=r.text(prov, "digest", "extracted_by") or "")

    actors = r.each(node, "actors", "", lambda n, w: _read_actor(r, n, w))
    claims = r.each(node, "claims", "", lambda n, w: _read_claim(r, n, w))
    denials = r.each(node, "denials", "", lambda n, w: _read_denial(r, n, w))
    statements = r.each(node, "statements", "", lambda n, w: _read_statement(r, n, w))
    _check_references(r, node, actors, claims, denials, statements)
    extra = {k.value: v for k, v in node.value if k.value not in TOP_KEYS}
    sidecar = Sidecar(path=path, article_path=article_path, article_sha256=article_sha, article_text_sha256=text_sha,
                      extraction=Extraction(tuple(a for a, _ in actors), tuple(c for c, _ in claims),
                                            tuple(d for d, _ in denials), tuple(s for s, _ in statements)),
                      provenance=provenance, extra=extra)
    return sidecar, list(r.warnings)


# Ids become HTML ids and URL fragments (`#row-c1`, `actors/...`): no spaces,
# slashes, quotes or other characters that would break a page or a link.
_ID = re.compile(r"[\w.-]+")


def _item(r: Reader[SidecarError], node: Node, where: str, known: set[str]) -> str:
    r.mapping(node, where, known)
    item_id: str = r.required(node, "id", where)
    if not _ID.fullmatch(item_id):
        raise r.fail(node.get("id"), f"{where}.id", f"{item_id!r} is not a usable id; use letters, digits, "
                     "'-', '_' and '.' only (no spaces or slashes)")
    return item_id



def _read_actor(r: Reader[SidecarError], node: Node, where: str) -> tuple[Actor, Node]:
    actor_id = _item(r, node, where, ACTOR_KEYS)
    actor = Actor(id=actor_id,
                  name=r.required(node, "name", where),
                  kind=r.choice(node, "kind", where, ACTOR_KINDS) or _missing(r, node, where, "kind"),
                  role=r.text(node, "role", where),
                  aliases=r.texts(node, "aliases", where),
                  confidence=r.number(node, "confidence", where, 0.0, 1.0),
                  review=r.choice(node, "review", where, REVIEW_STATES))
    return actor, node


def _missing(r: Reader[SidecarError], node: Node, where: str, key: str) -> NoReturn:
    raise r.fail(node, f"{where}.{key}", f"is required (one of {', '.join(ACTOR_KINDS)})")


def _evidence(r: Reader[SidecarError], node: Node, where: str) -> tuple[str, ...]:
    evidence = r.texts(node, "evidence", where)
    if not evidence:
        given = node.get("evidence")
        raise r.fail(given or node, f"{where}.evidence",
                     f"{'is required' if given is None else 'must not be empty'} "
                     "(the sentence or sentences it rests on, quoted verbatim from the article)")
    return evidence


def _read_claim(r: Reader[SidecarError], node: Node, where: str) -> tuple[Claim, Node]:
    claim_id = _item(r, node, where, CLAIM_KEYS)
    if node.get("claimant") is None:
        raise r.fail(node, f"{where}.claimant", "is required (an actor id, or null for an unnamed accuser)")
    claim = Claim(id=claim_id,
                  claimant=r.text(node, "claimant", where),
                  text=r.required(node, "text", where),
                  evidence=_evidence(r, node, where),
                  confidence=r.number(node, "confidence", where, 0.0, 1.0),
                  review=r.choice(node, "review", where, REVIEW_STATES),
                  verdict=_read_verdict(r, node.get("verdict"), f"{where}.verdict"))
    return claim, node


def _read_verdict(r: Reader[SidecarError], node: Node | None, where: str) -> Verdict | None:
    if node is None or node.is_null:
        return None
    if node.kind == "scalar":
        return Verdict(rating=node.value.strip()) if node.value.strip() else None
    r.mapping(node, where, VERDICT_KEYS)
    return Verdict(rating=r.required(node, "rating", where),
                   url=r.url(node, "url", where), author=r.text(node, "author", where),
                   date=r.date(node, "date", where))


def _read_denial(r: Reader[SidecarError], node: Node, where: str) -> tuple[Denial, Node]:
    denial_id = _item(r, node, where, DENIAL_KEYS)
    if node.get("denies") is None:
        raise r.fail(node, f"{where}.denies", "is required (a claim id, or null when no claim fits)")
    denial = Denial(id=denial_id,
                    actor=r.required(node, "actor", where),
                    denies=r.text(node, "denies", where),
                    text=r.required(node, "text", where),
                    evidence=_evidence(r, node, where),
                    confidence=r.number(node, "confidence", where, 0.0, 1.0),
                    review=r.choice(node, "review", where, REVIEW_STATES))
    return denial, node


def _read_statement(r: Reader[SidecarError], node: Node, where: str) -> tuple[Statement, Node]:
    statement_id = _item(r, node, where, STATEMENT_KEYS)
    if node.get("actor") is None:
        raise r.fail(node, f"{where}.actor", "is required (an actor id, or null when the article names nobody)")
    statement = Statement(id=statement_id,
                          actor=r.text(node, "actor", where),
                          text=r.required(node, "text", where),
                          evidence=_evidence(r, node, where),
                          confidence=r.number(node, "confidence", where, 0.0, 1.0),
                          review=r.choice(node, "review", where, REVIEW_STATES))
    return statement, node


def _check_references(r: Reader[SidecarError], root: Node, actors: list[tuple[Actor, Node]],
                      claims: list[tuple[Claim, Node]], denials: list[tuple[Denial, Node]],
                      statements: list[tuple[Statement, Node]]) -> None:
    actor_at: dict[str, tuple[str, Node]] = {}
    for i, (actor, node) in enumerate(actors):
        if actor.id in actor_at:
            first, first_node = actor_at[actor.id]
            raise r.fail(node.get("id"), f"actors[{i}].id",
                         f"'{actor.id}' is already the id of {first} (line {first_node.line}); "
                         "actor ids must be unique")
        actor_at[actor.id] = (f"actors[{i}]", node)
    statement_at: dict[str, tuple[str, Node]] = {}
    listed = [*(("claims", i, c.id, n) for i, (c, n) in enumerate(claims)),
              *(("denials", i, d.id, n) for i, (d, n) in enumerate(denials)),
              *(("statements", i, s.id, n) for i, (s, n) in enumerate(statements))]
    for key, i, item_id, node in listed:
        if item_id in statement_at:
            first, first_node = statement_at[item_id]
            raise r.fail(node.get("id"), f"{key}[{i}].id",
                         f"'{item_id}' is already the id of {first} (line {first_node.line}); "
                         "claim, denial and statement ids must be unique")
        statement_at[item_id] = (f"{key}[{i}]", node)
    claim_ids = {c.id for c, _ in claims}
    for claim, node in claims:
        if claim.claimant is not None and claim.claimant not in actor_at:
            raise r.fail(node.get("claimant"), "",
                         f"claim {claim.id} has claimant '{claim.claimant}', which is not an actor in this file")
    for denial, node in denials:
        if denial.actor not in actor_at:
            raise r.fail(node.get("actor"), "",
                         f"denial {denial.id} has actor '{denial.actor}', which is not an actor in this file")
        if denial.denies is not None and denial.denies not in claim_ids:
            raise r.fail(node.get("denies"), "",
                         f"denial {denial.id} denies '{denial.denies}', which is not a claim in this file")
    for statement, node in statements:
        if statement.actor is not None and statement.actor not in actor_at:
            raise r.fail(node.get("actor"), "",
                         f"statement {statement.id} has actor '{statement.actor}', which is not an actor in this file")
