"""Sidecar values as plain data, in the file's key order (the order people read it in)."""

from __future__ import annotations

from typing import Any, cast

from ..model import Actor, Claim, Denial, Sidecar, Statement
from . import digest
from .format import SCHEMA_VERSION, Item


def to_data(sidecar: Sidecar) -> dict[str, Any]:
    """Plain data in the file's key order (the order people read it in)."""
    data: dict[str, Any] = {"schema": SCHEMA_VERSION,
                            "article": {"path": sidecar.article_path}}
    if sidecar.article_sha256:
        data["article"]["sha256"] = sidecar.article_sha256
    if sidecar.article_text_sha256:  # an extension of schema 1: absent in sidecars written before it
        data["article"]["text_sha256"] = sidecar.article_text_sha256
    if sidecar.provenance is not None:
        data["extracted_by"] = {"extractor": sidecar.provenance.generator,
                                "model": sidecar.provenance.model,
                                "digest": "sha256:" + digest.BLANK}
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
        return _actor_data(cast(Actor, item))
    if kind == "claim":
        return _claim_data(cast(Claim, item))
    if kind == "statement":
        return _statement_data(cast(Statement, item))
    return _denial_data(cast(Denial, item))
