"""Weak attribution families: actions ("criticized the program"), stance
adjectives and nouns ("is confident that", "his claim that"), hedged assertions
with no source ("an alleged takeover"). Their statements stay below the page's
review threshold."""

from __future__ import annotations

from typing import Any

from . import cues
from .cues import words
from .index import Index
from .parse import children, cue_negated, expand_conj, span_of, subtree_span, units_for
from .records import Attribution
from .verb_cues import anonymous, circumstance, tokens_under, trim_end

_ACTION_STOP = words("""
be have do get go come become seem appear happen take give let begin start keep remain stay live die
win lose move leave arrive return meet visit travel sit stand walk fall rise grow spend pay buy sell use
work hold put set include need face receive look run play turn bring carry hit kill fight serve lead
join open close build help try own earn raise cut drop end follow watch read reach allow cause
ride fly drive sail climb jump shave dig drill throw shoot attach install hire employ acquire purchase
lease rent hand pick create found form host summon convene assemble lack occupy represent pause
""")


# Verbs that liken one thing to another: what it is likened to is part of the view.
_LIKENING = words("liken compare equate link tie connect attribute")


def _strong_source(ix: Index, h: Any) -> bool:
    """A subject that is surely someone: a named person or organisation, a
    personal pronoun outside quotes, or a noun for people."""
    if h.lower_ in ("he", "she", "they", "we", "who") and not ix.in_quote(h.i):
        return True
    if h.lower_ in ("which", "that") and h.head.dep_ == "relcl" and h.head.head.i != h.i:
        return _strong_source(ix, h.head.head)  # "a group that opposes ...": the group
    if h.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    lemma = h.lemma_.lower()
    return lemma in cues.PERSON_ROLE_NOUNS or lemma in cues.GROUP_NOUNS or lemma in cues.ORG_NOUNS


def action_cues(ix: Index, taken: set[int]) -> list[Attribution]:
    """What people and organisations do with words or stances beyond the speech
    lexicon ("Clinton laid out her proposals", "the paper endorsed X"): weak
    attributions, kept at low confidence."""
    out = []
    for tok in ix.tokens:
        if tok.i in taken or tok.pos_ != "VERB" or not tok.is_alpha or ix.in_quote(tok.i):
            continue
        lemma = tok.lemma_.lower()
        if anonymous(tok) or lemma in ("decline", "refuse") and any(
                (x.lemma_.lower() in cues.SPEECH_VERBS or x.lemma_.lower() in cues.CLAUSE_VERBS)
                and children(x, "ccomp") for x in children(tok, "xcomp")):
            continue  # ("refused to confirm that ...": the speech verb under it is the statement)
        subj = children(tok, "nsubj")
        agents = [p for c in children(tok, "agent") for p in c.children if p.dep_ == "pobj"]
        if not subj and agents and lemma in cues.STANCE_VERBS and _strong_source(ix, agents[0]):
            # "Clinton has been endorsed by dozens of papers"
            target = children(tok, "nsubjpass")
            span = subtree_span(target[0], para=ix.para(tok.i), ix=ix) if target else None
            if span:
                out.append(Attribution("action", tok.i, lemma, tuple(h.i for h in expand_conj(agents[0])), (span,),
                                     units_for(ix, [span], [tok.i]), negated=cue_negated(tok), passive=True))
            continue
        if not subj and tok.dep_ == "advcl" and tok.tag_ == "VBG" and lemma in cues.STANCE_VERBS \
                and tok.head.pos_ in ("VERB", "AUX"):
            # "..., painting Trump as a plutocrat": the participle's subject is its clause's
            subj = children(tok.head, "nsubj")
        if not subj or not _strong_source(ix, subj[0]):
            continue
        if tok.tag_ == "VBN" and tok.dep_ == "ROOT" and tok.i < ix.title_end and not children(tok, "aux", "auxpass"):
            continue  # headline passive: the subject is the one acted on
        if lemma not in cues.STANCE_VERBS:
            if lemma in _ACTION_STOP or lemma in cues.SPEECH_VERBS or lemma in cues.CLAUSE_VERBS:
                continue
            if subj[0].ent_type_ not in ("PERSON", "ORG") and subj[0].lower_ not in ("he", "she", "they"):
                continue
            if not children(tok, "ccomp", "xcomp", "dobj"):
                continue
        para = ix.para(tok.i)
        parts = children(tok, "ccomp", "xcomp", "dobj")
        stance_preps = [p for p in tok.children if p.dep_ == "prep" and p.i > tok.i
                        and p.lower_ in ("about", "against", "for", "on", "of", "at", "over")
                        and not circumstance(p)]
        if not parts:
            parts = stance_preps
        elif len(ix.subtree(parts[0])) <= 2:
            parts = parts + stance_preps  # "chastised him for ...": the object alone says little
        if parts and parts[0].dep_ == "dobj":
            # "derided the deal as toothless", "likened the rules to burning the
            # Constitution": the object with what it is called or likened to
            parts = parts + [p for p in tok.children if p.dep_ == "prep" and p.i > parts[0].i
                             and (p.lower_ == "as" or p.lower_ == "to" and lemma in _LIKENING)]
        if not parts:
            continue
        toks = trim_end(tokens_under(ix, parts, para))
        if len(toks) < 2:
            continue
        span = span_of(toks)
        heads = expand_conj(subj[0])
        out.append(Attribution("action", tok.i, lemma, tuple(h.i for h in heads), (span,),
                             units_for(ix, [span], [tok.i]), negated=cue_negated(tok),
                             obj=parts[0].i if parts[0].dep_ == "dobj" else None))
    return out


def stance_adjectives(ix: Index) -> list[Attribution]:
    """"Clinton aides were confident that ...", "the senator has been critical
    of the deal": a stance stated with "be" and an adjective."""
    out = []
    for tok in ix.tokens:
        if tok.pos_ != "ADJ" or tok.lemma_.lower() not in cues.STANCE_ADJECTIVES or tok.dep_ != "acomp":
            continue
        verb = tok.head
        if ix.in_quote(tok.i) or verb.lemma_.lower() not in ("be", "become", "remain", "seem", "appear", "grow"):
            continue
        subj = children(verb, "nsubj")
        if not subj or not _strong_source(ix, subj[0]):
            continue
        parts = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")
                 or c.dep_ == "prep" and c.lower_ in ("of", "about", "that", "on", "to", "with", "over")]
        if not parts:
            continue
        para = ix.para(tok.i)
        toks = trim_end(tokens_under(ix, parts, para))
        if len(toks) < 2:
            continue
        span = span_of(toks)
        out.append(Attribution("action", tok.i, tok.lemma_.lower(), tuple(h.i for h in expand_conj(subj[0])),
                             (span,), units_for(ix, [span], [tok.i]), negated=cue_negated(verb)))
    return out


_POSSESSIVE_SOURCES = frozenset({"his", "her", "their", "its"})


def nominal_cues(ix: Index) -> list[Attribution]:
    """"Clinton's plan to cap deductions", "his claim that the vote was rigged",
    "the senator's criticism of the deal": a statement noun whose owner is named
    or a pronoun, completed by a clause or an "of/about/on" phrase."""
    out = []
    for tok in ix.tokens:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in cues.NOMINAL_CUES or ix.in_quote(tok.i):
            continue
        owners = [c for c in tok.children if c.dep_ == "poss"]
        if not owners:
            owners = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
                      for p in c.children if p.dep_ == "pobj"]
        if not owners or not (_strong_source(ix, owners[0]) or owners[0].pos_ == "PROPN"
                              or owners[0].lower_ in _POSSESSIVE_SOURCES and not ix.in_quote(owners[0].i)):
            continue
        parts = [c for c in tok.children if c.dep_ in ("acl", "ccomp") and c.i > tok.i]
        if not parts and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            # "her argument was that the tax would hurt farmers": the clause after
            # the copula says what the argument is
            parts = [c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.head.i
                     and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        if not parts:
            parts = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about", "on", "against")
                     and c.i > tok.i and not any(p.ent_type_ in ("DATE", "TIME") for p in c.children)]
        if not parts:
            continue
        para = ix.para(tok.i)
        toks = trim_end(tokens_under(ix, parts, para))
        while toks and toks[0].is_punct:
            toks.pop(0)
        if len(toks) < 2:
            continue
        span = span_of(toks)
        out.append(Attribution("nominal", tok.i, tok.lemma_.lower(), (owners[0].i,), (span,),
                             units_for(ix, [span], [tok.i])))
    return out


def hedges(ix: Index, taken: set[int]) -> list[Attribution]:
    """"There was an alleged takeover": an assertion the article marks as someone
    else's without naming them."""
    out = []
    for u in ix.units:
        if u.index in taken:
            continue
        for t in ix.tokens[u.tok_start:u.tok_end]:
            if t.lower_ in cues.HEDGES and t.dep_ in ("amod", "advmod") and not ix.in_quote(t.i):
                out.append(Attribution("hedge", t.i, t.lower_, (), ((u.start, u.end),), (u.index,)))
                break
    return out

