"""The sidecar: the YAML file beside each article that says who claims what and
who denies it. Every read and write of one goes through this package.

- `format`: schema 1, its keys and kinds (a public contract);
- `read`: safe YAML in, every field checked, a `Sidecar` out;
- `data`, `write`: a `Sidecar` as plain data and as the file's text, written atomically;
- `digest`, `fingerprints`: was it edited, and which items;
- `lifecycle`: the one decision of what a sidecar is (keep, extract, stale, broken,
  or an orphan whose article was renamed: `carry`);
- `merge`, `roundtrip`: `extract --refresh` rules, and rewriting an edited file
  keeping its comments.
"""

from __future__ import annotations

from .carry import Moved, carry
from .data import item_data, to_data
from .digest import matches as digest_matches
from .fingerprints import (
    Fingerprint,
    Ledger,
    content_fingerprint,
    findings,
    items_of,
    ledger_data,
    ledger_of,
    normalise,
)
from .format import KINDS, LISTS, MAX_SIDECAR_BYTES, REVIEW_STATES, SCHEMA_VERSION, Item
from .lifecycle import Decision, Fate, Orphan, State, decide, homes, made_from, observed, state_of
from .read import Loaded, load, load_for_refresh, loads, loads_for_refresh, read_bytes
from .write import SavedMeanwhile, dumps, write, write_text

__all__ = [
    "KINDS", "LISTS", "MAX_SIDECAR_BYTES", "REVIEW_STATES", "SCHEMA_VERSION", "Decision", "Fate", "Fingerprint",
    "Item", "Ledger", "Loaded", "Moved", "Orphan", "SavedMeanwhile", "State", "carry", "content_fingerprint",
    "decide", "digest_matches", "dumps", "findings", "homes", "item_data", "items_of", "ledger_data", "ledger_of",
    "load", "load_for_refresh", "loads", "loads_for_refresh", "made_from", "normalise", "observed", "read_bytes",
    "state_of", "to_data", "write", "write_text",
]
