"""What a page tells search engines, feed readers and share cards about itself.

`PageMeta` feeds the canonical link, Open Graph and Twitter card tags in
base.html; `explainer_graph` is the JSON-LD of an explainer: a schema.org
`NewsArticle` whose `mentions` are the article's claims and denials as `Claim`
items (author, appearance), plus one `ClaimReview` per claim an editor gave a
`verdict`. Full URLs exist only when base_url is a full URL (see urls.py);
without one, ids fall back to fragments of the page itself, which JSON-LD
resolves against the page's own address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import urls
from ..config import SiteConfig
from .explainer import ExplainerPage
from .render import iso_date
from .views import ActorView, StatementView


@dataclass(frozen=True)
class PageMeta:
    title: str  # the page's own title, without the site name
    description: str
    url: str | None  # canonical full URL; None when base_url has no host
    type: str = "website"  # Open Graph type
    published: str | None = None  # ISO 8601
    modified: str | None = None
    tags: tuple[str, ...] = ()
    noindex: bool = False


def page_meta(config: SiteConfig, target: str | None, title: str, description: str = "",
              noindex: bool = False) -> PageMeta:
    """Meta for a site page at `target` (a URL from the site root; None: no canonical address)."""
    url = urls.absolute(config.base_url, target) if target is not None else None
    return PageMeta(title=title, description=description or config.description, url=url, noindex=noindex)


def explainer_meta(page: ExplainerPage, config: SiteConfig) -> PageMeta:
    a = page.article
    return PageMeta(title=a.title, description=page.summary, url=urls.absolute(config.base_url, page.url),
                    type="article", published=_iso(a.date), modified=_iso(a.updated or a.date), tags=a.tags,
                    noindex=a.draft)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return iso_date(value) or None


def _agent(actor: ActorView, site_url: str | None, config: SiteConfig) -> dict[str, Any]:
    """A claimant as schema.org sees them: a Person, else an Organization (countries
    and groups speak through institutions)."""
    person = actor.kind == "person"
    out: dict[str, Any] = {"@type": "Person" if person else "Organization", "name": actor.name}
    if actor.role:
        out["jobTitle" if person else "description"] = actor.role
    if site_url is not None:
        out["url"] = urls.public(config.base_url, site_url)
    return out


def explainer_graph(page: ExplainerPage, config: SiteConfig, links: dict[str, str]) -> dict[str, Any]:
    """The JSON-LD of one explainer. `links`: sidecar actor id -> their page on the site."""
    a = page.article
    here = urls.absolute(config.base_url, page.url) or ""
    publisher: dict[str, str] = {"@type": "Organization", "name": config.title}
    if urls.is_absolute(config.base_url):
        publisher["url"] = config.base_url
    source: dict[str, Any] | None = {"@type": "NewsArticle", "url": a.source_url} if a.source_url else None
    if source is not None and a.source:
        source["publisher"] = {"@type": "Organization", "name": a.source}

    def claim_item(s: StatementView) -> dict[str, Any]:
        item: dict[str, Any] = {"@type": "Claim", "@id": f"{here}#{s.row_anchor}", "text": s.text}
        if s.actor is not None:
            item["author"] = _agent(s.actor, links.get(s.actor.id), config)
        # Where the claim appears: the news article it was quoted from, else the
        # highlighted sentence on this page.
        appearance = dict(source) if source else ({"@type": "WebPage", "url": f"{here}#{s.evidence_anchor}"}
                                                  if s.evidence_anchor else None)
        if appearance is not None:
            item["appearance"] = appearance
        if a.date is not None:
            item["datePublished"] = iso_date(a.date)
        if s.kind == "denial":
            item["name"] = f"Denial {s.label}"
            if s.denies:
                item["about"] = {"@id": f"{here}#row-{s.denies}"}
        else:
            item["name"] = f"Claim {s.label}"
        return item

    statements = [*(r.claim for r in page.rows), *(d for r in page.rows for d in r.denials),
                  *page.undisputed, *page.unanswered]
    claims = [claim_item(s) for s in statements]
    article: dict[str, Any] = {
        "@type": "NewsArticle", "@id": f"{here}#article", "headline": a.title[:110], "name": a.title,
        "description": page.summary, "inLanguage": config.language, "publisher": publisher,
        "author": {"@type": "Person", "name": config.author} if config.author else publisher,
        "mentions": claims,
    }
    if here:
        article["url"] = here
        article["mainEntityOfPage"] = here
    if a.date is not None:
        article["datePublished"] = iso_date(a.date)
        article["dateModified"] = iso_date(a.updated or a.date)
    if a.tags:
        article["keywords"] = list(a.tags)
    if source is not None:
        article["isBasedOn"] = source
    graph = [article]
    for s, item in zip(statements, claims):
        if s.kind == "claim" and s.verdict is not None:
            graph.append(_review(s, item, page, config, publisher, here))
    return {"@context": "https://schema.org", "@graph": graph}


def _review(s: StatementView, claim: dict[str, Any], page: ExplainerPage, config: SiteConfig,
            publisher: dict[str, Any], here: str) -> dict[str, Any]:
    verdict = s.verdict
    assert verdict is not None
    a = page.article
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": verdict.url or f"{here}#{s.row_anchor}",
        "claimReviewed": s.text,
        "itemReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": verdict.rating},
        "author": {"@type": "Person", "name": verdict.author} if verdict.author else publisher,
        "publisher": publisher,
    }
    when = verdict.date or a.updated or a.date
    if when is not None:
        review["datePublished"] = iso_date(when)
    return review


def site_graph(config: SiteConfig) -> dict[str, Any] | None:
    """JSON-LD of the home page: the site, and where to search it."""
    if not urls.is_absolute(config.base_url):
        return None
    return {
        "@context": "https://schema.org", "@type": "WebSite", "name": config.title, "url": config.base_url,
        "inLanguage": config.language,
        "potentialAction": {"@type": "SearchAction",
                            "target": f"{config.base_url}{urls.SEARCH}?q={{search_term_string}}",
                            "query-input": "required name=search_term_string"},
    }
