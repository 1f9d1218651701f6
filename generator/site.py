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
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import actors, assets, buildcache, context, pages, render, sidecar, urls
from .config import SiteConfig
from .content import SourceFile, discover, read_article
from .errors import GeneratorError, ModelError, PathError, SidecarError, TemplateError
from .extract import EXTRACTOR_VERSION
from .executor import Executor, Local
from .extract import nlp as nlp_module
from .model import Article, Extraction, Provenance, Sidecar
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
    for source in discover(config.content_dir):
        entry = Entry(source)
        if cache is not None:
            entry.sidecar_sha = buildcache.file_sha(source.sidecar_path)  # before the sidecar is read
            hit = cache.article(source.rel, buildcache.file_sha(source.path), entry.sidecar_sha)
            if hit is not None and hit.draft and not drafts:
                continue
            if hit is not None:
                entry.cached, entry.stale = hit, hit.stale
                entry.warnings = [buildcache.warning_from(w, config.root) for w in hit.warnings]
                entries.append(entry)
                continue
        try:
            entry.article = read_article(source)
        except GeneratorError as exc:
            entry.error = exc
        if entry.article is not None and entry.article.draft and not drafts:
            continue
        entries.append(entry)
    return entries


def needs_extraction(entry: Entry, current_model: nlp_module.ModelId | None,
                     warnings: list[GeneratorError]) -> bool:
    """Load the entry's sidecar if it can be kept; True if it must be (re)extracted."""
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
    model = nlp_module.installed_version(config.model)
    return Sidecar(path=path, article_path=article.rel, article_sha256=article.sha256, extraction=found,
                   provenance=Provenance(EXTRACTOR_VERSION, str(model), ""))


def run_extraction(config: SiteConfig, articles: list[Article], progress: Progress = _quiet,
                   executor: Executor | None = None) -> Iterator[tuple[Article, Extraction]]:
    """What the model finds in each article, in order, run by `executor` (local
    worker processes by default; see `executor.py`), with progress."""
    if not articles:
        return
    model = nlp_module.installed_version(config.model)  # a missing model fails here, before any worker starts
    progress(f"Extracting {len(articles)} article(s) with spaCy model {model} ...")
    runner = executor or Local()
    for n, (article, found) in enumerate(zip(articles, runner.map(config.model, [a.text for a in articles])), 1):
        progress(f"Extracting [{n}/{len(articles)}] {article.rel}")
        yield article, found


def extract_entries(config: SiteConfig, entries: list[Entry], progress: Progress = _quiet,
                    executor: Executor | None = None) -> list[str]:
    """Extract and write sidecars for the entries that need it; their slugs."""
    todo = [e for e in entries if e.article is not None]
    by_article = {id(e.article): e for e in todo}
    done: list[str] = []
    for article, found in run_extraction(config, [e.article for e in todo if e.article], progress, executor):
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


def prepare(config: SiteConfig, report: BuildReport, drafts: bool = False,
            progress: Progress = _quiet, cache: buildcache.BuildCache | None = None,
            executor: Executor | None = None) -> list[Entry]:
    """Read articles and bring every sidecar up to date; errors go into the report."""
    entries = load_entries(config, drafts, cache)
    report.articles = len(entries)
    current = model_id(config)
    todo = []
    for entry in entries:
        if entry.article is None:
            continue
        if needs_extraction(entry, current, entry.warnings):
            todo.append(entry)
    if todo:
        try:
            report.extracted = extract_entries(config, todo, progress, executor)
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


def stale_warning(entry: Entry) -> SidecarError:
    return SidecarError("stale: the article changed after this sidecar was edited, so a build keeps the "
                        "sidecar as it is; review it", entry.source.sidecar_path,
                        hint=f"`python -m generator extract --refresh {entry.source.slug}` proposes updates "
                             "and keeps your edits")


def build(config: SiteConfig, drafts: bool = False, strict: bool = False,
          progress: Progress = _quiet, executor: Executor | None = None) -> BuildReport:
    """Render every article that is ready and the site-wide pages, and publish them
    in one swap. Nothing is published after a template error, a write error, or
    with `strict` after any error or warning."""
    started = time.perf_counter()
    report = BuildReport()
    theme = render.theme_dirs(config)
    site_assets = assets.collect(theme, config.static_dir)
    current = model_id(config)
    fingerprint = buildcache.fingerprint(config, str(current) if current else None, EXTRACTOR_VERSION, theme,
                                         {n: (a.rel, buildcache.sha(a.data)) for n, a in site_assets.items()})
    cache_file = buildcache.cache_path(config)
    cache = buildcache.load(cache_file, fingerprint)
    entries = prepare(config, report, drafts, progress, cache, executor)
    env = render.environment(config)
    base_path = urls.base_path(config.base_url)
    env.globals["asset"] = lambda name: site_assets[name].rel
    env.globals["feed"] = urls.FEED if urls.is_absolute(config.base_url) else None
    try:
        with Publisher(config.output_dir) as out:
            made = _render_site(config, env, base_path, entries, out, report, cache)
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
                if made != cache:
                    _save_cache(cache_file, made)
    except OSError as exc:  # a full disk, a read-only folder: output/ was never touched
        where = exc.filename or config.output_dir
        raise PathError(f"cannot write the new site: {exc.strerror or exc}; the previous output is unchanged",
                        where) from exc
    report.seconds = time.perf_counter() - started
    return report


def _save_cache(path: Path, cache: buildcache.BuildCache) -> None:
    try:
        buildcache.save(path, cache)
    except OSError:  # a read-only site folder: the build is done, only the next one is slower
        pass


@dataclass
class _Item:
    """An article on its way to a page: parsed now (`page`), or known from the cache."""

    entry: Entry
    page: context.ExplainerPage | None
    record: context.ArticleRecord | None
    data: dict  # the record as cached
    record_key: str

    @property
    def article_sha(self) -> str:
        if self.entry.cached is not None:
            return self.entry.cached.article
        assert self.entry.article is not None
        return self.entry.article.sha256


class _SiteState:
    """What depends on every record (the actor directory, the menu), worked out
    only when some page needs it."""

    def __init__(self, items: list[_Item], cache_file: Path) -> None:
        try:
            self.records = [it.record or it.entry.cached.to_record() for it in items]  # type: ignore[union-attr]
        except (KeyError, TypeError, ValueError) as exc:  # checksummed, so only a forged file gets here
            raise PathError(f"the build cache cannot be read ({exc}); delete it and build again", cache_file) from None
        self.people = actors.directory(self.records)
        self.members = actors.by_member(self.people)
        self.nav = pages.navigation(self.records)
        self.known = {id(r): it.record_key for r, it in zip(self.records, items)}


def _render_site(config: SiteConfig, env: jinja2.Environment, base_path: str, entries: list[Entry],
                 out: Publisher, report: BuildReport, cache: buildcache.BuildCache) -> buildcache.BuildCache:
    """Render what changed, carry over what did not; the cache of this build."""
    made = buildcache.BuildCache(fingerprint=cache.fingerprint)
    items: list[_Item] = []
    for entry in entries:
        if entry.cached is not None:
            items.append(_Item(entry, None, None, entry.cached.record, entry.cached.record_key))
            continue
        if entry.error is not None or entry.article is None or entry.sidecar is None:
            out.keep(f"{entry.source.slug}/")
            continue
        try:
            page = context.explainer(entry.article, entry.sidecar, config, stale=entry.stale)
        except GeneratorError as exc:
            report.errors.append(exc)
            out.keep(f"{entry.source.slug}/")
            continue
        entry.warnings.extend(page.warnings)
        report.warnings.extend(page.warnings)
        record = context.record(page, entry.sidecar)
        data = buildcache.record_data(record)
        items.append(_Item(entry, page, record, data, buildcache.record_key(data)))
    report.pages = len(items)

    # The same records as last time: the same actor directory, menu and site pages.
    made.site_key = buildcache.key(cache.fingerprint, [(it.entry.source.slug, it.record_key) for it in items])
    same_site = made.site_key == cache.site_key
    state: list[_SiteState] = []

    def site() -> _SiteState:
        if not state:
            state.append(_SiteState(items, buildcache.cache_path(config)))
        return state[0]

    nav = tuple(tuple(x) for x in cache.nav) if same_site else site().nav
    made.nav = [list(x) for x in nav]
    env.globals["nav"] = nav

    for it in items:
        _explainer(config, env, base_path, it, out, report, cache, made, same_site, site)
    _site_pages(config, env, base_path, out, report, cache, made, same_site, site, nav)
    return made


def _explainer(config: SiteConfig, env: jinja2.Environment, base_path: str, it: _Item, out: Publisher,
               report: BuildReport, cache: buildcache.BuildCache, made: buildcache.BuildCache, same_site: bool,
               site: Callable[[], _SiteState]) -> None:
    entry, hit = it.entry, it.entry.cached
    slug = entry.source.slug
    path = urls.output_file(f"{slug}/")

    def page_key() -> str:
        members = site().members
        links = {a["id"]: members[(slug, a["id"])].url for a in it.data["actors"] if (slug, a["id"]) in members}
        return buildcache.key(cache.fingerprint, it.article_sha, entry.sidecar_sha, entry.stale, links, made.nav)

    page = it.page
    if hit is not None:
        key = hit.page_key if same_site else page_key()
        if key == hit.page_key and out.reuse(hit.page, hit.page_sha):
            made.articles[entry.source.rel] = hit
            return
        # Its page must be rendered again (a linked actor page moved, output/
        # lost it): read it again; its warnings were reported from the cache.
        try:
            entry.article = read_article(entry.source)
            entry.sidecar, _ = sidecar.load(entry.source.sidecar_path)
            page = context.explainer(entry.article, entry.sidecar, config, stale=entry.stale)
        except GeneratorError as exc:
            report.errors.append(exc)
            out.keep(f"{slug}/")
            return
    assert page is not None
    key = page_key()
    try:
        html = render.render(env, "explainer.html", path, base_path,
                             **pages.explainer_values(page, config, site().members))
    except GeneratorError as exc:
        report.errors.append(exc)
        out.keep(page.url)
        return
    data = html.encode("utf-8")
    out.put(path, data)
    report.rendered.append(path)
    if entry.sidecar_sha is not None and entry.article is not None:
        made.articles[entry.source.rel] = buildcache.CachedArticle(
            slug=slug, article=it.article_sha, sidecar=entry.sidecar_sha, draft=entry.article.draft,
            stale=entry.stale, warnings=[buildcache.warning_data(w, config.root) for w in entry.warnings],
            record=it.data, record_key=it.record_key, page_key=key, page=path, page_sha=buildcache.sha(data))


def _site_pages(config: SiteConfig, env: jinja2.Environment, base_path: str, out: Publisher,
                report: BuildReport, cache: buildcache.BuildCache, made: buildcache.BuildCache, same_site: bool,
                site: Callable[[], _SiteState], nav: tuple) -> None:
    if same_site and all(out.reuse(rel, digest) for rel, (_, digest) in cache.pages.items()):
        made.pages = dict(cache.pages)
        return
    state = site()
    for spec in pages.site_pages(state.records, config, state.people):
        if isinstance(spec, pages.FileSpec):
            digest = buildcache.sha(spec.data)
            made.pages[spec.output] = [digest, digest]
            if not out.reuse(spec.output, digest):
                out.put(spec.output, spec.data)
                report.rendered.append(spec.output)
            continue
        key = buildcache.values_key(cache.fingerprint, spec.output, spec.template, spec.anywhere, nav, spec.values,
                                    known=state.known)
        old = cache.pages.get(spec.output)
        if old is not None and old[0] == key and out.reuse(spec.output, old[1]):
            made.pages[spec.output] = old
            continue
        try:
            html = render.render(env, spec.template, None if spec.anywhere else spec.output, base_path,
                                 **spec.values)
        except GeneratorError as exc:
            report.errors.append(exc)
            continue
        data = html.encode("utf-8")
        out.put(spec.output, data)
        report.rendered.append(spec.output)
        made.pages[spec.output] = [key, buildcache.sha(data)]
