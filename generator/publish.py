"""Putting a build into output/ all at once, and only when something changed.

Changed files are written into a staging folder beside output/; unchanged files
are hard-linked into it from the previous output at the end; then the two
folders are swapped with one atomic rename (Linux `renameat2(RENAME_EXCHANGE)`,
or two renames elsewhere). A crash, Ctrl-C or full disk before the swap leaves
output/ exactly as it was; a build that changes nothing writes nothing.

output/ holds a manifest of every file we wrote (path -> sha256). It proves the
folder is ours before anything in it is replaced or cleaned: a folder with files
we did not write is never deleted. (That output/ is not the site folder, nor
overlaps content/, is config.py's rule, checked before a build starts.)

A build killed outright (SIGKILL, power cut) may leave its staging folder
behind; the next build or `clean` removes it once its process is gone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
from pathlib import Path

from .errors import PathError

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


def check_ours(output_dir: Path) -> dict[str, str]:
    """The previous manifest, after making sure output_dir holds only our files."""
    if not output_dir.exists():
        return {}
    if output_dir.is_symlink() or not output_dir.is_dir():
        raise PathError("the output path exists and is not a folder; refusing to replace it", output_dir)
    manifest = read_manifest(output_dir)
    entries = list(output_dir.iterdir())
    if manifest is None:
        if entries:
            raise PathError("the output folder holds files this generator did not write; refusing to replace it",
                            output_dir, hint="empty it, or set `output:` in site.yaml to a new folder")
        return {}
    for path in _files(output_dir):
        rel = path.relative_to(output_dir).as_posix()
        if rel != MANIFEST and rel not in manifest:
            raise PathError(f"the output folder holds {rel}, which this generator did not write; "
                            "refusing to replace it", output_dir,
                            hint="put extra files in the site's static/ folder, which every build copies")
    return manifest


def _files(root: Path) -> list[Path]:
    out = []
    for dirpath, _dirs, files in os.walk(root):
        out.extend(Path(dirpath) / f for f in files)
    return out


def confine(rel: str) -> str:
    """A clean relative output path, or PathError if it could leave output/."""
    # Split by hand: PurePosixPath would quietly turn "a//b", "./a" or "" into other paths.
    if "\\" in rel or "\x00" in rel or any(p in ("..", ".", "") for p in rel.split("/")):
        raise PathError(f"refusing to write outside the output folder: {rel!r}")
    return rel


def _leftovers(output_dir: Path) -> list[Path]:
    """Staging and old folders of builds whose process is gone."""
    found = []
    for kind in ("staging", "old"):
        for path in output_dir.parent.glob(f".{output_dir.name}.{kind}-*"):
            pid = path.name.rsplit("-", 1)[1]
            if pid.isdigit() and not _alive(int(pid)) and path.is_dir() and not path.is_symlink():
                found.append(path)
    return found


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


def clean(output_dir: Path) -> int:
    """Delete a previous output of ours (and leftovers of killed builds); the
    number of files removed. Refuses a folder holding files we did not write."""
    check_ours(output_dir)
    for leftover in _leftovers(output_dir):
        shutil.rmtree(leftover)
    if not output_dir.is_dir():
        return 0
    removed = sum(1 for path in _files(output_dir) if path.name != MANIFEST or path.parent != output_dir)
    shutil.rmtree(output_dir)
    return removed


class Publisher:
    """Collects the files of one build and publishes them in one swap."""

    def __init__(self, output_dir: Path) -> None:
        self.output = output_dir
        self.previous = check_ours(output_dir)
        for leftover in _leftovers(output_dir):
            shutil.rmtree(leftover, ignore_errors=True)
        self.files: dict[str, str] = {}
        self.changed: list[str] = []
        self._stage: Path | None = None

    @property
    def stage(self) -> Path:
        if self._stage is None:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self._stage = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"
            if self._stage.exists():
                shutil.rmtree(self._stage)
            self._stage.mkdir()
        return self._stage

    def put(self, rel: str, data: bytes) -> bool:
        """Add a file to the build; True if it differs from the published one."""
        rel = confine(rel)
        digest = hashlib.sha256(data).hexdigest()
        self.files[rel] = digest
        if self.previous.get(rel) == digest and (self.output / rel).is_file():
            return False
        target = self.stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.changed.append(rel)
        return True

    def reuse(self, rel: str, digest: str) -> bool:
        """Carry a previous file over unchanged when it is what this build would
        write (`digest` is that file's sha256, known from the build cache); False
        when output/ does not hold it, and the caller must render it."""
        rel = confine(rel)
        if self.previous.get(rel) != digest or not (self.output / rel).is_file():
            return False
        self.files[rel] = digest
        return True

    def keep(self, prefix: str) -> int:
        """Carry the previous build's files under `prefix` over unchanged (the last
        good page of an article that failed this time)."""
        kept = 0
        for rel, digest in self.previous.items():
            if rel.startswith(prefix) and rel not in self.files:
                self.files[rel] = digest
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
        manifest = {"generator": "explainer", "files": dict(sorted(self.files.items()))}
        (stage / MANIFEST).write_text(json.dumps(manifest, indent=0) + "\n", "utf-8")
        _fsync([stage / rel for rel in self.changed] + [stage / MANIFEST])
        if self.output.exists():
            check_ours(self.output)  # nobody slipped foreign files in while we built
            if _exchange(stage, self.output):
                shutil.rmtree(stage)
            else:
                old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
                os.rename(self.output, old)
                os.rename(stage, self.output)
                shutil.rmtree(old)
        else:
            os.rename(stage, self.output)
        self._stage = None
        return True

    def abort(self) -> None:
        if self._stage is not None and self._stage.exists():
            shutil.rmtree(self._stage, ignore_errors=True)
        self._stage = None

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.abort()


def _fsync(paths: list[Path]) -> None:
    """Data on disk before the swap makes it visible (a power cut must not publish holes)."""
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            pass


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
