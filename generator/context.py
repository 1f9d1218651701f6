"""Sidecar + Article -> what the templates loop over.

All decisions about the page are made here in Python (which claims are disputed,
row order, the one-line summary, anchors, what needs review), so the templates
only lay out values and stay easy for a newsroom to restyle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from . import highlight, markdown
from .config import SiteConfig
from .errors import SidecarError
from .model import Actor, Article, Block, Claim, Denial, Sidecar, Statement, Verdict

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
    label: str  # "C1" / "D2" / "S3": visible, so claim vs denial never relies on colour alone
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


@dataclass(frozen=True)
class ExplainerPage:
    article: Article
    url: str  # relative to the site root, e.g. "russia-china-aid/"
    summary: str
    rows: tuple[Row, ...]
    undisputed: tuple[StatementView, ...]
    unanswered: tuple[StatementView, ...]  # denials with no matching claim
    statements: tuple[StatementView, ...]  # other things actors said (announcements, opinions)
    actors: tuple[ActorView, ...]
    title_html: Markup
    body_html: Markup
    claim_count: int
    denial_count: int
    stale: bool = False  # shown only to editors (show_review): the article changed after the sidecar was edited
    warnings: tuple[SidecarError, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
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


def record(article: Article, sidecar: Sidecar, config: SiteConfig) -> ArticleRecord:
    """What site-wide pages need of an explainer, without rendering it (no
    Markdown, no highlighting): the same summary and counts as its page."""
    views = _Views(sidecar, config)
    return ArticleRecord(slug=article.slug, url=page_url(article), title=article.title,
                         summary=article.summary or summarise(*views.dispute()), date=article.date,
                         updated=article.updated, tags=article.tags, source=article.source,
                         source_url=article.source_url, claim_count=len(views.claims),
                         denial_count=len(views.denials), actors=sidecar.actors, claims=sidecar.claims,
                         denials=sidecar.denials, statements=sidecar.statements)


def page_url(article: Article) -> str:
    return f"{article.slug}/"


def _review(item_confidence: float | None, review: str | None, config: SiteConfig) -> bool:
    if not config.show_review:
        return False
    if review == "pending":
        return True
    return item_confidence is not None and item_confidence < config.review_below


def _actor_view(actor: Actor) -> ActorView:
    return ActorView(id=actor.id, name=actor.name, kind=actor.kind, kind_label=KIND_LABELS.get(actor.kind, actor.kind),
                     role=actor.role, aliases=actor.aliases, anchor=f"actor-{actor.id}")


class _Views:
    """A sidecar's actors, claims, denials and statements as the page shows them."""

    def __init__(self, sidecar: Sidecar, config: SiteConfig) -> None:
        self.actors = {a.id: _actor_view(a) for a in sidecar.actors}
        self.config = config
        self.claims = [self._view(c, i) for i, c in enumerate(sidecar.claims, 1)]
        self.denials = [self._view(d, i) for i, d in enumerate(sidecar.denials, 1)]
        self.said = [self._view(s, i) for i, s in enumerate(sidecar.statements, 1)]

    def _view(self, item: Claim | Denial | Statement, index: int) -> StatementView:
        is_claim = isinstance(item, Claim)
        kind = "claim" if is_claim else "denial" if isinstance(item, Denial) else "statement"
        actor_id = item.claimant if is_claim else item.actor  # type: ignore[union-attr]
        return StatementView(
            id=item.id, kind=kind, label=f"{kind[0].upper()}{index}",
            actor=self.actors.get(actor_id) if actor_id else None,
            text=item.text, evidence=item.evidence, row_anchor=f"row-{item.id}", evidence_anchor=None,
            confidence=item.confidence, needs_review=_review(item.confidence, item.review, self.config),
            verdict=item.verdict if is_claim else None,  # type: ignore[union-attr]
            denies=item.denies if kind == "denial" else None,  # type: ignore[union-attr]
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


def explainer(article: Article, sidecar: Sidecar, config: SiteConfig, stale: bool = False) -> ExplainerPage:
    views = _Views(sidecar, config)
    claims, denials, said = views.claims, views.denials, views.said

    # Highlight evidence in the title and body; a statement links to its sentence
    # only if that sentence was found.
    needles = [
        highlight.Needle(text=sentence, anchor=_evidence_anchor(s.id, n), ref=s.row_anchor, label=s.label,
                         kind=s.kind, title=_who(s))
        for s in [*claims, *denials, *said] for n, sentence in enumerate(s.evidence)
    ]
    title_tokens = markdown.text_tokens([_title_block(article)])
    body_tokens = markdown.parse(article.body) if article.format == "md" else markdown.text_tokens(article.blocks)
    placed = highlight.apply(title_tokens, needles)
    placed |= highlight.apply(body_tokens, [n for n in needles if n.anchor not in placed])

    warnings = []

    def located(s: StatementView) -> StatementView:
        anchors = [_evidence_anchor(s.id, n) for n in range(len(s.evidence))]
        found = next((a for a in anchors if a in placed), None)
        if found is None:
            warnings.append(SidecarError(f"{s.kind} {s.id}: its evidence is not in the article text, "
                                         "so the page cannot highlight it", sidecar.path))
        return replace(s, evidence_anchor=found)

    views.claims = [located(c) for c in claims]
    views.denials = [located(d) for d in denials]
    views.said = [located(s) for s in said]
    rows, undisputed, unanswered = views.dispute()

    by_actor: dict[str, list[StatementView]] = {}
    for s in [*views.claims, *views.denials, *views.said]:
        if s.actor is not None:
            by_actor.setdefault(s.actor.id, []).append(s)
    actor_views = tuple(replace(a, statements=tuple(by_actor.get(a.id, ()))) for a in views.actors.values())

    return ExplainerPage(
        article=article, url=page_url(article),
        summary=article.summary or summarise(rows, undisputed, unanswered),
        rows=rows, undisputed=undisputed, unanswered=unanswered, statements=tuple(views.said), actors=actor_views,
        title_html=_inline_html(title_tokens), body_html=Markup(markdown.render(body_tokens)),
        claim_count=len(views.claims), denial_count=len(views.denials), stale=stale and config.show_review,
        warnings=tuple(warnings),
    )


def _title_block(article: Article) -> Block:
    return Block("heading", article.title, 1)


def _inline_html(tokens: list) -> Markup:
    """Just the inline HTML of a one-heading token list (the template owns the <h1>)."""
    html = markdown.render(tokens)
    start, end = html.index(">") + 1, html.rindex("</")
    return Markup(html[start:end])


def _evidence_anchor(statement_id: str, n: int) -> str:
    return f"ev-{statement_id}" if n == 0 else f"ev-{statement_id}-{n + 1}"


def _who(s: StatementView) -> str:
    name = s.actor.name if s.actor else "Unnamed source"
    return f"{s.kind.capitalize()} by {name}"


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
