"""Static files: the theme's `static/` folders and the site's own `static/`.

Stylesheets and scripts get their content hash in the file name
(`style.3f2a9c1e.css`), so hosts can cache them forever and a new build is never
shown with an old stylesheet. Other files keep their names.
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
    rel: str  # where it is published: "static/style.3f2a9c1e.css"
    data: bytes


def collect(theme_dirs: list[Path], site_static: Path) -> tuple[dict[str, Asset], list[GeneratorError]]:
    """Every asset by logical name (earlier theme dirs and the site's static/
    win), and the files refused. A link that leads out of its static folder, or
    nowhere, is a PathError naming it: never silently published, never silently
    left out, and never a reason to publish none of the others. A link to a
    folder inside is not followed (its files are found where they are)."""
    sources: dict[str, Path] = {}
    refused: list[GeneratorError] = []
    for folder in [*(d / "static" for d in reversed(theme_dirs)), site_static]:
        if not folder.is_dir():
            continue
        root = folder.resolve()
        for dirpath, dirnames, files in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in list(dirnames):
                if (Path(dirpath) / name).is_symlink():
                    try:
                        inside(Path(dirpath) / name, root, "static", "folder")
                    except PathError as exc:
                        refused.append(exc)
                        dirnames.remove(name)
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                try:
                    sources[path.relative_to(root).as_posix()] = inside(path, root, "static")
                except PathError as exc:
                    refused.append(exc)
    assets = {}
    for name, path in sorted(sources.items()):
        try:
            data = path.read_bytes()
        except OSError as exc:  # deleted or renamed while the site was building
            refused.append(PathError(f"cannot be read: {exc.strerror}", path))
            continue
        rel = f"{urls.STATIC}{name}"
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            rel = f"static/{name[: -len(path.suffix)]}.{digest}{path.suffix}"
        assets[name] = Asset(name, rel, data)
    return assets, refused
