"""Find the articles in content/: their files, slugs and sidecar paths.

Symlinks are accepted only when they stay inside content/ (a site must not
publish files from elsewhere), and two articles that would publish to the same
page, or to a folder the site's own pages use, are refused by name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..errors import ContentError
from ..files import inside
from ..text import slug

ARTICLE_SUFFIXES = (".md", ".txt")
SIDECAR_SUFFIX = ".yaml"


@dataclass(frozen=True)
class SourceFile:
    """An article file found in content/, before it is read."""

    path: Path
    rel: str
    slug: str

    @property
    def sidecar_path(self) -> Path:
        return sidecar_path_for(self.path)


def sidecar_path_for(article_path: Path) -> Path:
    return article_path.with_suffix(SIDECAR_SUFFIX)


def article_slug(rel: str) -> str:
    """The page name of `content/<rel>`: `news/Café Report.md` -> `news-cafe-report`."""
    return slug(str(Path(rel).with_suffix("")).replace(os.sep, "-")) or "article"


def discover(content_dir: Path) -> list[SourceFile]:
    """Every article under content_dir, sorted, with slugs checked for clashes.

    Symlinks (to articles, sidecars or folders) are accepted only when they stay
    inside content_dir; one pointing outside is refused, as a site must not
    publish files from elsewhere. A link to a folder inside is not followed (its
    files are found where they are)."""
    if not content_dir.is_dir():
        raise ContentError("the content folder does not exist", content_dir,
                           hint="create it and put .md or .txt articles in it")
    root = content_dir.resolve()
    found: list[SourceFile] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in dirnames:
            if (Path(dirpath) / name).is_symlink():
                inside(Path(dirpath) / name, root, "content", "folder")
        names = set(filenames).union(dirnames)
        for name in sorted(filenames):
            if name.startswith((".", "_")) or not name.endswith(ARTICLE_SUFFIXES):
                continue
            path = Path(dirpath) / name
            # Walked from the resolved root without following links, a file
            # that is not a link is inside; only links need resolving.
            if path.is_symlink():
                inside(path, root, "content")
            sidecar = sidecar_path_for(path)
            if sidecar.name in names and sidecar.is_symlink():
                inside(sidecar, root, "content")
            rel = path.relative_to(root).as_posix()
            found.append(SourceFile(path, rel, article_slug(rel)))
    by_slug: dict[str, SourceFile] = {}
    for source in found:
        if source.slug + "/" in urls.RESERVED:
            raise ContentError(f"would publish to '{source.slug}/', where the site's own pages go "
                               f"({', '.join(urls.RESERVED)}); rename it", source.path)
        if source.slug in by_slug:
            other = by_slug[source.slug]
            raise ContentError(f"two articles would publish to the same page '{source.slug}/': "
                               f"{other.rel} and {source.rel}; rename one of them", source.path)
        by_slug[source.slug] = source
    return found
