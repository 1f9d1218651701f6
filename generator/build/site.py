"""Building a site: read every article, bring its sidecar up to date, render, publish.

What happens to each sidecar (the rules are the same for `build` and `extract`):
- missing -> extract and write it;
- written by the generator and untouched (its digest matches) -> kept while the
  article, the extractor version and the model are the ones it records;
  otherwise extracted again and replaced;
- edited by a person (or not written by us) -> never overwritten; if its article
  changed after the edit, it is reported as *stale* so an editor can review it.

One failing article (unreadable, broken sidecar) is reported and left out; the
others still build, its last good page stays published, and the build fails so
CI notices. spaCy is imported only when something needs extracting.

Incremental builds (`buildcache`): an article whose bytes and sidecar bytes are
those of the last build is not read again: its `ArticleRecord` and warnings come
from the cache, and its page is carried over if nothing it depends on changed
(templates, config, the actor pages it links to). Site-wide pages are rebuilt
only when some record changed, and each only if its own inputs did. The
extraction rules above are decided on the same bytes, so a cached article is
one the rules would keep.

A build with many articles to read shares them with a forked copy of itself
(`split`): each process reads its share, makes its records, and after the
actor directory is known renders those explainers, so both cores work and
only records and page digests cross between them.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..pages import actors, assets, sitewide as pages, render
from ..pages.explainer import explainer as explainer_page
from ..pages.record import ArticleRecord, record as make_record
from . import cache as buildcache, split
from .. import sidecar, urls
from ..config import SiteConfig
from ..source.discover import SourceFile, discover
from ..source.article import read_article
from ..pages.derived import Derived
from ..errors import GeneratorError, ModelError, PathError, SidecarError, TemplateError
from .executor import Executor, Local
from ..extract import nlp as nlp_module
from ..model import Article, Extraction, Provenance, Sidecar
from .publish import Publisher

Progress = Callable[[str], None]


@dataclass
class Entry:
    """One article on its way through the build."""

    source: SourceFile
    article: Article | None = None
    sidecar: Sidecar | None = None
    error: GeneratorError | None = None
    stale: bool = False
    warnings: list[GeneratorError] = field(default_factory=list)
    # Unchanged since the last build: nothing was read, the cache knows the rest.
    cached: buildcache.CachedArticle | None = None
    sidecar_sha: str | None = None  # of the sidecar bytes this entry was built from
    # Read and ready (`_Read`): its record, and which process holds its article and sidecar.
    ready: _Read | None = None


@dataclass
class _Read:
    """What reading one article found, as it crosses back from the process that read it."""

    skip: bool = False  # a draft left out of this build
    error: GeneratorError | None = None
    extract: bool = False  # its sidecar must be (re)extracted, here
    stale: bool = False
    warnings: list[GeneratorError] = field(default_factory=list)
    article_sha: str = ""
    draft: bool = False
    record: ArticleRecord | None = None
    record_key: str = ""
    stored: bytes = b""  # the record as the cache stores it
    index: int = -1  # its place in the split (who holds its article and sidecar)


@dataclass
class BuildReport:
    articles: int = 0
    pages: int = 0
    extracted: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # output paths rendered (or regenerated) this build
    stale: list[str] = field(default_factory=list)
    changed_files: int = 0
    removed_files: int = 0
    published: bool = False
    failed: bool = False  # errors, or warnings under --strict: the exit code says so
    errors: list[GeneratorError] = field(default_factory=list)
    warnings: list[GeneratorError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def _quiet(_: str) -> None:
    pass


def model_id(config: SiteConfig) -> nlp_module.ModelId | None:
    """The installed model, or None (then nothing can be re-extracted, and only
    articles without a sidecar make the build fail)."""
    try:
        return nlp_module.installed_version(config.model)
    except ModelError:
        return None


def load_entries(config: SiteConfig, drafts: bool = False,
                 cache: buildcache.BuildCache | None = None) -> list[Entry]:
    """Every article read, each with its error if it could not be; with a
    cache, articles unchanged since the last build are not read."""
    entries = []
    for entry in _found(config, drafts, cache):
        if entry.cached is None and not _read_article(entry, drafts):
            continue
        entries.append(entry)
    return entries


def _found(config: SiteConfig, drafts: bool, cache: buildcache.BuildCache | None,
           file_sha: Callable[[Path], str | None] = buildcache.file_sha) -> list[Entry]:
    """Every article, those the cache knows unchanged filled in from it, the others unread."""
    entries = []
    for source in discover(config.content_dir):
        entry = Entry(source)
        if cache is not None:
            entry.sidecar_sha = file_sha(source.sidecar_path)  # before the sidecar is read
            hit = cache.article(source.rel, file_sha(source.path), entry.sidecar_sha)
            if hit is not None and hit.draft and not drafts:
                continue
            if hit is not None:
                entry.cached, entry.stale = hit, hit.stale
                entry.warnings = [buildcache.warning_from(w, config.root) for w in hit.warnings]
        entries.append(entry)
    return entries


def _read_article(entry: Entry, drafts: bool) -> bool:
    """Read the entry's article (or note its error); False for a draft left out."""
    try:
        entry.article = read_article(entry.source)
    except GeneratorError as exc:
        entry.error = exc
    return entry.article is None or not entry.article.draft or drafts


def needs_extraction(entry: Entry, current_model: nlp_module.ModelId | None,
                     warnings: list[GeneratorError]) -> bool:
    """Load the entry's sidecar if it can be kept; True if it must be (re)extracted."""
    from ..extract import EXTRACTOR_VERSION

    assert entry.article is not None
    path = entry.source.sidecar_path
    state = sidecar.state_of(path)
    if state is sidecar.State.MISSING:
        return True
    try:
        loaded, problems = sidecar.load(path)
    except SidecarError as exc:
        if state is sidecar.State.MACHINE:  # ours and unreadable: a bug, but safe to redo
            return True
        entry.error = exc
        return False
    if state is sidecar.State.MACHINE:
        prov = loaded.provenance
        current = (EXTRACTOR_VERSION, str(current_model) if current_model else None)
        recorded = (prov.generator, prov.model) if prov else None
        outdated = current_model is not None and recorded != current
        if loaded.article_sha256 != entry.article.sha256 or outdated:
            return True
    elif loaded.article_sha256 and loaded.article_sha256 != entry.article.sha256:
        entry.stale = True
    entry.sidecar = loaded
    warnings.extend(problems)
    return False


def machine_sidecar(path: Path, article: Article, found: Extraction, config: SiteConfig) -> Sidecar:
    """The sidecar the machine writes for what it found in `article`."""
    from ..extract import EXTRACTOR_VERSION

    model = nlp_module.installed_version(config.model)
    return Sidecar(path=path, article_path=article.rel, article_sha256=article.sha256, extraction=found,
                   provenance=Provenance(EXTRACTOR_VERSION, str(model), ""))


def run_extraction(config: SiteConfig, articles: list[Article], progress: Progress = _quiet,
                   executor: Executor | None = None,
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
    if early is None:
        results: Iterator[Extraction] = runner.map(config.model, texts)
    else:
        with early:
            meanwhile()
            results = iter(early.result())
    for n, (article, found) in enumerate(zip(articles, results), 1):
        progress(f"Extracting [{n}/{len(articles)}] {article.rel}")
        yield article, found


def extract_entries(config: SiteConfig, entries: list[Entry], progress: Progress = _quiet,
                    executor: Executor | None = None, meanwhile: Callable[[], None] | None = None) -> list[str]:
    """Extract and write sidecars for the entries that need it; their slugs."""
    todo = [e for e in entries if e.article is not None]
    by_article = {id(e.article): e for e in todo}
    done: list[str] = []
    for article, found in run_extraction(config, [e.article for e in todo if e.article], progress, executor,
                                          meanwhile):
        entry = by_article[id(article)]
        new = machine_sidecar(entry.source.sidecar_path, article, found, config)
        # An editor may have saved the sidecar while the model ran: theirs wins.
        if sidecar.state_of(new.path) is sidecar.State.EDITED:
            entry.sidecar_sha = buildcache.file_sha(new.path)
            loaded, _ = sidecar.load(new.path)
            entry.sidecar = loaded
            continue
        text = sidecar.dumps(new)
        try:
            sidecar.write_text(new.path, text)
        except SidecarError as exc:  # cannot write (disk full...): this page fails, the old file stays
            entry.error = exc
            continue
        entry.sidecar_sha = buildcache.sha(text.encode("utf-8"))  # what was written, not what is there now
        entry.sidecar = new
        done.append(entry.source.slug)
    return done


@dataclass
class _Job:
    """What both processes of a split build know (the helper gets it by fork)."""

    config: SiteConfig
    drafts: bool
    model: nlp_module.ModelId | None
    fresh: list[Entry]  # the entries read in this build, in split order
    out: Publisher | None = None
    env: jinja2.Environment | None = None
    base_path: str = "/"
    memory: Memory = field(default_factory=lambda: Memory())
    records: Path | None = None  # where the build cache keeps records


def prepare(config: SiteConfig, report: BuildReport, drafts: bool = False,
            progress: Progress = _quiet, cache: buildcache.BuildCache | None = None,
            executor: Executor | None = None) -> list[Entry]:
    """Read articles and bring every sidecar up to date; errors go into the report."""
    entries = _found(config, drafts, cache)
    job = _Job(config, drafts, model_id(config), [e for e in entries if e.cached is None])
    with split.Serial(len(job.fresh), job) as work:
        return _prepare(config, report, entries, job, work, progress, executor)


def _prepare(config: SiteConfig, report: BuildReport, entries: list[Entry], job: _Job, work: split.Serial,
             progress: Progress, executor: Executor | None,
             meanwhile: Callable[[list[Entry]], None] | None = None) -> list[Entry]:
    """`prepare` for the entries `_found` gave, reading them in `work`'s processes.
    `meanwhile(entries)`: see `run_extraction`."""
    dropped: set[int] = set()
    todo = []
    for i, read in sorted(work.map(_read_step).items()):
        entry = job.fresh[i]
        if read.skip:
            dropped.add(id(entry))
            continue
        entry.error, entry.stale = read.error, read.stale
        entry.warnings.extend(read.warnings)
        if read.extract:
            if entry.article is None:  # read in the helper: read it again here, where the model runs
                _read_article(entry, drafts=True)
            todo.append(entry)
        elif read.record is not None:
            read.index = i
            entry.ready = read
    entries = [e for e in entries if id(e) not in dropped]
    report.articles = len(entries)
    if todo:
        try:
            report.extracted = extract_entries(config, todo, progress, executor,
                                               (lambda: meanwhile(entries)) if meanwhile is not None else None)
        except ModelError as exc:
            for entry in todo:
                entry.error = ModelError(f"cannot extract claims: {exc.message}", entry.source.path, hint=exc.hint)
    for entry in entries:
        report.warnings.extend(entry.warnings)
        if entry.stale:
            report.stale.append(entry.source.slug)
            report.warnings.append(stale_warning(entry))
        if entry.error is not None:
            report.errors.append(entry.error)
    return entries


def _read_step(job: _Job, held: dict, i: int, _: object) -> _Read:
    """Read one article and its sidecar and make its record; the process that
    does keeps them (`held`) to render the page later."""
    entry = job.fresh[i]
    if not _read_article(entry, job.drafts):
        return _Read(skip=True)
    if entry.article is None:
        return _Read(error=entry.error)
    warnings: list[GeneratorError] = []
    if needs_extraction(entry, job.model, warnings):
        return _Read(extract=True, stale=entry.stale, warnings=warnings)
    read = _Read(error=entry.error, stale=entry.stale, warnings=warnings, article_sha=entry.article.sha256,
                 draft=entry.article.draft)
    if entry.error is not None or entry.sidecar is None:
        return read
    try:
        read.record = make_record(entry.article, entry.sidecar, job.config)
    except GeneratorError as exc:
        read.error = exc
        return read
    read.stored = buildcache.record_bytes(buildcache.record_data(read.record))
    read.record_key = buildcache.sha(read.stored)
    if job.records is not None and buildcache.store_record(job.records, read.record_key, read.stored):
        read.stored = b""  # on disk already: nothing for the cache to write, or to send back
    held[i] = entry
    return read


def stale_warning(entry: Entry) -> SidecarError:
    return SidecarError("stale: the article changed after this sidecar was edited, so a build keeps the "
                        "sidecar as it is; review it", entry.source.sidecar_path,
                        hint=f"`python -m generator extract --refresh {entry.source.slug}` proposes updates "
                             "and keeps your edits")


@dataclass
class Memory:
    """What a long-running process (the preview server) keeps from one build to
    the next while the fingerprint (templates, settings, code, model) stays the
    same: the last build's cache with its records decoded, and the Jinja2
    environment with its compiled templates. A build given none reads the cache
    from disk and compiles the templates it renders."""

    fingerprint: str = ""
    cache: buildcache.BuildCache | None = None
    env: jinja2.Environment | None = None
    derived: Derived = field(default_factory=Derived)
    site: tuple[str, _SiteState] | None = None  # the last site state, by its site key
    hashes: buildcache.FileHashes = field(default_factory=buildcache.FileHashes)


def build(config: SiteConfig, drafts: bool = False, strict: bool = False,
          progress: Progress = _quiet, executor: Executor | None = None,
          memory: Memory | None = None) -> BuildReport:
    """Render every article that is ready and the site-wide pages, and publish them
    in one swap. Nothing is published after a template error, a write error, or
    with `strict` after any error or warning."""
    started = time.perf_counter()
    theme = render.theme_dirs(config)
    site_assets = assets.collect(theme, config.static_dir)
    current = model_id(config)
    fingerprint = buildcache.fingerprint(config, str(current) if current else None, theme,
                                         {n: (a.rel, buildcache.sha(a.data)) for n, a in site_assets.items()})
    cache_file = buildcache.cache_path(config)
    memory = memory if memory is not None else Memory()
    if memory.fingerprint != fingerprint:
        memory.fingerprint, memory.cache, memory.env, memory.derived, memory.site = \
            fingerprint, None, None, Derived(), None
    cache = memory.cache if memory.cache is not None else buildcache.load(cache_file, fingerprint)
    report = BuildReport()
    with _collector_paced():
        try:
            _build(config, site_assets, report, cache, cache_file, drafts, strict, progress, executor, memory)
        except buildcache.Damaged:  # a record the cache names is gone or changed: build from the files alone
            report = BuildReport(extracted=report.extracted)
            _build(config, site_assets, report, buildcache.BuildCache(fingerprint=fingerprint), cache_file,
                   drafts, strict, progress, executor, memory)
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def _collector_paced() -> Iterator[None]:
    """A build makes millions of small objects, most of them kept to its end
    and hardly any in cycles: at Python's default pace (a young collection
    every 700 allocations) the cycle collector takes ~12% of a build's CPU
    walking them, at 10,000 under 3%. `_warm` also sets the last build's
    records aside (`gc.freeze`). Both are undone here."""
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    gc.set_threshold(10_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not frozen:
            gc.unfreeze()


def _build(config: SiteConfig, site_assets: dict[str, assets.Asset], report: BuildReport,
           cache: buildcache.BuildCache, cache_file: Path, drafts: bool, strict: bool, progress: Progress,
           executor: Executor | None, memory: Memory) -> None:
    if memory.env is None:
        memory.env = render.environment(config)
        memory.env.globals["asset"] = lambda name: site_assets[name].rel
        memory.env.globals["feed"] = urls.FEED if urls.is_absolute(config.base_url) else None
    env = memory.env
    try:
        with Publisher(config.output_dir) as out:
            entries = _found(config, drafts, cache, memory.hashes)
            job = _Job(config, drafts, model_id(config), [e for e in entries if e.cached is None], out, env,
                       urls.base_path(config.base_url), memory, cache.records_dir)
            if len(job.fresh) >= split.FROM:
                out.stage  # noqa: B018 - made before a fork, so both processes write into the same one
                render.preload(env)
            with split.make(len(job.fresh), job) as work:
                entries = _prepare(config, report, entries, job, work, progress, executor,
                                   lambda found: _warm(job, cache, found))
                made = _render_site(job, entries, report, cache, work)
            for asset in site_assets.values():
                out.put(asset.rel, asset.data)
            template_broken = any(isinstance(e, TemplateError) for e in report.errors)
            report.failed = bool(report.errors) or strict and bool(report.warnings or config.warnings)
            if report.failed and (strict or template_broken or not report.pages and not out.previous):
                out.abort()  # a broken template breaks every page: keep the last good site
            else:
                report.changed_files = len(out.changed)
                report.removed_files = len(out.removed)
                report.published = out.commit()
                if not made.same_index(cache) or made.new_records:
                    _save_cache(cache_file, made)
                memory.cache = made  # what output/ now holds
    except OSError as exc:  # a full disk, a read-only folder: output/ was never touched
        where = exc.filename or config.output_dir
        raise PathError(f"cannot write the new site: {exc.strerror or exc}; the previous output is unchanged",
                        where) from exc


def _warm(job: _Job, cache: buildcache.BuildCache, entries: list[Entry]) -> None:
    """While a few articles are extracted in another process: the templates
    compiled, and what the site-wide pages need of each record of the last
    build worked out (`derived.py`), so that afterwards only the changed
    articles' values are new, as in the preview server. A shortcut only: it
    writes nothing, and a damaged cache just ends it (the build then finds the
    damage itself)."""
    if job.env is not None:
        render.preload(job.env)
    hits = (e.cached or cache.articles.get(e.source.rel) for e in entries)
    # Hundreds of thousands of objects that live until the build ends and hold
    # no cycles: the cycle collector would walk them again and again (a sixth of
    # the CPU of a one-article build of 4000 articles): see `_collector_paced`.
    collecting = gc.isenabled()
    gc.disable()
    try:
        records = [cache.record(hit.record_key) for hit in hits if hit is not None]
        derived = job.memory.derived
        pages.derive(records, job.config, actors.directory(records, derived), derived)
    except buildcache.Damaged:
        return
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _save_cache(path: Path, cache: buildcache.BuildCache) -> None:
    try:
        buildcache.save(path, cache)
    except (OSError, buildcache.Damaged):  # a read-only site folder: the build is done, only the next one is slower
        pass


@dataclass
class _Item:
    """An article on its way to a page: its record made now, or known to the cache by its key."""

    entry: Entry
    record_key: str
    record: ArticleRecord | None

    @property
    def article_sha(self) -> str:
        if self.entry.cached is not None:
            return self.entry.cached.article
        if self.entry.ready is not None:
            return self.entry.ready.article_sha
        assert self.entry.article is not None
        return self.entry.article.sha256


class _SiteState:
    """What depends on every record (the actor directory, the menu), worked out
    only when some page needs it."""

    def __init__(self, items: list[_Item], cache: buildcache.BuildCache, made: buildcache.BuildCache,
                 derived: Derived) -> None:
        self.records = []
        for it in items:
            record = it.record if it.record is not None else cache.record(it.record_key)
            made.keep(it.record_key, record)
            self.records.append(record)
        derived.keep_only(self.records)
        self.derived = derived
        self.people = actors.directory(self.records, derived)
        self.members = actors.by_member(self.people)
        self.nav = pages.navigation(self.records)
        # Records and site actors stand in page keys for what made them: a
        # record by its key, a site actor by its id and its articles' records
        # (`actors.directory`: a site actor is a function of nothing else).
        self.known = {id(r): it.record_key for r, it in zip(self.records, items)}
        self.records_known = dict(self.known)  # site actors walked: what their pages show
        by_slug = {r.slug: it.record_key for r, it in zip(self.records, items)}
        for person in self.people:
            self.known[id(person)] = buildcache.key("site-actor", person.id, person.url, person.members,
                                                    sorted({by_slug[slug] for slug, _ in person.members}))


def _render_site(job: _Job, entries: list[Entry], report: BuildReport, cache: buildcache.BuildCache,
                 work: split.Serial) -> buildcache.BuildCache:
    """Render what changed, carry over what did not; the cache of this build."""
    config, out = job.config, job.out
    assert out is not None and job.env is not None
    made = buildcache.BuildCache(fingerprint=cache.fingerprint, records_dir=cache.records_dir)
    items: list[_Item] = []
    for entry in entries:
        if entry.cached is not None:
            made.carry(cache, entry.cached.record_key)
            items.append(_Item(entry, entry.cached.record_key, None))
            continue
        if entry.ready is not None:
            made.keep(entry.ready.record_key, entry.ready.record, entry.ready.stored or None)  # type: ignore[arg-type]
            items.append(_Item(entry, entry.ready.record_key, entry.ready.record))
            continue
        if entry.error is not None or entry.article is None or entry.sidecar is None:
            out.keep(f"{entry.source.slug}/")
            continue
        try:  # extracted in this build
            record = make_record(entry.article, entry.sidecar, config)
        except GeneratorError as exc:
            report.errors.append(exc)
            out.keep(f"{entry.source.slug}/")
            continue
        stored = buildcache.record_bytes(buildcache.record_data(record))
        record_key = buildcache.sha(stored)
        made.keep(record_key, record, stored)
        items.append(_Item(entry, record_key, record))
    report.pages = len(items)

    # The same records as last time: the same actor directory, menu and site pages.
    made.site_key = buildcache.key(cache.fingerprint, [(it.entry.source.slug, it.record_key) for it in items])
    same_site = made.site_key == cache.site_key
    state: list[_SiteState] = []

    def site() -> _SiteState:
        if not state:
            kept = job.memory.site
            if kept is not None and kept[0] == made.site_key:  # the same records as the last build in this process
                for it, record in zip(items, kept[1].records):
                    made.keep(it.record_key, record)
                state.append(kept[1])
            else:
                state.append(_SiteState(items, cache, made, job.memory.derived))
                job.memory.site = (made.site_key, state[0])
        return state[0]

    nav = tuple(tuple(x) for x in cache.nav) if same_site else site().nav
    made.nav = [list(x) for x in nav]
    job.env.globals["nav"] = nav

    ready = [it for it in items if it.entry.ready is not None]
    links = {it.entry.ready.index: _links(it, site, made) for it in ready}  # type: ignore[union-attr]
    # Read in this build: rendered where they were read. The helper starts on
    # its explainers while this process works out the site-wide pages, then
    # takes the actor pages too, while this process renders the rest.
    theirs = work.start(_render_step, (nav, links)) if ready else None
    todo = _site_pages(job, report, cache, made, same_site, site, nav)
    there = [t for t in todo if t[0].template == "actor.html"] if isinstance(work, split.Split) else []
    todo = [t for t in todo if t[0].template != "actor.html"] if there else todo
    pages_there = work.task(_pages_step, (nav, there)) if there else None
    if ready:
        rendered = work.here(_render_step, (nav, links))
        rendered.update(theirs.result() if theirs is not None else {})
        for it in ready:
            _adopt(it, rendered[it.entry.ready.index], links[it.entry.ready.index], config, out, report, cache,  # type: ignore[union-attr]
                   made)
    for it in items:
        if it.entry.ready is None:
            _explainer(job, it, report, cache, made, same_site, site)
    for done in _pages_step(job, {}, (nav, todo)):
        _adopt_page(done, out, report, made)
    for done in pages_there.result() if pages_there is not None else ():
        _adopt_page(done, out, report, made)
    return made


def _links(it: _Item, site: Callable[[], _SiteState], made: buildcache.BuildCache) -> dict[str, str]:
    """The explainer's actor links (all it needs of the actor directory)."""
    record = it.record if it.record is not None else made.records[it.record_key]
    return pages.actor_links(it.entry.source.slug, (a.id for a in record.actors), site().members)


def _page_key(cache: buildcache.BuildCache, it: _Item, links: dict[str, str], nav: list) -> str:
    entry = it.entry
    return buildcache.key(cache.fingerprint, it.article_sha, entry.sidecar_sha, entry.stale, links, nav)


@dataclass
class _Rendered:
    """An explainer rendered where it was read, as it crosses back."""

    path: str = ""
    digest: str = ""
    written: bool = False
    warnings: tuple[GeneratorError, ...] = ()
    error: GeneratorError | None = None
    pid: int = 0  # the process that put it in the staging folder


def _render_step(job: _Job, held: dict, i: int, arg: tuple) -> _Rendered | None:
    """Render an explainer this process read (`_read_step`) and put it in the
    staging folder; then forget its article and sidecar."""
    entry = held.pop(i, None)
    if entry is None:
        return None
    nav, links = arg
    assert job.env is not None and job.out is not None
    job.env.globals["nav"] = nav
    path = urls.output_file(f"{entry.source.slug}/")
    try:
        page = explainer_page(entry.article, entry.sidecar, job.config, stale=entry.stale)
        html = render.render(job.env, "explainer.html", path, job.base_path,
                             **pages.explainer_values(page, job.config, links[i]))
    except GeneratorError as exc:
        return _Rendered(error=exc)
    data = html.encode("utf-8")
    written = job.out.put(path, data)
    return _Rendered(path, buildcache.sha(data), written, page.warnings, pid=os.getpid())


def _adopt(it: _Item, done: _Rendered | None, links: dict[str, str], config: SiteConfig, out: Publisher,
           report: BuildReport, cache: buildcache.BuildCache, made: buildcache.BuildCache) -> None:
    entry, read = it.entry, it.entry.ready
    assert done is not None and read is not None
    if done.error is not None:
        report.errors.append(done.error)
        out.keep(f"{entry.source.slug}/")
        return
    entry.warnings.extend(done.warnings)
    report.warnings.extend(done.warnings)
    if done.pid != os.getpid():  # the helper's Publisher counted it, not ours
        out.adopt(done.path, done.digest, done.written)
    report.rendered.append(done.path)
    if entry.sidecar_sha is not None:
        made.articles[entry.source.rel] = buildcache.CachedArticle(
            slug=entry.source.slug, article=read.article_sha, sidecar=entry.sidecar_sha, draft=read.draft,
            stale=entry.stale, warnings=[buildcache.warning_data(w, config.root) for w in entry.warnings],
            record_key=it.record_key, page_key=_page_key(cache, it, links, made.nav), page=done.path,
            page_sha=done.digest)


def _explainer(job: _Job, it: _Item, report: BuildReport, cache: buildcache.BuildCache,
               made: buildcache.BuildCache, same_site: bool, site: Callable[[], _SiteState]) -> None:
    """An explainer the cache knows (carried over when its key is the same) or
    one extracted in this build."""
    config, out = job.config, job.out
    assert out is not None and job.env is not None
    entry, hit = it.entry, it.entry.cached
    slug = entry.source.slug
    path = urls.output_file(f"{slug}/")
    if hit is not None:
        found = None if same_site else _links(it, site, made)
        key = hit.page_key if found is None else _page_key(cache, it, found, made.nav)
        if key == hit.page_key and out.reuse(hit.page, hit.page_sha):
            made.articles[entry.source.rel] = hit
            return
        # Its page must be rendered again (a linked actor page moved, output/
        # lost it): read it again; its warnings were reported from the cache.
        try:
            entry.article = read_article(entry.source)
            entry.sidecar, _ = sidecar.load(entry.source.sidecar_path)
        except GeneratorError as exc:
            report.errors.append(exc)
            out.keep(f"{slug}/")
            return
    assert entry.article is not None and entry.sidecar is not None
    links = _links(it, site, made)
    try:
        page = explainer_page(entry.article, entry.sidecar, config, stale=entry.stale)
        html = render.render(job.env, "explainer.html", path, job.base_path,
                             **pages.explainer_values(page, config, links))
    except GeneratorError as exc:
        report.errors.append(exc)
        out.keep(f"{slug}/")
        return
    if hit is None:
        entry.warnings.extend(page.warnings)
        report.warnings.extend(page.warnings)
    data = html.encode("utf-8")
    out.put(path, data)
    report.rendered.append(path)
    if entry.sidecar_sha is not None:
        made.articles[entry.source.rel] = buildcache.CachedArticle(
            slug=slug, article=it.article_sha, sidecar=entry.sidecar_sha, draft=entry.article.draft,
            stale=entry.stale, warnings=[buildcache.warning_data(w, config.root) for w in entry.warnings],
            record_key=it.record_key, page_key=_page_key(cache, it, links, made.nav), page=path,
            page_sha=buildcache.sha(data))


def _site_pages(job: _Job, report: BuildReport, cache: buildcache.BuildCache, made: buildcache.BuildCache,
                same_site: bool, site: Callable[[], _SiteState], nav: tuple) -> list[tuple[pages.PageSpec, list[str]]]:
    """Put the site-wide files in place and carry over the pages whose key is
    the same; the pages to render, each with its cache entry to be.

    A page's key stands records and site actors in by their keys (`_SiteState`),
    so it is cheap. An actor page also gets a key of what it shows, worked out
    only when its cheap key changed (one of the actor's articles changed, but
    perhaps not what they said there) and kept for the next time: an edit to one
    actor's role does not render the pages of everyone else in that article."""
    out = job.out
    assert out is not None
    if same_site and all(out.reuse(rel, entry[1]) for rel, entry in cache.pages.items()):
        made.pages = dict(cache.pages)
        return []
    state = site()
    todo = []
    for spec in pages.site_pages(state.records, job.config, state.people, state.derived):
        if isinstance(spec, pages.FileSpec):
            digest = buildcache.sha(spec.data)
            made.pages[spec.output] = [digest, digest, ""]
            if not out.reuse(spec.output, digest):
                out.put(spec.output, spec.data)
                report.rendered.append(spec.output)
            continue
        key = buildcache.values_key(cache.fingerprint, spec.output, spec.template, spec.anywhere, nav, spec.values,
                                    known=state.known)
        old = cache.pages.get(spec.output)
        content = ""
        if old is not None and old[0] != key and spec.subject is not None:
            content = buildcache.values_key(cache.fingerprint, spec.output, spec.template, spec.anywhere, nav,
                                            spec.values, known=state.records_known)
        if old is not None and (old[0] == key or content and old[2] == content) and out.reuse(spec.output, old[1]):
            made.pages[spec.output] = [key, old[1], content or old[2]]
            continue
        todo.append((spec, [key, "", content]))
    return todo


def _pages_step(job: _Job, held: dict, arg: tuple) -> list[tuple[str, list[str], bool, int, GeneratorError | None]]:
    """Render site pages into the staging folder: (output, cache entry, written, pid, error) each."""
    nav, todo = arg
    assert job.env is not None and job.out is not None
    job.env.globals["nav"] = nav
    done = []
    for spec, entry in todo:
        try:
            html = render.render(job.env, spec.template, None if spec.anywhere else spec.output, job.base_path,
                                 **spec.values)
        except GeneratorError as exc:
            done.append((spec.output, entry, False, os.getpid(), exc))
            continue
        data = html.encode("utf-8")
        written = job.out.put(spec.output, data)
        done.append((spec.output, [entry[0], buildcache.sha(data), entry[2]], written, os.getpid(), None))
    return done


def _adopt_page(done: tuple[str, list[str], bool, int, GeneratorError | None], out: Publisher,
                report: BuildReport, made: buildcache.BuildCache) -> None:
    output, entry, written, pid, error = done
    if error is not None:
        report.errors.append(error)
        return
    if pid != os.getpid():
        out.adopt(output, entry[1], written)
    report.rendered.append(output)
    made.pages[output] = entry
