"""Files on disk: writes that a crash leaves as the old file or the new one, never
half of one; and links that must stay inside the folder they are found in."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import PathError


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
