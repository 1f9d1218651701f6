"""Static files: the theme's `static/` folders, the site's own `static/`, and
the files a site publishes at its root.

The theme's own stylesheets and scripts (whatever a template asks for with
`asset("style.css")`) get their content hash in the file name
(`static/style.3f2a9c1e0b.css`), so hosts can cache them forever and a new
build is never shown with an old stylesheet; a site file of the same name
replaces the theme's and is published the same way. Every other file of the
site's `static/` is published as it is, under `static/` (`static/extra.css`),
and the files of its root folder (`root/` by default: CNAME, favicon.ico,
.well-known/) at the top of the site, also as they are.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..errors import GeneratorError, PathError
from ..files import inside

FINGERPRINTED = (".css", ".js")


@dataclass(frozen=True)
class Asset:
    name: str  # logical name templates ask for: "style.css"
    rel: str  # where it is published: "static/style.3f2a9c1e0b.css", "static/extra.css"
    data: bytes


def collect(theme_dirs: list[Path], site_static: Path) -> tuple[dict[str, Asset], list[GeneratorError]]:
    """Every asset by logical name (earlier theme dirs and the site's static/
    win), and the files refused. A link that leads out of its static folder, or
    nowhere, is a PathError naming it: never silently published, never silently
    left out, and never a reason to publish none of the others. A link to a
    folder inside is not followed (its files are found where they are)."""
    sources: dict[str, Path] = {}
    refused: list[GeneratorError] = []
    for folder in (d / "static" for d in reversed(theme_dirs)):
        sources.update(_files(folder, "static", refused, hidden=False))
    themes = set(sources)  # the names templates may ask for: fingerprinted, whoever provides them
    sources.update(_files(site_static, "static", refused, hidden=False))
    assets = {}
    for name, data in _read(sources, refused).items():
        rel = f"{urls.STATIC}{name}"
        suffix = Path(name).suffix
        if name in themes and suffix in FINGERPRINTED:
            rel = f"{urls.STATIC}{name[: -len(suffix)]}.{hashlib.sha256(data).hexdigest()[:10]}{suffix}"
        assets[name] = Asset(name, rel, data)
    return assets, refused


def collect_root(folder: Path) -> tuple[dict[str, bytes], list[GeneratorError]]:
    """The files a site publishes at its root, by their path there, and those
    refused. Hidden files count (`.well-known/`, `.htaccess`): the folder holds
    nothing else."""
    refused: list[GeneratorError] = []
    return _read(_files(folder, "root files", refused, hidden=True), refused), refused


def _files(folder: Path, what: str, refused: list[GeneratorError], hidden: bool) -> dict[str, Path]:
    """Every file under `folder` by its path there, where it really is; links
    that lead out of it, or nowhere, go into `refused`."""
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    root = folder.resolve()
    for dirpath, dirnames, files in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if hidden and d != ".git" or not d.startswith("."))
        for name in list(dirnames):
            if (Path(dirpath) / name).is_symlink():
                try:
                    inside(Path(dirpath) / name, root, what, "folder")
                except PathError as exc:
                    refused.append(exc)
                    dirnames.remove(name)
        for name in sorted(files):
            if name.startswith(".") and not hidden:
                continue
            path = Path(dirpath) / name
            try:
                found[path.relative_to(root).as_posix()] = inside(path, root, what)
            except PathError as exc:
                refused.append(exc)
    return found


def _read(sources: dict[str, Path], refused: list[GeneratorError]) -> dict[str, bytes]:
    out = {}
    for name, path in sorted(sources.items()):
        try:
            out[name] = path.read_bytes()
        except OSError as exc:  # deleted or renamed while the site was building
            refused.append(PathError(f"cannot be read: {exc.strerror}", path))
    return out
