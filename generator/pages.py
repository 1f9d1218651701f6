"""Site-wide pages: which exist, where they go, and what each template gets.

Every page that lists explainers is a function of the `ArticleRecord`s of the
build (never of articles or sidecars directly), so an incremental build can
render them from cached records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .config import SiteConfig
from .context import ArticleRecord


@dataclass(frozen=True)
class PageSpec:
    output: str  # path under output/, e.g. "index.html"
    template: str
    values: dict[str, Any] = field(default_factory=dict)
    anywhere: bool = False  # served at any depth (404.html): links start from base_url


def newest_first(records: list[ArticleRecord]) -> list[ArticleRecord]:
    def key(r: ArticleRecord) -> tuple[int, float, str]:
        date = r.date
        if date is None:
            return (1, 0.0, r.title.lower())
        if not isinstance(date, dt.datetime):
            date = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
        elif date.tzinfo is None:
            date = date.replace(tzinfo=dt.timezone.utc)
        return (0, -date.timestamp(), r.title.lower())

    return sorted(records, key=key)


def site_pages(records: list[ArticleRecord], config: SiteConfig) -> list[PageSpec]:
    ordered = newest_first(records)
    return [
        PageSpec("index.html", "index.html", {"pages": ordered}),
        PageSpec("404.html", "404.html", anywhere=True),
    ]
