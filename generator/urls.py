"""Where each page lives, and its public address.

Pages link to each other with relative URLs (`pages.render.relative_url`), so output/
works from any subpath and from disk. Only what leaves the site needs full
URLs: canonical links, share cards, the sitemap, the feed and claims.json. Those
come from `base_url`, and exist only when it is a full URL: a path alone
(`/explainers/`) cannot say which host the site is on.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse

from .text import slug as _slug

ACTORS = "actors/"
TAGS = "tags/"
SEARCH = "search/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
EXPORT = "claims.json"
STATIC = "static/"
PAGE = "page/"  # page n of a list is at <list>/page/<n>/
CLAIMS = "claims/"  # each explainer's claims.json of its own, on a site too large for one
# Folders the site's own pages live in: no article may publish there.
RESERVED = (ACTORS, TAGS, SEARCH, STATIC, PAGE, CLAIMS)


def base_path(base_url: str) -> str:
    """The path part of base_url: "https://x.org/explainers/" -> "/explainers/"."""
    if is_absolute(base_url):
        path = urllib.parse.urlsplit(base_url).path
        return path if path.endswith("/") else path + "/"
    return base_url


def is_absolute(base_url: str) -> bool:
    return base_url.startswith(("http://", "https://"))


def absolute(base_url: str, target: str) -> str | None:
    """The full URL of `target` (a path from the site root, "" for the home page),
    or None when base_url names no host."""
    return base_url + target if is_absolute(base_url) else None


def public(base_url: str, target: str) -> str:
    """The best address another tool can use: the full URL, else the path from
    the host root."""
    return absolute(base_url, target) or base_path(base_url) + target


def output_file(url: str) -> str:
    """The file that serves a page URL: "x/" -> "x/index.html", "" -> "index.html"."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def actor(actor_id: str) -> str:
    return f"{ACTORS}{actor_id}/"


def segment(text: str) -> str:
    """A URL path segment for a tag or an actor. Text with no Latin letters or
    digits (a name in Cyrillic, say) gets a short stable hash instead, so two
    such names never share a page."""
    return _slug(text) or "x-" + hashlib.sha256(text.strip().casefold().encode("utf-8")).hexdigest()[:10]


def tag(name: str) -> str:
    return f"{TAGS}{segment(name)}/"


SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


def is_safe_url(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative) URLs: the only links
    content may make (Markdown links, `source_url`, a verdict's `url`).

    Browsers drop control characters and whitespace inside a scheme
    (`java\\tscript:`), so they are removed before the scheme is read."""
    squashed = _INVISIBLE.sub("", url).lower()
    match = _SCHEME.match(squashed)
    if match is None:
        # `//host/path` is relative to the scheme only, i.e. another site over http(s): fine.
        return ":" not in squashed.split("/", 1)[0]
    return match.group(1) in SAFE_SCHEMES
