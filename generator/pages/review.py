"""What the preview's review mode shows (`serve`; never a published build):
each explainer's queue of items awaiting review and the choices of its edit
forms, and the site-wide queue (`_review/`).

An item awaits review when it is marked `review: pending`, or when the machine
was unsure of it (confidence under `review_below`) and no editor has marked it
`review: done`. Queues put the least sure first: an item of unknown confidence
counts as 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..model import Actor, Claim, Denial, Sidecar, Statement
from .record import ArticleRecord
from .views import awaiting, label

QUEUE_PAGE = "_review/"  # the site-wide queue: a preview page, never published
KINDS = {"actor": "Actor", "claim": "Claim", "denial": "Denial", "statement": "Statement"}


@dataclass(frozen=True)
class Pending:
    """One item awaiting review, as a queue lists it."""

    kind: str
    id: str
    label: str  # as the page labels it (`c3`, `C:river-safe`; an actor by its id)
    text: str  # its words (an actor's name)
    who: str  # who said it ("" for an actor)
    confidence: float | None
    anchor: str  # where it is on its explainer page
    why: str  # "marked pending" | "low confidence"


@dataclass(frozen=True)
class Choice:
    value: str
    text: str


@dataclass(frozen=True)
class PageReview:
    """What an explainer in review mode adds: which sidecar, which version of it
    the page shows, its queue, and the choices its forms offer."""

    sidecar: str  # its path under content/, with forward slashes: what a review edit names
    version: str  # sha256 of the sidecar's bytes the page was rendered from
    queue: tuple[Pending, ...]
    actors: tuple[Choice, ...]
    claims: tuple[Choice, ...]

    @property
    def pending_actors(self) -> frozenset[str]:
        return frozenset(p.id for p in self.queue if p.kind == "actor")


@dataclass(frozen=True)
class SitePending:
    """An item awaiting review somewhere on the site (`_review/`)."""

    item: Pending
    title: str  # its explainer's
    url: str  # its explainer's, from the site root


Item = Actor | Claim | Denial | Statement


def queue(actors: Sequence[Actor], claims: Sequence[Claim], denials: Sequence[Denial],
          statements: Sequence[Statement], config: SiteConfig) -> tuple[Pending, ...]:
    """The items of one explainer that await review, least sure first."""
    names = {a.id: a.name for a in actors}
    found = []
    for kind, items in (("claim", claims), ("denial", denials), ("statement", statements), ("actor", actors)):
        for item in items:
            why = awaiting(item.confidence, item.review, config)
            if why is not None:
                found.append(_pending(kind, item, names, why))
    return tuple(sorted(found, key=_least_sure))


def _least_sure(p: Pending) -> float:
    return p.confidence if p.confidence is not None else 0.0


def _pending(kind: str, item: Item, names: dict[str, str], why: str) -> Pending:
    if isinstance(item, Actor):
        return Pending(kind, item.id, item.id, item.name, "", item.confidence, f"actor-{item.id}", why)
    speaker = item.claimant if isinstance(item, Claim) else item.actor
    who = names.get(speaker, speaker) if speaker else "Unnamed source"
    return Pending(kind, item.id, label(kind, item.id), item.text, who, item.confidence, f"row-{item.id}", why)


def page_review(sidecar: Sidecar, version: str, content_dir: Path, config: SiteConfig) -> PageReview:
    """The review part of an explainer page rendered from `sidecar`, whose
    bytes hash to `version`."""
    return PageReview(
        sidecar=sidecar.path.relative_to(content_dir).as_posix(), version=version,
        queue=queue(sidecar.actors, sidecar.claims, sidecar.denials, sidecar.statements, config),
        actors=tuple(Choice(a.id, a.name) for a in sidecar.actors),
        claims=tuple(Choice(c.id, f"{label('claim', c.id)}: {c.text}") for c in sidecar.claims),
    )


def site_queue(records: Sequence[ArticleRecord], config: SiteConfig) -> tuple[SitePending, ...]:
    """Every item awaiting review on the site, least sure first."""
    found = [SitePending(p, r.title, r.url) for r in records
             for p in queue(r.actors, r.claims, r.denials, r.statements, config)]
    return tuple(sorted(found, key=lambda s: (_least_sure(s.item), s.title.casefold(), s.url)))
