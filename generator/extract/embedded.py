"""A claim named inside its own denial: "rejected the idea that the operation
was staged", "dismissed earlier reports alleging that he planned the attack",
"denied claims by the newspaper that he took bribes". The denial's object is a
claim noun; the clause it governs is what is claimed, and the noun's owner
("the newspaper's claims", "claims by the newspaper") is who claims it, or
nobody named. Without this the claim a denial answers is often nowhere else in
the article, and the denial links to whatever claim happens to share a word.
"""

from __future__ import annotations

from typing import Any

from . import cues
from .denial_cues import phrase_denial
from .index import Index
from .parse import spoken_in, subtree_span
from .records import Attribution

# Participles that make a noun a claim's carrier: "reports alleging that ...".
_CARRYING = cues.words("allege claim say suggest state assert accuse argue report indicate")
# Verbs by which a document says what it found: "a report that found ...".
_FINDING = cues.words("find show conclude reveal")
# Extra nouns for what is claimed, beyond cues.CLAIM_NOUNS.
_CLAIM_LIKE = cues.words("idea notion suggestion suspicion belief impression view")


def _is_claim_noun(tok: Any) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in cues.CLAIM_NOUNS or tok.lower_ in cues.CLAIM_NOUNS or lemma in _CLAIM_LIKE


def _carrier(tok: Any) -> bool:
    """Is tok a participle that makes its noun a claim's carrier ("reports alleging"),
    or a relative clause that does ("a report that found ...", "claims which said ...")?"""
    lemma = tok.lemma_.lower()
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and lemma in _CARRYING:
        return True
    return bool(tok.dep_ == "relcl" and lemma in _CARRYING | _FINDING
                and any(c.dep_ == "nsubj" and c.lower_ in ("that", "which") for c in tok.children)
                and any(c.dep_ == "ccomp" for c in tok.children))


def named_by_denial(ix: Index, st: Attribution) -> bool:
    """"dismissed reports alleging that ...": the participle's statement is the
    claim the denial names (`embedded_claim` reads it), not one of its own."""
    if st.kind != "verb" or st.cue is None:
        return False
    tok = ix.tokens[st.cue]
    noun = tok.head
    return _carrier(tok) and noun.dep_ == "dobj" and _is_claim_noun(noun) \
        and noun.head.lemma_.lower() in cues.DENIAL_VERBS | cues.REJECT_VERBS


def _clause(noun: Any) -> Any | None:
    """The clause that says what the claim noun claims."""
    for c in noun.children:
        if c.i < noun.i:
            continue
        if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX"):
            marks = [m for m in c.children if m.dep_ == "mark" and m.lower_ == "that"]
            that_first = c.left_edge.lower_ == "that" and c.left_edge.dep_ in ("mark", "pobj", "nsubj")
            if marks or (c.dep_ != "relcl" and that_first):
                return c
            if _carrier(c):
                inner = [k for k in c.children if k.dep_ == "ccomp"]
                if inner:
                    return inner[0]
    return None


def _owner(noun: Any) -> int | None:
    """Who makes the claim: "the newspaper's claims", "claims by/from the newspaper",
    "claims made by the newspaper";
    the carrier itself for "a report by X alleging ..." without an author: "reports
    alleging" are the reports' (a bare document names nobody, see `speakers`)."""
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ != "PRON":
            return int(c.i)
        by = [c] if c.dep_ == "prep" and c.lower_ in ("by", "from") else \
            [a for a in c.children if a.dep_ == "agent"] if _reduced_passive(c) else []
        # ("allegations, made by councillor Jan Vos, that ...")
        named = [p for b in by for p in b.children if p.dep_ == "pobj" and p.pos_ in ("PROPN", "NOUN")]
        if named:
            # ("claims by its neighbour Borduria": the name beside the noun)
            appos = [a for a in named[0].children if a.dep_ == "appos" and a.pos_ == "PROPN"]
            return int((appos or named)[0].i)
    if any(_carrier(c) for c in noun.children):
        return int(noun.i)
    return None


def _reduced_passive(tok: Any) -> bool:
    """"claims made by X": a participle of the noun's own, not the claim's
    clause ("the idea that the fire was started by the owner": the owner is in
    what is claimed, not who claims it)."""
    return bool(tok.dep_ == "acl" and tok.tag_ == "VBN"
                and not any(c.dep_ in ("mark", "nsubjpass", "nsubj") for c in tok.children))


# Nouns whose "that" clause is an accusation by someone the article need not name.
_ACCUSING = cues.words("allegation accusation complaint charge claim rumour rumor suspicion suggestion report "
                       "speculation")
# Verbs of putting a claim to someone: "was challenged on the basis that X", "asked
# about reports that X": the basis of the question is a claim, by nobody named.
_PUTTING = cues.words("ask challenge press question quiz confront grill")


def _put_to(noun: Any) -> bool:
    """"was challenged on the basis that ...", "asked the question whether ...":
    the noun is what a question puts to someone."""
    head = noun.head.head if noun.dep_ == "pobj" else noun.head
    return bool(head.lemma_.lower() in _PUTTING)


def unowned_claims(ix: Index) -> list[Attribution]:
    """"after a complaint that he stole exam papers", "faces an allegation that
    she embezzled funds": an accusation whose accuser the sentence does not name
    is a claim by nobody named (`claimant: null`), never one of the accused's
    statements. Claim nouns that a denial names are `embedded_claim`'s; those
    with an owner ("the senator's claim that") are the nominal cues'."""
    out = []
    for tok in ix.tokens:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "NOUN" or ix.in_quote(tok.i):
            continue
        if lemma not in _ACCUSING and not (lemma in ("basis", "ground", "grounds", "question") and _put_to(tok)):
            continue
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in cues.DENIAL_VERBS | cues.REJECT_VERBS \
                or tok.dep_ == "pobj" and tok.head.lower_ in _AT and phrase_denial(tok.head.head):
            continue
        if any(c.dep_ == "poss" for c in tok.children) or _owner(tok) is not None or spoken_in(tok):
            continue
        clause = _clause(tok)
        if clause is None or _carrier(clause):
            continue
        span = subtree_span(clause, para=ix.para(tok.i), ix=ix)
        if span is None or len(ix.text[span[0]:span[1]].split()) < 3:
            continue
        out.append(Attribution("hedge", tok.i, tok.lemma_.lower(), (), (span,), (ix.unit_of[tok.i],)))
    return out


# Prepositions of a denial phrase's target: "hit back at", "pushed back against", "cast doubt on".
_AT = frozenset({"at", "against", "on", "upon"})


def _denied_nouns(cue: Any) -> list[Any]:
    """The claim nouns a denial cue names: its object ("denied claims that"),
    or the target of a denial phrase ("hit back at allegations that")."""
    nouns = [c for c in cue.children if c.dep_ == "dobj"]
    if phrase_denial(cue):
        nouns += [p for c in cue.children if c.dep_ == "prep" and c.lower_ in _AT
                  for p in c.children if p.dep_ == "pobj"]
    return [n for n in nouns if _is_claim_noun(n)]


def embedded_claim(ix: Index, denial: Attribution) -> Attribution | None:
    """The claim a denial verb's object names, as an attribution of its own."""
    if denial.cue is None or denial.kind != "verb":
        return None
    objects = _denied_nouns(ix.tokens[denial.cue])
    if not objects:
        return None
    noun = objects[0]
    clause = _clause(noun)
    if clause is None:
        return None
    span = subtree_span(clause, para=ix.para(noun.i), ix=ix)
    if span is None or len(ix.text[span[0]:span[1]].split()) < 3:
        return None
    owner = _owner(noun)
    return Attribution("embedded", noun.i, noun.lemma_.lower(), (owner,) if owner is not None else (),
                       (span,), denial.units)
