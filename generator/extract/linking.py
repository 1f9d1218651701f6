"""Which claim does a denial answer?

Evidence for a link, summed:
- shared content words between what is denied and the claim (all its
  restatements count), weighted so that words frequent in the article count less;
- an anaphor in the denial ("the report", "these allegations", "it", "that")
  pointing back at the nearest claim before it;
- the denial naming the claimant ("accused the US of ...", "the claim from
  Berlin");
- a small preference for claims stated before the denial and for claims the
  article repeats (headline + body).
A denier never denies their own claim. The same scores decide whether a
statement is a negated restatement of someone else's claim ("She was never
forced to ..." after "... she was forced to ...").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nothing", "none", "nobody", "without"})
_ANAPHOR = re.compile(r"\b(the|these|those|this|that|such)\s+(\w+\s+)?(report|reports|claim|claims|allegation|"
                      r"allegations|accusation|accusations|charge|charges|story|stories|suggestion|suggestions|"
                      r"assertion|assertions|rumou?rs?|speculation|reporting|account|accounts|assessment|"
                      r"notion|idea|statement|statements|remarks|comments|figure|figures|estimate|estimates|number|numbers|"
                      r"data|statistics|version|description|characterization|charge)\b", re.I)
_PRONOUN = re.compile(r"\b(of|deny|denied|denies|denying|reject(ed|s)?|dismiss(ed|es)?|call(ed|s)?|heard of|about)"
                      r"\s+(it|that|this|them|those)\b|^\W*(that|this|it)\b", re.I)


@dataclass
class ClaimInfo:
    index: int
    claimant: str | None
    claimant_words: frozenset[str]
    lemmas: frozenset[str]  # of what is claimed
    first_unit: int
    units: frozenset[int]
    mentions: int  # how many statements restate it
    negated: bool = False
    context: frozenset[str] = frozenset()  # of the whole sentences ("according to a screenshot ...")
    salience: float = 0.0  # how much of the headline it carries
    paras: frozenset[int] = frozenset()
    spans: tuple[tuple[int, int], ...] = ()
    cues: frozenset[str] = frozenset()  # cue lemmas of its statements ("allege", "according to", ...)
    around: frozenset[str] = field(init=False)  # the context without what is claimed

    def __post_init__(self) -> None:
        self.around = self.context - self.lemmas


@dataclass
class DenialInfo:
    actor: str | None
    lemmas: frozenset[str]
    unit: int
    text: str  # the denial's text, for anaphora
    named: frozenset[str]  # words of actors the denial names (accused, "claim from X")
    words: frozenset[str] = frozenset()  # lower-cased words of the denial's sentence
    actor_words: frozenset[str] = frozenset()  # words of the denier's name
    para: int = -1
    spans: tuple[tuple[int, int], ...] = ()
    # read from the text once, not once per claim it is compared with
    anaphor: bool = field(init=False)  # "the report", "denied it"
    anaphor_noun: str | None = field(init=False)  # "allegation" in "these allegations"

    def __post_init__(self) -> None:
        named_kind = _ANAPHOR.search(self.text)
        # (a denial that names nothing, "the mayor denied.", points back as "denied it" does)
        self.anaphor = bool(named_kind) or bool(_PRONOUN.search(self.text)) or not self.lemmas
        self.anaphor_noun = named_kind.group(3).lower().rstrip("s") if named_kind else None


def nested(d: DenialInfo, c: ClaimInfo) -> bool:
    """A claim whose words lie inside the denial's own content is part of what
    the denier says, not what they answer."""
    return bool(c.spans) and all(any(a <= x and y <= b for a, b in d.spans) for x, y in c.spans)


_ALLEGING = frozenset({"allege", "claim", "accuse", "charge", "according to", "alleged", "allegedly", "blame",
                       "suspect"})
_REPORTING = frozenset({"report", "tell", "according to", "reportedly", "write", "say", "reveal", "disclose"})


class Weights(dict[str, float]):
    """Weight by lemma, and the summed weight of each set of lemmas asked about,
    kept: a claim is weighed against every denial."""

    def __init__(self, weights: dict[str, float]):
        super().__init__(weights)
        self._mass: dict[frozenset[str], float] = {}

    def mass(self, words: frozenset[str]) -> float:
        found = self._mass.get(words)
        if found is None:
            found = self._mass[words] = _mass(words, self)
        return found


def _mass(words: frozenset[str], weights: dict[str, float]) -> float:
    # summed in sorted order: set order varies between processes, and float sums with it
    return sum(weights.get(w, 1.0) for w in sorted(words))


def idf(doc_lemmas: list[frozenset[str]]) -> Weights:
    counts: Counter[str] = Counter()
    for s in doc_lemmas:
        counts.update(s)
    n = max(len(doc_lemmas), 1)
    return Weights({w: math.log(1 + n / c) for w, c in counts.items()})


def overlap(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    shared = a & b
    if not shared:
        return 0.0
    num = _mass(shared, weights)
    if isinstance(weights, Weights):
        den = min(weights.mass(a), weights.mass(b))
    else:
        den = min(_mass(a, weights), _mass(b, weights))
    return num / den if den else 0.0


def affiliated(d: DenialInfo, c: ClaimInfo) -> bool:
    """A spokesperson does not deny their own organisation: "Lycos Europe
    spokesperson" and "Lycos Europe" speak for one side."""
    if d.actor is not None and c.claimant == d.actor:
        return True
    if not c.claimant or not d.actor_words:
        return False
    name = c.claimant.split("-")
    return len(name) >= 1 and set(name) <= d.actor_words


def score(d: DenialInfo, c: ClaimInfo, weights: dict[str, float]) -> float:
    if affiliated(d, c) or nested(d, c):
        return -1.0
    s = 2.0 * overlap(d.lemmas, c.lemmas, weights)
    s += 1.0 * overlap(d.lemmas, c.around, weights) if c.context else 0.0
    if c.claimant_words and d.words & c.claimant_words:
        s += 0.5  # the denial names who made the claim
    s += 0.6 * c.salience
    if d.para in c.paras:
        s += 0.2
    before = c.first_unit <= d.unit
    distance = d.unit - c.first_unit if before else (c.first_unit - d.unit) + 3
    if d.anaphor and before:
        s += 0.8 / (1 + 0.3 * distance)
    # "the allegations" answer an allegation, "the report" a report
    noun = d.anaphor_noun
    if noun is not None:
        alleged = noun in ("allegation", "accusation", "charge", "claim", "rumour", "rumor") and (
            bool(c.cues & _ALLEGING) or c.claimant is None)
        reported = noun in ("report", "story", "reporting", "account") and bool(c.cues & _REPORTING)
        if alleged or reported:
            s += 0.3
    if d.named and c.claimant_words & d.named:
        s += 0.8
    s += 0.1 * min(c.mentions - 1, 3)
    s += 0.15 / (1 + 0.2 * distance)
    return s


def best_claim(d: DenialInfo, claims: list[ClaimInfo], weights: dict[str, float]) -> tuple[int | None, float]:
    best, best_score = None, 0.0
    for c in claims:
        sc = score(d, c, weights)
        if sc > best_score + 1e-9:
            best, best_score = c.index, sc
    return best, best_score


def negated_restatement(stmt_lemmas: frozenset[str], stmt_negated: bool, c: ClaimInfo,
                        weights: dict[str, float]) -> float:
    """How strongly a negated statement contradicts claim c (0 when it does not)."""
    if not stmt_negated or c.negated:
        return 0.0
    shared = stmt_lemmas & c.lemmas
    if len(shared) < 2:
        return 0.0
    return overlap(stmt_lemmas, c.lemmas, weights)
