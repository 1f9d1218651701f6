"""sitemap.xml, the Atom feed and robots.txt, as bytes.

These files need full URLs, so they are made only when base_url is a full URL
(pages.py decides). Nothing here reads the clock: the feed's `updated` is the
newest article's date, so a build with no change writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .. import urls
from ..config import SiteConfig
from .record import ArticleRecord
from .render import iso_date

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Date = dt.date | dt.datetime


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = _text(text)
    return el


def _bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def rfc3339(value: Date) -> str:
    """Atom wants a full timestamp with a zone; a date means midnight UTC."""
    # By value and zone: equal instants in two zones are equal datetimes, but are
    # written each in its own zone.
    return _rfc3339(value, value.tzinfo if isinstance(value, dt.datetime) else None)


@lru_cache(maxsize=1 << 14)  # the sitemap asks for the dates of every actor page's articles, every build
def _rfc3339(value: Date, _zone: dt.tzinfo | None) -> str:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def newest(dates: Iterable[Date | None]) -> Date | None:
    known = [d for d in dates if d is not None]
    return max(known, key=rfc3339) if known else None


def _same(value: Date | None) -> tuple[object, ...]:
    """A date as a cache key: equal dates that are written differently (a zone,
    a month-only date) are told apart."""
    return (value, type(value), getattr(value, "tzinfo", None), getattr(value, "precision", None))


# The preview builds again on every save, mostly with the same feed and sitemap:
# both are pure functions of what they list, remembered for the last few inputs.

def sitemap(pages: list[tuple[str, Date | None]]) -> bytes:
    """`pages`: (full URL, last modified) of every page worth indexing."""
    return _sitemap(tuple((loc, modified, _same(modified)) for loc, modified in pages))


@lru_cache(maxsize=4)
def _sitemap(pages: tuple[tuple[str, Date | None, tuple[object, ...]], ...]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for loc, modified, _ in pages:
        url = _sub(root, "url")
        _sub(url, "loc", loc)
        if modified is not None:
            _sub(url, "lastmod", iso_date(modified))  # W3C dates: 2004 and 2004-12 are fine
    return _bytes(root)


def atom(config: SiteConfig, records: list[ArticleRecord]) -> bytes:
    """The explainers, newest first (`records` in that order)."""
    return _atom(config.base_url, config.language, config.title, config.description, config.author,
                 tuple(_Entry(r.url, r.title, r.date, r.updated, r.summary, tuple(r.tags),
                              (_same(r.date), _same(r.updated))) for r in records))


@dataclass(frozen=True)
class _Entry:
    url: str
    title: str
    date: Date | None
    updated: Date | None
    summary: str
    tags: tuple[str, ...]
    dates: tuple[object, ...]  # `_same` of both dates: part of the cache key


@lru_cache(maxsize=4)
def _atom(base: str, language: str, title: str, description: str | None, author_name: str | None,
          records: tuple[_Entry, ...]) -> bytes:
    latest = newest(r.updated or r.date for r in records)
    root = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: language})
    _sub(root, "title", title)
    if description:
        _sub(root, "subtitle", description)
    _sub(root, "id", base)
    _sub(root, "link", rel="self", type="application/atom+xml", href=base + urls.FEED)
    _sub(root, "link", rel="alternate", type="text/html", href=base)
    # An undated article still needs an `updated`; the feed's newest date is the
    # honest choice that does not change from one build to the next.
    fallback = rfc3339(latest) if latest is not None else "1970-01-01T00:00:00Z"
    _sub(root, "updated", fallback)
    author = _sub(root, "author")
    _sub(author, "name", author_name or title)
    _sub(root, "generator", "explainer-generator")
    for record in records:
        entry = _sub(root, "entry")
        url = base + record.url
        _sub(entry, "title", record.title)
        _sub(entry, "id", url)
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        if record.date is not None:
            _sub(entry, "published", rfc3339(record.date))
        changed = record.updated or record.date
        _sub(entry, "updated", rfc3339(changed) if changed is not None else fallback)
        _sub(entry, "summary", record.summary)
        for tag in record.tags:
            _sub(entry, "category", term=_text(tag))
    return _bytes(root)


def robots(config: SiteConfig) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    sitemap_url = urls.absolute(config.base_url, urls.SITEMAP)
    if sitemap_url is not None:
        lines.append(f"Sitemap: {sitemap_url}")
    return ("\n".join(lines) + "\n").encode("utf-8")
