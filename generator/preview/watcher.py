"""Watching the site's files: a burst of saves becomes one change, handed to the
rebuilder. Woken by Linux inotify as a file is saved (`inotify.py`), polling
elsewhere; nothing is ignored for "3 seconds after a reload" as livereload's own
watcher does."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path
from typing import Protocol

from .inotify import Inotify

POLL_SECONDS = 0.05  # without inotify
SLOW_POLL_SECONDS = 1.0  # with inotify, which wakes the watcher at once: a poll now and then all the same
# A burst of saves closer than this becomes one rebuild. Polling sees a save up
# to a poll late, so the quiet time must be longer than a poll.
QUIET_SECONDS = 0.08
QUIET_SECONDS_NOTIFIED = 0.01  # an editor's write-and-rename, a checkout: well under this apart


def _ignored(name: str) -> bool:
    """Editor droppings and hidden files never trigger a rebuild."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part"))
            or name == "__pycache__")


def snapshot(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    """(mtime, size) of every watched file."""
    seen: dict[Path, tuple[int, int]] = {}
    for root in paths:
        try:  # one stat: site.yaml may be deleted or renamed at any moment
            st = root.stat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            seen[root] = (st.st_mtime_ns, st.st_size)
            continue
        if not stat.S_ISDIR(st.st_mode):
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not _ignored(d)]
            for name in filenames:
                if _ignored(name):
                    continue
                path = Path(dirpath) / name
                try:
                    st = path.stat()
                except OSError:  # deleted between listing and stat
                    continue
                seen[path] = (st.st_mtime_ns, st.st_size)
    return seen


def changed(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]) -> set[Path]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class Listener(Protocol):
    """What the watcher tells of changes (the rebuilder, `rebuild.py`)."""

    quiet: float  # seconds without a save that end a burst

    def watched(self) -> list[Path]: ...

    def request(self, paths: set[Path]) -> None: ...


class Watcher:
    """Compares snapshots of the watched files, each time inotify says something
    changed (or every POLL_SECONDS without it), and hands changes to the
    rebuilder. A sidecar the build itself writes shows up as a change too; the
    build it causes finds nothing to do and publishes nothing, so the browser
    is not reloaded twice."""

    def __init__(self, rebuilder: Listener) -> None:
        self.rebuilder = rebuilder
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="preview-watch", daemon=True)
        self.known = snapshot(rebuilder.watched())

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        notify = Inotify.open(self.rebuilder.watched())
        if notify is not None:
            self.rebuilder.quiet = QUIET_SECONDS_NOTIFIED
        try:
            while not self._stop.is_set():
                if notify is not None:
                    notify.wait(SLOW_POLL_SECONDS)
                elif self._stop.wait(POLL_SECONDS):
                    return
                now = snapshot(self.rebuilder.watched())
                diff = changed(self.known, now)
                self.known = now
                if diff:
                    self.rebuilder.request(diff)
        finally:
            if notify is not None:
                notify.close()
