"""Rule cases written as data: every `cases/*.yaml` file next to this test is a
list of invented articles, each naming the rule family it exercises and what a
reader of the page must see. An editor adds a case by adding an entry; nothing
here knows the sentences.

A case:

    - rule: linking            # the rule family (free text, shown on failure)
      name: a denial before its claim links forward
      text: |                  # the article: title, blank line, paragraphs
        Headline.

        First paragraph ...
      expect:                  # any of the keys below
        claims:    [MATCHER, ...]   # each must match some claim
        denials:   [MATCHER, ...]   # each must match some denial
        said:      [MATCHER, ...]   # claims and statements together
        no_denial: [WORDS, ...]     # no denial's text or evidence contains these words
        no_claim:  [WORDS, ...]     # no claim's text contains these words
        no_said:   [WORDS, ...]     # no claim's or statement's text contains these words
        denial_count: N
        claims_with: {WORDS: N}     # exactly N claims whose text contains these words
        said_with: {WORDS: N}       # ... claims and statements
        actors:    [{id: ..., kind: ..., role: ..., name: ..., aliases_include: [...]}]
        no_actor:  [NAME, ...]      # no actor has this name or alias

A MATCHER picks the first item whose text contains `text` (case-insensitive;
`evidence` to pick by its sentence instead) and checks the other keys:
`by` (the claimant or denier id; `null` for nobody), `denies` (words of the
linked claim's text; `null` for no link), `text_lacks` (words the text must
not contain), `text_starts` (its first words), `review` (e.g. `pending`),
`flagged` (true: the page marks it for review with the default settings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import SiteConfig
from generator.extract.analyse import analyse
from generator.model import Claim, Denial, Extraction, Statement
from generator.pages.views import awaiting

CASES = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        for n, case in enumerate(yaml.safe_load(path.read_text("utf-8")) or []):
            case_id = f"{path.stem}[{n}] {case['name']}"
            params.append(pytest.param(case, id=case_id))
    return params


def _by(item: Claim | Denial | Statement) -> str | None:
    return item.claimant if isinstance(item, Claim) else item.actor


def _pick(items: list[Any], matcher: dict[str, Any], what: str) -> Any:
    key = "evidence" if "evidence" in matcher else "text"
    want = str(matcher[key]).lower()
    for item in items:
        hay = " ".join(item.evidence) if key == "evidence" else item.text
        if want in hay.lower():
            return item
    shown = [f"{_by(i)}: {i.text}" for i in items]
    raise AssertionError(f"no {what} with {key} containing {matcher[key]!r}; found {shown}")


def _check(ex: Extraction, item: Any, matcher: dict[str, Any], what: str) -> None:
    where = f"{what} {item.id} ({item.text!r})"
    if "by" in matcher:
        assert _by(item) == matcher["by"], f"{where}: said by {_by(item)!r}, expected {matcher['by']!r}"
    if "denies" in matcher:
        want = matcher["denies"]
        if want is None:
            assert item.denies is None, f"{where}: linked to {item.denies}, expected no link"
        else:
            claims = {c.id: c for c in ex.claims}
            target = claims.get(item.denies) if item.denies else None
            assert target is not None and str(want).lower() in target.text.lower(), (
                f"{where}: linked to {target.text if target else None!r}, expected a claim with {want!r}")
    for words in matcher.get("text_lacks", []) if isinstance(matcher.get("text_lacks"), list) else \
            [matcher["text_lacks"]] if "text_lacks" in matcher else []:
        assert words.lower() not in item.text.lower(), f"{where}: text contains {words!r}"
    if "text_starts" in matcher:
        assert item.text.lower().startswith(matcher["text_starts"].lower()), f"{where}: text starts otherwise"
    if "review" in matcher:
        assert item.review == matcher["review"], f"{where}: review {item.review!r}, expected {matcher['review']!r}"
    if "flagged" in matcher:  # what the page shows as awaiting review, with the default settings
        flagged = awaiting(item.confidence, item.review, SiteConfig(root=Path("."))) is not None
        assert flagged == matcher["flagged"], f"{where}: flagged for review {flagged} (confidence {item.confidence})"


@pytest.mark.parametrize("case", _load())
def test_rule_case(nlp: Any, case: dict[str, Any]) -> None:
    ex = analyse(nlp(case["text"].strip()))
    expect = case["expect"]
    said = [*ex.claims, *ex.statements]
    for key, items in (("claims", list(ex.claims)), ("denials", list(ex.denials)), ("said", said)):
        for matcher in expect.get(key, []):
            _check(ex, _pick(items, matcher, key.rstrip("s")), matcher, key.rstrip("s"))
    for words in expect.get("no_denial", []):
        found = [d.text for d in ex.denials if words.lower() in (d.text + " ".join(d.evidence)).lower()]
        assert not found, f"[{case['rule']}] unexpected denial(s) with {words!r}: {found}"
    for key, items in (("no_claim", list(ex.claims)), ("no_said", said)):
        for words in expect.get(key, []):
            found = [c.text for c in items if words.lower() in c.text.lower()]
            assert not found, f"[{case['rule']}] unexpected {key[3:]} item(s) with {words!r}: {found}"
    for key, items in (("claims_with", list(ex.claims)), ("said_with", said)):
        for words, n in (expect.get(key) or {}).items():
            found = [c.text for c in items if words.lower() in c.text.lower()]
            assert len(found) == n, f"[{case['rule']}] {len(found)} {key[:-5]} item(s) with {words!r}, expected {n}: {found}"
    if "denial_count" in expect:
        assert len(ex.denials) == expect["denial_count"], [f"{d.actor}: {d.text}" for d in ex.denials]
    actors = {a.id: a for a in ex.actors}
    for want in expect.get("actors", []):
        assert want["id"] in actors, f"no actor {want['id']!r} among {sorted(actors)}"
        a = actors[want["id"]]
        for field in ("kind", "role", "name"):
            if field in want:
                assert getattr(a, field) == want[field], f"actor {a.id}: {field} {getattr(a, field)!r}"
        for alias in want.get("aliases_include", []):
            assert alias in a.aliases, f"actor {a.id}: {alias!r} not among its aliases {a.aliases}"
    for name in expect.get("no_actor", []):
        names = {n.lower() for a in ex.actors for n in (a.name, *a.aliases)}
        assert name.lower() not in names, f"actor {name!r} should not be there"
