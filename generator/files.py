"""Files on disk: writes that a crash leaves as the old file or the new one, never
half of one; and links that must stay inside the folder they are found in."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import PathError

# A file changed within this long of being looked at may change again without
# its size or mtime changing (two writes in one tick of a coarse filesystem
# clock), so its stat cannot vouch for its bytes: such a file is read again.
RACY_NS = 1_000_000_000


def inside(path: Path, root: Path, folder: str, what: str = "file") -> Path:
    """Where `path` (found under the resolved `root`) really is, or a PathError
    naming it: a link out of the folder would publish files from elsewhere (a
    private key, another site's drafts), and a broken or circular one reads nothing."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        if path.is_symlink():
            raise PathError("is a broken or circular link", path) from None
        raise PathError("was deleted or renamed while the site was being read", path) from None
    if target != root and root not in target.parents:
        raise PathError(f"links to a {what} outside the {folder} folder; copy it in instead", path)
    return target


def create_new(path: Path, data: bytes) -> None:
    """Write `data` as a new file at `path`, whole or not at all, and never over
    a file that is there (FileExistsError): it is written in full under a
    temporary name first (`atomic_write`), then linked to its own name, which
    fails if the name is taken."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    atomic_write(tmp, data)
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links: claim the name, then fill it
        with open(path, "xb") as handle:
            handle.write(data)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    _write_through_temp(path, data)


def _write_through_temp(path: Path, data: bytes, still: Callable[[], bool] | None = None) -> None:
    """`atomic_write`; with `still`, only if it is true once the new bytes are
    on disk, right before the rename (`Changed` otherwise, nothing written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        if still is not None and not still():
            raise Changed(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomic write that leaves an identical file (and its mtime) alone."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data)
    return True


class Changed(Exception):
    """A file no longer holds the bytes it was read with: someone saved it meanwhile."""


def replace_unless_changed(path: Path, data: bytes, read: bytes | None) -> bool:
    """`write_if_changed`, but only over the bytes `read` (None: over no file at
    all). They are compared again once the new bytes are on disk, right before
    the rename that puts them in place, so a save that landed while the caller
    worked (an editor's, seconds into an extraction) is never written over:
    `Changed`, and nothing written. False when the file already holds `data`."""
    current = _current(path)
    if current == data:
        return False
    if current != read:
        raise Changed(path)
    _write_through_temp(path, data, lambda: _current(path) == read)
    return True


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
