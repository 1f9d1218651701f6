"""What site-wide pages need to know about one explainer (`ArticleRecord`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..config import SiteConfig
from ..model import Actor, Article, Claim, Denial, Sidecar, Statement
from . import provenance
from .views import Views, summarise


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What site-wide pages (index, actor and tag pages, feeds, exports) need to
    know about one explainer. Plain values only, so a build can cache it and
    render site pages without reading unchanged articles again."""

    slug: str
    url: str
    title: str
    summary: str
    date: dt.date | dt.datetime | None
    updated: dt.date | dt.datetime | None
    tags: tuple[str, ...]
    source: str | None
    source_url: str | None
    claim_count: int
    denial_count: int
    actors: tuple[Actor, ...]
    claims: tuple[Claim, ...]
    denials: tuple[Denial, ...]
    statements: tuple[Statement, ...] = ()
    review: provenance.State = "machine"  # has an editor checked its claims (`provenance.state`)
    draft: bool = False  # listed only by a build with --drafts (the preview): marked as such


def record(article: Article, sidecar: Sidecar, config: SiteConfig, edited: bool = False,
           stale: bool = False) -> ArticleRecord:
    """What site-wide pages need of an explainer, without rendering it (no
    Markdown, no highlighting): the same summary and counts as its page.
    `edited`, `stale`: what `sidecar.lifecycle` found the sidecar to be."""
    views = Views(sidecar, config)
    return ArticleRecord(slug=article.slug, url=page_url(article), title=article.title,
                         summary=article.summary or summarise(*views.dispute()), date=article.date,
                         updated=article.updated, tags=article.tags, source=article.source,
                         source_url=article.source_url, claim_count=len(views.claims),
                         denial_count=len(views.denials), actors=sidecar.actors, claims=sidecar.claims,
                         denials=sidecar.denials, statements=sidecar.statements,
                         review=provenance.state(sidecar, edited, stale), draft=article.draft)


def page_url(article: Article) -> str:
    return f"{article.slug}/"
