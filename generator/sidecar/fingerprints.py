"""Fingerprints: which items of a sidecar the machine wrote, and which an editor changed.

The digest (`digest.py`) says *whether* a person changed the file, not *what*
they changed. For that (`extract --refresh`, see `merge.py`) the generator also
writes a `fingerprints` block at the end of the file: for each item it wrote,
two short hashes, `<content> <finding>`. The content hash is of the item's
meaning (its fields as the schema reads them, so re-quoting or re-indenting is
not a change, and unknown keys an editor adds are); the finding hash is of what
the item was found as (an actor's name; a claim's or denial's first evidence
sentence). An item whose content hash still matches is the machine's; one that
differs was changed by an editor; an id that is gone was deleted by one, and its
finding is kept in `fingerprints.rejected` so that no refresh proposes it again.
We keep hashes rather than a copy of the machine's items: one short line per
item, and an editor reading the file is not shown a second, stale version of
every claim. Reading the block costs nothing at build time: only a refresh
looks at it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import GeneratorError, SidecarError
from ..model import Actor, Extraction
from ..source.schema import Reader
from ..source.yamlio import Node
from .data import item_data
from .format import KINDS, LISTS, Item

_HASH = 12  # hex digits per fingerprint: 48 bits, plenty to tell apart the items of one file
_FINGERPRINT = re.compile(rf"^([0-9a-f]{{{_HASH}}}) ([0-9a-f]{{{_HASH}}})$")
_FINDING = re.compile(rf"^[0-9a-f]{{{_HASH}}}$")


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
        if isinstance(item, Actor):
            key = normalise(item.name)
        else:
            evidence: tuple[str, ...] = getattr(item, "evidence", ())
            first = normalise(evidence[0]) if evidence else ""
            seen[first] = seen.get(first, 0) + 1
            key = f"{first}#{seen[first]}"
        out.append(_hash(f"{kind}\0{key}"))
    return out


def ledger_of(extraction: Extraction) -> Ledger:
    """The ledger of a sidecar the machine wrote whole."""
    written = {}
    for kind in KINDS:
        items = items_of(extraction, kind)
        for item, finding in zip(items, findings(kind, items)):
            written[(kind, item.id)] = Fingerprint(content_fingerprint(kind, item), finding)
    return Ledger(written)


def items_of(extraction: Extraction, kind: str) -> tuple[Item, ...]:
    items: tuple[Item, ...] = getattr(extraction, LISTS[kind])
    return items


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


def read_ledger(r: Reader[SidecarError], node: Node | None) -> Ledger:
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
