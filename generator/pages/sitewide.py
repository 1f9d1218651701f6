"""Site-wide pages and files: which exist, where they go, and what each gets.

Every output listed here is a function of the `ArticleRecord`s of the build
(never of articles or sidecars directly), so an incremental build can render
them from cached records. Pages are Jinja2 templates (`PageSpec`); machine
files (sitemap, feed, robots.txt, claims.json) are bytes (`FileSpec`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import urls
from ..config import SiteConfig
from . import export, feeds, provenance, search, seo
from .actors import SiteActor
from .derived import Derived
from .explainer import ExplainerPage
from .record import ArticleRecord


@dataclass(frozen=True)
class PageSpec:
    output: str  # path under output/, e.g. "index.html"
    template: str
    values: dict[str, Any] = field(default_factory=dict)
    anywhere: bool = False  # served at any depth (404.html): links start from base_url
    subject: SiteActor | None = None  # the one actor the page is about


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
    search.entries(records, derived)
    export.encoded(records, people, config, derived)


def site_pages(records: list[ArticleRecord], config: SiteConfig, people: tuple[SiteActor, ...],
               derived: Derived | None = None) -> list[PageSpec | FileSpec]:
    """`derived`: per-record values kept from earlier builds (`derived.py`)."""
    ordered = newest_first(records)
    topics = tags(records)
    everywhere = provenance.note([r.review for r in ordered])
    by_slug = {r.slug: r for r in records}

    def meta(target: str | None, title: str, description: str = "", noindex: bool = False) -> seo.PageMeta:
        return seo.page_meta(config, target, title, description, noindex)

    specs: list[PageSpec | FileSpec] = [
        PageSpec("index.html", "index.html", {"pages": ordered, "meta": meta("", config.title),
                                              "jsonld": seo.site_graph(config), "provenance": everywhere}),
        PageSpec("404.html", "404.html", {"meta": meta(None, "Page not found", noindex=True)}, anywhere=True),
        PageSpec(urls.output_file(urls.ACTORS), "actors.html", {
            "people": people, "meta": meta(urls.ACTORS, "Actors",
                                           "Everyone who makes or denies a claim in these explainers."),
            "provenance": everywhere}),
        PageSpec(urls.output_file(urls.SEARCH), "search.html", {
            "index": search.index(ordered, people, derived), "meta": meta(urls.SEARCH, "Search", noindex=True),
            "provenance": everywhere}),
    ]
    for person in people:
        description = (f"Every claim and denial by {person.name} in these explainers: "
                       f"{len(person.claims)} claim(s), {len(person.denials)} denial(s).")
        specs.append(PageSpec(urls.output_file(person.url), "actor.html",
                              {"person": person, "meta": meta(person.url, person.name, description),
                               "provenance": provenance.note([by_slug[s].review for s in person.articles])},
                              subject=person))
    if topics:
        specs.append(PageSpec(urls.output_file(urls.TAGS), "tags.html",
                              {"tags": topics, "meta": meta(urls.TAGS, "Tags"), "provenance": everywhere}))
        for topic in topics:
            specs.append(PageSpec(urls.output_file(topic.url), "tag.html", {
                "tag": topic, "meta": meta(topic.url, f"Tagged “{topic.name}”"),
                "provenance": provenance.note([r.review for r in topic.pages])}))

    specs.append(FileSpec(urls.EXPORT, export.claims_json(ordered, people, config, derived)))
    specs.append(FileSpec("robots.txt", feeds.robots(config)))
    # GitHub Pages would otherwise run Jekyll, which hides files starting with "_" or ".".
    specs.append(FileSpec(".nojekyll", b""))
    if urls.is_absolute(config.base_url):
        specs.append(FileSpec(urls.FEED, feeds.atom(config, ordered)))
        specs.append(FileSpec(urls.SITEMAP, feeds.sitemap(_sitemap_pages(ordered, people, topics, config))))
    return specs


def _sitemap_pages(ordered: list[ArticleRecord], people: tuple[SiteActor, ...], topics: tuple[Tag, ...],
                   config: SiteConfig) -> list[tuple[str, feeds.Date | None]]:
    base = config.base_url
    changed = {r.slug: r.updated or r.date for r in ordered}
    pages: list[tuple[str, feeds.Date | None]] = [(base, feeds.newest(changed.values()))]
    pages += [(base + r.url, changed[r.slug]) for r in ordered]
    pages.append((base + urls.ACTORS, feeds.newest(changed.values())))
    pages += [(base + p.url, feeds.newest(changed[s] for s in p.articles)) for p in people]
    if topics:
        pages.append((base + urls.TAGS, feeds.newest(changed.values())))
        pages += [(base + t.url, feeds.newest(changed[r.slug] for r in t.pages)) for t in topics]
    return pages
