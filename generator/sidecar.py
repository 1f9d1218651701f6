"""The sidecar file: schema, validation, stable YAML writing and edit detection.

The field names of schema 1 (see the README, "The sidecar format") are a public
contract: extend, never rename.

Edit detection needs no database: every sidecar the generator writes carries an
`extracted_by.digest`, the sha256 of the file's own text with the digest blanked.
If the text still hashes to it, nobody has touched the file since the machine
wrote it (`MACHINE`); any change at all, even a comment, makes it `EDITED`, and an
edited sidecar is never written over by a build.
"""

from __future__ import annotations

import enum
import hashlib
import re
from pathlib import Path
from typing import Any

from . import yamlio
from .errors import SidecarError
from .fsutil import atomic_write
from .markdown import is_safe_url
from .model import ACTOR_KINDS, Actor, Claim, Denial, Extraction, Provenance, Sidecar, Verdict
from .schema import Reader

SCHEMA_VERSION = 1
MAX_SIDECAR_BYTES = 1024 * 1024
HEADER = ("# Explainer sidecar: who claims what in the article, and who denies it.\n"
          "# Written by the generator; edit freely - a build never overwrites your changes.\n")

_TOP_KEYS = {"schema", "article", "extracted_by", "actors", "claims", "denials"}
_ARTICLE_KEYS = {"path", "sha256"}
_PROVENANCE_KEYS = {"extractor", "model", "digest"}
_ACTOR_KEYS = {"id", "name", "kind", "role", "aliases", "confidence"}
_CLAIM_KEYS = {"id", "claimant", "text", "evidence", "confidence", "review", "verdict"}
_DENIAL_KEYS = {"id", "actor", "denies", "text", "evidence", "confidence", "review"}
_VERDICT_KEYS = {"rating", "url", "author", "date"}
REVIEW_STATES = ("pending", "done")

_DIGEST = re.compile(r"^  digest: sha256:([0-9a-f]{64})$", re.M)
_BLANK = "0" * 64


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
    return data


def _actor_data(actor: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": actor.id, "name": actor.name, "kind": actor.kind}
    if actor.role:
        out["role"] = actor.role
    if actor.aliases:
        out["aliases"] = list(actor.aliases)
    if actor.confidence is not None:
        out["confidence"] = round(actor.confidence, 2)
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


def dumps(sidecar: Sidecar) -> str:
    """The sidecar's text. With provenance, the digest is filled in so that the
    text is recognised as machine-written until someone changes it."""
    text = HEADER + yamlio.dump(to_data(sidecar))
    if sidecar.provenance is None:
        return text
    match = _DIGEST.search(text)
    assert match is not None
    digest = hashlib.sha256(
        (text[: match.start(1)] + _BLANK + text[match.end(1):]).encode("utf-8")).hexdigest()
    return text[: match.start(1)] + digest + text[match.end(1):]


def write(sidecar: Sidecar) -> None:
    atomic_write(sidecar.path, dumps(sidecar).encode("utf-8"))


# --- reading -----------------------------------------------------------------

def load(path: Path) -> tuple[Sidecar, list[SidecarError]]:
    """Read and validate a sidecar: the sidecar and its warnings, or a SidecarError."""
    node = yamlio.read(path, SidecarError, max_bytes=MAX_SIDECAR_BYTES)
    return from_node(node, path)


def loads(text: str, path: Path) -> tuple[Sidecar, list[SidecarError]]:
    return from_node(yamlio.parse(text, path, SidecarError, max_bytes=MAX_SIDECAR_BYTES), path)


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
    _check_references(r, node, actors, claims, denials)
    extra = {k.value: v for k, v in node.value if k.value not in _TOP_KEYS}
    sidecar = Sidecar(path=path, article_path=article_path, article_sha256=article_sha,
                      extraction=Extraction(tuple(a for a, _ in actors), tuple(c for c, _ in claims),
                                            tuple(d for d, _ in denials)),
                      provenance=provenance, extra=extra)
    return sidecar, list(r.warnings)  # type: ignore[arg-type]


def _item(r: Reader, node: Node, where: str, known: set[str]) -> str:
    r.mapping(node, where, known)
    return r.text(node, "id", where, required=True)  # type: ignore[return-value]


Node = yamlio.Node


def _read_actor(r: Reader, node: Node, where: str) -> tuple[Actor, Node]:
    actor_id = _item(r, node, where, _ACTOR_KEYS)
    actor = Actor(id=actor_id,
                  name=r.text(node, "name", where, required=True),  # type: ignore[arg-type]
                  kind=r.choice(node, "kind", where, ACTOR_KINDS) or _missing(r, node, where, "kind"),
                  role=r.text(node, "role", where),
                  aliases=r.texts(node, "aliases", where),
                  confidence=r.number(node, "confidence", where, 0.0, 1.0))
    return actor, node


def _missing(r: Reader, node: Node, where: str, key: str) -> str:
    raise r.fail(node, f"{where}.{key}", f"is required (one of {', '.join(ACTOR_KINDS)})")


def _evidence(r: Reader, node: Node, where: str) -> tuple[str, ...]:
    evidence = r.texts(node, "evidence", where)
    if not evidence:
        raise r.fail(node.get("evidence") or node, f"{where}.evidence",
                     "is required: the sentence(s) quoted verbatim from the article")
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
    url = r.text(node, "url", where)
    if url is not None and not is_safe_url(url):
        raise r.fail(node.get("url"), f"{where}.url", "must be an http, https or relative URL")
    return Verdict(rating=r.text(node, "rating", where, required=True),  # type: ignore[arg-type]
                   url=url, author=r.text(node, "author", where), date=r.date(node, "date", where))


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


def _check_references(r: Reader, root: Node, actors: list[tuple[Actor, Node]],
                      claims: list[tuple[Claim, Node]], denials: list[tuple[Denial, Node]]) -> None:
    actor_ids: set[str] = set()
    for actor, node in actors:
        if actor.id in actor_ids:
            raise r.fail(node.get("id"), "", f"actor id '{actor.id}' is used twice; ids must be unique")
        actor_ids.add(actor.id)
    statement_ids: set[str] = set()
    for item, node in [*claims, *denials]:
        if item.id in statement_ids:
            raise r.fail(node.get("id"), "", f"id '{item.id}' is used twice; claim and denial ids must be unique")
        statement_ids.add(item.id)
    claim_ids = {c.id for c, _ in claims}
    for claim, node in claims:
        if claim.claimant is not None and claim.claimant not in actor_ids:
            raise r.fail(node.get("claimant"), "",
                         f"claim {claim.id} has claimant '{claim.claimant}', which is not an actor in this file")
    for denial, node in denials:
        if denial.actor not in actor_ids:
            raise r.fail(node.get("actor"), "",
                         f"denial {denial.id} has actor '{denial.actor}', which is not an actor in this file")
        if denial.denies is not None and denial.denies not in claim_ids:
            raise r.fail(node.get("denies"), "",
                         f"denial {denial.id} denies '{denial.denies}', which is not a claim in this file")
