"""Extracting the articles whose sidecars must be (re)written, and writing them.

spaCy is imported only here and only when something needs extracting; where
it runs is the executor's business (`executor.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from .. import sidecar
from ..config import SiteConfig
from ..errors import ModelError, SidecarError
from ..extract import nlp as nlp_module
from ..model import Article, Extraction, Provenance, Sidecar
from . import cache
from .entry import Entry
from .executor import Executor, Local

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def model_id(config: SiteConfig) -> nlp_module.ModelId | None:
    """The installed model, or None (then nothing can be re-extracted, and only
    articles without a sidecar make the build fail)."""
    try:
        return nlp_module.installed_version(config.model)
    except ModelError:
        return None


def extractor_version() -> str:
    from ..extract import EXTRACTOR_VERSION

    return str(EXTRACTOR_VERSION)


def machine_sidecar(entry_article: Article, found: Extraction, config: SiteConfig) -> Sidecar:
    """The sidecar the machine writes for what it found in an article."""
    from ..source.discover import sidecar_path_for

    model = nlp_module.installed_version(config.model)
    return Sidecar(path=sidecar_path_for(entry_article.path), article_path=entry_article.rel,
                   article_sha256=entry_article.sha256, article_text_sha256=entry_article.text_sha256,
                   extraction=found,
                   provenance=Provenance(extractor_version(), str(model), ""))


def run(config: SiteConfig, articles: list[Article], progress: Progress = _quiet, executor: Executor | None = None,
        meanwhile: Callable[[], None] | None = None) -> Iterator[tuple[Article, Extraction]]:
    """What the model finds in each article, in order, run by `executor` (local
    worker processes by default; see `executor.py`), with progress. `meanwhile`:
    work worth doing while a few articles are extracted in another process
    (`Local.begin`); not done otherwise."""
    if not articles:
        return
    model = nlp_module.installed_version(config.model)  # a missing model fails here, before any worker starts
    progress(f"Extracting {len(articles)} article(s) with spaCy model {model} ...")
    runner = executor or Local()
    texts = [a.text for a in articles]
    early = runner.begin(config.model, texts) if meanwhile is not None and isinstance(runner, Local) else None
    if early is None or meanwhile is None:
        results: Iterator[Extraction] = runner.map(config.model, texts)
    else:
        with early:
            meanwhile()
            results = iter(early.result())
    for n, (article, found) in enumerate(zip(articles, results), 1):
        progress(f"Extracting [{n}/{len(articles)}] {article.rel}")
        yield article, found


def extract(config: SiteConfig, entries: list[Entry], progress: Progress = _quiet, executor: Executor | None = None,
            meanwhile: Callable[[], None] | None = None) -> list[str]:
    """Extract and write the sidecars of these entries (each with its article
    read); their slugs. A model that cannot be loaded fails each of them."""
    by_article = {id(e.article): e for e in entries if e.article is not None}
    done: list[str] = []
    try:
        for article, found in run(config, [e.article for e in entries if e.article is not None], progress,
                                  executor, meanwhile):
            entry = by_article[id(article)]
            if _write(entry, machine_sidecar(article, found, config)):
                done.append(entry.slug)
    except ModelError as exc:
        for entry in entries:
            if entry.sidecar is None:
                entry.fail(ModelError(f"cannot extract claims: {exc.message}", entry.source.path, hint=exc.hint))
    return done


def _write(entry: Entry, new: Sidecar) -> bool:
    """Write what the machine found, unless an editor saved the sidecar while
    the model ran, or while it is being written: theirs wins. True if written."""
    state, read = sidecar.observed(new.path)
    if state is sidecar.State.EDITED:
        return _theirs(entry, new.path)
    text = sidecar.dumps(new)
    try:
        sidecar.write_text(new.path, text, read)
    except sidecar.SavedMeanwhile:
        return _theirs(entry, new.path)
    except SidecarError as exc:  # cannot write (disk full...): this page fails, the old file stays
        entry.fail(exc)
        return False
    entry.sidecar_sha = cache.sha(text.encode("utf-8"))  # what was written, not what is there now
    entry.sidecar = new
    entry.edited = False
    return True


def _theirs(entry: Entry, path: Path) -> bool:
    """The sidecar an editor saved is the one the page is built from."""
    entry.sidecar_sha = cache.file_sha(path)
    entry.edited = True
    try:
        entry.sidecar, _ = sidecar.load(path)
    except SidecarError as exc:
        entry.fail(exc)
    return False
