"""Denials worded outside the speech lexicon: phrases whose verb is no report
verb, or is one only with the right object.

- a plea: "pleaded not guilty to fraud", "pleaded innocent";
- innocence kept: "maintains his innocence", "protested her innocence",
  "insisted on his innocence";
- a retraction: "retracted his confession", "withdrew the statement",
  "recanted";
- doubt cast on a claim: "doubted the veracity of ...", "questioned the
  finding", "challenged his version of events", "cast doubt on the report";
- a claim not accepted: "will not accept the count", "does not recognise the
  result";
- hitting back: "hit back at the claims", "pushed back against the report";
- waving away: "shrugged off the claims", "brushed aside the allegations",
  "rubbished the report"; a denial put out: "the ministry issued a denial";
- a denial named by its noun: "his denial of the charges", "denials by the
  ministry".

`phrase_denial(tok)` says whether a token is such a cue (the classification,
`denials.classify`, asks it too); `denial_phrases(ix, taken)` makes the
attributions for cues no other family found.
"""

from __future__ import annotations

from typing import Any

from . import cues
from .index import Index
from .parse import children, expand_conj, span_of, subject_heads, units_for
from .records import Attribution

# What a retraction takes back.
RETRACTABLE = cues.words("""
confession confessions admission admissions statement statements testimony claim claims allegation
allegations remark remarks comment comments account story
""")

# What can be doubted, questioned or challenged as untrue (not "challenged the
# ruling", an appeal, nor "questioned the minister", a person).
DISPUTABLE = cues.CLAIM_NOUNS | cues.words("""
version versions veracity accuracy truth truthfulness credibility validity authenticity reliability
finding findings conclusion conclusions evidence figure figures count result results
argument arguments interpretation characterisation characterization portrayal depiction narrative
testimony premise basis legitimacy explanation explanations excuse justification rationale
assertion assertions allegation allegations accusation accusations warning warnings prediction predictions forecast
study studies analysis survey audit
""") - cues.words("comment comments statement statements remark remarks article")

# Verbs that cast doubt on their object (a denial only with a disputable one).
DOUBTING = cues.words("doubt question challenge dispute contest discount")
# Verbs that take a claim back.
RETRACTING = cues.words("retract recant withdraw disown")
# Verbs that, negated, refuse a claim: "will not accept the count".
ACCEPTING = cues.words("accept recognise recognize believe buy")
# Verbs of hitting back: "hit back at the claims".
HITTING_BACK = cues.words("hit push fire strike lash")
# Nouns that name a denial.
DENIAL_NOUNS = cues.words("denial denials rejection rebuttal refutation")
# Verbs that wave a claim away with a particle: "shrugged off the claims",
# "brushed aside the allegations", "laughed off the report".
WAVING = {"shrug": ("off",), "brush": ("aside", "off"), "laugh": ("off",), "wave": ("away", "off", "aside"),
          "rubbish": (), "pooh-pooh": ()}
# Verbs of putting out a denial: "issued a denial".
ISSUING = cues.words("issue release publish give post")


def _lemma(tok: Any) -> str:
    return str(tok.lemma_.lower())


def _negated(tok: Any) -> bool:
    return _refused(tok) or any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "aux" and any(k.dep_ == "neg" for k in c.children) for c in tok.children)


def _refused(tok: Any) -> bool:
    """"refused to accept the result" says "would not accept" in one word."""
    return tok.dep_ == "xcomp" and _lemma(tok.head) in ("refuse", "decline")


def _objects(tok: Any) -> list[Any]:
    """What the verb acts on: its object, or for a passive with its agent named
    its subject ("Her claim was challenged by the group")."""
    if children(tok, "auxpass") and children(tok, "agent"):
        return children(tok, "nsubjpass")
    return children(tok, "dobj")


def _disputable(noun: Any) -> bool:
    return _lemma(noun) in DISPUTABLE or noun.lower_ in DISPUTABLE


def _plea(tok: Any) -> bool:
    """"pleaded not guilty", "pleaded innocent" (not "pleaded guilty")."""
    for c in tok.children:
        if c.lower_ == "innocent":
            return True
        if c.lower_ == "guilty" and (any(k.dep_ == "neg" for k in c.children) or _negated(tok)
                                     or tok.doc[c.i - 1].lower_ in ("not", "n't")):
            return True
    return False


def refusal_to_accept(tok: Any) -> bool:
    """"will not accept the count": a denial only when it answers a claim (a
    procedure refused, "won't accept an autopsy done without us", answers none)."""
    return bool(_lemma(tok) in ACCEPTING and _negated(tok) and any(_disputable(o) for o in _objects(tok)))


def phrase_denial(tok: Any) -> bool:
    """Is this verb (or noun) a denial phrase of the families above?"""
    lemma = _lemma(tok)
    if tok.pos_ == "NOUN":
        return lemma in DENIAL_NOUNS or tok.lower_ in DENIAL_NOUNS
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    if lemma == "plead":
        return _plea(tok)
    objs = _objects(tok)
    innocence = [o for o in objs if _lemma(o) == "innocence"] + [
        p for c in tok.children if c.dep_ == "prep" and c.lower_ == "on"
        for p in c.children if p.dep_ == "pobj" and _lemma(p) == "innocence"]
    if innocence and not _negated(tok):
        return True
    if lemma in RETRACTING and not _negated(tok):
        if any(_lemma(o) in RETRACTABLE for o in objs):
            return True
        return lemma in ("retract", "recant") and not objs
    if lemma in DOUBTING and not _negated(tok) and any(_disputable(o) for o in objs):
        return True
    if lemma == "cast" and any(_lemma(o) == "doubt" for o in objs):
        # "cast doubt on the report"
        return any(p.dep_ == "pobj" and _disputable(p) for c in tok.children if c.dep_ == "prep"
                   and c.lower_ in ("on", "upon") for p in c.children)
    if lemma in WAVING and any(_disputable(o) for o in objs) and (
            not WAVING[lemma] or any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in WAVING[lemma]
                                     for c in tok.children)):
        return True
    if lemma in ISSUING and any(_lemma(o) in DENIAL_NOUNS for o in objs):
        return True  # "the ministry issued a denial"
    if lemma in HITTING_BACK and any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in tok.children):
        return any(p.dep_ == "pobj" and _disputable(p) for c in tok.children if c.dep_ == "prep"
                   and c.lower_ in ("at", "against", "on") for p in c.children)
    return False


def _content(ix: Index, tok: Any) -> tuple[int, int] | None:
    """From the cue to the end of its phrase, in its paragraph."""
    para = ix.para(tok.i)
    toks = [t for t in ix.subtree(tok) if t.i > tok.i and ix.para(t.i) == para and not t.is_space
            and not (t.dep_ == "cc" and t.head.i == tok.i)]
    # not the clauses joined to it ("..., but was convicted") nor its own subject
    stop = [c.i for c in tok.children if c.i > tok.i and (c.dep_ in ("conj", "cc") or c.dep_ == "punct"
                                                          and c.text in ";")]
    if stop:
        toks = [t for t in toks if t.i < min(stop)]
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        return None
    return span_of(toks)


def denial_phrases(ix: Index, taken: set[int]) -> list[Attribution]:
    out = []
    for tok in ix.tokens:
        if tok.i in taken or ix.in_quote(tok.i) or tok.pos_ == "NOUN" or not (phrase_denial(tok)
                                                                              or refusal_to_accept(tok)):
            continue
        subjects, passive = subject_heads(tok, ix.title_end)
        if passive or not subjects:
            continue
        cue = tok.head if _refused(tok) else tok  # (the refusal is the cue, its text starts there)
        if cue.i in taken:
            continue
        span = _content(ix, cue)
        if span is None:
            continue
        heads = expand_conj(subjects[0]) if len(subjects) == 1 else subjects
        out.append(Attribution("verb", cue.i, _lemma(tok), tuple(h.i for h in heads), (span,),
                               units_for(ix, [span], [cue.i]),
                               obj=_objects(tok)[0].i if _objects(tok) else None))
    return out


def content_refusal(doc: Any, spans: tuple[tuple[int, int], ...]) -> bool:
    """A reported clause whose main verb refuses to accept a claim ("said it will
    not accept the count")."""
    for a, b in spans:
        span = doc.char_span(a, b, alignment_mode="expand")
        for tok in span or ():
            if (tok.head.i < span.start or tok.head.i >= span.end or tok.head.i == tok.i) and refusal_to_accept(tok):
                return True
    return False


def content_denial(doc: Any, spans: tuple[tuple[int, int], ...]) -> bool:
    """A reported clause whose main verb is a denial phrase: "said it will not
    accept the count", '"We question these figures," she said'."""
    for a, b in spans:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            if (tok.head.i < span.start or tok.head.i >= span.end or tok.head.i == tok.i
                    or tok.dep_ == "conj" and tok.head.head.i in (tok.head.i,)) and phrase_denial(tok):
                return True
    return False
