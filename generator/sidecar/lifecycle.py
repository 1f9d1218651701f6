"""What a sidecar is, decided in one place for `build`, `extract`, `check` and
`extract --refresh`.

- missing -> extract it;
- written by the generator and untouched (its digest matches, `digest.py`) ->
  kept while the article, the extractor version and the model are the ones it
  records, otherwise extracted again and replaced; one that no longer reads is
  ours, so it is safely extracted again too;
- edited by a person (or not written by us) -> never overwritten: kept, or
  *stale* when its article changed after the edit (kept, with a warning, so an
  editor can review it), or *broken* when it does not read (its page fails).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from ..errors import SidecarError
from ..model import Sidecar
from . import digest
from .read import load


class State(enum.Enum):
    MISSING = "missing"
    MACHINE = "machine-written"  # exactly as the generator wrote it
    EDITED = "edited"  # changed by a person, or not written by us: never overwritten


def state_of(path: Path) -> State:
    return observed(path)[0]


def observed(path: Path) -> tuple[State, bytes | None]:
    """The sidecar's state and the bytes it was judged by (None: missing). A
    command that writes the file passes them on (`write.write_text`), so a save
    landing in between is never written over."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return State.MISSING, None
    return (State.MACHINE if digest.matches(data.decode("utf-8", "replace")) else State.EDITED), data


class Fate(enum.Enum):
    KEEP = "keep"  # use it as it is
    EXTRACT = "extract"  # (re)extract and write it
    STALE = "stale"  # an editor's, older than its article: use it, and say so
    BROKEN = "broken"  # an editor's, and it does not read: the article fails


@dataclass(frozen=True)
class Decision:
    fate: Fate
    state: State
    sidecar: Sidecar | None = None  # read, for KEEP and STALE
    warnings: tuple[SidecarError, ...] = ()
    error: SidecarError | None = None  # for BROKEN
    reason: str = ""  # for EXTRACT: why, in a few words


def decide(path: Path, article_sha: str, extractor: str, model: str | None) -> Decision:
    """The fate of the sidecar at `path` for an article whose bytes hash to
    `article_sha`, with this extractor version and installed model (None: no
    model, so nothing already written is replaced for being outdated)."""
    state = state_of(path)
    if state is State.MISSING:
        return Decision(Fate.EXTRACT, state, reason="no sidecar yet")
    try:
        sidecar, problems = load(path)
    except SidecarError as exc:
        if state is State.MACHINE:  # ours and unreadable: a bug, but safe to redo
            return Decision(Fate.EXTRACT, state, reason="the generator's sidecar no longer reads")
        return Decision(Fate.BROKEN, state, error=exc)
    changed = bool(sidecar.article_sha256) and sidecar.article_sha256 != article_sha
    if state is State.MACHINE:
        if sidecar.article_sha256 != article_sha:
            return Decision(Fate.EXTRACT, state, reason="the article changed")
        prov = sidecar.provenance
        if model is not None and (prov is None or (prov.generator, prov.model) != (extractor, model)):
            written = f"extractor {prov.generator}, {prov.model}" if prov else "an unknown extractor"
            return Decision(Fate.EXTRACT, state, reason=f"written by {written}")
        return Decision(Fate.KEEP, state, sidecar, tuple(problems))
    return Decision(Fate.STALE if changed else Fate.KEEP, state, sidecar, tuple(problems))
