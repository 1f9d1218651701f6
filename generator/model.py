"""The values that flow between stages. Plain frozen dataclasses, no behaviour
beyond small derived properties; this module imports nothing from the package."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

ActorKind = Literal["person", "organization", "country", "group"]
ACTOR_KINDS: tuple[ActorKind, ...] = get_args(ActorKind)
Review = Literal["pending", "done"]  # pending: a machine finding no editor has seen yet
REVIEW_STATES: tuple[Review, ...] = get_args(Review)


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or heading of an article, as plain text (what NLP reads)."""

    kind: Literal["paragraph", "heading"]
    text: str
    level: int = 0  # heading level (2 = h2)


@dataclass(frozen=True, slots=True)
class Article:
    path: Path  # the article file
    rel: str  # path relative to content/, with forward slashes
    slug: str
    format: Literal["md", "txt"]
    sha256: str  # of the file's bytes
    title: str
    body: str  # Markdown source for .md, the text after the title for .txt
    blocks: tuple[Block, ...]
    date: dt.date | dt.datetime | None = None
    updated: dt.date | dt.datetime | None = None
    source: str | None = None  # publication the article comes from
    source_url: str | None = None
    author: str | None = None
    licence: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        """The plain text extraction reads: the title, then every block."""
        return "\n\n".join([self.title, *(b.text for b in self.blocks)])

    @property
    def text_sha256(self) -> str:
        """Of `text`: what a sidecar's findings depend on. Front matter other than
        the title (tags, dates, source) and the file's layout (blank lines,
        wrapping, line ends) do not change it."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: ActorKind
    role: str | None = None
    aliases: tuple[str, ...] = ()
    confidence: float | None = None
    review: Review | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """An editor's fact-check rating of a claim (becomes a schema.org ClaimReview)."""

    rating: str
    url: str | None = None
    author: str | None = None
    date: dt.date | dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    claimant: str | None  # actor id; None: an accusation with no named accuser
    text: str
    evidence: tuple[str, ...]
    confidence: float | None = None
    review: Review | None = None
    verdict: Verdict | None = None


@dataclass(frozen=True, slots=True)
class Denial:
    id: str
    actor: str
    denies: str | None  # claim id; None when no claim in the article fits
    text: str
    evidence: tuple[str, ...]
    confidence: float | None = None
    review: Review | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """Something an actor said that is neither a checkable claim nor a denial:
    an announcement, an intention, an opinion, an appeal. Kept so the page and
    other tools see every attributed statement, but out of the claim table."""

    id: str
    actor: str | None  # actor id; None when the article names nobody
    text: str
    evidence: tuple[str, ...]
    confidence: float | None = None
    review: Review | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extractor found in one article."""

    actors: tuple[Actor, ...] = ()
    claims: tuple[Claim, ...] = ()
    denials: tuple[Denial, ...] = ()
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True, slots=True)
class Provenance:
    """What wrote a sidecar: lets a build tell a machine-written sidecar from an edited one."""

    generator: str  # extractor version
    model: str  # spaCy pipeline name and version
    digest: str  # sha256 of the sidecar text as written, with this digest blanked


@dataclass(frozen=True, slots=True)
class Sidecar:
    path: Path
    article_path: str
    article_sha256: str | None  # of the article's bytes it was extracted from
    extraction: Extraction
    provenance: Provenance | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    article_text_sha256: str | None = None  # of the article's text it was extracted from (`Article.text_sha256`)

    @property
    def actors(self) -> tuple[Actor, ...]:
        return self.extraction.actors

    @property
    def claims(self) -> tuple[Claim, ...]:
        return self.extraction.claims

    @property
    def denials(self) -> tuple[Denial, ...]:
        return self.extraction.denials

    @property
    def statements(self) -> tuple[Statement, ...]:
        return self.extraction.statements
