"""Is a statement a denial? Rule families, strongest first:

1. a denial verb ("denied", "refuted"), not negated or cancelled ("did not
   deny", "declined to deny") and not a refusal ("denied entry");
2. a reject verb with a claim as object or a dismissive "as" ("dismissed the
   claim as groundless"), or a labelling verb with a dismissive label ("called
   the reports baseless");
3. an accusation of deceit ("accused the US of peddling disinformation");
4. words that deny in the content itself ("I've never heard of that", "no,
   there wasn't", "the screenshot was a hoax", "no evidence the attacks came
   from Yemen"). These are weak: the caller keeps them as denials only when they
   answer a claim in the article.

A negated restatement of someone else's claim is a fifth family; it needs the
claims, so it lives in `linking`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final, Literal

from . import cues
from .records import Attribution

# The families above, and the two `analyse` finds among what is left once
# claims are known: a negated restatement and a denier's counter-claim.
DenialKind = Literal["verb", "reject", "accuse", "marker", "restatement", "counter"]
STRONG: Final = "verb"
REJECT: Final = "reject"
ACCUSE: Final = "accuse"
MARKER: Final = "marker"


@dataclass(frozen=True)
class DenialCue:
    """What makes a statement a denial (not `model.Verdict`, an editor's rating)."""

    kind: DenialKind
    confidence: float
    text_from: int | None  # character offset where the denial's text starts (the cue), if not the content


_APOS = "['’]"
_MARKERS = [re.compile(p, re.I) for p in (
    r"\bnever (heard|said|asked|requested|happened|been|made|received|seen)\b",
    r"^\W*no\b\s*[,.!;—–-]",
    r"^\W*(this|that|it) is (not|n" + _APOS + "t) (true|correct|accurate|the case)",
    r"\b(not|n" + _APOS + r"t|never (been|was))\s+(true|correct|accurate|the case)\b",
    r"\bthere (was|is|were|are|has been|have been)(n" + _APOS + r"t\b|\s+never\b|\s+no (such|truth|evidence|"
    r"proof|basis|request|deal|plan|agreement|meeting|order|attempt|contact|record|sign|indication|link|"
    r"connection|involvement|wrongdoing|cover-?up|intrusion|breach|attack)\b)",
    r"\bno (evidence|proof|truth|basis|trace|traces|indication|foundation|grounds)\b",
    r"\b(is|was|are|were|be|been)\s+(\w+ly |an? |utter |pure |just )*"
    r"(hoax|lie|lies|false|untrue|baseless|groundless|fabricat\w*|fake|nonsense|absurd|ridiculous|"
    r"disinformation|misinformation|propaganda|fiction|unfounded|bogus|rubbish|made[- ]up|inaccurate|"
    r"incorrect|wrong|a myth|a smear|exaggerated|overstated|inflated|distorted|taken out of context)\b",
    r"\b(fake news|disinformation|misinformation|a hoax)\b",
    r"\b(done|did|do|does) (nothing|anything) wrong\b|\bno wrongdoing\b|\bwitch[- ]hunt\b",
    r"\b(without|no|lacks?|lacking) (any )?merit\b|\bmeritless\b|\bfrivolous\b",
    r"\b(did not|didn" + _APOS + r"t|never|has not|hasn" + _APOS + r"t|have not|haven" + _APOS +
    r"t|does not|doesn" + _APOS + r"t)\s+(happen|occur|take place|exist)\b",
    # counter-statements that clear the accused: "is innocent", "had nothing to do with",
    # "was not guilty", "neither confidential nor final", "we never got the invoices"
    r"\b(is|was|are|were|be|been|remains?)\s+(\w+ly )?(innocent|not guilty|blameless)\b",
    r"\b(had|has|have|having)\s+(absolutely )?nothing to do with\b|\bnothing to do with (it|this|that|the)\b",
    r"\bneither\b[^.;]{1,60}\bnor\b",
    r"\bnever (got|received|took|knew|met|spoke|touched|saw|had|paid|sent|signed|ordered|agreed|"
    r"promised|offered|threatened|asked for)\b",
    # evaluative labels outside the lexicon above: "unacceptable", "without foundation",
    # "fundamentally flawed", "making it up", "a cynical ploy", "using the excuse that"
    r"\b(without (any )?(foundation|basis))\b|\bunfounded\b|\b(fundamentally |deeply )?flawed\b",
    r"\b(making|made) (it|this|that|them|things) up\b|\bcynical\b|\bploy\b|\bexcuse\b",
)]


def _words(tok: Any) -> set[str]:
    return {t.lemma_.lower() for t in tok.subtree} | {t.lower_ for t in tok.subtree}


def _dismissive_as(cue: Any) -> bool:
    for c in cue.children:
        if c.dep_ in ("prep", "advcl", "oprd", "xcomp", "acomp", "ccomp", "dobj") and (
                c.lower_ == "as" or c.dep_ in ("oprd", "xcomp", "acomp", "ccomp", "dobj")) \
                and _words(c) & cues.DISMISSIVE:
            return True
    return False


_FIRST_PERSON = frozenset({"i", "we"})


def _denies_in_own_words(doc: Any, st: Attribution) -> bool:
    """'"We reject the suggestion that we hid anything," the company said': in a
    quotation, the speaker denies in the first person ("I deny ...", "we reject
    the claim ..."), not negated ("we do not deny ...")."""
    for a, b in st.content:
        span = doc.char_span(a, b, alignment_mode="expand")
        for tok in span or ():
            lemma = tok.lemma_.lower()
            if tok.pos_ != "VERB" or any(c.dep_ == "neg" for c in tok.children):
                continue
            if not any(c.dep_ == "nsubj" and c.lower_ in _FIRST_PERSON for c in tok.children):
                continue
            # what is denied must be a claim: "the suggestion", "these reports", a that-clause
            claim_object = any(c.dep_ == "ccomp" or c.dep_ == "dobj" and (c.lemma_.lower() in cues.CLAIM_NOUNS
                                                                          or c.lower_ in cues.CLAIM_NOUNS)
                               for c in tok.children)
            if claim_object and (lemma in cues.DENIAL_VERBS or lemma in cues.REJECT_VERBS):
                return True
    return False


def classify(doc: Any, st: Attribution, content: str) -> DenialCue | None:
    if st.negated:
        return None
    if st.cue is not None and st.kind in ("verb",):
        cue = doc[st.cue]
        lemma = st.cue_lemma
        obj = doc[st.obj] if st.obj is not None else None
        if lemma in cues.DENIAL_VERBS:
            if obj is not None and obj.lemma_.lower() in cues.REFUSAL_OBJECTS:
                return None
            if st.passive and not st.source_heads:
                return None
            return DenialCue(STRONG, 0.9, cue.idx)
        if lemma in cues.REJECT_VERBS and (
                obj is not None and (obj.lemma_.lower() in cues.CLAIM_NOUNS or obj.lower_ in cues.CLAIM_NOUNS)
                or _dismissive_as(cue) or any(c.dep_ == "ccomp" for c in cue.children)):
            return DenialCue(REJECT, 0.85, cue.idx)
        if lemma in cues.LABEL_VERBS and _dismissive_as(cue):
            return DenialCue(REJECT, 0.8, cue.idx)
        if lemma in ("accuse", "charge"):
            for c in cue.children:
                if c.dep_ == "prep" and c.lower_ == "of" and _words(c) & cues.DECEIT:
                    return DenialCue(ACCUSE, 0.75, cue.idx)
    if st.kind in ("hedge", "action", "nominal"):
        return None
    if st.kind in ("verb", "continuation") and st.quoted and _denies_in_own_words(doc, st):
        return DenialCue(REJECT, 0.8, None)
    for pat in _MARKERS:
        if pat.search(content):
            return DenialCue(MARKER, 0.65, None)
    return None
