"""Building a site: find the articles, read what changed, extract what must be,
render the explainers and the site-wide pages, publish, remember.

Each article is one `Entry` from start to end (`entry.py`). What happens to
its sidecar is decided by `sidecar.lifecycle`, the same rule `check` and
`extract --refresh` use. One failing article (unreadable, broken sidecar, a
link out of content/) is reported; the others still build, and the build fails
so CI notices. Its last good entry stands in for it (`_stand_ins`): its record
stays in every list and its page stays published, as long as that page is the
one this build would make; otherwise it is left out everywhere, so no link
leads nowhere. spaCy is imported only when something needs extracting.

Incremental builds (`cache.py`): an article whose bytes and sidecar bytes are
those of the last build is not read again: its entry comes from the cache, and
its page is carried over if nothing it depends on changed (templates, config,
the actor pages it links to). Site-wide pages are rebuilt only when some record
changed, and each only if its own inputs did (`sitepages.py`).

A build with many articles to read shares them with a forked copy of itself
(`split.py`): each process reads its share, makes its records, and after the
actor directory is known renders those explainers, so both cores work and only
entries (without their article and sidecar) and page digests cross between them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from .. import urls
from ..config import SiteConfig
from ..errors import GeneratorError, Interrupted, PathError, TemplateError
from ..extract import nlp as nlp_module
from ..pages import assets, render
from ..pages.derived import Derived
from ..pages.record import ArticleRecord
from ..pages.record import record as make_record
from ..source.discover import Found, discover
from . import cache, explainers, extraction, reading, sitepages, split
from .entry import Entry
from .executor import Executor, Local
from .publish import Publisher

if TYPE_CHECKING:
    from .. import sidecar

Progress = Callable[[str], None]
RenderArg = tuple[explainers.Nav, dict[int, dict[str, str]], str]  # menu, each explainer's links, fingerprint


def _quiet(_: str) -> None:
    pass


@dataclass
class BuildReport:
    articles: int = 0
    pages: int = 0
    extracted: list[str] = field(default_factory=list)
    moved: list[sidecar.Moved] = field(default_factory=list)  # sidecars carried over to their renamed articles
    wrote: dict[Path, str | None] = field(default_factory=dict)  # sidecars written (their sha256) or moved away (None)
    rendered: list[str] = field(default_factory=list)  # output paths rendered (or regenerated) this build
    kept: list[str] = field(default_factory=list)  # failed articles kept as the last build had them (`_stand_ins`)
    stale: list[str] = field(default_factory=list)
    changed_files: int = 0
    removed_files: int = 0
    published: bool = False
    aborted: bool = False  # nothing may be published (a broken template, --strict): output/ left as it was
    failed: bool = False  # errors, or warnings under --strict: the exit code says so
    errors: list[GeneratorError] = field(default_factory=list)
    warnings: list[GeneratorError] = field(default_factory=list)
    seconds: float = 0.0
    _said: set[str] = field(default_factory=set, repr=False)  # `errors`, described: add them with `error`

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, error: GeneratorError) -> None:
        """Add an error (and those found with it, `GeneratorError.each`), each
        once: a broken template fails every page rendered with it, and two
        articles that publish to one page fail with one sentence."""
        for one in error.each():
            line = one.describe()
            if line not in self._said:
                self._said.add(line)
                self.errors.append(one)


@dataclass
class Memory:
    """What a long-running process (the preview server) keeps from one build to
    the next while the fingerprint (templates, settings, code, model) stays the
    same: the last build's cache with its records decoded, and the Jinja2
    environment with its compiled templates. A build given none reads the cache
    from disk and compiles the templates it renders."""

    fingerprint: str = ""
    last: cache.BuildCache | None = None  # what output/ holds, by the build that made it
    env: jinja2.Environment | None = None
    derived: Derived = field(default_factory=Derived)
    site: tuple[str, sitepages.SiteState] | None = None  # the last site state, by its site key
    hashes: cache.FileHashes = field(default_factory=cache.FileHashes)

    def begin(self, fingerprint: str) -> None:
        """Forget what a build with another fingerprint made."""
        if self.fingerprint != fingerprint:
            self.fingerprint, self.last, self.env, self.site = fingerprint, None, None, None
            self.derived = Derived(keep=self.derived.keep)


@dataclass
class Job:
    """What both processes of a split build know (the helper gets it by fork)."""

    config: SiteConfig
    drafts: bool
    model: str | None  # the installed model, or None
    fresh: list[Entry]  # the entries read in this build, in split order
    out: Publisher | None = None
    env: jinja2.Environment | None = None
    base_path: str = "/"
    memory: Memory = field(default_factory=Memory)
    records: Path | None = None  # where the build cache keeps records


def build(config: SiteConfig, drafts: bool = False, strict: bool = False, progress: Progress = _quiet,
          executor: Executor | None = None, memory: Memory | None = None) -> BuildReport:
    """Render every article that is ready and the site-wide pages, and publish them
    in one swap. Nothing is published after a template error, a write error, or
    with `strict` after any error or warning."""
    started = time.perf_counter()
    model = extraction.model_id(config)
    runner = executor or Local()
    if isinstance(runner, Local) and model is not None and cache.cache_path(config).exists():
        runner.warm(config.model)  # built before: most likely an article or two edited since
    try:
        report = _built(config, model, drafts, strict, progress, runner, memory)
    finally:
        if isinstance(runner, Local):
            runner.cool()
    report.seconds = time.perf_counter() - started
    return report


def _built(config: SiteConfig, model: nlp_module.ModelId | None, drafts: bool, strict: bool, progress: Progress,
           executor: Executor, memory: Memory | None) -> BuildReport:
    memory = memory if memory is not None else Memory(derived=Derived(keep=False))
    theme = render.theme_dirs(config)
    site_assets, refused = assets.collect(theme, config.static_dir)
    fingerprint = cache.fingerprint(config, str(model) if model else None, theme,
                                    {n: a.rel for n, a in site_assets.items()})
    memory.begin(fingerprint)
    cache_file = cache.cache_path(config)
    last = memory.last if memory.last is not None else cache.load(cache_file, fingerprint, config.root)
    report = _begun(refused)
    with _collector_paced():
        try:
            _build(config, site_assets, model, report, last, cache_file, drafts, strict, progress, executor, memory)
        except cache.Damaged:  # a record the cache names is gone or changed: build from the files alone
            report = _begun(refused, report)
            _build(config, site_assets, model, report, cache.BuildCache(fingerprint=fingerprint), cache_file, drafts,
                   strict, progress, executor, memory)
    return report


def _begun(refused: list[GeneratorError], before: BuildReport | None = None) -> BuildReport:
    """A build's report, holding the static files refused before it began (and,
    when it begins again, what its first attempt did to the site folder)."""
    report = BuildReport() if before is None else BuildReport(extracted=before.extracted, moved=before.moved)
    for error in refused:
        report.error(error)
    return report


def prepare(config: SiteConfig, report: BuildReport, drafts: bool = False, progress: Progress = _quiet,
            executor: Executor | None = None) -> list[Entry]:
    """Read every article and bring every sidecar up to date (`extract`), rendering
    nothing; errors and warnings go into the report."""
    model = extraction.model_id(config)
    found = _look(config, report)
    entries = reading.find(config, drafts, None, found=found)
    job = Job(config, drafts, str(model) if model else None, [e for e in entries if e.status == "found"])
    with split.Serial(len(job.fresh), job) as work:
        entries = _read(job, entries, work)
        report.extracted = _extract(job, entries, progress, executor)
    _collect(entries, report, config)
    return entries


def _build(config: SiteConfig, site_assets: dict[str, assets.Asset], model: nlp_module.ModelId | None,
           report: BuildReport, last: cache.BuildCache, cache_file: Path, drafts: bool, strict: bool,
           progress: Progress, executor: Executor | None, memory: Memory) -> None:
    if memory.env is None:
        memory.env = render.environment(config, {name: a.rel for name, a in site_assets.items()})
    had_output = config.output_dir.exists()
    out: Publisher | None = None
    try:
        with Publisher(config.output_dir, cache.marks_path(config)) as out:
            found = _look(config, report)
            entries = reading.find(config, drafts, last, memory.hashes, found)
            job = Job(config, drafts, str(model) if model else None, [e for e in entries if e.status == "found"],
                      out, memory.env, urls.base_path(config.base_url), memory, last.records_dir)
            if len(job.fresh) >= split.FROM:
                out.stage  # noqa: B018 - made before a fork, so both processes write into the same one
                render.preload(memory.env)
            with split.make(len(job.fresh), job) as work:
                entries = _read(job, entries, work)
                report.extracted += _extract(job, entries, progress, executor, lambda: _warm(job, last, entries))
                made = _render(job, entries, work, last, report)
            for asset in site_assets.values():
                out.put(asset.rel, asset.data)
            _put_root_files(config, out, report)
            _collect(entries, report, config)
            if _publish(config, out, report, strict):
                _remember(cache_file, config.root, made, last, memory)
    except OSError as exc:  # a full disk, a read-only folder
        where = exc.filename or config.output_dir
        raise PathError(_unwritten(exc, out is not None and out.published, had_output), where) from exc
    except KeyboardInterrupt:
        if out is not None and out.published:
            raise Interrupted from None
        raise


def _unwritten(exc: OSError, published: bool, had_output: bool) -> str:
    """What a failed write left, in words."""
    if published:  # after the point of no return (`publish.py`)
        return f"cannot finish publishing the new site: {exc.strerror or exc}; the next build completes it"
    left = "the previous output is unchanged" if had_output else "nothing was published (there was no previous output)"
    return f"cannot write the new site: {exc.strerror or exc}; {left}"


# --- step 1: find the articles, and read what changed ---------------------------------

def _look(config: SiteConfig, report: BuildReport) -> Found:
    """What is in content/: files refused go into the report as errors, and the
    sidecars of renamed articles are moved beside them first (said in the report)."""
    found, report.moved, homeless = reading.rehome(discover(config.content_dir))
    report.warnings.extend(homeless)
    for problem in reading.problems(found):
        report.error(problem)
    return found


def _read(job: Job, entries: list[Entry], work: split.Serial) -> list[Entry]:
    """Read the entries not known to the cache, in `work`'s processes; drafts
    left out are dropped."""
    for i, sent in work.map(_read_step).items():
        job.fresh[i].absorb(sent)
    return [e for e in entries if e.status != "skip"]


def _read_step(job: Job, held: dict[int, Entry], i: int, _: object) -> Entry:
    """Read one article and its sidecar and make its record; the process that
    does keeps them (`held`) to render the page later."""
    entry = job.fresh[i]
    reading.read(entry, job.drafts)
    if entry.status == "found":
        reading.judge(entry, extraction.extractor_version(), job.model)
    if entry.status == "found" and entry.sidecar is not None and _make_record(entry, job):
        entry.index = i
        held[i] = entry
    return entry.shipped()


def _make_record(entry: Entry, job: Job) -> bool:
    """The record site-wide pages need of the entry, stored where the build cache
    keeps records as soon as it is made (by whichever process made it); False
    (and the entry failed) if it cannot be made."""
    assert entry.article is not None and entry.sidecar is not None
    try:
        entry.record = make_record(entry.article, entry.sidecar, job.config, entry.edited, entry.stale)
    except GeneratorError as exc:
        entry.fail(exc)
        return False
    entry.stored = cache.record_bytes(cache.record_data(entry.record))
    entry.record_key = cache.sha(entry.stored)
    if job.records is not None and cache.store_record(job.records, entry.record_key, entry.stored):
        entry.stored = b""  # on disk already: nothing for the cache to write, or to send back
    entry.status = "ready"
    return True


# --- step 2: extract what must be ---------------------------------------------------

def _extract(job: Job, entries: list[Entry], progress: Progress, executor: Executor | None,
             meanwhile: Callable[[], None] | None = None) -> list[str]:
    """Extract the entries whose sidecars must be (re)written and make their
    records; their slugs. `meanwhile`: see `extraction.run`."""
    todo = [e for e in entries if e.status == "extract"]
    if not todo:
        if isinstance(executor, Local):
            executor.cool()  # nothing to extract after all: the copy warmed for it goes
        return []
    for entry in todo:
        if entry.article is None:  # read in the helper: read it again here, where the model runs
            reading.read(entry, drafts=True)
    done = extraction.extract(job.config, todo, progress, executor, meanwhile)
    for entry in todo:
        if entry.status == "extract" and entry.sidecar is not None:
            _make_record(entry, job)
    return done


def _warm(job: Job, last: cache.BuildCache, entries: list[Entry]) -> None:
    """While a few articles are extracted in another process: the templates
    compiled, and what the site-wide pages need of each record of the last
    build worked out (`pages/derived.py`), so that afterwards only the changed
    articles' values are new, as in the preview server. A shortcut only: it
    writes nothing, and a damaged cache just ends it (the build then finds the
    damage itself)."""
    if job.env is not None:
        render.preload(job.env)
    hits = (e if e.status == "cached" else last.articles.get(e.source.rel) for e in entries)
    # Hundreds of thousands of objects that live until the build ends and hold
    # no cycles: the cycle collector would walk them again and again (a sixth of
    # the CPU of a one-article build of 4000 articles): see `_collector_paced`.
    collecting = gc.isenabled()
    gc.disable()
    try:
        keys = [hit.record_key for hit in hits if hit is not None]
        records = [last.record(k) for k in keys]
        derived = job.memory.derived
        with derived.kept():
            from ..pages import actors, search, sitewide

            unsearched = _searched(last, keys, records, derived)
            sitewide.derive(records, job.config, actors.directory(records, derived), derived)
            if last.records_dir is not None:
                for k, record in unsearched:
                    cache.store_search(last.records_dir, k, search.entries(record, derived))
    except cache.Damaged:
        return
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _searched(last: cache.BuildCache, keys: list[str], records: list[ArticleRecord],
              derived: Derived) -> list[tuple[str, ArticleRecord]]:
    """Put into `derived` the search entries an earlier build stored for these
    records; the records that have none stored."""
    from ..pages import search

    missing = []
    for k, record in zip(keys, records):
        found = cache.stored_search(last.records_dir, k) if last.records_dir is not None else None
        if found is None:
            missing.append((k, record))
        else:
            search.known(record, derived, found)
    return missing


# --- step 3: render explainers and site-wide pages ------------------------------------

def _render(job: Job, entries: list[Entry], work: split.Serial, last: cache.BuildCache,
            report: BuildReport) -> cache.BuildCache:
    """Render what changed, carry over what did not; the cache of this build."""
    out = job.out
    assert out is not None and job.env is not None
    listed = [e for e in entries if e.status in ("cached", "ready")]
    report.pages = len(listed)
    made, site, nav, links, kept = _listing(job, listed, _stand_ins(entries, last, job.drafts), last)
    report.kept = [k.slug for k in kept]
    same_site = made.site_key == last.site_key

    # Read in this build: rendered where they were read. The helper starts on
    # its explainers while this process works out the site-wide pages, then
    # takes the actor pages too, while this process renders the rest.
    held = {e.index: e for e in job.fresh if e.status == "ready" and e.index >= 0}
    arg = (nav, {i: links(e) for i, e in held.items()}, last.fingerprint)
    theirs = work.start(_render_step, arg) if held else None
    todo, files = sitepages.plan(job.config, site, same_site, nav, last, made, out)
    report.rendered.extend(files)
    there = [t for t in todo if t[0].template == "actor.html"] if isinstance(work, split.Split) else []
    todo = [t for t in todo if t[0].template != "actor.html"] if there else todo
    pages_there = work.task(_pages_step, (nav, there)) if there else None
    if held:
        rendered = work.here(_render_step, arg)
        rendered.update(theirs.result() if theirs is not None else {})
        for i, entry in held.items():
            entry.absorb(rendered[i])
            _adopt(entry, out, report)
    for entry in listed:
        if entry.index < 0:
            _explainer_here(job, entry, links, nav, same_site, last, report)
    staged = sitepages.render_all(todo, nav, job.env, job.base_path, out)
    for page in [*staged, *(pages_there.result() if pages_there is not None else ())]:
        _adopt_page(page, out, report, made)
    was_listed = {id(e) for e in listed}
    for entry in entries:
        if entry.status == "failed" and id(entry) in was_listed:  # failed while rendering, listed already
            out.keep(f"{entry.slug}/")  # its last good page stays, as the lists say
        elif entry.page is not None and entry.sidecar_sha is not None:
            made.articles[entry.source.rel] = entry.lasting()
    for stand_in in kept:  # and for the next build, which may find it failing still
        made.articles[stand_in.source.rel] = stand_in
    return made


Links = Callable[[Entry], dict[str, str]]


def _stand_ins(entries: list[Entry], last: cache.BuildCache, drafts: bool) -> list[Entry]:
    """For each article that failed (a broken sidecar, an unreadable file), its
    last good entry from the last build, if there is one: its record stays in
    every list and its page stays published, so no link on the site leads
    nowhere. An article that never built, or a draft left out, has none."""
    kept = []
    for entry in entries:
        good = last.articles.get(entry.source.rel) if entry.status == "failed" else None
        if good is not None and good.page is not None and good.slug == entry.slug and (drafts or not good.draft):
            kept.append(good.copy(source=entry.source, warnings=list(good.warnings)))
    return kept


def _listing(job: Job, listed: list[Entry], kept: list[Entry], last: cache.BuildCache) -> tuple[
        cache.BuildCache, Callable[[], sitepages.SiteState], explainers.Nav, Links, list[Entry]]:
    """What this build lists: its records (in the cache it makes), the site
    state, the menu, each explainer's actor links, and the stand-ins of failed
    articles whose last page is still true. A stand-in's page cannot be rendered
    again (what it was made from is gone), so it is kept only if it is exactly
    the page this build would render from the same inputs (its key: the same
    actor links and menu) and output/ holds it; otherwise the article is left
    out everywhere, and the listing worked out again without it."""
    out = job.out
    assert out is not None
    while True:
        every = listed + kept
        made = cache.BuildCache(fingerprint=last.fingerprint, records_dir=last.records_dir)
        for entry in every:
            if entry.status == "cached":
                made.carry(last, entry.record_key)
            else:
                assert entry.record is not None
                made.keep(entry.record_key, entry.record, entry.stored)
        # The same records as last time: the same actor directory, menu and site pages.
        made.site_key = cache.key(last.fingerprint, [(e.slug, e.record_key) for e in every])
        site = _site_state(job, every, last, made)
        nav = tuple(tuple(x) for x in last.nav) if made.site_key == last.site_key else site().nav
        made.nav = [list(x) for x in nav]

        def links(entry: Entry, made: cache.BuildCache = made,
                  site: Callable[[], sitepages.SiteState] = site) -> dict[str, str]:
            members = site().members  # first: it loads the records of cached entries
            record = entry.record if entry.record is not None else made.records[entry.record_key]
            from ..pages.sitewide import actor_links  # imported here, as in sitepages.py

            return actor_links(entry.slug, (a.id for a in record.actors), members)

        untrue = [k for k in kept if not _still_true(k, links, nav, last.fingerprint, out)]
        if not untrue:
            return made, site, nav, links, kept
        for stand_in in kept:
            if stand_in.page is not None:
                out.forget(stand_in.page.path)  # carried over by `_still_true`: not any more
        kept = [k for k in kept if all(k is not u for u in untrue)]


def _still_true(stand_in: Entry, links: Links, nav: explainers.Nav, fingerprint: str, out: Publisher) -> bool:
    """Is the stand-in's page the one this build would render from its inputs?
    If so, it is carried over."""
    page = stand_in.page
    return page is not None and page.key == explainers.page_key(fingerprint, stand_in, links(stand_in), nav) \
        and out.reuse(page.path, page.sha)


def _site_state(job: Job, listed: list[Entry], last: cache.BuildCache,
                made: cache.BuildCache) -> Callable[[], sitepages.SiteState]:
    """The site state, worked out on first use (or kept from the last build in
    this process when the records are the same)."""
    state: list[sitepages.SiteState] = []

    def site() -> sitepages.SiteState:
        if not state:
            kept = job.memory.site
            if kept is not None and kept[0] == made.site_key:
                for entry, record in zip(listed, kept[1].records):
                    made.keep(entry.record_key, record)
                state.append(kept[1])
            else:
                state.append(sitepages.SiteState(listed, last, made, job.memory.derived))
                job.memory.site = (made.site_key, state[0])
        return state[0]

    return site


def _render_step(job: Job, held: dict[int, Entry], i: int, arg: RenderArg) -> Entry | None:
    """Render an explainer this process read (`_read_step`) into the staging
    folder; then forget its article and sidecar."""
    entry = held.pop(i, None)
    if entry is None:
        return None
    nav, links, fingerprint = arg
    assert job.env is not None and job.out is not None
    key = explainers.page_key(fingerprint, entry, links[i], nav)
    explainers.render_one(entry, links[i], nav, key, job.config, job.env, job.base_path, job.out)
    return entry.shipped()


def _adopt(entry: Entry, out: Publisher, report: BuildReport) -> None:
    """Count an explainer rendered by either process."""
    if entry.status == "failed" or entry.page is None:
        return
    if entry.staged_by != os.getpid():  # the helper's Publisher counted it, not ours
        out.adopt(entry.page.path, entry.page.sha, entry.written)
    report.rendered.append(entry.page.path)


def _explainer_here(job: Job, entry: Entry, links: Callable[[Entry], dict[str, str]], nav: explainers.Nav,
                    same_site: bool, last: cache.BuildCache, report: BuildReport) -> None:
    """An explainer the cache knows (carried over when its key is the same) or
    one extracted in this build, rendered in this process."""
    assert job.out is not None and job.env is not None
    found = None
    if entry.status == "cached":
        assert entry.page is not None
        found = None if same_site else links(entry)
        key = entry.page.key if found is None else explainers.page_key(last.fingerprint, entry, found, nav)
        if explainers.carried(entry, key, job.out):
            return
        if not explainers.reread(entry):
            return
    found = found if found is not None else links(entry)
    key = explainers.page_key(last.fingerprint, entry, found, nav)
    explainers.render_one(entry, found, nav, key, job.config, job.env, job.base_path, job.out)
    _adopt(entry, job.out, report)


def _pages_step(job: Job, held: dict[int, Entry], arg: tuple[explainers.Nav, sitepages.Todo]) -> list[sitepages.Staged]:
    nav, todo = arg
    assert job.env is not None and job.out is not None
    return sitepages.render_all(todo, nav, job.env, job.base_path, job.out)


def _adopt_page(staged: sitepages.Staged, out: Publisher, report: BuildReport, made: cache.BuildCache) -> None:
    if staged.error is not None:
        report.error(staged.error)
        return
    if staged.staged_by != os.getpid():
        out.adopt(staged.page.path, staged.page.sha, staged.written)
    report.rendered.append(staged.page.path)
    made.pages[staged.page.path] = staged.page


def _put_root_files(config: SiteConfig, out: Publisher, report: BuildReport) -> None:
    """The site's root files, beside the pages: one that would take the place of
    a file the build makes is an error naming it, and left out."""
    files, refused = assets.collect_root(config.root_files_dir)
    for error in refused:
        report.error(error)
    for rel, data in files.items():
        if rel in out.files:
            report.error(PathError(f"would take the place of the site's own {rel}; rename it or remove it",
                                   config.root_files_dir / rel))
            continue
        try:
            out.put(rel, data)
        except PathError as exc:  # a name no host can serve (a backslash in it)
            report.error(PathError(exc.message, config.root_files_dir / rel))


# --- step 4: report, publish, remember ------------------------------------------------

def _collect(entries: list[Entry], report: BuildReport, config: SiteConfig) -> None:
    """Each article's warnings and errors, in the order of the articles, and
    the files in the site folder the build changed."""
    report.articles = len(entries)
    extracted = set(report.extracted)
    for moved in report.moved:
        report.wrote[moved.old] = None
        report.wrote[moved.new] = cache.file_sha(moved.new)
    for entry in entries:
        if entry.slug in extracted:
            report.wrote[entry.source.sidecar_path] = entry.sidecar_sha
        report.warnings.extend(entry.warnings)
        if entry.stale:
            report.stale.append(entry.slug)
            report.warnings.append(reading.stale_warning(entry, config))
        if entry.error is not None:
            report.error(entry.error)


def _publish(config: SiteConfig, out: Publisher, report: BuildReport, strict: bool) -> bool:
    """Commit the build, or abort it (False) when nothing may be published."""
    template_broken = any(isinstance(e, TemplateError) for e in report.errors)
    report.failed = bool(report.errors) or strict and bool(report.warnings or config.warnings)
    if report.failed and (strict or template_broken or not report.pages and not out.previous):
        out.abort()  # a broken template breaks every page: keep the last good site
        report.aborted = True
        return False
    report.changed_files = len(out.changed)
    report.removed_files = len(out.removed)
    report.published = out.commit()
    return True


def _remember(cache_file: Path, root: Path, made: cache.BuildCache, last: cache.BuildCache, memory: Memory) -> None:
    """Keep what output/ now holds for the next build."""
    if not made.same_index(last) or made.new_records:
        # A read-only site folder: the build is done, only the next one is slower.
        with contextlib.suppress(OSError, cache.Damaged):
            cache.save(cache_file, made, root)
    memory.last = made


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
