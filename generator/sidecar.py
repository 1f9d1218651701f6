"""The sidecar file: schema, validation, stable YAML writing and edit detection.

The field names of schema 1 (see the README, "Sidecars") are a public contract:
extend, never rename.

Edit detection needs no database: every sidecar the generator writes carries an
`extracted_by.digest`, the sha256 of the file's own text with the digest blanked.
If the text still hashes to it, nobody has touched the file since the machine
wrote it (`MACHINE`); any change at all, even a comment, makes it `EDITED`, and an
edited sidecar is never written over by a build.

The digest says *whether* a person changed the file, not *what* they changed. For
that (`extract --refresh`, see `refresh.py`) the generator also writes a
`fingerprints` block at the end of the file: for each item it wrote, two short
hashes, `<content> <finding>`. The content hash is of the item's meaning (its
fields as the schema reads them, so re-quoting or re-indenting is not a change,
and unknown keys an editor adds are); the finding hash is of what the item was
found as (an actor's name; a claim's or denial's first evidence sentence). An
item whose content hash still matches is the machine's; one that differs was
changed by an editor; an id that is gone was deleted by one, and its finding is
kept in `fingerprints.rejected` so that no refresh proposes it again. We keep
hashes rather than a copy of the machine's items: one short line per item, and
an editor reading the file is not shown a second, stale version of every claim.
Reading the block costs nothing at build time: only a refresh looks at it.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlio
from .errors import GeneratorError, SidecarError
from .fsutil import write_if_changed
from .model import ACTOR_KINDS, Actor, Claim, Denial, Extraction, Provenance, Sidecar, Statement, Verdict
from .schema import Reader

SCHEMA_VERSION = 1
MAX_SIDECAR_BYTES = 1024 * 1024
HEADER = ("# Explainer sidecar: who claims what in the article, and who denies it.\n"
          "# Written by the generator; edit freely - a build never overwrites your changes.\n")

FINGERPRINTS_COMMENT = (
    "# Fingerprints of the items the generator wrote, so that `extract --refresh` can tell\n"
    "# your edits from its own output and never undo them. Leave them as they are.\n")

_TOP_KEYS = {"schema", "article", "extracted_by", "actors", "claims", "denials", "statements", "fingerprints"}
_ARTICLE_KEYS = {"path", "sha256"}
_PROVENANCE_KEYS = {"extractor", "model", "digest"}
_ACTOR_KEYS = {"id", "name", "kind", "role", "aliases", "confidence", "review"}
_CLAIM_KEYS = {"id", "claimant", "text", "evidence", "confidence", "review", "verdict"}
_DENIAL_KEYS = {"id", "actor", "denies", "text", "evidence", "confidence", "review"}
_STATEMENT_KEYS = {"id", "actor", "text", "evidence", "confidence", "review"}
_VERDICT_KEYS = {"rating", "url", "author", "date"}
REVIEW_STATES = ("pending", "done")

_DIGEST = re.compile(r"^  digest: sha256:([0-9a-f]{64})$", re.M)
_BLANK = "0" * 64

KINDS = ("actor", "claim", "denial", "statement")
LISTS = {"actor": "actors", "claim": "claims", "denial": "denials", "statement": "statements"}  # kind -> key
_KNOWN = {"actor": _ACTOR_KEYS, "claim": _CLAIM_KEYS, "denial": _DENIAL_KEYS, "statement": _STATEMENT_KEYS}
_HASH = 12  # hex digits per fingerprint: 48 bits, plenty to tell apart the items of one file
_FINGERPRINT = re.compile(rf"^([0-9a-f]{{{_HASH}}}) ([0-9a-f]{{{_HASH}}})$")
_FINDING = re.compile(rf"^[0-9a-f]{{{_HASH}}}$")
Item = Actor | Claim | Denial | Statement


class State(enum.Enum):
    MISSING = "missing"
    MACHINE = "machine-written"  # exactly as the generator wrote it
    EDITED = "edited"  # changed by a person, or not written by us: never overwritten


def state_of(path: Path) -> State:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except FileNotFoundError:
        return State.MISSING
    return State.MACHINE if digest_matches(text) else State.EDITED


def digest_matches(text: str) -> bool:
    match = _DIGEST.search(text)
    if match is None:
        return False
    blanked = text[: match.start(1)] + _BLANK + text[match.end(1):]
    return hashlib.sha256(blanked.encode("utf-8")).hexdigest() == match.group(1)


# --- writing -----------------------------------------------------------------

def to_data(sidecar: Sidecar) -> dict[str, Any]:
    """Plain data in the file's key order (the order people read it in)."""
    data: dict[str, Any] = {"schema": SCHEMA_VERSION,
                            "article": {"path": sidecar.article_path}}
    if sidecar.article_sha256:
        data["article"]["sha256"] = sidecar.article_sha256
    if sidecar.provenance is not None:
        data["extracted_by"] = {"extractor": sidecar.provenance.generator,
                                "model": sidecar.provenance.model,
                                "digest": "sha256:" + _BLANK}
    data["actors"] = [_actor_data(a) for a in sidecar.actors]
    data["claims"] = [_claim_data(c) for c in sidecar.claims]
    data["denials"] = [_denial_data(d) for d in sidecar.denials]
    if sidecar.statements:  # an extension of schema 1: absent means none
        data["statements"] = [_statement_data(s) for s in sidecar.statements]
    return data


def _actor_data(actor: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": actor.id, "name": actor.name, "kind": actor.kind}
    if actor.role:
        out["role"] = actor.role
    if actor.aliases:
        out["aliases"] = list(actor.aliases)
    if actor.confidence is not None:
        out["confidence"] = round(actor.confidence, 2)
    if actor.review:
        out["review"] = actor.review
    return out


def _evidence_data(evidence: tuple[str, ...]) -> str | list[str]:
    return evidence[0] if len(evidence) == 1 else list(evidence)


def _claim_data(claim: Claim) -> dict[str, Any]:
    out: dict[str, Any] = {"id": claim.id, "claimant": claim.claimant, "text": claim.text,
                           "evidence": _evidence_data(claim.evidence)}
    if claim.confidence is not None:
        out["confidence"] = round(claim.confidence, 2)
    if claim.review:
        out["review"] = claim.review
    if claim.verdict is not None:
        verdict: dict[str, Any] = {"rating": claim.verdict.rating}
        for key in ("url", "author"):
            if getattr(claim.verdict, key):
                verdict[key] = getattr(claim.verdict, key)
        if claim.verdict.date:
            verdict["date"] = claim.verdict.date.isoformat()
        out["verdict"] = verdict
    return out


def _denial_data(denial: Denial) -> dict[str, Any]:
    out: dict[str, Any] = {"id": denial.id, "actor": denial.actor, "denies": denial.denies,
                           "text": denial.text, "evidence": _evidence_data(denial.evidence)}
    if denial.confidence is not None:
        out["confidence"] = round(denial.confidence, 2)
    if denial.review:
        out["review"] = denial.review
    return out


def _statement_data(statement: Statement) -> dict[str, Any]:
    out: dict[str, Any] = {"id": statement.id, "actor": statement.actor, "text": statement.text,
                           "evidence": _evidence_data(statement.evidence)}
    if statement.confidence is not None:
        out["confidence"] = round(statement.confidence, 2)
    if statement.review:
        out["review"] = statement.review
    return out


def item_data(kind: str, item: Item) -> dict[str, Any]:
    """One item as plain data, in the file's key order."""
    if kind == "actor":
        return _actor_data(item)  # type: ignore[arg-type]
    if kind == "claim":
        return _claim_data(item)  # type: ignore[arg-type]
    if kind == "statement":
        return _statement_data(item)  # type: ignore[arg-type]
    return _denial_data(item)  # type: ignore[arg-type]


def dumps(sidecar: Sidecar) -> str:
    """The sidecar's text. With provenance (the machine wrote every item), the
    fingerprints and the digest are filled in, so the text is recognised as
    machine-written until someone changes it."""
    text = HEADER + yamlio.dump(to_data(sidecar))
    if sidecar.provenance is None:
        return text
    ledger = ledger_data(ledger_of(sidecar.extraction))
    if ledger:
        text += FINGERPRINTS_COMMENT + yamlio.dump({"fingerprints": ledger})
    match = _DIGEST.search(text)
    assert match is not None
    digest = hashlib.sha256(
        (text[: match.start(1)] + _BLANK + text[match.end(1):]).encode("utf-8")).hexdigest()
    return text[: match.start(1)] + digest + text[match.end(1):]


def write(sidecar: Sidecar) -> bool:
    """Write atomically, and only if the bytes differ (an unchanged file keeps its
    mtime, so a rebuild leaves `git status` clean). True if written."""
    return write_text(sidecar.path, dumps(sidecar))


def write_text(path: Path, text: str) -> bool:
    try:
        return write_if_changed(path, text.encode("utf-8"))
    except OSError as exc:  # a full disk, a read-only folder: the old file is still there
        raise SidecarError(f"cannot write the sidecar ({exc.strerror}); the file on disk is unchanged",
                           path) from None


# --- fingerprints: what the machine wrote, item by item ----------------------

@dataclass(frozen=True)
class Fingerprint:
    content: str  # hash of the item's meaning as the generator wrote it
    finding: str  # hash of what it was found as (see `findings`)


@dataclass(frozen=True)
class Ledger:
    """The `fingerprints` block: machine-written items by (kind, id), and the
    findings editors rejected by deleting them."""

    written: Mapping[tuple[str, str], Fingerprint] = field(default_factory=dict)
    rejected: frozenset[str] = frozenset()


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH]


def content_fingerprint(kind: str, item: Item, extra: Mapping[str, Any] | None = None) -> str:
    """The item's meaning: its schema fields, plus any keys the schema does not
    know (an editor's notes count as an edit). Formatting, quoting and key order
    do not count."""
    data = {**item_data(kind, item), **(extra or {})}
    return _hash(kind + "\0" + json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})


def normalise(text: str) -> str:
    """Text compared as a reader would: Unicode-normalised, straight quotes, any
    case, runs of whitespace as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


def findings(kind: str, items: Sequence[Item]) -> list[str]:
    """What each item was found as: an actor by its name; a claim or denial by its
    first evidence sentence and, when one sentence holds several of that kind,
    its place among them. Stable while the article's sentence is, whatever the
    extractor numbers it."""
    out = []
    seen: dict[str, int] = {}
    for item in items:
        if kind == "actor":
            key = normalise(item.name)
        else:
            first = normalise(item.evidence[0]) if item.evidence else ""  # type: ignore[union-attr]
            seen[first] = seen.get(first, 0) + 1
            key = f"{first}#{seen[first]}"
        out.append(_hash(f"{kind}\0{key}"))
    return out


def ledger_of(extraction: Extraction) -> Ledger:
    """The ledger of a sidecar the machine wrote whole."""
    written = {}
    for kind in KINDS:
        items = _items(extraction, kind)
        for item, finding in zip(items, findings(kind, items)):
            written[(kind, item.id)] = Fingerprint(content_fingerprint(kind, item), finding)
    return Ledger(written)


def _items(extraction: Extraction, kind: str) -> tuple[Item, ...]:
    return getattr(extraction, LISTS[kind])  # type: ignore[no-any-return]


def ledger_data(ledger: Ledger) -> dict[str, Any]:
    """The `fingerprints` block as plain data; empty parts left out."""
    out: dict[str, Any] = {}
    for kind in KINDS:
        entries = {item_id: f"{fp.content} {fp.finding}"
                   for (k, item_id), fp in ledger.written.items() if k == kind}
        if entries:
            out[LISTS[kind]] = entries
    if ledger.rejected:
        out["rejected"] = sorted(ledger.rejected)
    return out


# --- reading -----------------------------------------------------------------

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
    ledger = _read_ledger(r, node.get("fingerprints"))
    prints = {}
    for kind in KINDS:
        items = _items(loaded.extraction, kind)
        for item, item_node in zip(items, r.items(node.get(LISTS[kind]), LISTS[kind])):
            extra = {k.value: _plain(v) for k, v in item_node.value if k.value not in _KNOWN[kind]}
            prints[(kind, item.id)] = content_fingerprint(kind, item, extra)
    return Loaded(loaded, tuple([*warnings, *r.warnings]), ledger, prints, text)  # type: ignore[list-item]


def _plain(node: Node) -> Any:
    if node.kind == "scalar":
        return None if node.is_null else node.value
    if node.kind == "seq":
        return [_plain(n) for n in node.value]
    return {k.value: _plain(v) for k, v in node.value}


def _read_ledger(r: Reader, node: Node | None) -> Ledger:
    if node is None or node.is_null:
        return Ledger()
    r.mapping(node, "fingerprints", {*LISTS.values(), "rejected"})
    hint = "the generator writes this line; undo the change to it, or delete the fingerprints block"
    written = {}
    for kind in KINDS:
        where = f"fingerprints.{LISTS[kind]}"
        part = node.get(LISTS[kind])
        if part is None or part.is_null:
            continue
        r.mapping(part, where)
        for key, value in part.value:
            match = _FINGERPRINT.match(value.value if value.kind == "scalar" else "")
            if match is None:
                raise _hinted(r.fail(value, f"{where}.{key.value}", "is not a fingerprint pair"), hint)
            written[(kind, key.value)] = Fingerprint(match.group(1), match.group(2))
    rejected = r.texts(node, "rejected", "fingerprints")
    for i, finding in enumerate(rejected):
        if not _FINDING.match(finding):
            raise _hinted(r.fail(node.get("rejected"), f"fingerprints.rejected[{i}]", "is not a fingerprint"), hint)
    return Ledger(written, frozenset(rejected))


def _hinted(error: GeneratorError, hint: str) -> GeneratorError:
    error.hint = hint
    return error


def from_node(node: yamlio.Node | None, path: Path) -> tuple[Sidecar, list[SidecarError]]:
    r = Reader(path, SidecarError)
    if node is None:
        raise SidecarError("the sidecar is empty; delete it to have it extracted again", path, 1)
    if node.kind != "map":
        raise r.fail(node, "", "a sidecar must be a mapping with schema, article, actors, claims and denials")
    r.mapping(node, "", _TOP_KEYS)
    version = r.integer(node, "schema", "", default=None)
    if version is None:
        raise r.fail(node, "schema", "is required (schema: 1)")
    if version != SCHEMA_VERSION:
        raise r.fail(node.get("schema"), "schema",
                     f"version {version} is not supported; this generator reads schema {SCHEMA_VERSION}")
    if node.get("article") is None:
        raise r.fail(node, "article", "is required (article: {path: ...})")
    article = r.mapping(node.get("article"), "article", _ARTICLE_KEYS)
    article_path = r.text(article, "path", "article", required=True)
    article_sha = r.text(article, "sha256", "article")

    provenance = None
    prov = node.get("extracted_by")
    if prov is not None and not prov.is_null:
        r.mapping(prov, "extracted_by", _PROVENANCE_KEYS)
        provenance = Provenance(generator=r.text(prov, "extractor", "extracted_by") or "",
                                model=r.text(prov, "model", "extracted_by") or "",
                                digest=r.text(prov, "digest", "extracted_by") or "")

    actors = r.each(node, "actors", "", lambda n, w: _read_actor(r, n, w))
    claims = r.each(node, "claims", "", lambda n, w: _read_claim(r, n, w))
    denials = r.each(node, "denials", "", lambda n, w: _read_denial(r, n, w))
    statements = r.each(node, "statements", "", lambda n, w: _read_statement(r, n, w))
    _check_references(r, node, actors, claims, denials, statements)
    extra = {k.value: v for k, v in node.value if k.value not in _TOP_KEYS}
    sidecar = Sidecar(path=path, article_path=article_path, article_sha256=article_sha,
                      extraction=Extraction(tuple(a for a, _ in actors), tuple(c for c, _ in claims),
                                            tuple(d for d, _ in denials), tuple(s for s, _ in statements)),
                      provenance=provenance, extra=extra)
    return sidecar, list(r.warnings)  # type: ignore[arg-type]


# Ids become HTML ids and URL fragments (`#row-c1`, `actors/...`): no spaces,
# slashes, quotes or other characters that would break a page or a link.
_ID = re.compile(r"[\w.-]+")


def _item(r: Reader, node: Node, where: str, known: set[str]) -> str:
    r.mapping(node, where, known)
    item_id: str = r.text(node, "id", where, required=True)  # type: ignore[assignment]
    if not _ID.fullmatch(item_id):
        raise r.fail(node.get("id"), f"{where}.id", f"{item_id!r} is not a usable id; use letters, digits, "
                     "'-', '_' and '.' only (no spaces or slashes)")
    return item_id


Node = yamlio.Node


def _read_actor(r: Reader, node: Node, where: str) -> tuple[Actor, Node]:
    actor_id = _item(r, node, where, _ACTOR_KEYS)
    actor = Actor(id=actor_id,
                  name=r.text(node, "name", where, required=True),  # type: ignore[arg-type]
                  kind=r.choice(node, "kind", where, ACTOR_KINDS) or _missing(r, node, where, "kind"),
                  role=r.text(node, "role", where),
                  aliases=r.texts(node, "aliases", where),
                  confidence=r.number(node, "confidence", where, 0.0, 1.0),
                  review=r.choice(node, "review", where, REVIEW_STATES))
    return actor, node


def _missing(r: Reader, node: Node, where: str, key: str) -> str:
    raise r.fail(node, f"{where}.{key}", f"is required (one of {', '.join(ACTOR_KINDS)})")


def _evidence(r: Reader, node: Node, where: str) -> tuple[str, ...]:
    evidence = r.texts(node, "evidence", where)
    if not evidence:
        given = node.get("evidence")
        raise r.fail(given or node, f"{where}.evidence",
                     f"{'is required' if given is None else 'must not be empty'} "
                     "(the sentence or sentences it rests on, quoted verbatim from the article)")
    return evidence


def _read_claim(r: Reader, node: Node, where: str) -> tuple[Claim, Node]:
    claim_id = _item(r, node, where, _CLAIM_KEYS)
    if node.get("claimant") is None:
        raise r.fail(node, f"{where}.claimant", "is required (an actor id, or null for an unnamed accuser)")
    claim = Claim(id=claim_id,
                  claimant=r.text(node, "claimant", where),
                  text=r.text(node, "text", where, required=True),  # type: ignore[arg-type]
                  evidence=_evidence(r, node, where),
                  confidence=r.number(node, "confidence", where, 0.0, 1.0),
                  review=r.choice(node, "review", where, REVIEW_STATES),
                  verdict=_read_verdict(r, node.get("verdict"), f"{where}.verdict"))
    return claim, node


def _read_verdict(r: Reader, node: Node | None, where: str) -> Verdict | None:
    if node is None or node.is_null:
        return None
    if node.kind == "scalar":
        return Verdict(rating=node.value.strip()) if node.value.strip() else None
    r.mapping(node, where, _VERDICT_KEYS)
    return Verdict(rating=r.text(node, "rating", where, required=True),  # type: ignore[arg-type]
                   url=r.url(node, "url", where), author=r.text(node, "author", where), date=r.date(node, "date", where))


def _read_denial(r: Reader, node: Node, where: str) -> tuple[Denial, Node]:
    denial_id = _item(r, node, where, _DENIAL_KEYS)
    if node.get("denies") is None:
        raise r.fail(node, f"{where}.denies", "is required (a claim id, or null when no claim fits)")
    denial = Denial(id=denial_id,
                    actor=r.text(node, "actor", where, required=True),  # type: ignore[arg-type]
                    denies=r.text(node, "denies", where),
                    text=r.text(node, "text", where, required=True),  # type: ignore[arg-type]
                    evidence=_evidence(r, node, where),
                    confidence=r.number(node, "confidence", where, 0.0, 1.0),
                    review=r.choice(node, "review", where, REVIEW_STATES))
    return denial, node


def _read_statement(r: Reader, node: Node, where: str) -> tuple[Statement, Node]:
    statement_id = _item(r, node, where, _STATEMENT_KEYS)
    if node.get("actor") is None:
        raise r.fail(node, f"{where}.actor", "is required (an actor id, or null when the article names nobody)")
    statement = Statement(id=statement_id,
                          actor=r.text(node, "actor", where),
                          text=r.text(node, "text", where, required=True),  # type: ignore[arg-type]
                          evidence=_evidence(r, node, where),
                          confidence=r.number(node, "confidence", where, 0.0, 1.0),
                          review=r.choice(node, "review", where, REVIEW_STATES))
    return statement, node


def _check_references(r: Reader, root: Node, actors: list[tuple[Actor, Node]],
                      claims: list[tuple[Claim, Node]], denials: list[tuple[Denial, Node]],
                      statements: list[tuple[Statement, Node]] = ()) -> None:  # type: ignore[assignment]
    actor_at: dict[str, tuple[str, Node]] = {}
    for i, (actor, node) in enumerate(actors):
        if actor.id in actor_at:
            first, first_node = actor_at[actor.id]
            raise r.fail(node.get("id"), f"actors[{i}].id",
                         f"'{actor.id}' is already the id of {first} (line {first_node.line}); "
                         "actor ids must be unique")
        actor_at[actor.id] = (f"actors[{i}]", node)
    statement_at: dict[str, tuple[str, Node]] = {}
    for key, items in (("claims", claims), ("denials", denials), ("statements", statements)):
        for i, (item, node) in enumerate(items):
            if item.id in statement_at:
                first, first_node = statement_at[item.id]
                raise r.fail(node.get("id"), f"{key}[{i}].id",
                             f"'{item.id}' is already the id of {first} (line {first_node.line}); "
                             "claim, denial and statement ids must be unique")
            statement_at[item.id] = (f"{key}[{i}]", node)
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
