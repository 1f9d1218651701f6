"""Undo: each sidecar's review writes, newest last, kept by the server.

Undoing restores the bytes the last write replaced, byte for byte
(`sidecar.save.restore`), and only if the file is still what that write made:
a save by hand, a refresh or a build since then wins, and the file's history
is forgotten (it no longer leads back to anything on disk)."""

from __future__ import annotations

import threading
from pathlib import Path

from ..sidecar.save import Conflict, Saved, restore

DEPTH = 100  # writes kept per file


class History:
    def __init__(self) -> None:
        self._writes: dict[Path, list[Saved]] = {}
        self._lock = threading.Lock()

    def push(self, saved: Saved) -> None:
        if saved.before == saved.after:  # nothing was written: nothing to undo
            return
        with self._lock:
            writes = self._writes.setdefault(saved.path, [])
            writes.append(saved)
            del writes[:-DEPTH]

    def depth(self, path: Path) -> int:
        with self._lock:
            return len(self._writes.get(path, ()))

    def undo(self, path: Path) -> Saved | None:
        """Undo the last write to `path`: what was written back, or None if
        there is nothing to undo. Conflict (and the history forgotten) if the
        file changed since."""
        with self._lock:
            writes = self._writes.get(path)
            if not writes:
                return None
            last = writes.pop()
            try:
                return restore(last)
            except Conflict:
                writes.clear()
                raise
