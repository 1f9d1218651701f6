"""A sidecar's actors, claims, denials and statements as pages show them.

All decisions about the page are made in Python (which claims are disputed,
row order, the one-line summary, anchors, what needs review), so the templates
only lay out values and stay easy for a newsroom to restyle.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import SiteConfig
from ..model import Actor, Claim, Denial, Sidecar, Statement, Verdict

KIND_LABELS = {"person": "Person", "organization": "Organisation", "country": "Country", "group": "Group"}


@dataclass(frozen=True)
class ActorView:
    id: str
    name: str
    kind: str
    kind_label: str
    role: str | None
    aliases: tuple[str, ...]
    anchor: str
    statements: tuple[StatementView, ...] = ()


@dataclass(frozen=True)
class StatementView:
    id: str
    kind: str  # "claim" | "denial" | "statement"
    label: str  # `label(kind, id)`: the id the editor finds in the sidecar
    actor: ActorView | None
    text: str
    evidence: tuple[str, ...]
    row_anchor: str  # its place in the table
    evidence_anchor: str | None  # its first sentence in the article, None if not found there
    confidence: float | None
    needs_review: bool
    verdict: Verdict | None = None
    denies: str | None = None


@dataclass(frozen=True)
class Row:
    """One disputed claim and every denial that answers it."""

    claim: StatementView
    denials: tuple[StatementView, ...]


def label(kind: str, item_id: str) -> str:
    """The visible label of a claim, denial or statement: its id in the sidecar
    (`c10`), so an editor finds in the file what the page shows, whatever was
    deleted before it. An id that does not start with its kind's letter gets
    it in front (`C:river-safe`): claim or denial never rests on colour alone."""
    initial = kind[0]
    return item_id if item_id[:1].lower() == initial else f"{initial.upper()}:{item_id}"


def awaiting(confidence: float | None, review: str | None, config: SiteConfig) -> str | None:
    """Why an item awaits review: marked pending, or the machine was unsure of
    it (under `review_below`) and no editor has marked it done. None if it does not."""
    if review == "pending":
        return "marked pending"
    if review != "done" and confidence is not None and confidence < config.review_below:
        return "low confidence"
    return None


def _review(item_confidence: float | None, review: str | None, config: SiteConfig) -> bool:
    """Flagged "needs review" on pages editors read."""
    return config.for_editors and awaiting(item_confidence, review, config) is not None


def _actor_view(actor: Actor) -> ActorView:
    return ActorView(id=actor.id, name=actor.name, kind=actor.kind, kind_label=KIND_LABELS.get(actor.kind, actor.kind),
                     role=actor.role, aliases=actor.aliases, anchor=f"actor-{actor.id}")


class Views:
    """A sidecar's actors, claims, denials and statements as the page shows them."""

    def __init__(self, sidecar: Sidecar, config: SiteConfig) -> None:
        self.actors = {a.id: _actor_view(a) for a in sidecar.actors}
        self.config = config
        self.claims = [self._view(c) for c in sidecar.claims]
        self.denials = [self._view(d) for d in sidecar.denials]
        self.said = [self._view(s) for s in sidecar.statements]

    def _view(self, item: Claim | Denial | Statement) -> StatementView:
        if isinstance(item, Claim):
            kind, actor_id, verdict, denies = "claim", item.claimant, item.verdict, None
        elif isinstance(item, Denial):
            kind, actor_id, verdict, denies = "denial", item.actor, None, item.denies
        else:
            kind, actor_id, verdict, denies = "statement", item.actor, None, None
        return StatementView(
            id=item.id, kind=kind, label=label(kind, item.id),
            actor=self.actors.get(actor_id) if actor_id else None,
            text=item.text, evidence=item.evidence, row_anchor=f"row-{item.id}", evidence_anchor=None,
            confidence=item.confidence, needs_review=_review(item.confidence, item.review, self.config),
            verdict=verdict, denies=denies,
        )

    def dispute(self) -> tuple[tuple[Row, ...], tuple[StatementView, ...], tuple[StatementView, ...]]:
        """The table's rows, the claims nobody denies, the denials of no claim here."""
        claim_ids = {c.id for c in self.claims}
        rows = tuple(Row(c, tuple(d for d in self.denials if d.denies == c.id))
                     for c in self.claims if any(d.denies == c.id for d in self.denials))
        disputed = {r.claim.id for r in rows}
        undisputed = tuple(c for c in self.claims if c.id not in disputed)
        unanswered = tuple(d for d in self.denials if d.denies not in claim_ids)
        return rows, undisputed, unanswered


def _names(views: list[StatementView]) -> str:
    names: list[str] = []
    for v in views:
        name = v.actor.name if v.actor else "an unnamed source"
        if name not in names:
            names.append(name)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def summarise(rows: tuple[Row, ...], undisputed: tuple[StatementView, ...],
              unanswered: tuple[StatementView, ...]) -> str:
    """One line that tells a reader what the dispute is."""
    if len(rows) == 1:
        row = rows[0]
        who = row.claim.actor.name if row.claim.actor else "Unnamed sources"
        text = row.claim.text.rstrip(".")
        return f"{who}: “{text}”. Denied by {_names(list(row.denials))}."
    if rows:
        deniers = _names([d for r in rows for d in r.denials])
        return f"{len(rows)} claims are disputed in this article; denials come from {deniers}."
    if unanswered:
        return f"{_names(list(unanswered))} deny something the article does not state as a claim."
    if undisputed:
        n = len(undisputed)
        return f"No denials: {n} claim{'s' if n != 1 else ''} from {_names(list(undisputed))}, none disputed here."
    return "No attributed claims or denials were found in this article."
