"""What connects a denial with a claim (`features`, weighed by `ranker`):
- shared content words between what is denied and the claim (all its
  restatements count), weighted so that words frequent in the article count less,
  and with the claim's sentence around it;
- whom the claim is about: the denier, or whom the denial speaks of ("the
  mayor took bribes" / "the mayor denied ..."; `features.referents`);
- the denial naming the claimant ("accused the US of ...", "the claim from
  Berlin", "his version of events");
- an anaphor in the denial ("the report", "these allegations", "it", "that")
  pointing back at the nearest claim before it, and the noun it names against
  how the claim was made (`noun_fit`);
- where the two stand: same paragraph or sentence, distance, before or after,
  the headline; and what the claim is: restated, an accusation, a bare
  statement, with or without a claimant.
A denier never denies their own claim (`affiliated`), nor a claim inside its
own words (`nested`). `negated_restatement` says whether a statement
contradicts a claim by negating it ("She was never forced to ..." after "...
she was forced to ...").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from . import cues

# (not "without": "cut the budget without telling him" says it was cut)
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nothing", "none", "nobody"})
_ANAPHOR = re.compile(r"\b((?i:the|these|those|this|that|such|his|her|their|its)|[A-Z][\w-]*['’]s?)\s+(\w+\s+)?"
                      r"(report|reports|claim|claims|allegation|"
                      r"allegations|accusation|accusations|charge|charges|story|stories|suggestion|suggestions|"
                      r"assertion|assertions|rumou?rs?|speculation|reporting|account|accounts|assessment|"
                      r"notion|idea|statement|statements|remarks|comments|figure|figures|estimate|estimates|number|numbers|"
                      r"data|statistics|version|description|characterization|charge|finding|findings|conclusion|"
                      r"conclusions|explanation|testimony|evidence|argument|arguments|lawsuit|lawsuits|suit|"
                      r"complaint|complaints|warning|warnings|prediction|predictions|forecast|forecasts)\b")
_PRONOUN = re.compile(r"\b(of|deny|denied|denies|denying|reject(ed|s)?|dismiss(ed|es)?|call(ed|s)?|heard of|about)"
                      r"\s+(it|that|this|them|those)\b|^\W*(that|this|it)\b"
                      r"|\b(that|this|it)\s+(is|was)\s+(not|n['’]t|untrue|false|a lie)\b", re.I)


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
    about: frozenset[str] = frozenset()  # words for whom it is about (names, resolved pronouns)
    checkable: bool = True  # one of its statements asserts something checkable (not only a statement)
    kinds: frozenset[str] = frozenset()  # how its statements were found ("verb", "charge", "hedge", ...)
    heads: frozenset[int] = frozenset()  # character offsets of the main verbs of what it claims
    claimant_terms: frozenset[str] = frozenset()  # every word of the claimant's names ("union")
    numeric: bool = False  # what it claims states a number ("£4 million had been moved")
    claimant_side: frozenset[str] = frozenset()  # words of whom the claimant speaks for ("Barker's lawyer": barker)
    claimant_kind: str | None = None  # person, organization, group, country (the actor's kind)
    claimant_gender: str | None = None  # "m", "f" or unknown, for a person
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
    actor_terms: frozenset[str] = frozenset()  # words of the denier's names
    cue_at: int = -1  # character offset of its cue ("denied"); -1 without one
    own_terms: frozenset[str] = frozenset()  # words of the denier's names alone ("parent" of "Parent Lisa Hart")
    # read from the text once, not once per claim it is compared with
    anaphor: bool = field(init=False)  # "the report", "denied it"
    anaphor_noun: str | None = field(init=False)  # "allegation" in "these allegations"
    demonstrative: bool = field(init=False)  # "that account", "this claim": the last one before
    owner: str | None = field(init=False)  # "her" of "her claim": whose claim it points at

    def __post_init__(self) -> None:
        named_kind = _ANAPHOR.search(self.text)
        self.demonstrative = named_kind is not None and named_kind.group(1).lower() in ("that", "this")
        self.owner = named_kind.group(1).lower() if named_kind is not None \
            and named_kind.group(1).lower() in ("his", "her", "its") else None
        # (a denial that names nothing, "the mayor denied.", points back as "denied it" does)
        self.anaphor = bool(named_kind) or bool(_PRONOUN.search(self.text)) or not self.lemmas
        noun = named_kind.group(3).lower() if named_kind else None
        self.anaphor_noun = noun if noun in ("evidence", "data", "statistics", "reporting") or noun is None \
            else noun[:-1] if noun.endswith("s") and noun not in ("news",) else noun


def nested(d: DenialInfo, c: ClaimInfo) -> bool:
    """A claim whose words lie inside the denial's own content is part of what
    the denier says, not what they answer; a claim that only reports the denial
    ("Police said Costa denied the allegations": what police say is that she
    denied) is not what it answers either."""
    if d.cue_at >= 0 and d.cue_at in c.heads:
        return True
    return bool(c.spans) and all(any(a <= x and y <= b for a, b in d.spans) for x, y in c.spans)


_ALLEGING = frozenset({"allege", "claim", "accuse", "charge", "according to", "alleged", "allegedly", "blame",
                       "suspect", "sue", "complain"})
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


_CLAIM_NAMES = cues.CLAIM_NOUNS | cues.DOCUMENT_NOUNS


def names_only(c: ClaimInfo) -> bool:
    """Is the claim only a deed done to a claim or a document ("the allegations
    were published", "released a report")?"""
    return c.kinds == {"action"} and bool(c.lemmas) and c.lemmas <= _CLAIM_NAMES


def affiliated(d: DenialInfo, c: ClaimInfo) -> bool:
    """A spokesperson does not deny their own organisation: "Lycos Europe
    spokesperson" and "Lycos Europe" speak for one side."""
    if d.actor is not None and c.claimant == d.actor:
        return True
    if not c.claimant or not d.actor_words:
        return False
    name = c.claimant.split("-")
    if set(name) <= d.actor_words:
        return True
    if c.claimant_side and d.actor and c.claimant_side <= set(d.actor.split("-")):
        return True  # the denier's own lawyer or spokesman made the claim
    # "Morrow's lawyers", "Cole's office" speak for Jade Morrow, Ann Cole; and
    # Aegean Lines does not deny "Aegean Lines's captain", nor Mia Cole "Cole's coach"
    if d.actor and (_owner_word(d.actor) == name[-1] or _owner_word(c.claimant) == d.actor.split("-")[-1]):
        return True
    # "Parent Lisa Hart" is one of the "Parents at Hillside School" who claim
    group = name[-1]
    return len(group) > 3 and group.endswith("s") and group[:-1] in d.own_terms and group[:-1] not in name[:-1]


def _owner_word(key: str) -> str | None:
    """The last word of whose an actor is: "cole" for "mia-cole-s-coach"."""
    return key.split("-s-")[0].split("-")[-1] if "-s-" in key else None


def owner_fits(d: DenialInfo, c: ClaimInfo) -> bool:
    """"Her claim" points at a woman's claim (or a person's of unknown gender),
    "its claim" at one that is not a person's; a claimant of another kind is
    not pointed at."""
    if d.owner is None or c.claimant_kind is None:
        return True
    if d.owner in ("his", "her"):
        # ("rejected his account" is not the account of a woman named before him)
        want = "m" if d.owner == "his" else "f"
        return c.claimant_kind == "person" and c.claimant_gender in (None, want)
    return c.claimant_kind != "person"


def features(d: DenialInfo, c: ClaimInfo, weights: dict[str, float]) -> dict[str, float]:
    """What connects denial d with claim c, each between 0 and 1 (`FEATURES`)."""
    f: dict[str, float] = {}
    f["overlap"] = overlap(d.lemmas, c.lemmas, weights)
    # (the sentence of a claim in the denial's own sentence holds the denial's words)
    f["context"] = overlap(d.lemmas, c.around, weights) if c.context and d.unit not in c.units else 0.0
    f["accused"] = 1.0 if d.actor_terms & c.about else 0.0
    # (a claim of the denial's own sentence has its claimant named there anyway)
    f["names_claimant"] = 1.0 if c.claimant_words and d.words & c.claimant_words and d.unit not in c.units else 0.0
    f["named"] = 1.0 if d.named and (c.claimant_words | c.claimant_terms) & d.named else 0.0
    f["salience"] = c.salience
    f["same_para"] = 1.0 if d.para in c.paras else 0.0
    before = c.first_unit <= d.unit
    distance = d.unit - c.first_unit if before else (c.first_unit - d.unit) + 3
    # (a claim whose owner does not fit "his"/"her"/"its" is no candidate at all: `ranker.answerable`)
    f["anaphor"] = 1.0 / (1 + 0.3 * distance) if d.anaphor and before else 0.0
    f["noun_fit"] = noun_fit(d.anaphor_noun, c)
    f["repeated"] = min(c.mentions - 1, 3) / 3
    f["near"] = 1.0 / (1 + 0.2 * distance)
    f["before"] = 1.0 if before else 0.0
    f["same_sentence"] = 1.0 if d.unit in c.units else 0.0
    f["no_claimant"] = 1.0 if c.claimant is None else 0.0
    f["statement"] = 0.0 if c.checkable else 1.0
    f["accusation"] = 1.0 if c.cues & _ALLEGING or "charge" in c.kinds else 0.0
    return f


FEATURES = ("overlap", "context", "accused", "names_claimant", "named", "salience", "same_para", "anaphor",
            "noun_fit", "repeated", "near", "before", "same_sentence", "no_claimant", "statement", "accusation")

_ALLEGATION_NOUNS = frozenset({"allegation", "accusation", "charge", "claim", "rumour", "rumor", "suggestion",
                               "insinuation", "assertion", "speculation", "idea", "notion", "lawsuit", "suit",
                               "complaint"})
_REPORT_NOUNS = frozenset({"report", "story", "reporting", "article"})
_ACCOUNT_NOUNS = frozenset({"version", "account", "explanation", "testimony", "statement", "argument",
                            "description", "remark", "comment"})
_FINDING_NOUNS = frozenset({"finding", "conclusion", "assessment", "figure", "estimate", "number", "data",
                            "statistics", "evidence", "report"})
_NUMBER_NOUNS = frozenset({"figure", "number", "estimate", "statistics", "data"})
_WARNING_NOUNS = frozenset({"warning", "prediction", "forecast"})
_WARNING_CUES = frozenset({"warn", "predict", "forecast", "caution"})
_ACCOUNT_CUES = frozenset({"say", "tell", "claim", "testify", "explain", "state", "maintain", "insist", "argue",
                           "contend", "describe", "write", "add", "continuation"})
_FINDING_CUES = frozenset({"find", "conclude", "show", "determine", "establish", "reveal", "report", "estimate",
                           "according to", "suggest", "indicate", "confirm"})


def noun_fit(noun: str | None, c: ClaimInfo) -> float:
    """Does the noun a denial names fit how the claim was made? "The
    allegations" answer an accusation (an accusing cue, or no accuser named),
    "the report" a report, "his version of events" someone's account, "the
    finding" what a body or document found."""
    if noun is None:
        return 0.0
    if noun in _ALLEGATION_NOUNS and (bool(c.cues & _ALLEGING) or c.claimant is None):
        return 1.0
    if noun in _REPORT_NOUNS and bool(c.cues & _REPORTING):
        return 1.0
    if noun in _ACCOUNT_NOUNS and c.claimant is not None and bool(c.cues & _ACCOUNT_CUES):
        return 1.0
    if noun in _FINDING_NOUNS and bool(c.cues & _FINDING_CUES):
        return 1.0
    if noun in _NUMBER_NOUNS and c.numeric:
        return 1.0  # "the figures were wrong" answers whoever put a number on it
    if noun in _WARNING_NOUNS and bool(c.cues & _WARNING_CUES):
        return 1.0  # "dismissed the warnings" answers what someone warned of
    return 0.0


_NUMBER = re.compile(r"\d|\b(million|billion|thousand|hundred|dozen|per ?cent|percent|half|doubled|tripled)\b", re.I)


def states_number(text: str) -> bool:
    return bool(_NUMBER.search(text))


def negated_restatement(stmt_lemmas: frozenset[str], stmt_negated: bool, c: ClaimInfo,
                        weights: dict[str, float]) -> float:
    """How strongly a negated statement contradicts claim c (0 when it does not)."""
    if not stmt_negated or c.negated:
        return 0.0
    shared = stmt_lemmas & c.lemmas
    if len(shared) < 2:
        return 0.0
    return overlap(stmt_lemmas, c.lemmas, weights)
