"""One command at a time per site: an OS file lock.

Every command that writes into a site folder holds it while it works: `build`,
`extract` (and `--refresh`), `clean`, `deploy` (which reads output/ while a
build could be replacing it) and each rebuild of the preview (which writes
sidecars into content/). Two builds at once would each decide what output/
holds while the other changes it: one refuses files the other just wrote as
foreign, or leaves a manifest that does not match the files.

The lock is `flock(2)` on `.cache/explainer/lock` in the site folder. The
kernel releases it when the process ends, however it ends (Ctrl-C, SIGKILL, a
power cut), so there is never a stale lock to delete by hand. The file is
created once and never written (a build that changes nothing writes
nothing); whom a second command waits for is read from /proc/locks (Linux).

A site folder that cannot be written (a read-only checkout building into an
output folder elsewhere) is not locked: no command can write sidecars or a
cache into it, and the output folder still refuses files that are not its own.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import GeneratorError, PathError
from . import cache

Waiting = Callable[[str], None]


class Busy(GeneratorError):
    """Another command holds the site's lock, and this one was told not to wait."""


def lock_path(root: Path) -> Path:
    return cache.folder(root) / "lock"


@contextmanager
def site_lock(root: Path, wait: bool = True, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the site's lock for the `with` block. When another process holds
    it: `waiting` is told (one line, naming it) and this one waits, or, with
    `wait` False, `Busy` is raised at once."""
    fd = _open(lock_path(root))
    if fd is None:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = holder_of(fd)
            if not wait:
                raise Busy(f"another command is working on this site ({holder}); not waiting (--no-wait)") from None
            if waiting is not None:
                waiting(f"waiting for another command on this site to finish ({holder}) ...")
            fcntl.flock(fd, fcntl.LOCK_EX)  # Ctrl-C here interrupts the wait, and nothing was done
        yield
    finally:
        os.close(fd)  # the lock goes with the descriptor


def _open(path: Path) -> int | None:
    """The lock file, opened (created if need be) without being inherited by
    programs this one runs; None when the site folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):  # a full disk, say
            raise PathError(f"cannot create the site's lock file ({exc.strerror})", path) from None
    try:  # flock needs no write access: a lock file made by someone else still serves
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None


# A lock held (a waiting process's line has "->" before FLOCK): pid, device, inode.
_LOCKS_LINE = re.compile(r"^\d+:\s+FLOCK\s+\S+\s+WRITE\s+(\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s")


def holder_of(fd: int) -> str:
    """`pid 1234: python -m generator build --site news`, or `pid unknown`
    where the system does not say."""
    st = os.fstat(fd)
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for line in locks:
                m = _LOCKS_LINE.match(line)
                if m and int(m.group(4)) == st.st_ino and \
                        os.makedev(int(m.group(2), 16), int(m.group(3), 16)) == st.st_dev:
                    return f"pid {m.group(1)}: {_command_line(int(m.group(1)))}"
    except OSError:
        pass
    return "pid unknown"


def _command_line(pid: int) -> str:
    """The holder's command line (its program without the folder), shortened,
    with control characters shown as `?`: it is printed to a terminal."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            words = [w.decode("utf-8", "replace") for w in handle.read().split(b"\0") if w]
    except OSError:
        words = []
    if not words:
        return "a command that has just ended"
    text = " ".join([os.path.basename(words[0]), *words[1:]])
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", text)
    return text if len(text) <= 100 else text[:99] + "…"
