"""Putting a build into output/ all at once, and only when something changed.

Changed files are written into a staging folder beside output/. Then, for a
build that changed much of the site, unchanged files are hard-linked into the
staging folder from the previous output and the two folders are swapped with
one atomic rename (Linux `renameat2(RENAME_EXCHANGE)`, or two renames
elsewhere). A build that changed a few files (an edited article: its page and
the lists it is on) does not link thousands of files for that: the staging
folder, holding the new files and the new manifest, is renamed to a *commit*
folder, which is the point of no return, and its files are moved into output/
one atomic rename each, then the files the build dropped are deleted. A build
killed while it does this leaves the commit folder, and the next build (or
`clean`) finishes the job before anything else, so output/ is only ever the
old build or the new one once a build ends; while the files move, a reader may
see some new pages beside old ones, never half a file.

A crash, Ctrl-C or full disk before the swap or commit leaves output/ exactly
as it was; a build that changes nothing writes nothing.

output/ holds a manifest of every file we wrote (path -> sha256). It proves the
folder is ours before anything in it is replaced or cleaned: a folder with files
we did not write is never deleted. (That output/ is not the site folder, nor
overlaps content/, is config.py's rule, checked before a build starts.)

The manifest's names are not trusted for the bytes: a file is carried over
(or left in place as unchanged) only if output/ still holds exactly the bytes
the manifest says were written (checked cheaply: `marks.py`), and `clean`
deletes only such files. A page damaged by hand or by something else's crash
(truncated, edited, deleted) is thus written again by the next build, and
never deleted by `clean` without a word.

A build killed outright (SIGKILL, power cut) may leave its staging folder
behind; the next build or `clean` removes it once its process is gone (told
by a lock, not by the process id in the folder's name: `owner.py`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
import signal
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import PathError
from . import marks, owner

MANIFEST = ".explainer-manifest.json"


def read_manifest(output_dir: Path) -> dict[str, str] | None:
    """The files of a previous build, or None when output_dir is not ours."""
    try:
        data = json.loads((output_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return None
    return files


def check_ours(output_dir: Path, deep: bool = True, doing: str = "replace") -> dict[str, str]:
    """The previous manifest, after making sure output_dir holds only our files
    (`deep`: every file in it; otherwise only that it is ours at all). `doing`:
    what is refused, in the message ("replace" for a build, "delete" for `clean`)."""
    if not output_dir.exists():
        return {}
    if output_dir.is_symlink() or not output_dir.is_dir():
        raise PathError(f"the output path exists and is not a folder; refusing to {doing} it", output_dir)
    manifest = read_manifest(output_dir)
    if manifest is None:
        if any(output_dir.iterdir()):
            raise PathError(f"the output folder holds files this generator did not write; refusing to {doing} it",
                            output_dir, hint="empty it, or set `output:` in site.yaml to a new folder")
        return {}
    if not deep:
        return manifest
    for path in _files(output_dir):
        rel = path.relative_to(output_dir).as_posix()
        if rel != MANIFEST and rel not in manifest:
            raise _foreign(rel, output_dir, doing)
    return manifest


def _changed(rel: str, output_dir: Path) -> PathError:
    return PathError(f"the output folder holds {rel}, which was changed after this generator wrote it; "
                     "refusing to delete it", output_dir,
                     hint="move it out of the folder to keep it; a build writes it again as it was")


def _foreign(rel: str, output_dir: Path, doing: str = "replace") -> PathError:
    return PathError(f"the output folder holds {rel}, which this generator did not write; refusing to {doing} it",
                     output_dir, hint="put extra files in the site's static/ folder, which every build copies")


def _files(root: Path) -> list[Path]:
    out: list[Path] = []
    for dirpath, _dirs, files in os.walk(root):
        out.extend(Path(dirpath) / f for f in files)
    return out


def confine(rel: str) -> str:
    """A clean relative output path, or PathError if it could leave output/."""
    # Split by hand: PurePosixPath would quietly turn "a//b", "./a" or "" into other paths.
    if "\\" in rel or "\x00" in rel or any(p in ("..", ".", "") for p in rel.split("/")):
        raise PathError(f"refusing to write outside the output folder: {rel!r}")
    return rel


def _remove_leftovers(output_dir: Path, strict: bool = True) -> None:
    """Delete the staging and old folders of builds that are gone (commit
    folders are finished by `finish_commits`, never just deleted)."""
    for kind in ("staging", "old"):
        for folder in _folders(output_dir, kind):
            with owner.claimed(folder) as abandoned:
                if abandoned:
                    shutil.rmtree(folder, ignore_errors=not strict)


def finish_commits(output_dir: Path) -> None:
    """Complete what builds killed while moving files into output/ left undone."""
    for folder in _folders(output_dir, "commit"):
        with owner.claimed(folder) as abandoned:
            if abandoned:
                _apply(folder, output_dir)


def _folders(output_dir: Path, kind: str) -> list[Path]:
    """A build's working folders beside output/, `.output.<kind>-<pid>`."""
    return sorted(path for path in output_dir.parent.glob(f".{output_dir.name}.{kind}-*")
                  if path.is_dir() and not path.is_symlink())


def clean(output_dir: Path, marks_file: Path | None = None) -> int:
    """Delete a previous output of ours (and leftovers of killed builds); the
    number of files removed. Refuses a folder holding files we did not write,
    or that someone changed since (`marks_file`: see `Publisher`)."""
    finish_commits(output_dir)
    manifest = check_ours(output_dir, doing="delete")
    known = marks.read_marks(marks_file, manifest)
    for rel, digest in manifest.items():  # a page someone changed is theirs now
        path = os.path.join(output_dir, rel)
        if os.path.lexists(path) and not marks.intact(path, digest, known.get(rel))[0]:
            raise _changed(rel, output_dir)
    _remove_leftovers(output_dir)
    if not output_dir.is_dir():
        return 0
    removed = sum(1 for path in _files(output_dir) if path.name != MANIFEST or path.parent != output_dir)
    shutil.rmtree(output_dir)
    return removed


class Publisher:
    """Collects the files of one build and publishes them in one swap.
    `marks_file`: where the marks of output/'s files are kept (in the build cache),
    or None to hash every file it carries over."""

    def __init__(self, output_dir: Path, marks_file: Path | None = None) -> None:
        self.output = output_dir
        self.marks_file = marks_file
        finish_commits(output_dir)
        # Every file is checked before anything is replaced (`commit`), not
        # here: a build that changes nothing never walks output/.
        self.previous = check_ours(output_dir, deep=False)
        self._marked = marks.read_marks(marks_file, self.previous)
        _remove_leftovers(output_dir, strict=False)
        self.files: dict[str, str] = {}
        self.marks: dict[str, marks.Mark] = {}  # files found intact in this build, with their mark
        self._unchecked: set[str] = set()  # files carried over unread (`keep`): never marked by this build
        self.changed: list[str] = []
        self._stage: Path | None = None
        self._owner: int | None = None  # our lock on the staging folder, then the commit folder
        self.published = False  # past the point of no return: output/ is (or will be) this build

    @property
    def stage(self) -> Path:
        if self._stage is None:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            stage = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"
            if stage.exists():  # a dead build's, whose process id is ours now
                shutil.rmtree(stage)
            stage.mkdir()
            self._owner = owner.own(stage)  # kept by the folder's inode through its renames
            self._stage = stage
        return self._stage

    def put(self, rel: str, data: bytes) -> bool:
        """Add a file to the build; True if it differs from the published one."""
        rel = confine(rel)
        digest = hashlib.sha256(data).hexdigest()
        self.files[rel] = digest
        if self.previous.get(rel) == digest and self._holds(rel, digest):
            return False
        target = self.stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.changed.append(rel)
        return True

    def adopt(self, rel: str, digest: str, written: bool) -> None:
        """Count a file another process `put` into the staging folder (`split`)."""
        self.files[confine(rel)] = digest
        if written:
            self.changed.append(rel)

    def reuse(self, rel: str, digest: str) -> bool:
        """Carry a previous file over unchanged when it is what this build would
        write (`digest` is that file's sha256, known from the build cache); False
        when output/ does not hold it, and the caller must render it."""
        rel = confine(rel)
        if self.previous.get(rel) != digest or not self._holds(rel, digest):
            return False
        self.files[rel] = digest
        return True

    def forget(self, rel: str) -> None:
        """Undo a `reuse`: the previous file is not part of this build after all."""
        rel = confine(rel)
        self.files.pop(rel, None)
        self.marks.pop(rel, None)

    def _holds(self, rel: str, digest: str) -> bool:
        """output/ still holds exactly the bytes of the previous build at `rel`
        (a damaged file is not carried over: the caller writes it again)."""
        held, mark = marks.intact(os.path.join(self.output, rel), digest, self._marked.get(rel))
        if mark is not None:
            self.marks[rel] = mark
        return held

    def keep(self, prefix: str) -> int:
        """Carry the previous build's files under `prefix` over unchanged (the last
        good page of an article that failed this time)."""
        kept = 0
        for rel, digest in self.previous.items():
            if rel.startswith(prefix) and rel not in self.files:
                self.files[rel] = digest
                if rel in self._marked:
                    self.marks[rel] = self._marked[rel]
                else:
                    self._unchecked.add(rel)
                kept += 1
        return kept

    @property
    def removed(self) -> list[str]:
        return sorted(set(self.previous) - set(self.files))

    def commit(self) -> bool:
        """Publish; False (and nothing written) when the build changed nothing."""
        if not self.changed and not self.removed:
            self.abort()
            return False
        stage = self.stage
        manifest = {"generator": "explainer", "files": dict(sorted(self.files.items()))}
        touched = len(self.changed) + len(self.removed)
        if self.output.exists() and touched * PATCH_SHARE <= len(self.files):
            self._patch(stage, manifest)
        else:
            self._swap(stage, manifest)
        self._stage = None
        owner.release(self._owner)
        self._owner = None
        if self.marks_file is not None:
            marks.write_marks(self.marks_file, self._marks_now(), self.files)
        return True

    def _marks_now(self) -> dict[str, marks.Mark]:
        """The marks of the files just published: those found intact, and the
        others taken now (files written in this build, or checked by the
        `split` helper), each unless too recent to vouch for."""
        changed = set(self.changed)
        for rel in self.files:
            if (rel not in self.marks or rel in changed) and rel not in self._unchecked:
                self.marks.pop(rel, None)
                with contextlib.suppress(OSError):
                    mark = marks.mark_of(os.lstat(os.path.join(self.output, rel)))
                    if mark is not None:
                        self.marks[rel] = mark
        return self.marks

    def _swap(self, stage: Path, manifest: dict[str, Any]) -> None:
        changed = set(self.changed)
        made: set[str] = set()
        for rel in self.files:
            if rel in changed:
                continue
            folder = rel.rpartition("/")[0]
            if folder not in made:  # one mkdir per folder, not per file: a big site has thousands
                (stage / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            source, target = os.path.join(self.output, rel), os.path.join(stage, rel)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        (stage / MANIFEST).write_text(json.dumps(manifest, indent=0) + "\n", "utf-8")
        _sync(stage, [stage / rel for rel in self.changed] + [stage / MANIFEST])
        if not self.output.exists():
            with _signals_held():
                os.rename(stage, self.output)
                self.published = True
            return
        check_ours(self.output)  # nobody slipped foreign files in while we built
        with _signals_held():  # a Ctrl-C now is told that the new site is out (see site._build)
            swapped = _exchange(stage, self.output)
            self.published = swapped
        if swapped:
            shutil.rmtree(stage)
            return
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        held = owner.own(self.output)  # it becomes our old folder
        try:
            with _signals_held():
                os.rename(self.output, old)
                os.rename(stage, self.output)
                self.published = True
            shutil.rmtree(old)
        finally:
            owner.release(held)

    def _patch(self, stage: Path, manifest: dict[str, Any]) -> None:
        """Move the few changed files in, one rename each (see the module docstring)."""
        for rel in self.changed:  # never replace a file we did not write
            if rel not in self.previous and os.path.lexists(self.output / rel):
                raise _foreign(rel, self.output)
        plan = {"changed": self.changed, "removed": self.removed}
        (stage / _PLAN).write_text(json.dumps(plan) + "\n", "utf-8")
        (stage / MANIFEST).write_text(json.dumps(manifest, indent=0) + "\n", "utf-8")
        _sync(stage, [stage / rel for rel in self.changed] + [stage / MANIFEST, stage / _PLAN])
        commit = self.output.parent / f".{self.output.name}.commit-{os.getpid()}"
        with _signals_held():  # Ctrl-C waits until output/ is whole again
            os.rename(stage, commit)  # the point of no return
            self.published = True
            _apply(commit, self.output)

    def abort(self) -> None:
        if self._stage is not None and self._stage.exists():
            shutil.rmtree(self._stage, ignore_errors=True)
        self._stage = None
        owner.release(self._owner)  # whatever is left (a commit cut short) is the next build's to finish
        self._owner = None

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.abort()


PATCH_SHARE = 4  # move files in one by one when at most a quarter of the site changed
_PLAN = ".explainer-commit.json"


def _apply(commit: Path, output_dir: Path) -> None:
    """Move a commit folder's files into output/, delete what it drops, put its
    manifest in place, and remove it. Safe to run again after an interruption."""
    plan = json.loads((commit / _PLAN).read_text("utf-8"))
    made: set[str] = set()
    for rel in plan["changed"]:
        source = commit / rel
        if not os.path.lexists(source):  # moved before the interruption
            continue
        folder = rel.rpartition("/")[0]
        if folder and folder not in made:
            (output_dir / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        os.replace(source, output_dir / rel)
    for rel in plan["removed"]:
        (output_dir / rel).unlink(missing_ok=True)
        parent = (output_dir / rel).parent
        while parent != output_dir:  # a folder left empty goes too
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent
    if (commit / MANIFEST).exists():
        os.replace(commit / MANIFEST, output_dir / MANIFEST)
    shutil.rmtree(commit)


class _signals_held:
    """Hold Ctrl-C and SIGTERM (delivered on leaving) while output/ is being patched."""

    def __enter__(self) -> None:
        self.held = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
        if self.held:
            self.before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})

    def __exit__(self, *exc: object) -> None:
        if self.held:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.before)


FSYNC_UP_TO = 64  # more files than this: one syncfs(2) instead of an fsync each


def _sync(folder: Path, paths: list[Path]) -> None:
    """Data on disk before the swap makes it visible (a power cut must not publish
    holes). Many files: one syncfs(2) of the filesystem where Linux has it, many
    times faster than an fsync each; a few: an fsync each, which waits for
    nobody else's writes as syncfs does."""
    if len(paths) > FSYNC_UP_TO and _syncfs(folder):
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            pass


def _syncfs(folder: Path) -> bool:
    libc = _libc()
    syncfs = getattr(libc, "syncfs", None) if libc is not None else None
    if syncfs is None:
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders; False where the system cannot."""
    libc = _libc()
    renameat2 = getattr(libc, "renameat2", None) if libc is not None else None
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
