"""The sidecar format, schema 1: what a sidecar file holds and how it is laid out.

The field names (see docs/sidecar.md) are a public contract: other tools read
them. Extend, never rename.
"""

from __future__ import annotations

from ..model import REVIEW_STATES, Actor, Claim, Denial, Statement

SCHEMA_VERSION = 1
MAX_SIDECAR_BYTES = 1024 * 1024
HEADER = ("# Explainer sidecar: who claims what in the article, and who denies it.\n"
          "# Written by the generator; edit freely - a build never overwrites your changes.\n")

FINGERPRINTS_COMMENT = (
    "# Fingerprints of the items the generator wrote, so that `extract --refresh` can tell\n"
    "# your edits from its own output and never undo them. Leave them as they are.\n")

TOP_KEYS = {"schema", "article", "extracted_by", "actors", "claims", "denials", "statements", "fingerprints"}
ARTICLE_KEYS = {"path", "sha256", "text_sha256"}  # text_sha256: an extension of schema 1
PROVENANCE_KEYS = {"extractor", "model", "digest"}
ACTOR_KEYS = {"id", "name", "kind", "role", "aliases", "confidence", "review"}
CLAIM_KEYS = {"id", "claimant", "text", "evidence", "confidence", "review", "verdict"}
DENIAL_KEYS = {"id", "actor", "denies", "text", "evidence", "confidence", "review"}
STATEMENT_KEYS = {"id", "actor", "text", "evidence", "confidence", "review"}
VERDICT_KEYS = {"rating", "url", "author", "date"}

KINDS = ("actor", "claim", "denial", "statement")
LISTS = {"actor": "actors", "claim": "claims", "denial": "denials", "statement": "statements"}  # kind -> key
KNOWN_KEYS = {"actor": ACTOR_KEYS, "claim": CLAIM_KEYS, "denial": DENIAL_KEYS, "statement": STATEMENT_KEYS}
Item = Actor | Claim | Denial | Statement

__all__ = ["REVIEW_STATES"]  # where the format's other facts are looked up
