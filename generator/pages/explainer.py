"""Sidecar + Article -> an explainer page: the claim-vs-denial table, the actors,
and the article with every claim and denial sentence highlighted."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from markdown_it.token import Token
from markupsafe import Markup

from ..config import SiteConfig
from ..errors import SidecarError
from ..model import Article, Block, Sidecar
from ..source import markdown
from . import highlight, provenance
from .record import page_url
from .views import ActorView, Row, StatementView, Views, summarise


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
    review: provenance.State = "machine"  # has an editor checked its claims (`provenance.state`)
    warnings: tuple[SidecarError, ...] = field(default=(), compare=False)


def explainer(article: Article, sidecar: Sidecar, config: SiteConfig, stale: bool = False,
              edited: bool = False) -> ExplainerPage:
    views = Views(sidecar, config)
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
        claim_count=len(views.claims), denial_count=len(views.denials), stale=stale and config.for_editors,
        review=provenance.state(sidecar, edited, stale), warnings=tuple(warnings),
    )


def _title_block(article: Article) -> Block:
    return Block("heading", article.title, 1)


def _inline_html(tokens: list[Token]) -> Markup:
    """Just the inline HTML of a one-heading token list (the template owns the <h1>)."""
    html = markdown.render(tokens)
    start, end = html.index(">") + 1, html.rindex("</")
    return Markup(html[start:end])


def _evidence_anchor(statement_id: str, n: int) -> str:
    return f"ev-{statement_id}" if n == 0 else f"ev-{statement_id}-{n + 1}"


def _who(s: StatementView) -> str:
    name = s.actor.name if s.actor else "Unnamed source"
    return f"{s.kind.capitalize()} by {name}"
