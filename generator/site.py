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
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import actors, assets, context, pages, render, sidecar, urls
from .config import SiteConfig
from .content import SourceFile, discover, read_article
from .errors import GeneratorError, ModelError, PathError, SidecarError, TemplateError
from .extract import EXTRACTOR_VERSION
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


@dataclass
class BuildReport:
    articles: int = 0
    pages: int = 0
    extracted: list[str] = field(default_factory=list)
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


def load_entries(config: SiteConfig, drafts: bool = False) -> list[Entry]:
    """Every article read, each with its error if it could not be."""
    entries = []
    for source in discover(config.content_dir):
        entry = Entry(source)
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


def run_extraction(config: SiteConfig, articles: list[Article],
                   progress: Progress = _quiet) -> Iterator[tuple[Article, Extraction]]:
    """What the model finds in each article, loading it once (with progress)."""
    from .extract import extract

    if not articles:
        return
    progress(f"Loading spaCy model {nlp_module.installed_version(config.model)} ...")
    nlp = nlp_module.load(config.model)
    done = 0

    def tick(article: Article) -> None:
        nonlocal done
        done += 1
        progress(f"Extracting [{done}/{len(articles)}] {article.rel}")

    yield from extract(articles, nlp, progress=tick)


def extract_entries(config: SiteConfig, entries: list[Entry], progress: Progress = _quiet) -> list[str]:
    """Extract and write sidecars for the entries that need it; their slugs."""
    todo = [e for e in entries if e.article is not None]
    by_article = {id(e.article): e for e in todo}
    done: list[str] = []
    for article, found in run_extraction(config, [e.article for e in todo if e.article], progress):
        entry = by_article[id(article)]
        new = machine_sidecar(entry.source.sidecar_path, article, found, config)
        # An editor may have saved the sidecar while the model ran: theirs wins.
        if sidecar.state_of(new.path) is sidecar.State.EDITED:
            loaded, _ = sidecar.load(new.path)
            entry.sidecar = loaded
            continue
        try:
            sidecar.write(new)
        except SidecarError as exc:  # cannot write (disk full...): this page fails, the old file stays
            entry.error = exc
            continue
        entry.sidecar = new
        done.append(entry.source.slug)
    return done


def prepare(config: SiteConfig, report: BuildReport, drafts: bool = False,
            progress: Progress = _quiet) -> list[Entry]:
    """Read articles and bring every sidecar up to date; errors go into the report."""
    entries = load_entries(config, drafts)
    report.articles = len(entries)
    current = model_id(config)
    todo = []
    for entry in entries:
        if entry.article is None:
            continue
        if needs_extraction(entry, current, report.warnings):
            todo.append(entry)
    if todo:
        try:
            report.extracted = extract_entries(config, todo, progress)
        except ModelError as exc:
            for entry in todo:
                entry.error = ModelError(f"cannot extract claims: {exc.message}", entry.source.path, hint=exc.hint)
    for entry in entries:
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
          progress: Progress = _quiet) -> BuildReport:
    """Render every article that is ready and the site-wide pages, and publish them
    in one swap. Nothing is published after a template error, a write error, or
    with `strict` after any error or warning."""
    started = time.perf_counter()
    report = BuildReport()
    entries = prepare(config, report, drafts, progress)
    env = render.environment(config)
    base_path = urls.base_path(config.base_url)
    site_assets = assets.collect(render.theme_dirs(config), config.static_dir)
    env.globals["asset"] = lambda name: site_assets[name].rel
    env.globals["feed"] = urls.FEED if urls.is_absolute(config.base_url) else None
    try:
        with Publisher(config.output_dir) as out:
            _render_site(config, env, base_path, entries, out, report)
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
    except OSError as exc:  # a full disk, a read-only folder: output/ was never touched
        where = exc.filename or config.output_dir
        raise PathError(f"cannot write the new site: {exc.strerror or exc}; the previous output is unchanged",
                        where) from exc
    report.seconds = time.perf_counter() - started
    return report


def _render_site(config: SiteConfig, env: jinja2.Environment, base_path: str, entries: list[Entry],
                 out: Publisher, report: BuildReport) -> None:
    built: list[context.ExplainerPage] = []
    records: list[context.ArticleRecord] = []
    for entry in entries:
        if entry.error is not None or entry.article is None or entry.sidecar is None:
            out.keep(f"{entry.source.slug}/")
            continue
        try:
            page = context.explainer(entry.article, entry.sidecar, config, stale=entry.stale)
        except GeneratorError as exc:
            report.errors.append(exc)
            out.keep(f"{entry.source.slug}/")
            continue
        report.warnings.extend(page.warnings)
        built.append(page)
        records.append(context.record(page, entry.sidecar))
    report.pages = len(records)
    # Explainers link to actor and tag pages, which depend on every article.
    people = actors.directory(records)
    members = actors.by_member(people)
    env.globals["nav"] = pages.navigation(records)
    for page in built:
        path = urls.output_file(page.url)
        try:
            html = render.render(env, "explainer.html", path, base_path,
                                 **pages.explainer_values(page, config, members))
        except GeneratorError as exc:
            report.errors.append(exc)
            out.keep(page.url)
            continue
        out.put(path, html.encode("utf-8"))
    for spec in pages.site_pages(records, config, people):
        if isinstance(spec, pages.FileSpec):
            out.put(spec.output, spec.data)
            continue
        try:
            html = render.render(env, spec.template, None if spec.anywhere else spec.output, base_path,
                                 **spec.values)
        except GeneratorError as exc:
            report.errors.append(exc)
            continue
        out.put(spec.output, html.encode("utf-8"))
