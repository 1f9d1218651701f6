"""Finding the articles of a build and reading each one with its sidecar.

An article whose bytes and sidecar bytes are those of the last build is not
read at all: its entry comes from the build cache. Every other article is read,
and its sidecar judged by the one rule of `sidecar.lifecycle`: kept, stale
(an editor's, older than its article), broken, or to be extracted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import SiteConfig
from ..errors import GeneratorError, SidecarError
from ..source.discover import Found, discover, sidecar_path_for
from . import cache
from .entry import Entry

if TYPE_CHECKING:
    from .. import sidecar


def find(config: SiteConfig, drafts: bool, last: cache.BuildCache | None,
         file_sha: Callable[[Path], str | None] = cache.file_sha, found: Found | None = None) -> list[Entry]:
    """Every article, those the cache knows unchanged filled in from it
    (`cached`), the others unread (`found`), and those `discover` refused
    (`failed`). Drafts the cache knows are left out unless `drafts`.
    `found`: what `discover` found in content/, when the caller looked already."""
    found = found if found is not None else discover(config.content_dir)
    entries = []
    for refused in found.refused:
        if refused.source is not None:
            entry = Entry(refused.source)
            entry.fail(refused.error)
            entries.append(entry)
    for source in found.articles:
        entry = Entry(source)
        if last is not None:
            sidecar_sha = file_sha(source.sidecar_path)  # before the sidecar is read
            hit = last.article(source, file_sha(source.path), sidecar_sha)
            if hit is not None and hit.draft and not drafts:
                continue
            entry = hit or Entry(source, sidecar_sha=sidecar_sha)
        entries.append(entry)
    return entries


def orphans(found: Found) -> list[sidecar.Orphan]:
    """The sidecars with no article beside them, each with the renamed article
    it belongs with, if there is one (`sidecar.homes`)."""
    if not found.orphans:
        return []
    from .. import sidecar  # here: a site with no orphan reads no sidecar for this
    from ..source.article import read_article

    newcomers = []
    for source in found.articles:
        if not source.sidecar_path.exists():
            try:
                newcomers.append(read_article(source))
            except GeneratorError:
                continue  # it fails in the build with its own error
    return sidecar.homes(found.orphans, newcomers)


def rehome(found: Found) -> tuple[Found, list[sidecar.Moved], list[GeneratorError]]:
    """Move each renamed article's sidecar beside it (`sidecar.carry`): what
    `discover` found afterwards, the sidecars moved, and a warning for each
    orphan left where it is (so no page uses it)."""
    if not found.orphans:
        return found, [], []
    from .. import sidecar  # here: a build with nothing changed reads no sidecar

    moved: list[sidecar.Moved] = []
    warnings: list[GeneratorError] = []
    left = []
    for orphan in orphans(found):
        if orphan.home is None:
            assert orphan.problem is not None
            warnings.append(orphan.problem)
            left.append(orphan.path)
            continue
        try:
            moved.append(sidecar.carry(orphan.path, sidecar_path_for(orphan.home.path), orphan.home.rel,
                                       orphan.home.path))
        except SidecarError as exc:
            warnings.append(exc)
            left.append(orphan.path)
    return dataclasses.replace(found, orphans=tuple(left)), moved, warnings


def read(entry: Entry, drafts: bool) -> None:
    """Read the entry's article, or note its error; a draft left out is `skip`."""
    from ..source.article import read_article  # here: a build with nothing changed reads nothing

    try:
        entry.article = read_article(entry.source)
    except GeneratorError as exc:
        entry.fail(exc)
        return
    entry.article_sha, entry.draft = entry.article.sha256, entry.article.draft
    if entry.draft and not drafts:
        entry.status = "skip"


def judge(entry: Entry, extractor: str, model: str | None) -> None:
    """Load the entry's sidecar if it is to be kept, else mark the entry `extract`
    (or `failed`, for an editor's sidecar that does not read)."""
    from .. import sidecar  # here: a build with nothing changed reads no sidecar

    assert entry.article is not None
    decision = sidecar.decide(entry.source.sidecar_path, entry.article, extractor, model)
    if decision.fate is sidecar.Fate.EXTRACT:
        entry.status = "extract"
        return
    if decision.fate is sidecar.Fate.BROKEN:
        assert decision.error is not None
        entry.fail(decision.error)
        return
    entry.sidecar = decision.sidecar
    entry.stale = decision.fate is sidecar.Fate.STALE
    entry.edited = decision.state is sidecar.State.EDITED
    entry.warnings.extend(decision.warnings)


def read_all(config: SiteConfig, drafts: bool = False, found: Found | None = None) -> list[Entry]:
    """Every article read (each with its error if it could not be), drafts left
    out unless `drafts`; sidecars not yet read."""
    entries = find(config, drafts, None, found=found)
    for entry in entries:
        if entry.status == "found":
            read(entry, drafts)
    return [e for e in entries if e.status != "skip"]


def problems(found: Found) -> list[GeneratorError]:
    """What `discover` refused that stops no article (a folder linked from outside)."""
    return [r.error for r in found.refused if r.source is None]


def stale_warning(entry: Entry, config: SiteConfig) -> SidecarError:
    return SidecarError("stale: the article changed after this sidecar was edited, so a build keeps the "
                        "sidecar as it is; review it", entry.source.sidecar_path,
                        hint=f"`{config.command('extract', '--refresh', entry.slug)}` proposes updates "
                             "and keeps your edits")
