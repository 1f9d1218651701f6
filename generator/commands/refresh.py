"""`extract --refresh SLUG`: propose a fresh extraction for an article's sidecar,
keeping every edit in it (the rules: `sidecar/merge.py`). A sidecar nobody
edited is simply extracted again, as a build would."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import sidecar
from ..build import extraction, reading
from ..build.entry import Entry
from ..config import SiteConfig
from ..errors import GeneratorError
from ..sidecar.merge import Merge
from ..sidecar.refresh import propose, write_over
from ..source.schema import suggest


@dataclass(frozen=True)
class Outcome:
    slug: str
    path: Path
    action: str  # "extracted" (no sidecar) | "re-extracted" (nobody had edited it) | "refreshed"
    written: bool
    merge: Merge | None = None


Progress = Callable[[str], None]


def refresh(config: SiteConfig, names: Sequence[str], progress: Progress = lambda _: None) -> list[Outcome]:
    """Refresh the named articles' sidecars (each named by its slug, or by its
    article's or sidecar's file name); raises on the first that cannot be."""
    entries = {e.slug: e for e in reading.read_all(config, drafts=True)}
    chosen: list[Entry] = []
    for name in dict.fromkeys(names):
        entry = entries.get(name) or _by_file(name, entries.values(), config)
        if entry is None:
            known = ", ".join(sorted(entries)) or "none"
            near = suggest(name, entries)
            raise GeneratorError(f"no article has the slug or file name '{name}'", config.content_dir,
                                 hint=f"{near + ' ' if near else ''}the slugs are: {known}")
        if entry.error is not None:
            raise entry.error
        if entry not in chosen:
            chosen.append(entry)
    # Read (and validate) every edited sidecar before spending time on the model;
    # keep the bytes of each, edited or not: nothing is written over a save made meanwhile.
    before: dict[str, tuple[bytes, sidecar.Loaded]] = {}
    read: dict[str, bytes | None] = {}
    for entry in chosen:
        path = entry.source.sidecar_path
        state, read[entry.source.slug] = sidecar.observed(path)
        if state is sidecar.State.EDITED:
            data = sidecar.read_bytes(path)
            before[entry.source.slug] = (data, sidecar.loads_for_refresh(data, path))
    outcomes = []
    for article, found in extraction.run(config, [e.article for e in chosen if e.article], progress):
        entry = entries[article.slug]
        fresh = extraction.machine_sidecar(article, found, config)
        if entry.source.slug not in before:
            action = "re-extracted" if read[entry.source.slug] is not None else "extracted"
            written = write_over(fresh.path, read[entry.source.slug], sidecar.dumps(fresh))
            outcomes.append(Outcome(article.slug, fresh.path, action, written))
            continue
        data, loaded = before[entry.source.slug]
        proposal = propose(loaded, fresh)
        outcomes.append(Outcome(article.slug, fresh.path, "refreshed", write_over(fresh.path, data, proposal.text),
                                proposal.merge))
    return outcomes


def _by_file(name: str, entries: Iterable[Entry], config: SiteConfig) -> Entry | None:
    """The entry whose article or sidecar is the file `name`: as typed from here
    (`content/river.md`), from the site folder, or from content/ (`river.yaml`)."""
    wanted = {(base / name).resolve() for base in (Path.cwd(), config.root, config.content_dir)}
    for entry in entries:
        if {entry.source.path.resolve(), entry.source.sidecar_path.resolve()} & wanted:
            return entry
    return None
