"""Site-wide pages and files (index, actor and tag pages, search, feeds,
claims.json): what depends on every record, which of them changed, and
rendering those that did.

A page's key stands records and site actors in by their keys (`SiteState`), so
it is cheap. An actor page also gets a key of what it shows, worked out only
when its cheap key changed (one of the actor's articles changed, but perhaps
not what they said there) and kept for the next time: an edit to one actor's
role does not render the pages of everyone else in that article.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import jinja2

from ..config import SiteConfig
from ..errors import GeneratorError
from ..pages import render
from ..pages.derived import Derived
from ..pages.record import ArticleRecord
from . import cache
from .aside import Aside
from .entry import Entry, Page
from .explainers import Nav
from .publish import Publisher

if TYPE_CHECKING:  # the pages themselves are imported when some must be made: a build with nothing
    from ..pages.made import MadeFile  # to do makes none
    from ..pages.sitewide import FileSpec, PageSpec


class SiteState:
    """What depends on every record (the actor directory, the menu), worked out
    only when some page needs it."""

    def __init__(self, entries: list[Entry], last: cache.BuildCache, made: cache.BuildCache,
                 derived: Derived) -> None:
        from ..pages import actors, sitewide

        self.records: list[ArticleRecord] = []
        for entry in entries:
            record = entry.record if entry.record is not None else last.record(entry.record_key)
            made.keep(entry.record_key, record)
            self.records.append(record)
        derived.keep_only(self.records)
        self.derived = derived
        self.people = actors.directory(self.records, derived)
        self.members = actors.by_member(self.people)
        self.nav = sitewide.navigation(self.records)
        # Records and site actors stand in page keys for what made them: a
        # record by its key, a site actor by its id and its articles' records
        # (`actors.directory`: a site actor is a function of nothing else).
        self.known = {id(r): e.record_key for r, e in zip(self.records, entries)}
        self.records_known = dict(self.known)  # site actors walked: what their pages show
        by_slug = {r.slug: e.record_key for r, e in zip(self.records, entries)}
        for person in self.people:
            self.known[id(person)] = cache.key("site-actor", person.id, person.url, person.members,
                                               sorted({by_slug[slug] for slug, _ in person.members}))

    def walk(self, person: object) -> None:
        """Key what the site actor holds, once: each of their pages then stands
        them in by it (an actor with thousands of items has hundreds of pages,
        and walking them all for each page took minutes on an archive)."""
        if id(person) not in self.records_known:
            self.records_known[id(person)] = cache.values_key(person, known=self.records_known)

    def links(self, entry: Entry) -> dict[str, str]:
        """The explainer's actor links (all it needs of the actor directory)."""
        record = entry.record
        assert record is not None
        from ..pages.sitewide import actor_links

        return actor_links(entry.slug, (a.id for a in record.actors), self.members)


@dataclass(frozen=True)
class Staged:
    """A site page rendered into the staging folder, as it crosses back (`split`)."""

    page: Page
    written: bool
    staged_by: int
    error: GeneratorError | None = None


Todo = list[tuple["PageSpec", Page]]


def plan(config: SiteConfig, state: Callable[[], SiteState], same_site: bool, nav: Nav, last: cache.BuildCache,
         made: cache.BuildCache, out: Publisher) -> tuple[Todo, list[str]]:
    """Put the site-wide files in place and carry over the pages whose key is
    the same: the pages to render (each with its cache entry to be), and the
    files written."""
    if same_site and all(out.reuse(path, page.sha) for path, page in last.pages.items()):
        made.pages = dict(last.pages)
        return [], []
    from ..pages import sitewide

    site = state()
    with Aside(partial(sitewide.search_files, site.records, site.people, site.derived), len(site.records),
               out) as search:
        todo, written = _planned(config, site, nav, last, made, out)
        for path, digest, put in search.result():
            made.pages[path] = Page(path, digest, digest)
            if put:
                written.append(path)
    return todo, written


def _planned(config: SiteConfig, site: SiteState, nav: Nav, last: cache.BuildCache, made: cache.BuildCache,
             out: Publisher) -> tuple[Todo, list[str]]:
    """`plan` for every site-wide page and file but the search index's."""
    from ..pages import sitewide

    todo: Todo = []
    written = []
    for spec in sitewide.site_pages(site.records, config, site.people, site.derived):
        if not isinstance(spec, sitewide.PageSpec):
            if _put_file(spec, last, made, out, site.known):
                written.append(spec.output)
            continue
        if spec.subject is not None:  # a function of its actor and its place among their pages (`PageSpec`)
            key = cache.key(last.fingerprint, spec.output, spec.template, nav, site.known[id(spec.subject)])
        else:
            key = cache.values_key(last.fingerprint, spec.output, spec.template, spec.anywhere, nav, spec.values,
                                   known=site.known)
        old = last.pages.get(spec.output)
        content = ""
        if old is not None and old.key != key and spec.subject is not None:
            site.walk(spec.subject)
            content = cache.values_key(last.fingerprint, spec.output, spec.template, spec.anywhere, nav,
                                       spec.values, known=site.records_known)
        if old is not None and (old.key == key or content and old.content == content) and \
                out.reuse(spec.output, old.sha):
            made.pages[spec.output] = Page(spec.output, key, old.sha, content or old.content)
            continue
        todo.append((spec, Page(spec.output, key, "", content)))
    return todo, written


def _put_file(spec: FileSpec | MadeFile, last: cache.BuildCache, made: cache.BuildCache, out: Publisher,
              known: dict[int, str]) -> bool:
    """Put a site-wide file in place, made again only if it may have changed;
    True if its bytes are new."""
    from ..pages.made import MadeFile

    key = ""
    if isinstance(spec, MadeFile):
        key = cache.values_key(last.fingerprint, spec.output, spec.inputs, known=known)
        old = last.pages.get(spec.output)
        if old is not None and old.key == key and out.reuse(spec.output, old.sha):
            made.pages[spec.output] = old
            return False
    data = spec.make() if isinstance(spec, MadeFile) else spec.data
    digest = cache.sha(data)
    made.pages[spec.output] = Page(spec.output, key or digest, digest)
    return out.put(spec.output, data)  # (which keeps the published file when it holds these bytes)


def render_all(todo: Todo, nav: Nav, env: jinja2.Environment, base_path: str, out: Publisher) -> list[Staged]:
    """Render site pages into the staging folder."""
    done = []
    for spec, page in todo:
        try:
            html = render.render(env, spec.template, None if spec.anywhere else spec.output, base_path, nav=nav,
                                 **spec.values)
        except GeneratorError as exc:
            done.append(Staged(page, False, os.getpid(), exc))
            continue
        data = html.encode("utf-8")
        written = out.put(spec.output, data)
        done.append(Staged(Page(page.path, page.key, cache.sha(data), page.content), written, os.getpid()))
    return done
