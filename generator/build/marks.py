"""Is a file in output/ still exactly what a build wrote? Cheaply: its size
and mtime as they were when its bytes were last known to be right (its
*mark*) are kept in the build cache, and a file that still shows them is not
read; any other is hashed. Kept beside the cache, not in output/, so that the
same site always has the same manifest; each mark carries the sha256 it
vouches for, so a mark from another build vouches for nothing.

A file modified within a clock tick of being looked at could change again
without its size or mtime changing, so such a file gets no mark, and is
hashed until a later build marks it (`files.RACY_NS`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path

from ..files import RACY_NS

Mark = tuple[int, int]  # a file's size and mtime (ns), when its bytes were known to be right


def read_marks(path: Path | None, files: dict[str, str]) -> dict[str, Mark]:
    """The marks of the files that are what the manifest `files` says (each
    mark carries the sha256 it vouches for, so one from another build vouches
    for nothing). Marks are a shortcut only: a file without one is hashed."""
    try:
        data = json.loads(path.read_bytes()) if path is not None else {}
    except (OSError, ValueError):
        return {}
    marks = data.get("marks") if isinstance(data, dict) else None
    if not isinstance(marks, dict):
        return {}
    return {rel: (m[0], m[1]) for rel, m in marks.items()
            if isinstance(m, list) and len(m) == 3 and files.get(rel) == m[2]
            and type(m[0]) is int and type(m[1]) is int}


def write_marks(path: Path, marks: dict[str, Mark], files: dict[str, str]) -> None:
    """Without fsync: a file torn by a power cut does not parse, and is ignored."""
    data = {"format": "explainer-output-marks",
            "marks": {rel: [*marks[rel], files[rel]] for rel in sorted(files) if rel in marks}}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only cache: the next build hashes instead
        tmp.unlink(missing_ok=True)


def intact(path: str, digest: str, mark: Mark | None) -> tuple[bool, Mark | None]:
    """Does `path` hold exactly the bytes `digest` names? Trusted without
    reading when its size and mtime are `mark` (recorded when its bytes were
    known to be right); hashed otherwise. Also the mark to record for it now
    (None when it was changed too recently to vouch for: see `RACY_NS`)."""
    try:
        st = os.lstat(path)
    except OSError:
        return False, None
    if not stat.S_ISREG(st.st_mode) or mark is not None and mark[0] != st.st_size:
        return False, None
    now = (st.st_size, st.st_mtime_ns)
    if now == mark:
        return True, mark
    try:
        with open(path, "rb") as handle:
            same = hashlib.file_digest(handle, "sha256").hexdigest() == digest
    except OSError:
        return False, None
    return same, mark_of(st) if same else None


def mark_of(st: os.stat_result) -> Mark | None:
    """A file's mark, unless it was modified so recently that a change to come
    could keep its size and mtime (the clock's tick): then it is hashed again
    next time."""
    if st.st_mtime_ns > time.time_ns() - RACY_NS:
        return None
    return st.st_size, st.st_mtime_ns
