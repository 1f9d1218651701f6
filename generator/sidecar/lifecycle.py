"""What a sidecar is, decided in one place for `build`, `extract`, `check` and
`extract --refresh`.

- missing -> extract it;
- written by the generator and untouched (its digest matches, `digest.py`) ->
  kept while the article, the extractor version and the model are the ones it
  records, otherwise extracted again and replaced; one that no longer reads is
  ours, so it is safely extracted again too;
- edited by a person (or not written by us) -> never overwritten: kept, or
  *stale* when its article changed after the edit (kept, with a warning, so an
  editor can review it), or *broken* when it does not read (its page fails).

A sidecar with no article beside it is an *orphan* (`homes`): its article was
renamed, when exactly one article without a sidecar has the text it was made
from (then it is carried over, `carry.py`), or deleted.

"The article changed" means the text extraction reads changed (`article.text_sha256`,
`Article.text_sha256`): a tag added in front matter, a blank line or new line
ends change no finding, so they neither make an edited sidecar stale nor send
the machine's back to the model. A sidecar written before that field existed
has only the hash of the article's bytes, and is judged by it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import SidecarError
from ..model import Article, Sidecar
from . import digest
from .read import load


class State(enum.Enum):
    MISSING = "missing"
    MACHINE = "machine-written"  # exactly as the generator wrote it
    EDITED = "edited"  # changed by a person, or not written by us: never overwritten


def state_of(path: Path) -> State:
    return observed(path)[0]


def observed(path: Path) -> tuple[State, bytes | None]:
    """The sidecar's state and the bytes it was judged by (None: missing). A
    command that writes the file passes them on (`write.write_text`), so a save
    landing in between is never written over."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return State.MISSING, None
    return (State.MACHINE if digest.matches(data.decode("utf-8", "replace")) else State.EDITED), data


class Fate(enum.Enum):
    KEEP = "keep"  # use it as it is
    EXTRACT = "extract"  # (re)extract and write it
    STALE = "stale"  # an editor's, older than its article: use it, and say so
    BROKEN = "broken"  # an editor's, and it does not read: the article fails


@dataclass(frozen=True)
class Decision:
    fate: Fate
    state: State
    sidecar: Sidecar | None = None  # read, for KEEP and STALE
    warnings: tuple[SidecarError, ...] = ()
    error: SidecarError | None = None  # for BROKEN
    reason: str = ""  # for EXTRACT: why, in a few words


def decide(path: Path, article: Article, extractor: str, model: str | None) -> Decision:
    """The fate of the sidecar at `path` for `article`, with this extractor
    version and installed model (None: no model, so nothing already written is
    replaced for being outdated)."""
    state = state_of(path)
    if state is State.MISSING:
        return Decision(Fate.EXTRACT, state, reason="no sidecar yet")
    try:
        sidecar, problems = load(path)
    except SidecarError as exc:
        if state is State.MACHINE:  # ours and unreadable: a bug, but safe to redo
            return Decision(Fate.EXTRACT, state, reason="the generator's sidecar no longer reads")
        return Decision(Fate.BROKEN, state, error=exc)
    if state is State.MACHINE:
        if not made_from(sidecar, article):
            return Decision(Fate.EXTRACT, state, reason="the article changed")
        prov = sidecar.provenance
        if model is not None and (prov is None or (prov.generator, prov.model) != (extractor, model)):
            written = f"extractor {prov.generator}, {prov.model}" if prov else "an unknown extractor"
            return Decision(Fate.EXTRACT, state, reason=f"written by {written}")
        return Decision(Fate.KEEP, state, sidecar, tuple(problems))
    changed = bool(sidecar.article_text_sha256 or sidecar.article_sha256) and not made_from(sidecar, article)
    return Decision(Fate.STALE if changed else Fate.KEEP, state, sidecar, tuple(problems))


def made_from(sidecar: Sidecar, article: Article) -> bool:
    """Was the sidecar made from this article's text, as it reads now? By the
    hash of its text when the sidecar records one, else of its bytes."""
    if sidecar.article_text_sha256:
        return sidecar.article_text_sha256 == article.text_sha256
    return sidecar.article_sha256 == article.sha256


@dataclass(frozen=True)
class Orphan:
    """A sidecar with no article beside it, and the article it belongs with, if
    one is known: else `problem` says why it is left where it is."""

    path: Path
    home: Article | None = None
    problem: SidecarError | None = None


def homes(orphans: Sequence[Path], newcomers: Sequence[Article]) -> list[Orphan]:
    """Where each orphaned sidecar belongs: with the one article among
    `newcomers` (articles without a sidecar) whose text it was made from,
    claimed by no other orphan. An orphan that matches none, or more than one,
    stays where it is, with a warning naming it."""
    matches: dict[Path, list[Article]] = {}
    for path in orphans:
        try:
            loaded, _ = load(path)
        except SidecarError:
            matches[path] = []
            continue
        matches[path] = [a for a in newcomers if made_from(loaded, a)] if loaded.article_sha256 or \
            loaded.article_text_sha256 else []
    claims: dict[Path, int] = {}
    for found in matches.values():
        for article in found:
            claims[article.path] = claims.get(article.path, 0) + 1
    out = []
    for path, found in matches.items():
        if len(found) == 1 and claims[found[0].path] == 1:
            out.append(Orphan(path, found[0]))
        else:
            out.append(Orphan(path, problem=_homeless(path, found)))
    return out


def _homeless(path: Path, found: list[Article]) -> SidecarError:
    beside = f"there is no article {path.stem}.md or {path.stem}.txt beside it"
    if not found:
        return SidecarError(f"{beside}, and no article without a sidecar has the text it was made from, so no "
                            "page uses it", path,
                            hint="rename it to go with its article's new name, or delete it if the article is gone")
    if len(found) > 1:
        names = ", ".join(a.rel for a in found)
        return SidecarError(f"{beside}, and {len(found)} articles without a sidecar have the text it was made "
                            f"from ({names}), so it is left where it is", path,
                            hint="rename it to go with the right one")
    return SidecarError(f"{beside}, and another sidecar without an article was made from the same text as "
                        f"{found[0].rel}, so neither is moved", path, hint="rename the right one to go with it")
