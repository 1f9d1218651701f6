"""One explainer put in place ahead of its build: the preview's quick path after
a review write (`preview/review.py`), so the editor sees the change at once.

The page is rendered exactly as `explainers.render_one` renders it, from the
state the last build left in memory (compiled templates, the menu, the actor
directory for its actor links), and replaces the published one atomically.
The full build runs right after it, brings every other page that lists the
article up to date, and renders this page again from the new state: the same
bytes, unless what it links to moved (a renamed actor), and then those bytes
replace it. When the last build's state cannot say (no build yet, templates
changed, the sidecar must be extracted again, the page is not published yet),
nothing is done ahead and the build does it all.

Only the preview does this: a publishing build changes output/ at its end only.
"""

from __future__ import annotations

from pathlib import Path

from .. import urls
from ..config import SiteConfig
from ..errors import GeneratorError
from ..files import atomic_write
from ..pages import sitewide
from ..source.discover import SourceFile
from . import cache, explainers, extraction, reading
from .entry import Entry
from .publish import read_manifest
from .site import Memory


def put_ahead(config: SiteConfig, memory: Memory, source: SourceFile) -> tuple[str, str] | None:
    """Render `source`'s explainer and put it in place in the output folder:
    (its path under it, the sha256 of its bytes), or None if nothing was put."""
    last, env, site = memory.last, memory.env, memory.site
    if last is None or env is None or site is None or site[0] != last.site_key:
        return None
    entry = Entry(source, sidecar_sha=cache.file_sha(source.sidecar_path))
    reading.read(entry, drafts=True)
    if entry.status != "found":
        return None
    model = extraction.model_id(config)
    reading.judge(entry, extraction.extractor_version(), str(model) if model else None)
    if entry.status != "found" or entry.sidecar is None:
        return None
    path = explainers.page_path(entry)
    if path not in (read_manifest(config.output_dir) or {}):  # never a file the last build did not publish
        return None
    links = sitewide.actor_links(entry.slug, (a.id for a in entry.sidecar.actors), site[1].members)
    try:
        data, _ = explainers.render_html(entry, links, last.nav, config, env, urls.base_path(config.base_url))
        target = config.output_dir / path
        if _bytes(target) != data:
            atomic_write(target, data)
    except (GeneratorError, OSError):
        return None  # the build says what is wrong
    return path, cache.sha(data)


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
