"""Linux inotify through ctypes: a wake-up as soon as a file in the watched
folders changes, so the preview rebuilds without waiting for its next poll.

It only says *that* something changed; the watcher's snapshot says *what*
(`serve.snapshot`), so an event lost (a full queue, a folder created between
two reads) costs at most the watcher's slow poll, never a save. Elsewhere than
Linux, or without inotify (too many watches), `Inotify.open` gives None and the
watcher polls.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
from pathlib import Path

_IN_NONBLOCK = 0o4000
_IN_CLOEXEC = 0o2000000
# Writes, creations, deletions, renames and attribute changes (touch), of files and folders.
_MASK = (0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800)  # modify, attrib, close_write,
# moved_from, moved_to, create, delete, delete_self, move_self
_IN_ISDIR = 0x40000000
_HEADER = 16  # struct inotify_event: int wd; uint32 mask, cookie, len; then the name


class Inotify:
    def __init__(self, libc: ctypes.CDLL, fd: int) -> None:
        self._libc = libc
        self.fd = fd
        self._watched: dict[int, Path] = {}

    @classmethod
    def open(cls, roots: list[Path]) -> Inotify | None:
        name = ctypes.util.find_library("c")
        if not name:
            return None
        libc = ctypes.CDLL(name, use_errno=True)
        if not hasattr(libc, "inotify_init1"):
            return None
        fd = libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if fd < 0:
            return None
        notify = cls(libc, fd)
        for root in roots:
            notify.watch_tree(root)
        return notify

    def watch_tree(self, root: Path) -> None:
        """Watch a folder and every folder under it (a missing one: its parent,
        so that creating it is seen)."""
        if not root.is_dir():
            if root.parent.is_dir():
                self._watch(root.parent)
            return
        self._watch(root)
        for dirpath, dirnames, _ in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in dirnames:
                self._watch(Path(dirpath) / name)

    def _watch(self, folder: Path) -> None:
        wd = self._libc.inotify_add_watch(self.fd, os.fsencode(folder), _MASK)
        if wd >= 0:
            self._watched[wd] = folder

    def wait(self, timeout: float) -> bool:
        """Block until something changed (True) or `timeout` seconds passed."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        self._drain()
        return True

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 64 * 1024)
            except BlockingIOError:
                return
            at = 0
            while at + _HEADER <= len(data):
                wd = int.from_bytes(data[at:at + 4], "little", signed=True)
                mask = int.from_bytes(data[at + 4:at + 8], "little")
                size = int.from_bytes(data[at + 12:at + 16], "little")
                name = data[at + _HEADER:at + _HEADER + size].split(b"\0", 1)[0]
                at += _HEADER + size
                if mask & _IN_ISDIR and name and wd in self._watched:  # a new folder: watch it too
                    self.watch_tree(self._watched[wd] / os.fsdecode(name))

    def close(self) -> None:
        os.close(self.fd)
