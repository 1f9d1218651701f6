"""Which working folders beside output/ (staging, commit, old) belong to a
build that is still running.

A build holds a lock on each folder it makes (`own`), and the kernel releases
it when the build ends, however it ends: a folder nobody holds is abandoned.
The process id in the folder's name cannot say so: once the build is dead,
the id can belong to any new process, and a commit folder left waiting for
that process to end would be applied much later, over newer pages. Where the
filesystem has no such locks (some network ones), the id is all there is.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def own(folder: Path) -> int | None:
    """Lock a folder this build made, for as long as it works on it (the
    descriptor, to `release`; None where the system has no such locks)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


@contextmanager
def claimed(folder: Path) -> Iterator[bool]:
    """Whether the build that made `folder` is gone; if so, the folder is held
    for the `with` block, so no other process finishes or deletes it too."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            abandoned = True
        except BlockingIOError:
            abandoned = False
        except OSError:  # no flock on this filesystem (some network ones): the process id must do
            pid = folder.name.rsplit("-", 1)[1]
            abandoned = pid.isdigit() and not _alive(int(pid))
        yield abandoned
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
