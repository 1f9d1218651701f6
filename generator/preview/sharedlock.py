"""The site lock (`build/lock.py`) as the preview's threads share it.

The lock keeps other commands (`extract --refresh`, `build`) off the site while
the preview works on it. Between the preview's own threads it has nothing to
keep apart: a review write replaces a sidecar atomically, as an editor's save
does, and the build it asks for runs after it. So the lock is taken from the
system when the first thread needs it and given back when the last is done: a
review write never waits for the preview's own build (it waits only for
another command), and the system lock is never held while the preview idles.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..build.lock import Waiting, site_lock


class SharedLock:
    def __init__(self, root: Path, waiting: Waiting) -> None:
        self.root = root
        self.waiting = waiting
        self._mutex = threading.Lock()  # held while the system lock is taken or given back
        self._holders = 0
        self._held = ExitStack()

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._mutex:
            if self._holders == 0:
                self._held.enter_context(site_lock(self.root, waiting=self.waiting))
            self._holders += 1
        try:
            yield
        finally:
            with self._mutex:
                self._holders -= 1
                if self._holders == 0:
                    self._held.close()
