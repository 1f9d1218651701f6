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
from .denial_cues import (
    DENIAL_NOUNS,
    DISPUTABLE,
    content_denial,
    content_refusal,
    phrase_denial,
    refusal_to_accept,
)
from .parse import words_under
from .records import Attribution

# The families above, and the two `analyse` finds among what is left once
# claims are known: a negated restatement and a denier's counter-claim.
DenialKind = Literal["verb", "reject", "accuse", "marker", "negation", "restatement", "counter"]
STRONG: Final = "verb"
REJECT: Final = "reject"
ACCUSE: Final = "accuse"
MARKER: Final = "marker"
NEGATION: Final = "negation"

# Negated verbs that say nothing about the matter: a non-answer, not a denial
# ("did not comment", "has not decided", "could not be reached"), or a
# concession ("we do not deny that ...", "did not rule out").
_NON_ANSWERS = cues.words("""
know say comment respond reply confirm disclose reveal decide specify elaborate return answer expect want
plan intend give provide release name identify reach explain address see find hear receive wish need
think believe feel make deny dispute reject contest doubt question challenge rule exclude
""")
_NEGATORS = frozenset({"not", "n't", "never"})
# Verbs of answering back: what follows answers someone ("countered that ...", "retorted").
_ANSWERING = frozenset({"counter", "retort"})
_NO_WORDS = frozenset({"no", "nobody", "nothing", "none", "neither", "nowhere"})
_MODALS = frozenset({"will", "would", "could", "should", "can", "may", "might", "must", "shall", "wo", "ca"})


def negates(doc: Any, st: Attribution) -> bool:
    """Does the statement's main clause deny something? "there never was exact
    proof", "we are not Scientologists", "Jim has not engaged in any
    wrongdoing", "his position was not used to ...", "no one was hurt". Not a
    non-answer ("did not comment") nor a refusal or inability ("will not
    attend", "cannot say"): those are not about a claim."""
    for a, b in st.content:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            continue
        roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
        for root in roots:
            for v in [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]:
                if v.lemma_.lower() in _NON_ANSWERS:
                    continue
                kids = list(v.children)
                if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in kids):
                    continue
                if any(c.dep_ == "neg" and c.lower_ in _NEGATORS for c in kids):
                    return True
                for c in kids:
                    if c.dep_ in ("nsubj", "nsubjpass", "attr") and (
                            c.lower_ in _NO_WORDS or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
                        return True
                    if c.dep_ == "preconj" and c.lower_ == "neither":
                        return True
    return False


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
    r"^\W*not so\W*$",  # "Not so, says the company"
    r"^\W*(this|that|it) is (not|n" + _APOS + "t) (true|correct|accurate|the case)",
    r"\b(not|n" + _APOS + r"t|never (been|was))\s+(true|correct|accurate|the case|what happened)\b",
    r"\bthere\s+(never\s+(was|were|has been|have been)|(was|were|has|have)\s+never\s+(been\s+)?)\b",
    r"\bthere (was|is|were|are|has been|have been)(n" + _APOS + r"t\b|\s+never\b|\s+no (such|truth|evidence|"
    r"proof|basis|request|deal|plan|agreement|meeting|order|attempt|contact|record|sign|indication|link|"
    r"connection|involvement|wrongdoing|cover-?up|intrusion|breach|attack)\b)",
    r"\bno (evidence|proof|truth|basis|trace|traces|indication|foundation|grounds|knowledge|involvement|"
    r"role|part|connection|link|links|sign|signs|record|records)\b",
    # "it was a loan, not a bribe", 'had been "reprofiled", not cut, and ...': what the
    # thing is, set against what it was called
    r",\s+(and\s+)?not\s+((a|an|the|his|her|their|its|our)\s+)?\w+(\s+(it|them|this|that|anything))?\s*(,|;|$)",
    # ('were "deeply hurtful and untrue"': quoted, and one word joined before it)
    r"\b(is|was|are|were|be|been)\s+[\"“]?(\w+ly |an? |utter |pure |just )*[\"“]?(\w+,? and )?"
    r"(hoax|lie|lies|false|untrue|baseless|groundless|fabricat\w*|fake|nonsense|absurd|ridiculous|"
    r"disinformation|misinformation|propaganda|fiction|unfounded|bogus|rubbish|made[- ]up|inaccurate|"
    r"incorrect|wrong|a myth|a smear|exaggerated|overstated|inflated|distorted|taken out of context|"
    r"misleading|erroneous|mistaken|defamatory|libell?ous|slanderous|unsubstantiated|unproven|unjustified|"
    r"misquoted|misrepresented|misinterpreted|misinformed|politically motivated|a fabrication|an invention|malicious|"
    r"scurrilous|vexatious|specious|trumped[- ]up)\b",
    # "Khan's criticism was 'misplaced'": said of a claim, not of a plan ("a misguided approach")
    r"\b(claims?|criticisms?|allegations?|accusations?|charges?|suggestions?|concerns?|fears?)\s+(is|was|are|were)\s+"
    r"(\w+ly\s+)?[\"“]?(misplaced|misguided|ill-informed)\b",
    r"\b(fake news|disinformation|misinformation|a hoax)\b",
    # 'that was "a cheap slur"', "is a complete fabrication": one word of scorn between
    r"\b(is|was|are|were|be|been)\s+(an?\s+)?[\"“]?(\w+\s+)?(slur|smear|canard|fabrication|fiction|myth|lie|hoax)s?\b",
    r"\b(done|did|do|does) (nothing|anything) wrong\b|\bno wrongdoing\b|\bwitch[- ]hunt\b",
    r"\b(without|no|lacks?|lacking) (any )?merit\b|\bmeritless\b|\bfrivolous\b",
    r"\b(did not|didn" + _APOS + r"t|never|has not|hasn" + _APOS + r"t|have not|haven" + _APOS +
    r"t|does not|doesn" + _APOS + r"t)\s+(happen|occur|take place|exist)\b",
    # counter-statements that clear the accused: "is innocent", "had nothing to do with",
    # "was not guilty", "neither confidential nor final", "we never got the invoices"
    r"\b(is|was|are|were|be|been|remains?)\s+(\w+ly )?(innocent|not guilty|blameless)\b",
    r"\b(had|has|have|having)\s+(absolutely )?nothing to do with\b|\bnothing to do with (it|this|that|the)\b",
    r"\bneither\b[^.;]{1,60}\bnor\b",
    r"\b(at no (point|time|stage)|in no way|by no means)\b",  # "at no point were passwords stored ..."
    # "acted within the law", "complied with all regulations", "followed the procedures"
    r"\b(acted|acting|act|behaved)\s+(\w+ly\s+(and\s+)?)?(lawfully|legally|properly|appropriately|within the law|"
    r"in good faith|in accordance with)\b",
    r"\b(has|have|had|always)\s+complied with (all|the|every|its|our|their)\b|"
    r"\bfollowed (all|the|every) (\w+ )?(rules|procedures|regulations|protocols|guidelines)\b",
    # "he had been framed", "they were set up"
    r"\b(was|were|been|being|is|are)\s+(\w+ly\s+)?(framed|set up|scapegoated)\b",
    # "the report contains numerous errors", "an attempt to smear"
    r"\b(contains?|contained|full of|riddled with) (\w+ )?(errors|inaccuracies|falsehoods|distortions|lies|"
    r"mistakes)\b",
    r"\b(attempt|bid|effort|campaign) to (discredit|smear|distract|divert attention|tarnish|defame)\b",
    r"\bnever (got|received|took|knew|met|spoke|touched|saw|had|paid|sent|signed|ordered|agreed|"
    r"promised|offered|threatened|asked for)\b",
)]
# Evaluative labels outside the lexicon above: "unacceptable", "without foundation",
# "fundamentally flawed", "making it up", "a cynical ploy", "using the excuse that":
# weaker than saying a claim is untrue.
_LABEL_MARKERS = [re.compile(p, re.I) for p in (
    r"\b(without (any )?(foundation|basis))\b|\bunfounded\b|\b(fundamentally |deeply )?flawed\b",
    r"\b(making|made) (it|this|that|them|things) up\b|\bcynical\b|\bploy\b|\bexcuse\b",
    r"\b(is|was|are|were|been)\s+(\w+ly\s+)?lying\b",  # "she was lying"
    r"\b(far-fetched|outlandish|preposterous|laughable|ludicrous|hogwash|baloney|scaremongering|fearmongering|"
    r"sour grapes|wishful thinking|innuendo|hearsay|conspiracy theor(y|ies)|character assassination)\b",
    # "the evidence was thin, to say the least", "their case is weak"
    r"\b(evidence|case|claims?|allegations?|argument|proof)\s+(is|was|are|were)\s+(\w+\s+)?(thin|weak|flimsy)\b",
)]


def _words(tok: Any) -> set[str]:
    return {t.lemma_.lower() for t in tok.subtree} | words_under(tok)


def _dismissive_as(cue: Any) -> bool:
    for c in cue.children:
        labelled = c.lower_ == "as" or c.left_edge.lower_ == "as" or c.dep_ in ("oprd", "xcomp", "acomp", "ccomp",
                                                                               "dobj")
        if c.dep_ in ("prep", "advcl", "oprd", "xcomp", "acomp", "ccomp", "dobj") and labelled \
                and _words(c) & cues.DISMISSIVE:
            return True
    return False


_FIRST_PERSON = frozenset({"i", "we"})


def _said_thing(obj: Any) -> bool:
    """Is what is labelled something said ("called the report baseless", "called it
    nonsense", 'branded the claims "lies"'), not a deed or a thing ("described
    the tactics as rubbish", "called the decision a farce": a view, not a denial)?"""
    if obj.lower_ in ("it", "this", "that", "them", "these", "those", "they"):
        return True
    if obj.lower_ in cues.DISMISSIVE and any(c.dep_ == "det" and c.lower_ in ("this", "that") for c in obj.children):
        return True  # "calls that scaremongering", parsed as one noun phrase: "that" is what is called so
    # ('branded the claims "nonsense"' is parsed with the label as object, the claims under it)
    return any(t.lemma_.lower() in DISPUTABLE or t.lower_ in DISPUTABLE or t.lemma_.lower() in cues.DOCUMENT_NOUNS
               for t in obj.subtree)


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


def _content_head(doc: Any, st: Attribution) -> Any:
    """The head of a statement's first content span, if the span is one phrase."""
    span = doc.char_span(*st.content[0], alignment_mode="expand") if st.content else None
    return span.root if span is not None and len(span) else None


def classify(doc: Any, st: Attribution, content: str) -> DenialCue | None:
    if st.cue is not None and st.kind == "verb" and phrase_denial(doc[st.cue]):
        # "pleaded not guilty", "retracted his confession", "questioned the finding",
        # "will not accept the count" (`denial_cues`)
        return DenialCue(REJECT, 0.8, doc[st.cue].idx)
    if st.cue is not None and st.kind == "nominal" and st.cue_lemma in DENIAL_NOUNS:
        return DenialCue(REJECT, 0.7, None)  # "his denial of the charges"
    if st.negated:
        return None
    if st.kind in ("verb", "continuation", "according") and content_denial(doc, st.content):
        return DenialCue(REJECT, 0.75, None)
    if st.kind in ("verb", "continuation", "according") and (
            content_refusal(doc, st.content) or st.cue is not None and refusal_to_accept(doc[st.cue])):
        return DenialCue(MARKER, 0.55, None)  # "will not accept the count": only if it answers a claim
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
        said = obj is None or _said_thing(obj)
        if obj is None and st.kind == "verb" and lemma in cues.REJECT_VERBS:
            # "Ministry rejects report on deaths": a headline the parser misread, the
            # verb taken for a noun; what it rejects is its content's head
            obj = _content_head(doc, st)
        if lemma in cues.REJECT_VERBS and (
                obj is not None and (obj.lemma_.lower() in DISPUTABLE or obj.lower_ in DISPUTABLE)
                or said and _dismissive_as(cue) or any(c.dep_ == "ccomp" for c in cue.children)):
            return DenialCue(REJECT, 0.85, cue.idx)
        if lemma in cues.LABEL_VERBS and said and _dismissive_as(cue):
            return DenialCue(REJECT, 0.8, cue.idx)
        if lemma in ("accuse", "charge"):
            of = [c for c in cue.children if c.dep_ == "prep" and c.lower_ == "of"]
            # ('accused Lang of "cherry-picking numbers to mislead voters"': the parser
            # hangs the purpose on the verb)
            purpose = [c for c in cue.children if c.dep_ == "advcl" and of and c.i > of[0].i
                       and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
            if any(_words(c) & cues.DECEIT for c in of + purpose):
                return DenialCue(ACCUSE, 0.75, cue.idx)
    if st.kind in ("hedge", "action", "nominal", "charge"):
        return None
    if st.kind in ("verb", "continuation") and st.quoted and _denies_in_own_words(doc, st):
        return DenialCue(REJECT, 0.8, None)
    plain = re.sub(r'["“”]', "", content)  # ('the claims were "absurd"')
    for pat in _MARKERS:
        if pat.search(plain):
            return DenialCue(MARKER, 0.6, None)
    for pat in _LABEL_MARKERS:
        if pat.search(plain):
            return DenialCue(MARKER, 0.55, None)
    if st.kind == "verb" and st.cue_lemma in _ANSWERING:
        return DenialCue(MARKER, 0.55, None)  # "countered that ...": only if it answers a claim
    if st.kind in ("verb", "continuation", "according") and negates(doc, st):
        return DenialCue(NEGATION, 0.5, None)
    return None
