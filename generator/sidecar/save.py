"""A review's edit written into the very sidecar its page was rendered from.

A page in review mode carries the version of the sidecar it shows: the sha256
of the file's bytes. An edit names that version; if the file on disk is no
longer those bytes (an editor saved it, a refresh rewrote it), nothing is
written and the editor is told to reload, so no one's work is lost. Otherwise
the edit is written the way `extract --refresh` writes (`refresh.py`): the
round trip that keeps comments and layout (`roundtrip.py`), read back through
the same validation as a build, then an atomic replace that happens only if the
file still holds the bytes read (a save in the meantime wins).

Undo restores the bytes a write replaced, byte for byte, under the same rule:
only if the file is still exactly what that write made.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import SidecarError
from ..files import Changed, replace_unless_changed
from .read import Loaded, loads_for_refresh, read_bytes
from .refresh import verify
from .review import Contents
from .roundtrip import rewrite_items

RELOAD = "changed on disk since this page was rendered; reload the page to see it (nothing was written)"


class Conflict(SidecarError):
    """The file is not the version the edit was made against: nothing was written."""


def version_of(data: bytes) -> str:
    """What a page says it was rendered from: the sha256 of the sidecar's bytes."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Opened:
    """A sidecar read for an edit: its bytes and what they say."""

    path: Path
    data: bytes
    loaded: Loaded

    @property
    def version(self) -> str:
        return version_of(self.data)

    @property
    def contents(self) -> Contents:
        return Contents(self.loaded.sidecar.extraction, self.loaded.ledger)


def open_at(path: Path, version: str) -> Opened:
    """The sidecar at `path`, if it is still the `version` a page was rendered
    from (else Conflict), read and validated."""
    data = read_bytes(path)
    if version_of(data) != version:
        raise Conflict(RELOAD, path)
    return Opened(path, data, loads_for_refresh(data, path))


@dataclass(frozen=True)
class Saved:
    """One write: the bytes it replaced and the bytes it wrote (for undo)."""

    path: Path
    before: bytes
    after: bytes

    @property
    def version(self) -> str:
        return version_of(self.after)


def save(opened: Opened, new: Contents) -> Saved:
    """Write `new` into the sidecar `opened` was read from, if the file is still
    those bytes. An edit that changes nothing writes nothing."""
    loaded = opened.loaded
    if new == opened.contents:
        return Saved(opened.path, opened.data, opened.data)
    text = rewrite_items(loaded.text, loaded.sidecar.extraction, new.extraction, new.ledger)
    verify(text, replace(loaded.sidecar, extraction=new.extraction), new.ledger)
    data = text.encode("utf-8")
    _replace(opened.path, data, opened.data, RELOAD)
    return Saved(opened.path, opened.data, data)


def restore(saved: Saved) -> Saved:
    """Undo `saved`: its `before` bytes back, if the file is still its `after`."""
    _replace(saved.path, saved.before, saved.after,
             "changed on disk since that edit; undo would lose the newer change, so nothing was written")
    return Saved(saved.path, saved.after, saved.before)


def _replace(path: Path, data: bytes, read: bytes, conflict: str) -> None:
    """`data` over `path` atomically, only if it still holds `read`, compared
    again right before the rename (`files.replace_unless_changed`)."""
    try:
        replace_unless_changed(path, data, read)
    except Changed:
        raise Conflict(conflict, path) from None
    except OSError as exc:  # a full disk, a read-only folder: the old file is still there
        raise SidecarError(f"cannot write the sidecar ({exc.strerror}); the file on disk is unchanged",
                           path) from None
