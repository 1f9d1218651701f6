"""One article on its way through a build: the one record a build keeps per
article, from finding its file to its published page, and (its lasting part)
what the build cache remembers of it for the next build."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

from ..errors import GeneratorError
from ..model import Article, Sidecar
from ..pages.record import ArticleRecord
from ..source.discover import SourceFile

# found: not read yet. cached: unchanged since the last build (nothing is read).
# skip: a draft left out. failed: `error` says why. extract: its sidecar must be
# (re)extracted. ready: its record is made.
Status = Literal["found", "cached", "skip", "failed", "extract", "ready"]


@dataclass(frozen=True)
class Page:
    """A page as the build cache remembers it."""

    path: str  # under output/
    key: str  # of everything it was rendered from
    sha: str  # of its bytes
    content: str = ""  # actor pages: a key of what they show (see `sitepages.py`)


@dataclass
class Entry:
    source: SourceFile
    status: Status = "found"
    article_sha: str = ""  # of the article's bytes
    sidecar_sha: str | None = None  # of the sidecar's bytes this entry was built from
    draft: bool = False
    stale: bool = False  # an edited sidecar older than its article
    edited: bool = False  # its sidecar was changed by a person (`sidecar.State.EDITED`)
    warnings: list[GeneratorError] = field(default_factory=list)
    error: GeneratorError | None = None
    record_key: str = ""  # sha256 of the record as the cache stores it
    record: ArticleRecord | None = None  # None for a cached entry until it is needed
    stored: bytes = b""  # the record's bytes, while they are not on disk yet
    page: Page | None = None  # its explainer
    # Only in the process that read it (`split`): never sent between processes.
    article: Article | None = None
    sidecar: Sidecar | None = None
    # In a split build (`split.py`): its place in the build's list of entries
    # read, when the process that read it holds it ready to render (else -1),
    # and the process that staged its page.
    index: int = -1
    staged_by: int = 0
    written: bool = False

    @classmethod
    def known(cls, source: SourceFile, fields: dict[str, object], warnings: list[GeneratorError],
              page: Page | None) -> Entry:
        """An entry as the build cache read it: `cached`, with its lasting
        fields. Made without `__init__`: a build reads thousands at once."""
        entry = object.__new__(cls)
        entry.__dict__.update(_BLANK, source=source, status="cached", warnings=warnings, page=page, **fields)
        return entry

    @property
    def slug(self) -> str:
        return self.source.slug

    def fail(self, error: GeneratorError) -> None:
        self.error = error
        self.status = "failed"

    def copy(self, **changes: object) -> Entry:
        """A copy with `changes`, made without `dataclasses.replace`, which would
        run `__init__` again: a build copies every entry (`lasting`) and the
        cache every entry it knows (`cache.article`)."""
        new = object.__new__(Entry)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new

    def shipped(self) -> Entry:
        """This entry as it crosses to the other process: without the article
        and sidecar, which stay where they were read."""
        return self.copy(article=None, sidecar=None)

    def absorb(self, other: Entry) -> None:
        """Take what another process found out about this entry (`shipped`)."""
        article, sidecar = self.article, self.sidecar
        self.__dict__.update(other.__dict__)
        self.article, self.sidecar = article, sidecar

    def lasting(self) -> Entry:
        """What the build cache keeps: no article, sidecar or staging state."""
        return self.copy(status="cached", article=None, sidecar=None, index=-1, staged_by=0, written=False,
                         stored=b"", error=None)


_BLANK = {f.name: f.default for f in dataclasses.fields(Entry) if f.default is not dataclasses.MISSING}
