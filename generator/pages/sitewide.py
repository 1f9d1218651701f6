"""Site-wide pages and files: which exist, where they go, and what each gets.

Every output listed here is a function of the `ArticleRecord`s of the build
(never of articles or sidecars directly), so an incremental build can render
them from cached records. Pages are Jinja2 templates (`PageSpec`); machine
files (sitemap, feed, robots.txt, claims.json) are bytes (`FileSpec`), or made
when asked where most of an archive's would come out as they were (`MadeFile`:
each explainer's own claims file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import urls
from ..config import SiteConfig
from . import export, feeds, provenance, review, search, seo
from .actors import ActorItem, SiteActor
from .derived import Derived
from .explainer import ExplainerPage
from .made import MadeFile
from .paginate import ACTORS_PER_PAGE, PER_PAGE, Pager, paginate
from .record import ArticleRecord


@dataclass(frozen=True)
class PageSpec:
    output: str  # path under output/, e.g. "index.html"
    template: str
    values: dict[str, Any] = field(default_factory=dict)
    anywhere: bool = False  # served at any depth (404.html): links start from base_url
    # The one actor the page is about. Its values are then a function of that
    # actor, the page's place among theirs (`output`) and the site's settings
    # alone: the build keys the page by them, without reading the values.
    subject: SiteActor | None = None


@dataclass(frozen=True)
class FileSpec:
    output: str
    data: bytes


@dataclass(frozen=True)
class Tag:
    name: str
    url: str
    pages: tuple[ArticleRecord, ...]


def newest_first(records: list[ArticleRecord]) -> list[ArticleRecord]:
    def key(r: ArticleRecord) -> tuple[int, float, str]:
        date = r.date
        if date is None:
            return (1, 0.0, r.title.lower())
        if not isinstance(date, dt.datetime):
            date = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        elif date.tzinfo is None:
            date = date.replace(tzinfo=dt.UTC)
        return (0, -date.timestamp(), r.title.lower())

    return sorted(records, key=key)


def tags(records: list[ArticleRecord]) -> tuple[Tag, ...]:
    """Tags by URL (so "Ukraine" and "ukraine" are one), named as the newest
    article writes them, sorted by name."""
    found: dict[str, list[ArticleRecord]] = {}
    names: dict[str, str] = {}
    for r in newest_first(records):
        for name in r.tags:
            url = urls.tag(name)
            names.setdefault(url, name)
            listed = found.setdefault(url, [])
            if not listed or listed[-1] is not r:
                listed.append(r)
    return tuple(sorted((Tag(names[u], u, tuple(rs)) for u, rs in found.items()),
                        key=lambda t: (t.name.casefold(), t.url)))


def navigation(records: list[ArticleRecord]) -> tuple[tuple[str, str], ...]:
    """The site menu: (label, URL from the site root)."""
    items = [("Explainers", ""), ("Actors", urls.ACTORS)]
    if any(r.tags for r in records):
        items.append(("Tags", urls.TAGS))
    items.append(("Search", urls.SEARCH))
    return tuple(items)


def actor_links(slug: str, actor_ids: Iterable[str], members: dict[tuple[str, str], SiteActor]) -> dict[str, str]:
    """Sidecar actor id -> the URL of their page on the site, for one explainer.
    `members`: `actors.by_member` of the site. All an explainer needs of the
    site's actor directory."""
    return {i: members[(slug, i)].url for i in actor_ids if (slug, i) in members}


def explainer_values(page: ExplainerPage, config: SiteConfig, links: dict[str, str]) -> dict[str, Any]:
    """What explainer.html gets besides the page: links into the site-wide pages
    and what the page says about itself. `links`: from `actor_links`."""
    return {
        "page": page,
        "meta": seo.explainer_meta(page, config),
        "jsonld": seo.explainer_graph(page, config, links),
        "actor_pages": {a.id: links[a.id] for a in page.actors if a.id in links},
        "tag_pages": [(name, urls.tag(name)) for name in page.article.tags],
        "provenance": provenance.note([page.review]),
    }


def derive(records: list[ArticleRecord], config: SiteConfig, people: tuple[SiteActor, ...],
           derived: Derived) -> None:
    """Work out into `derived` the per-record values `site_pages` uses, making
    no page: a build does this for the records it already has while the model
    runs on the others (`site._warm`)."""
    for record in records:
        search.entries(record, derived)
    export.leading(export.encoded(newest_first(records), people, config, derived))


def site_pages(records: list[ArticleRecord], config: SiteConfig, people: tuple[SiteActor, ...],
               derived: Derived | None = None) -> Iterator[PageSpec | FileSpec | MadeFile]:
    """Every site-wide page and file but the search index's (`search_files`),
    made as they are asked for (an archive's claims files are never held
    whole). `derived`: per-record values kept from earlier builds (`derived.py`)."""
    ordered = newest_first(records)
    topics = tags(records)
    everywhere = provenance.note([r.review for r in ordered])
    by_slug = {r.slug: r for r in records}
    pages = [
        *_home(ordered, config),
        PageSpec("404.html", "404.html", {"meta": _meta(config, None, "Page not found", noindex=True)},
                 anywhere=True),
        PageSpec(urls.output_file(urls.SEARCH), "search.html", {"meta": _meta(config, urls.SEARCH, "Search",
                                                                              noindex=True),
                                                                "provenance": everywhere}),
        *_actor_pages(people, config, by_slug, everywhere),
        *_tag_pages(topics, config, everywhere),
        *_review_queue(ordered, config),
    ]
    yield from pages
    yield from (one if isinstance(one, MadeFile) else FileSpec(*one)
                for one in export.outputs(ordered, people, config, derived))
    yield FileSpec("robots.txt", feeds.robots(config))
    # GitHub Pages would otherwise run Jekyll, which hides files starting with "_" or ".".
    yield FileSpec(".nojekyll", b"")
    if urls.is_absolute(config.base_url):
        yield FileSpec(urls.FEED, feeds.atom(config, ordered[:FEED_ENTRIES]))
        yield FileSpec(urls.SITEMAP, feeds.sitemap(_sitemap(pages, ordered, people, topics, config)))


def search_files(records: list[ArticleRecord], people: tuple[SiteActor, ...], derived: Derived | None = None,
                 ) -> Iterator[FileSpec]:
    """The search index's files, apart from `site_pages`: the most work of a
    small change to an archive, which a build can do in another process."""
    return (FileSpec(path, data) for path, data in search.files(newest_first(records), people, derived))


FEED_ENTRIES = 50  # the latest explainers in the Atom feed: a feed is news, not the archive


def _meta(config: SiteConfig, target: str | None, title: str, description: str = "",
          noindex: bool = False) -> seo.PageMeta:
    return seo.page_meta(config, target, title, description, noindex)


def _paged(title: str, pager: Pager[Any]) -> str:
    return title if pager.number == 1 else f"{title}, page {pager.number} of {pager.count}"


def _home(ordered: list[ArticleRecord], config: SiteConfig) -> list[PageSpec]:
    return [PageSpec(urls.output_file(pager.url), "index.html", {
        "pages": pager.items, "pager": pager, "meta": _meta(config, pager.url, _paged(config.title, pager)),
        "jsonld": seo.site_graph(config) if pager.number == 1 else None,
        "provenance": provenance.note([r.review for r in pager.items]),
    }) for pager in paginate(ordered, "", PER_PAGE)]


def _actor_pages(people: tuple[SiteActor, ...], config: SiteConfig, by_slug: dict[str, ArticleRecord],
                 everywhere: str) -> list[PageSpec]:
    """The actors index, and each actor's pages: their claims, denials and other
    statements, a page per `PER_PAGE` of their explainers, newest first."""
    specs = [PageSpec(urls.output_file(pager.url), "actors.html", {
        "people": pager.items, "pager": pager, "total": len(people),
        "meta": _meta(config, pager.url, _paged("Actors", pager),
                      "Everyone who makes or denies a claim in these explainers."), "provenance": everywhere})
        for pager in paginate(people, urls.ACTORS, ACTORS_PER_PAGE)]
    for person in people:
        description = (f"Every claim and denial by {person.name} in these explainers: "
                       f"{len(person.claims)} claim(s), {len(person.denials)} denial(s).")
        pagers = paginate(person.articles, person.url, PER_PAGE)
        denials, claims, others = (_by_page(items, pagers) for items in (person.denials, person.claims,
                                                                         person.others))
        for n, pager in enumerate(pagers):
            specs.append(PageSpec(urls.output_file(pager.url), "actor.html", {
                "person": person, "pager": pager, "denials": denials[n], "claims": claims[n], "others": others[n],
                "meta": _meta(config, pager.url, _paged(person.name, pager), description),
                "provenance": provenance.note([by_slug[slug].review for slug in pager.items])}, subject=person))
    return specs


def _by_page(items: tuple[ActorItem, ...], pagers: list[Pager[str]]) -> list[list[ActorItem]]:
    """An actor's items shared out to the pages that list their articles, in
    their own order (in one pass: an actor quoted in thousands of explainers
    has hundreds of pages)."""
    page_of = {slug: n for n, pager in enumerate(pagers) for slug in pager.items}
    pages: list[list[ActorItem]] = [[] for _ in pagers]
    for item in items:
        n = page_of.get(item.article_slug)
        if n is not None:
            pages[n].append(item)
    return pages


def _tag_pages(topics: tuple[Tag, ...], config: SiteConfig, everywhere: str) -> list[PageSpec]:
    if not topics:
        return []
    specs = [PageSpec(urls.output_file(urls.TAGS), "tags.html", {"tags": topics, "meta": _meta(config, urls.TAGS,
                                                                                               "Tags"),
                                                                 "provenance": everywhere})]
    for topic in topics:
        specs.extend(PageSpec(urls.output_file(pager.url), "tag.html", {
            "tag": topic, "pages": pager.items, "pager": pager,
            "meta": _meta(config, pager.url, _paged(f"Tagged “{topic.name}”", pager)),
            "provenance": provenance.note([r.review for r in pager.items])})
            for pager in paginate(topic.pages, topic.url, PER_PAGE))
    return specs


def _review_queue(ordered: list[ArticleRecord], config: SiteConfig) -> list[PageSpec]:
    """Review mode's site-wide queue (the preview only: `config.review`)."""
    if not config.review:
        return []
    return [PageSpec(urls.output_file(review.QUEUE_PAGE), "review.html", {
        "queue": review.site_queue(ordered, config),
        "meta": _meta(config, review.QUEUE_PAGE, "Awaiting review", noindex=True)})]


def _sitemap(specs: list[PageSpec], ordered: list[ArticleRecord], people: tuple[SiteActor, ...],
             topics: tuple[Tag, ...], config: SiteConfig) -> list[tuple[str, feeds.Date | None]]:
    """Every page a search engine should know, with the newest date of what it lists."""
    base = config.base_url
    changed = {r.slug: r.updated or r.date for r in ordered}
    newest = feeds.newest(changed.values())
    dated: dict[str, feeds.Date | None] = {r.url: changed[r.slug] for r in ordered}
    for person in people:
        dated[person.url] = feeds.newest(changed[s] for s in person.articles)
    for topic in topics:
        dated[topic.url] = feeds.newest(changed[r.slug] for r in topic.pages)
    pages: list[tuple[str, feeds.Date | None]] = []
    for spec in specs:
        if not spec.anywhere and not spec.values["meta"].noindex:
            target = spec.output.removesuffix("index.html")
            pager = spec.values.get("pager")
            pages.append((base + target, dated.get(pager.first if pager else target, newest)))
    pages[1:1] = [(base + r.url, changed[r.slug]) for r in ordered]
    return pages
