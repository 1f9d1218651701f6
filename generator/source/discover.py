"""Find the articles in content/: their files, slugs and sidecar paths.

Symlinks are accepted only when they stay inside content/ (a site must not
publish files from elsewhere), and two articles that would publish to the same
page, or to a folder the site's own pages use, are refused by name. A refused
file fails alone, as an unreadable article does: it is named, left out, and
the build goes on with the rest (and fails, so CI notices).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..errors import ContentError, GeneratorError
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


@dataclass(frozen=True)
class Refused:
    """A file in content/ that cannot be used, and why; `source`: the article it
    stops (None for a folder link, or a sidecar with no article)."""

    error: GeneratorError
    source: SourceFile | None = None


@dataclass(frozen=True)
class Found:
    articles: tuple[SourceFile, ...]  # in content/'s order, each with a page of its own
    refused: tuple[Refused, ...] = ()
    orphans: tuple[Path, ...] = field(default=())  # sidecars with no article beside them


def discover(content_dir: Path) -> Found:
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
    refused: list[Refused] = []
    orphans: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in list(dirnames):
            problem = _link_problem(Path(dirpath) / name, root, "folder")
            if problem is not None:
                refused.append(Refused(problem))
                dirnames.remove(name)
        names = set(filenames).union(dirnames)
        for name in sorted(filenames):
            if name.startswith((".", "_")):
                continue
            path = Path(dirpath) / name
            if name.endswith(SIDECAR_SUFFIX):
                if not any(path.with_suffix(suffix).name in names for suffix in ARTICLE_SUFFIXES):
                    problem = _link_problem(path, root)
                    if problem is None:
                        orphans.append(path)
                    else:
                        refused.append(Refused(problem))
                continue
            if not name.endswith(ARTICLE_SUFFIXES):
                continue
            rel = path.relative_to(root).as_posix()
            source = SourceFile(path, rel, article_slug(rel))
            sidecar = sidecar_path_for(path)
            problem = _link_problem(path, root) or \
                (_link_problem(sidecar, root) if sidecar.name in names else None)
            if problem is not None:
                refused.append(Refused(problem, source))
            else:
                found.append(source)
    articles, clashes = _one_page_each(found)
    return Found(tuple(articles), tuple(refused + clashes), tuple(orphans))


def _link_problem(path: Path, root: Path, what: str = "file") -> GeneratorError | None:
    """Why a link (found while walking the resolved `root` without following
    links) may not be used; None for a file that is not a link, or one that
    stays inside."""
    if not path.is_symlink():
        return None
    try:
        inside(path, root, "content", what)
    except GeneratorError as exc:
        return exc
    return None


def _one_page_each(found: list[SourceFile]) -> tuple[list[SourceFile], list[Refused]]:
    """The articles that have a page to themselves, and the others refused: an
    article whose page is a folder the site's own pages use, and every article
    of a set that would publish to the same page (none of them is the one)."""
    by_slug: dict[str, list[SourceFile]] = {}
    refused = []
    for source in found:
        if source.slug + "/" in urls.RESERVED:
            refused.append(Refused(ContentError(
                f"would publish to '{source.slug}/', where the site's own pages go ({', '.join(urls.RESERVED)}); "
                "rename it", source.path), source))
        else:
            by_slug.setdefault(source.slug, []).append(source)
    articles = []
    for page, sources in by_slug.items():
        if len(sources) == 1:
            articles.append(sources[0])
            continue
        rels = [s.rel for s in sources]
        count = "two" if len(rels) == 2 else str(len(rels))
        error = ContentError(f"{count} articles would publish to the same page '{page}/': "
                             f"{', '.join(rels[:-1])} and {rels[-1]}; rename "
                             + ("one of them" if len(rels) == 2 else "all but one of them"), sources[-1].path)
        refused.extend(Refused(error, s) for s in sources)
    return articles, refused
