"""Accusations the article states without an accuser: "was charged with
fraud", "is suspected of leaking the memo", "was arrested on suspicion of
murder", "faces charges of bribery", "who allegedly stole the money". They
are claims by nobody named (`claimant: null`), so that a denial ("denied the
charges", "pleaded not guilty") has the claim it answers. An arrest or a charge
by a body the sentence names ("Police arrested a man on suspicion of murder")
is that body's claim.
"""

from __future__ import annotations

from typing import Any

from . import cues
from .index import Index
from .parse import children, said_inside, span_of, units_for
from .records import Attribution

# Verbs that accuse their (passive) subject of something, with the preposition
# that introduces what ("accused of", "charged with", "arrested for").
ACCUSING = {
    "accuse": ("of",), "charge": ("with", "over", "in"), "suspect": ("of",), "indict": ("on", "for"),
    "arrest": ("for", "on", "over", "in"), "detain": ("for", "on", "over", "in"),
    "investigate": ("for", "over", "on", "in"), "prosecute": ("for", "over", "on"), "sue": ("for", "over"),
    "question": ("over", "on", "in"),
}
# Nouns for an accusation: "faces charges of fraud", "on suspicion of murder".
CHARGE_NOUNS = cues.words("charge charges allegation allegations accusation accusations suspicion")
# Adverbs that mark a clause as alleged by somebody unnamed.
ALLEGEDLY = cues.words("allegedly purportedly supposedly reportedly")
# What "on"/"in" must introduce to name an offence ("on suspicion of", "in connection with").
_OFFENCE_HEADS = cues.words("suspicion charge charges connection allegation allegations accusation accusations count "
                            "counts")
# Bodies that accuse by acting: "Police arrested ...", "Prosecutors charged ...".
_ACCUSERS = cues.words("police prosecutor prosecutors authority authorities investigator investigators officer "
                       "officers agent agents court prosecution ministry government regulator regulators")


def _offence(tok: Any, preps: tuple[str, ...]) -> bool:
    """Does the verb say what the accusation is ("of fraud", "on suspicion of murder")?"""
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in preps:
            continue
        objs = [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
        if not objs:
            continue
        if c.lower_ in ("on", "in") and objs[0].lemma_.lower() not in _OFFENCE_HEADS:
            continue
        if any(t.ent_type_ in ("DATE", "TIME") for t in objs):
            continue
        return True
    return False


# What someone faces for what they are accused of: "faces trial for murder", "could
# face up to ten years in prison for fraud".
_PENALTIES = cues.words("trial prosecution prison jail imprisonment sentence fine fines charge charges years months "
                        "life extradition deportation penalty penalties")


def _faces_penalty(tok: Any) -> bool:
    """"faces trial for murder", "could face three months imprisonment for snatching":
    a penalty faced for a named offence."""
    objs = [o for o in tok.children if o.dep_ == "dobj"]
    if not objs:
        return False
    words = {t.lemma_.lower() for t in objs[0].subtree}
    if not words & _PENALTIES:
        return False
    return any(t.dep_ == "prep" and t.lower_ in ("for", "over") and any(p.dep_ in ("pobj", "pcomp") for p in t.children)
               for t in tok.subtree)


def _passive(tok: Any) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "ROOT", "advcl", "conj"))


def _accuser(ix: Index, tok: Any) -> Any | None:
    subj = children(tok, "nsubj")
    if not subj:
        return None
    s = subj[0]
    if s.lemma_.lower() in _ACCUSERS or s.ent_type_ in ("ORG", "GPE", "NORP") and s.pos_ == "PROPN":
        return s
    return None


def _clause(ix: Index, tok: Any) -> tuple[int, int] | None:
    """The clause the accusation is in, without its conjunction, the clauses
    joined to it and the punctuation at its ends."""
    para = ix.para(tok.i)
    drop: set[int] = said_inside(tok)
    for c in tok.children:
        if c.dep_ in ("mark", "cc") or c.dep_ in ("conj", "advcl", "parataxis") and c.i > tok.i \
                or c.dep_ == "punct" and c.i > tok.i and c.text in ";:":
            drop |= {t.i for t in ix.subtree(c)}
    toks = [t for t in ix.subtree(tok) if t.i not in drop and ix.para(t.i) == para and not t.is_space]
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        # "a man arrested over the attack": with the one accused ("Reed, who
        # allegedly stole ..." is said by its antecedent when shown: `assemble.shown`)
        noun = tok.head
        lead = [t for t in ix.subtree(noun) if t.i <= noun.i and ix.para(t.i) == para and not t.is_space]
        toks = sorted({*lead, *toks}, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].dep_ == "prep" and len(toks) > 1
                    and toks[1].lower_ in ("which", "whom") or toks[0].lower_ in ("which", "whom", "where")):
        toks.pop(0)  # "in which the council allegedly overpaid ...": what is alleged, from its subject
    while toks and toks[-1].is_punct:
        toks.pop()
    if len(toks) < 3:
        return None
    return span_of(toks)


def accusations(ix: Index, taken: set[int]) -> list[Attribution]:
    out = []
    seen: set[int] = set()
    for tok in ix.tokens:
        if tok.i in taken or ix.in_quote(tok.i):
            continue
        lemma = tok.lemma_.lower()
        head = None
        source: tuple[int, ...] = ()
        if tok.pos_ in ("VERB", "ADJ") and lemma in ACCUSING:
            if not _offence(tok, ACCUSING[lemma]):
                continue
            if _passive(tok):
                if children(tok, "agent"):
                    continue  # "charged by prosecutors with ...": the verb cues name the accuser
                head = tok
            else:
                accuser = _accuser(ix, tok)
                if accuser is None or not children(tok, "dobj"):
                    continue
                head, source = tok, (accuser.i,)
        elif tok.pos_ == "NOUN" and lemma in CHARGE_NOUNS and not children(tok, "poss"):
            if not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                continue
            gov = tok.head
            if gov.dep_ == "prep":
                gov = gov.head
            if gov.pos_ not in ("VERB", "AUX") or gov.lemma_.lower() in cues.DENIAL_VERBS | cues.REJECT_VERBS \
                    or gov.i in taken:
                continue
            head = gov
            accuser = _accuser(ix, gov)
            source = (accuser.i,) if accuser is not None and children(gov, "dobj") else ()
        elif tok.pos_ == "VERB" and lemma == "face" and _faces_penalty(tok):
            head = tok  # "could face up to three months in prison for snatching"
        elif tok.lower_ in ALLEGEDLY and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX"):
            head = tok.head
        if head is None or head.i in seen:
            continue
        span = _clause(ix, head)
        if span is None:
            continue
        seen.add(head.i)
        out.append(Attribution("charge", head.i, lemma, source, (span,), units_for(ix, [span], [head.i]),
                               passive=not source))
    return out
