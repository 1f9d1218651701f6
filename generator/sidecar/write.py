"""Writing a sidecar: stable YAML, fingerprints and digest, atomically."""

from __future__ import annotations

from pathlib import Path

from ..errors import SidecarError
from ..files import write_if_changed
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
    mtime, so a rebuild leaves `git status` clean). True if written."""
    return write_text(sidecar.path, dumps(sidecar))


def write_text(path: Path, text: str) -> bool:
    try:
        return write_if_changed(path, text.encode("utf-8"))
    except OSError as exc:  # a full disk, a read-only folder: the old file is still there
        raise SidecarError(f"cannot write the sidecar ({exc.strerror}); the file on disk is unchanged",
                           path) from None
