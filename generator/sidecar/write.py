"""Writing a sidecar: stable YAML, fingerprints and digest, atomically."""

from __future__ import annotations

from pathlib import Path

from ..errors import SidecarError
from ..files import Changed, replace_unless_changed, write_if_changed
from ..model import Sidecar
from ..source import yamlio
from . import digest
from .data import to_data
from .fingerprints import ledger_data, ledger_of
from .format import FINGERPRINTS_COMMENT, HEADER


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
    return digest.sign(text)


def write(sidecar: Sidecar) -> bool:
    """Write atomically, and only if the bytes differ (an unchanged file keeps its
    mtime, so a rebuild leaves `git status` clean), whatever the file holds: for
    a new site's files and tests. Commands write with `write_text`. True if written."""
    try:
        return write_if_changed(sidecar.path, dumps(sidecar).encode("utf-8"))
    except OSError as exc:
        raise _cannot(exc, sidecar.path) from None


class SavedMeanwhile(SidecarError):
    """The sidecar no longer holds the bytes the command decided on: someone saved it."""


def write_text(path: Path, text: str, read: bytes | None) -> bool:
    """Write `text` over the sidecar only if it still holds the bytes `read`
    when the command looked at it (None: there was none), compared right before
    the rename (`files.replace_unless_changed`): `SavedMeanwhile` otherwise.
    False when it already holds `text`."""
    try:
        return replace_unless_changed(path, text.encode("utf-8"), read)
    except Changed:
        raise SavedMeanwhile("the sidecar was saved while the generator was writing it; nothing was written",
                             path) from None
    except OSError as exc:
        raise _cannot(exc, path) from None


def _cannot(exc: OSError, path: Path) -> SidecarError:
    # a full disk, a read-only folder: the old file is still there
    return SidecarError(f"cannot write the sidecar ({exc.strerror}); the file on disk is unchanged", path)
