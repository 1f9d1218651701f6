"""Explainer pages: the one place an explainer is rendered, and the rule for
carrying an unchanged one over from the last build."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import jinja2

from .. import urls
from ..config import SiteConfig
from ..errors import GeneratorError
from . import cache
from .entry import Entry, Page
from .publish import Publisher

Nav = Sequence[Sequence[str]]


def page_path(entry: Entry) -> str:
    return urls.output_file(f"{entry.slug}/")


def page_key(fingerprint: str, entry: Entry, links: Mapping[str, str], nav: Nav) -> str:
    """Everything an explainer is rendered from, besides what the fingerprint covers."""
    return cache.key(fingerprint, entry.article_sha, entry.sidecar_sha, entry.stale, entry.edited, links, nav)


def render_one(entry: Entry, links: Mapping[str, str], nav: Nav, key: str, config: SiteConfig,
               env: jinja2.Environment, base_path: str, out: Publisher) -> None:
    """Render the entry's explainer (its article and sidecar read) into the
    staging folder; its page, or its error, goes into the entry. Warnings of
    the page are the entry's, unless they came from the cache already."""
    try:
        data, warnings = render_html(entry, links, nav, config, env, base_path)
    except GeneratorError as exc:
        entry.fail(exc)
        return
    finally:  # rendered: its article and sidecar are not needed again (an archive holds thousands)
        entry.article = entry.sidecar = None
    if entry.status != "cached":
        entry.warnings.extend(warnings)
    path = page_path(entry)
    entry.written = out.put(path, data)
    entry.staged_by = os.getpid()
    entry.page = Page(path, key, cache.sha(data))


def render_html(entry: Entry, links: Mapping[str, str], nav: Nav, config: SiteConfig, env: jinja2.Environment,
                base_path: str) -> tuple[bytes, tuple[GeneratorError, ...]]:
    """The entry's explainer page (its article and sidecar read), and its
    warnings; a GeneratorError if it cannot be rendered."""
    # Imported here, as in `reread`: a build with nothing changed renders nothing.
    from ..pages import render
    from ..pages.explainer import explainer
    from ..pages.review import page_review
    from ..pages.sitewide import explainer_values

    assert entry.article is not None and entry.sidecar is not None
    page = explainer(entry.article, entry.sidecar, config, stale=entry.stale, edited=entry.edited)
    values = explainer_values(page, config, dict(links))
    if config.review:  # the preview's review mode: which sidecar, and which version of it, the page shows
        values["review"] = page_review(entry.sidecar, entry.sidecar_sha or "", config.content_dir, config)
    html = render.render(env, "explainer.html", page_path(entry), base_path, nav=nav, **values)
    return html.encode("utf-8"), page.warnings


def carried(entry: Entry, key: str, out: Publisher) -> bool:
    """A cached entry's page carried over: its key is the same and output/
    still holds exactly its bytes."""
    page = entry.page
    return page is not None and page.key == key and out.reuse(page.path, page.sha)


def reread(entry: Entry) -> bool:
    """Read a cached entry's article and sidecar again, to render its page
    (a linked actor page moved, output/ lost it). False (and the entry failed)
    if they no longer read."""
    from ..sidecar import load
    from ..source.article import read_article

    try:
        entry.article = read_article(entry.source)
        entry.sidecar, _ = load(entry.source.sidecar_path)
    except GeneratorError as exc:
        entry.fail(exc)
        return False
    return True
