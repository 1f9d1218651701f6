"""What review mode shows (`pages/review.py`, `pages/views.py`): which items
await review and in which order, on one explainer and across the site; an item
an editor marked done is never flagged again; and only a review build has any
of it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.config import SiteConfig
from generator.model import Actor, Claim, Denial, Extraction, Sidecar, Statement
from generator.pages import review
from generator.pages.record import ArticleRecord
from generator.pages.views import Views, awaiting

CONFIG = SiteConfig(root=Path("/site"), content_dir=Path("/site/content"), review=True)
ITEMS = Extraction(
    actors=(Actor("a", "Ann", "person", confidence=0.9), Actor("b", "Bo", "person", confidence=0.3),
            Actor("c", "Cy", "group", review="pending")),
    claims=(Claim("c1", "a", "Sure claim.", ("S1.",), 0.9), Claim("c2", None, "Unsure claim.", ("S2.",), 0.5),
            Claim("c3", "a", "Checked claim.", ("S3.",), 0.2, review="done")),
    denials=(Denial("d1", "b", "c1", "No.", ("S4.",), 0.7, review="pending"),),
    statements=(Statement("s1", "c", "Maybe.", ("S5.",), None, review="pending"),),
)


def test_what_awaits_review_and_why() -> None:
    assert awaiting(0.9, None, CONFIG) is None
    assert awaiting(0.5, None, CONFIG) == "low confidence"
    assert awaiting(0.9, "pending", CONFIG) == "marked pending"
    assert awaiting(0.2, "done", CONFIG) is None  # an editor looked: never flagged again
    assert awaiting(None, None, CONFIG) is None


def test_an_item_marked_done_is_not_flagged_needs_review_though_the_machine_was_unsure() -> None:
    views = Views(Sidecar(Path("x.yaml"), "x.md", None, ITEMS), replace(CONFIG, review=False, show_review=True))
    assert {c.id: c.needs_review for c in views.claims} == {"c1": False, "c2": True, "c3": False}
    readers = Views(Sidecar(Path("x.yaml"), "x.md", None, ITEMS), replace(CONFIG, review=False))
    assert not any(c.needs_review for c in readers.claims)


def test_a_pages_queue_is_least_sure_first_unknown_counting_as_zero() -> None:
    queue = review.queue(*(getattr(ITEMS, k) for k in ("actors", "claims", "denials", "statements")), CONFIG)
    assert [(p.kind, p.id, p.anchor) for p in queue] == [
        ("statement", "s1", "row-s1"), ("actor", "c", "actor-c"), ("actor", "b", "actor-b"),
        ("claim", "c2", "row-c2"), ("denial", "d1", "row-d1")]
    assert [p.who for p in queue] == ["Cy", "", "", "Unnamed source", "Bo"]


def test_the_page_knows_its_sidecar_and_version() -> None:
    sidecar = Sidecar(Path("/site/content/news/x.yaml"), "news/x.md", None, ITEMS)
    page = review.page_review(sidecar, "f" * 64, Path("/site/content"), CONFIG)
    assert (page.sidecar, page.version) == ("news/x.yaml", "f" * 64)
    assert page.pending_actors == frozenset({"b", "c"})
    assert [c.value for c in page.actors] == ["a", "b", "c"] and page.claims[1].text == "c2: Unsure claim."


def test_the_site_queue_mixes_explainers_least_sure_first() -> None:
    def record(slug: str, extraction: Extraction) -> ArticleRecord:
        return ArticleRecord(slug, f"{slug}/", slug.title(), "", None, None, (), None, None, 0, 0,
                             extraction.actors, extraction.claims, extraction.denials, extraction.statements)

    other = Extraction(claims=(Claim("c1", None, "Very unsure.", ("S.",), 0.1),))
    queue = review.site_queue([record("one", ITEMS), record("two", other)], CONFIG)
    assert [(s.url, s.item.id) for s in queue][:3] == [("one/", "s1"), ("one/", "c"), ("two/", "c1")]
    assert len(queue) == 6
