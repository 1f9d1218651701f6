"""A fresh extraction written into an edited sidecar: merged by the rules of
`merge.py`, rewritten keeping the editor's comments and layout (`roundtrip.py`),
read back through the same validation as a build before anything is written,
and never written over a save that happened meanwhile."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import SidecarError
from ..model import Extraction, Sidecar
from . import digest, roundtrip
from .fingerprints import Ledger
from .merge import Merge, merge
from .read import Loaded, loads, loads_for_refresh
from .write import SavedMeanwhile, dumps, write_text


@dataclass(frozen=True)
class Proposal:
    """The text an edited sidecar would have after a refresh, and what the merge did."""

    text: str
    merge: Merge


def propose(loaded: Loaded, fresh: Sidecar) -> Proposal:
    """`fresh` (what the machine would write now) merged into the edited sidecar
    `loaded`, as the file's new text; checked by reading it back."""
    result = merge(loaded.sidecar.extraction, loaded.fingerprints, loaded.ledger, as_written(fresh))
    merged = replace(fresh, extraction=result.extraction)
    text = roundtrip.rewrite(loaded.text, loaded.sidecar, merged, result.ledger)
    verify(text, merged, result.ledger)
    return Proposal(text, result)


def write_over(path: Path, read: bytes | None, text: str) -> bool:
    """Write `text` to `path` only if it still holds the bytes `read` when the
    refresh began (None: there was no file), compared right before the rename:
    an editor who saved meanwhile wins, and is told. True if written."""
    try:
        return write_text(path, text, read)
    except SavedMeanwhile:
        raise SidecarError("the sidecar changed while it was being refreshed; nothing was written, "
                           "run the refresh again", path) from None


def as_written(fresh: Sidecar) -> Extraction:
    """The findings as a build would write and read them back (confidences
    rounded, text trimmed), so that the merge compares like with like."""
    return loads(dumps(fresh), fresh.path)[0].extraction


def verify(text: str, merged: Sidecar, ledger: Ledger) -> None:
    """Read back what is about to be written: it must say exactly what the merge
    (or a review's edit) decided, or nothing is written (a safety net under the
    YAML round trip)."""
    try:
        check = loads_for_refresh(text.encode("utf-8"), merged.path)
    except SidecarError as exc:
        raise SidecarError(f"internal error: the rewritten sidecar would not be valid ({exc.message}); "
                           "nothing was written", merged.path) from None
    said = check.sidecar
    if (said.extraction, said.article_sha256, said.article_text_sha256, check.ledger) != \
            (merged.extraction, merged.article_sha256, merged.article_text_sha256, ledger) or digest.matches(text):
        raise SidecarError("internal error: the rewritten sidecar would not say what was decided; "
                           "nothing was written", merged.path)
