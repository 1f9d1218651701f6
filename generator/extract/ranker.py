"""The claim a denial answers, as a ranked choice: every claim of the article
(before or after the denial, its own sentence included) is scored on what
connects the two (`linking.features`), and "no claim" is scored too. The scores
are the weights of `link_weights` times
the features; their softmax is the probability of each choice.

A denial answers the best-scored claim when that beats "no claim"; the
probability of the choice is how sure the link is (`answers` marks a link under
`SURE` for review)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import link_weights
from .linking import FEATURES, ClaimInfo, DenialInfo, affiliated, features, names_only, nested, owner_fits


@dataclass(frozen=True)
class Choice:
    target: int | None  # the claim's group index; None: no claim fits
    probability: float  # of that choice
    best: int | None  # the best-scored claim, even when "no claim" wins
    best_probability: float  # of that claim
    score: float = 0.0  # the best claim's score (`link_weights.NULL` is "no claim"'s)
    connected: bool = False  # what connects the best claim is more than where the two stand
    said_of: bool = False  # ... and more than a "that" or "it" pointing back


def candidates(d: DenialInfo, claims: list[ClaimInfo]) -> list[ClaimInfo]:
    """The claims a denial can answer: not the denier's own (nor their
    side's, nor what they said jointly with someone: "Sam and Joe Park say"),
    not one inside the denial's own words, nor a deed done to a claim ("the
    allegations were published": what they allege is elsewhere)."""
    # ("Sam and Joe Park say ...": one claim, one copy per speaker; Sam does not deny Joe's)
    own = {c.spans for c in claims if c.claimant is not None and c.claimant == d.actor and c.spans and c.checkable}
    return [c for c in claims if answerable(d, c) and c.spans not in own]


def answerable(d: DenialInfo, c: ClaimInfo) -> bool:
    # ("rejected his account" is no woman's account, nor a company's)
    return not affiliated(d, c) and not nested(d, c) and not names_only(c) and owner_fits(d, c)


def _points_past(d: DenialInfo, claims: list[ClaimInfo]) -> bool:
    """"His lawyer rejected that account", right after her client's account:
    "that account" is the last claim before, which she cannot be denying; it
    does not point on to any other."""
    if not d.demonstrative:
        return False
    before = [c for c in claims if c.first_unit < d.unit]
    return bool(before) and not answerable(d, max(before, key=lambda c: (c.first_unit, c.index)))


def logit(f: dict[str, float], weights: dict[str, float] | None = None) -> float:
    w = link_weights.WEIGHTS if weights is None else weights
    return sum(w.get(k, 0.0) * f[k] for k in FEATURES)


# What connects a denial to a claim, as opposed to where the two stand: without
# one of these, nearness, a shared paragraph or the headline make no link.
CONNECTING = ("overlap", "context", "accused", "names_claimant", "named", "anaphor", "noun_fit")
MIN_OVERLAP = 0.15


def connected(f: dict[str, float], pointing: bool = True) -> bool:
    """Is more than where the two stand connecting them? (Without `pointing`,
    a denial's "that" or "it" does not count.)"""
    return f["overlap"] >= MIN_OVERLAP or f["context"] >= MIN_OVERLAP or any(
        f[k] > 0 for k in CONNECTING if k not in ("overlap", "context") and (pointing or k != "anaphor"))


def score(d: DenialInfo, c: ClaimInfo, idf: dict[str, float]) -> float:
    """Claim c's score for denial d; -1 for a claim it cannot answer."""
    if not answerable(d, c):
        return -1.0
    return logit(features(d, c, idf))


def choose(d: DenialInfo, claims: list[ClaimInfo], idf: dict[str, float]) -> Choice:
    found = [(c.index, features(d, c, idf)) for c in candidates(d, claims)]
    if _points_past(d, claims):
        for _, f in found:
            f["anaphor"] = 0.0
    scored = [(i, logit(f)) for i, f in found]
    linked = {i for i, f in found if connected(f)}
    said_of = {i for i, f in found if connected(f, pointing=False)}
    null = link_weights.NULL
    top = max([null, *(s for _, s in scored)])
    total = math.exp(null - top) + sum(math.exp(s - top) for _, s in scored)
    if not scored:
        return Choice(None, 1.0, None, 0.0, 0.0)
    # (ties go to the claim that comes first in the article)
    best, best_s = max(scored, key=lambda x: (x[1], -x[0]))
    p_best = math.exp(best_s - top) / total
    if best_s <= null:
        return Choice(None, math.exp(null - top) / total, best, p_best, best_s, best in linked, best in said_of)
    return Choice(best, p_best, best, p_best, best_s, best in linked, best in said_of)
