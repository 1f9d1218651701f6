"""Reading a sidecar: safe YAML, every field checked, every reference resolved.

A mistake is a `SidecarError` naming the file, line, column and field, with a
hint where one helps ("did you mean 'planning-records'?" for a near miss of an
id or a kind); unknown keys are warnings. Every mistake of a file is found in
one pass (`Reader(collect=True)`) and raised together, the first carrying the
others (`GeneratorError.each`); only a YAML syntax error, or a schema version
this generator does not read, stops the reading where it is.
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
from ..source.schema import Reader, suggest
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
    r = Reader(path, SidecarError, collect=True)
    if node is None:
        raise SidecarError("the sidecar is empty; delete it to have it extracted again", path, 1)
    if node.kind != "map":
        raise r.fail(node, "", "a sidecar must be a mapping with schema, article, actors, claims and denials")
    r.mapping(node, "", TOP_KEYS)
    version = r.attempt(lambda: r.integer(node, "schema", "", default=None))
    if version is None and not r.errors:
        r.record(r.fail(node, "schema", "is required (schema: 1)"))
    elif version is not None and version != SCHEMA_VERSION:  # another format: nothing else can be read
        raise r.fail(node.get("schema"), "schema",
                     f"version {version} is not supported; this generator reads schema {SCHEMA_VERSION}")
    article_path, article_sha, text_sha = r.attempt(lambda: _read_article(r, node)) or ("", None, None)
    provenance = r.attempt(lambda: _read_provenance(r, node.get("extracted_by")))
    actors = r.attempt(lambda: r.each(node, "actors", "", lambda n, w: _read_actor(r, n, w))) or []
    claims = r.attempt(lambda: r.each(node, "claims", "", lambda n, w: _read_claim(r, n, w))) or []
    denials = r.attempt(lambda: r.each(node, "denials", "", lambda n, w: _read_denial(r, n, w))) or []
    statements = r.attempt(lambda: r.each(node, "statements", "", lambda n, w: _read_statement(r, n, w))) or []
    _check_references(r, node, actors, claims, denials, statements)
    r.raise_collected()
    extra = {k.value: v for k, v in node.value if k.value not in TOP_KEYS}
    sidecar = Sidecar(path=path, article_path=article_path, article_sha256=article_sha, article_text_sha256=text_sha,
                      extraction=Extraction(tuple(a for a, _ in actors), tuple(c for c, _ in claims),
                                            tuple(d for d, _ in denials), tuple(s for s, _ in statements)),
                      provenance=provenance, extra=extra)
    return sidecar, list(r.warnings)


def _read_article(r: Reader[SidecarError], node: Node) -> tuple[str, str | None, str | None]:
    """The article a sidecar was made from: its path, and the hashes of its bytes and text."""
    if node.get("article") is None:
        raise r.fail(node, "article", "is required (article: {path: ...})")
    article = r.mapping(node.get("article"), "article", ARTICLE_KEYS)
    return (r.required(article, "path", "article"), r.text(article, "sha256", "article"),
            r.text(article, "text_sha256", "article"))


def _read_provenance(r: Reader[SidecarError], prov: Node | None) -> Provenance | None:
    if prov is None or prov.is_null:
        return None
    r.mapping(prov, "extracted_by", PROVENANCE_KEYS)
    return Provenance(generator=r.text(prov, "extractor", "extracted_by") or "",
                      model=r.text(prov, "model", "extracted_by") or "",
                      digest=r.text(prov, "digest", "extracted_by") or "")


# Ids become HTML ids and URL fragments (`#row-c1`, `actors/...`): no spaces,
# slashes, quotes or other characters that would break a page or a link.
_ID = re.compile(r"[\w.-]+")


def _item(r: Reader[SidecarError], node: Node, where: str, known: set[str]) -> str:
    r.mapping(node, where, known)
    return r.attempt(lambda: _id(r, node, where)) or ""


def _id(r: Reader[SidecarError], node: Node, where: str) -> str:
    item_id: str = r.required(node, "id", where)
    if not _ID.fullmatch(item_id):
        raise r.fail(node.get("id"), f"{where}.id", f"{item_id!r} is not a usable id; use letters, digits, "
                     "'-', '_' and '.' only (no spaces or slashes)")
    return item_id


def _read_actor(r: Reader[SidecarError], node: Node, where: str) -> tuple[Actor, Node]:
    actor_id = _item(r, node, where, ACTOR_KEYS)
    field = r.attempt  # each field read even after a mistake in another: every mistake in one pass
    actor = Actor(id=actor_id,
                  name=field(lambda: r.required(node, "name", where)) or "",
                  kind=field(lambda: r.choice(node, "kind", where, ACTOR_KINDS) or _missing(r, node, where, "kind"))
                  or "person",
                  role=field(lambda: r.text(node, "role", where)),
                  aliases=field(lambda: r.texts(node, "aliases", where)) or (),
                  confidence=field(lambda: r.number(node, "confidence", where, 0.0, 1.0)),
                  review=field(lambda: r.choice(node, "review", where, REVIEW_STATES)))
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


def _required_key(r: Reader[SidecarError], node: Node, where: str, key: str, what: str) -> None:
    """A key that must be there, even when its value may be null."""
    if node.get(key) is None:
        r.record(r.fail(node, f"{where}.{key}", f"is required ({what})"))


def _read_claim(r: Reader[SidecarError], node: Node, where: str) -> tuple[Claim, Node]:
    claim_id = _item(r, node, where, CLAIM_KEYS)
    field = r.attempt
    _required_key(r, node, where, "claimant", "an actor id, or null for an unnamed accuser")
    claim = Claim(id=claim_id,
                  claimant=field(lambda: r.text(node, "claimant", where)),
                  text=field(lambda: r.required(node, "text", where)) or "",
                  evidence=field(lambda: _evidence(r, node, where)) or (),
                  confidence=field(lambda: r.number(node, "confidence", where, 0.0, 1.0)),
                  review=field(lambda: r.choice(node, "review", where, REVIEW_STATES)),
                  verdict=field(lambda: _read_verdict(r, node.get("verdict"), f"{where}.verdict")))
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
    field = r.attempt
    _required_key(r, node, where, "denies", "a claim id, or null when no claim fits")
    denial = Denial(id=denial_id,
                    actor=field(lambda: r.required(node, "actor", where)) or "",
                    denies=field(lambda: r.text(node, "denies", where)),
                    text=field(lambda: r.required(node, "text", where)) or "",
                    evidence=field(lambda: _evidence(r, node, where)) or (),
                    confidence=field(lambda: r.number(node, "confidence", where, 0.0, 1.0)),
                    review=field(lambda: r.choice(node, "review", where, REVIEW_STATES)))
    return denial, node


def _read_statement(r: Reader[SidecarError], node: Node, where: str) -> tuple[Statement, Node]:
    statement_id = _item(r, node, where, STATEMENT_KEYS)
    field = r.attempt
    _required_key(r, node, where, "actor", "an actor id, or null when the article names nobody")
    statement = Statement(id=statement_id,
                          actor=field(lambda: r.text(node, "actor", where)),
                          text=field(lambda: r.required(node, "text", where)) or "",
                          evidence=field(lambda: _evidence(r, node, where)) or (),
                          confidence=field(lambda: r.number(node, "confidence", where, 0.0, 1.0)),
                          review=field(lambda: r.choice(node, "review", where, REVIEW_STATES)))
    return statement, node


def _written_ids(node: Node | None) -> list[str]:
    """The ids of a list's items as written, whether or not the items read:
    a reference to an item with a mistake elsewhere is not a second mistake."""
    if node is None or node.kind != "seq":
        return []
    ids = []
    for item in node.value:
        given = item.get("id") if item.kind == "map" else None
        if given is not None and given.kind == "scalar":
            ids.append(given.value.strip())
    return ids


def _check_references(r: Reader[SidecarError], root: Node, actors: list[tuple[Actor, Node]],
                      claims: list[tuple[Claim, Node]], denials: list[tuple[Denial, Node]],
                      statements: list[tuple[Statement, Node]]) -> None:
    actor_at: dict[str, tuple[str, Node]] = {}
    for i, (actor, node) in enumerate(actors):
        if actor.id in actor_at:
            first, first_node = actor_at[actor.id]
            r.record(r.fail(node.get("id"), f"actors[{i}].id",
                            f"'{actor.id}' is already the id of {first} (line {first_node.line}); "
                            "actor ids must be unique"))
            continue
        actor_at[actor.id] = (f"actors[{i}]", node)
    statement_at: dict[str, tuple[str, Node]] = {}
    listed = [*(("claims", i, c.id, n) for i, (c, n) in enumerate(claims)),
              *(("denials", i, d.id, n) for i, (d, n) in enumerate(denials)),
              *(("statements", i, s.id, n) for i, (s, n) in enumerate(statements))]
    for key, i, item_id, node in listed:
        if item_id in statement_at:
            first, first_node = statement_at[item_id]
            r.record(r.fail(node.get("id"), f"{key}[{i}].id",
                            f"'{item_id}' is already the id of {first} (line {first_node.line}); "
                            "claim, denial and statement ids must be unique"))
            continue
        statement_at[item_id] = (f"{key}[{i}]", node)
    actor_ids = _written_ids(root.get("actors"))
    claim_ids = _written_ids(root.get("claims"))

    def missing(node: Node, what: str, value: str, kind: str, known: list[str]) -> None:
        r.record(r.fail(node, "", f"{what} '{value}', which is not {kind} in this file", suggest(value, known)))

    for claim, node in claims:
        if claim.claimant is not None and claim.claimant not in actor_ids:
            missing(node.get("claimant") or node, f"claim {claim.id} has claimant", claim.claimant, "an actor",
                    actor_ids)
    for denial, node in denials:
        if denial.actor not in actor_ids:
            missing(node.get("actor") or node, f"denial {denial.id} has actor", denial.actor, "an actor", actor_ids)
        if denial.denies is not None and denial.denies not in claim_ids:
            missing(node.get("denies") or node, f"denial {denial.id} denies", denial.denies, "a claim", claim_ids)
    for statement, node in statements:
        if statement.actor is not None and statement.actor not in actor_ids:
            missing(node.get("actor") or node, f"statement {statement.id} has actor", statement.actor, "an actor",
                    actor_ids)
