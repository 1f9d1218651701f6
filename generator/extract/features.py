"""What statements are compared by: the content words of an attribution, whether
its content is negated, the names a denial points at, and the per-claim and
per-denial records `linking` scores (`ClaimInfo`, `DenialInfo`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import cues, linking
from .index import Index
from .items import ClaimGroup, Item
from .parse import expand_conj
from .records import Attribution

if TYPE_CHECKING:  # (only for annotations: actors imports nothing from here)
    from .resolver import Resolver

CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ", "NUM")


def content_tokens(ix: Index, st: Attribution, spans: tuple[tuple[int, int], ...]) -> Iterator[Any]:
    """The tokens of the statement's sentences that start inside its content
    spans (a token in two spans comes twice). Found from the spans, so a long
    sentence is not walked once per statement in it."""
    units = set(st.units)
    for a, b in spans:
        for i in ix.tokens_between(a, b):
            u = ix.unit_of[i]
            if u in units and ix.units[u].tok_start <= i < ix.units[u].tok_end:
                yield ix.tokens[i]


def lemmas(doc: Any, ix: Index, st: Attribution) -> frozenset[str]:
    """The content words of what is said, as lemmas (report verbs left out:
    "said" inside a quotation says nothing about the matter)."""
    spans = st.content
    if st.obj is not None and doc[st.obj].lemma_.lower() in cues.CLAIM_NOUNS:
        # "denied these allegations: <quote>": the object says what is denied;
        # the quote after the colon is the support, not the target
        spans = spans[:1]
    out = set()
    for t in content_tokens(ix, st, spans):
        if t.pos_ not in CONTENT_POS or t.is_stop or t.is_punct:
            continue
        lemma = t.lemma_.lower()
        if lemma in cues.SPEECH_VERBS and t.pos_ == "VERB":
            continue
        out.add(lemma)
    return frozenset(out)


def negated_content(ix: Index, st: Attribution) -> bool:
    return any(t.lower_ in linking.NEGATIONS for t in content_tokens(ix, st, st.content))


def named_words(doc: Any, st: Attribution) -> frozenset[str]:
    """Words naming someone the denial points at: the accused ("accused the US
    of"), the author of the claim ("the claim from Berlin", "Paris's claims")."""
    if st.cue is None or st.obj is None:
        return frozenset()
    obj = doc[st.obj]
    words = set()
    if st.cue_lemma in ("accuse", "blame", "charge"):
        words |= {t.lower_ for t in obj.subtree if t.pos_ in ("PROPN", "NOUN") or t.ent_type_}
    for t in obj.subtree:
        if t.dep_ == "pobj" and t.head.lower_ in ("from", "by", "of"):
            words |= {x.lower_ for x in t.subtree if x.pos_ == "PROPN"}
        if t.dep_ == "poss" and t.pos_ == "PROPN":
            words.add(t.lower_)
        elif t.dep_ == "poss" and t.pos_ == "NOUN":
            words.add(t.lemma_.lower())  # "the union's claim": a body named by what it is
    return frozenset(words - {"the"})


class UnitWords:
    """The lower-cased words of each sentence unit, each unit read once."""

    def __init__(self, ix: Index):
        self.ix = ix
        self.cache: dict[int, frozenset[str]] = {}

    def __call__(self, u: int) -> frozenset[str]:
        if u not in self.cache:
            unit = self.ix.units[u]
            self.cache[u] = frozenset(t.lower_ for t in self.ix.tokens[unit.tok_start:unit.tok_end]
                                      if not t.is_punct)
        return self.cache[u]


def unit_lemmas(ix: Index) -> list[frozenset[str]]:
    """The content lemmas of every sentence unit, in order."""
    return [frozenset(t.lemma_.lower() for t in ix.tokens[unit.tok_start:unit.tok_end]
                      if t.pos_ in CONTENT_POS and not t.is_stop and not t.is_punct)
            for unit in ix.units]


def _names(resolver: Resolver, key: str | None) -> list[str]:
    """An actor's name and aliases (none for an unknown key)."""
    rec = resolver.actors.get(key) if key else None
    return [rec.name, *rec.aliases] if rec is not None else []


def name_words(resolver: Resolver, key: str | None) -> frozenset[str]:
    """The distinctive words of an actor's names: "Yemen-based Houthi movement"
    gives yemen and houthi, not movement."""
    words: set[str] = set()
    for s in _names(resolver, key):
        for w in re.findall(r"[A-Za-z][A-Za-z.]*", s):
            if w[:1].isupper():
                words.add(w.lower().rstrip("."))
    return frozenset(w for w in words if w not in cues.NAME_DROP and w not in cues.ORG_NOUNS
                     and w not in cues.PERSON_ROLE_NOUNS and w not in cues.GROUP_NOUNS and len(w) > 1)


# Words of an actor's names that say nothing about who it is.
_TERM_STOP = cues.words("""
the and for of from with spokesperson spokesman spokeswoman spokespeople representative representatives
official officials source sources statement
""")
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "his", "their", "it", "its"})


_TITLES = frozenset({"mr", "ms", "mrs", "dr", "jr", "sr", "st"})


def _name_word(w: str) -> bool:
    """A word of a name that says who it is: "li" and "na" in "Li Na" count;
    "Mr" and "the" do not."""
    return len(w) >= 2 and w not in _TERM_STOP and w not in cues.NAME_DROP and w not in _TITLES


def actor_terms(resolver: Resolver, key: str | None) -> frozenset[str]:
    """The words of an actor's names and aliases, lower case: what a claim about
    them would call them ("mayor", "reed", "church", "scientology")."""
    out: set[str] = set()
    for s in _names(resolver, key):
        for w in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", s):
            w = w.lower()
            if _name_word(w):
                out.add(w)
    return frozenset(out)


def _terms_of(ix: Index, resolver: Resolver, h: Any) -> set[str]:
    """Words for whoever token h names: its name, its noun for a person or a
    body, or the actor a pronoun points at."""
    if h.lower_ in _PRONOUNS:
        if ix.in_quote(h.i):
            return set()
        out: set[str] = set()
        for m in resolver.describe(h.i):
            out |= actor_terms(resolver, m.key) if m.key in resolver.actors else {
                w.lower() for w in (m.name or "").split() if _name_word(w.lower())}
        return out
    if h.pos_ == "PROPN" or h.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return {t.lower_ for t in h.subtree if t.pos_ == "PROPN" or t.i == h.i}
    lemma = h.lemma_.lower()
    if h.pos_ == "NOUN" and (lemma in cues.PERSON_ROLE_NOUNS or lemma in cues.ORG_NOUNS
                             or lemma in cues.GROUP_NOUNS):
        return {lemma} | {t.lower_ for t in h.children if t.pos_ == "PROPN"}
    return set()


_ACCUSING_CUES = frozenset({"accuse", "blame", "charge", "suspect", "fault", "implicate"})
# Verbs that describe someone as something: their object is whom the claim is about.
_DESCRIBING_CUES = frozenset({"think", "see", "view", "regard", "consider", "describe", "call", "label", "brand",
                              "dub", "term", "portray", "depict", "characterize", "characterise"})


def referents(ix: Index, resolver: Resolver, st: Attribution, spans: tuple[tuple[int, int], ...]) -> set[str]:
    """Whom a statement's content is about: the subjects of its main clauses
    ("the mayor took bribes", "she was forced to work", "X was accused of"),
    and the one accused ("accused the mayor of ..."), as lower-case words."""
    toks = list(content_tokens(ix, st, spans))
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    if st.cue is not None:
        heads.append(ix.tokens[st.cue])  # "was accused of ...": the cue heads the clause
    out: set[str] = set()
    for h in heads:
        for v in [h, *(c for c in h.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]:
            for subj in v.children:
                if subj.dep_ in ("nsubj", "nsubjpass"):
                    for x in expand_conj(subj):
                        out |= _terms_of(ix, resolver, x)
            if v.lemma_.lower() in _ACCUSING_CUES | _DESCRIBING_CUES:
                for o in v.children:
                    if o.dep_ == "dobj":
                        out |= _terms_of(ix, resolver, o)
                    elif o.dep_ == "prep" and o.lower_ == "of":  # "thought of X as ..."
                        out |= {t for p in o.children if p.dep_ == "pobj" for t in _terms_of(ix, resolver, p)}
    return out - _TERM_STOP


def about_terms(g: ClaimGroup, resolver: Resolver, ix: Index) -> frozenset[str]:
    """Who a claim is about (`referents` of each of its statements)."""
    out: set[str] = set()
    for it in g.items:
        out |= referents(ix, resolver, it.st, it.st.content)
    return frozenset(out)


def _heads(ix: Index, st: Attribution) -> list[Any]:
    """The main words of a statement's content: those whose head lies outside it."""
    toks = list(content_tokens(ix, st, st.content))
    inside = {t.i for t in toks}
    return [t for t in toks if t.head.i not in inside or t.head.i == t.i]


def claim_info(gi: int, g: ClaimGroup, resolver: Resolver, ix: Index,
               by_unit: list[frozenset[str]]) -> linking.ClaimInfo:
    title = by_unit[0] if by_unit else frozenset()
    units = g.units
    context = frozenset().union(*(by_unit[u] for u in units))
    salience = len(g.lemmas & title) / len(title) if title and 0 not in units else (1.0 if title else 0.0)
    return linking.ClaimInfo(gi, g.claimant, name_words(resolver, g.claimant), g.lemmas, g.first_unit,
                             units, len(g.items), any(it.negated for it in g.items),
                             context, salience,
                             frozenset(ix.units[u].para for u in units),
                             tuple(sp for it in g.items for sp in it.st.content),
                             frozenset(it.st.cue_lemma for it in g.items), about_terms(g, resolver, ix),
                             any(it.claim for it in g.items), frozenset(it.st.kind for it in g.items),
                             frozenset(t.idx for it in g.items for t in _heads(ix, it.st)),
                             actor_terms(resolver, g.claimant),
                             numeric=any(linking.states_number(it.text) for it in g.items),
                             claimant_side=frozenset(side_words(resolver, g.claimant)),
                             claimant_kind=_kind(resolver, g.claimant),
                             claimant_gender=_gender(resolver, g.claimant))


def _gender(resolver: Resolver, key: str | None) -> str | None:
    rec = resolver.actors.get(key) if key else None
    if rec is None or rec.kind != "person":
        return None
    known = [g for g in ("m", "f") if resolver.mentions.fits(rec.name, g)]
    return known[0] if len(known) == 1 else None


def _kind(resolver: Resolver, key: str | None) -> str | None:
    rec = resolver.actors.get(key) if key else None
    return rec.kind if rec is not None else None


_LEADING = re.compile(r"^(?:the\s+)?(?P<owner>.+?)['’]s?\s+(?:[\w-]+\s+)?(?P<title>\w+)$"
                      r"|^(?:[\w-]+\s+)?(?P<title2>\w+)\s+of\s+(?:the\s+)?(?P<owner2>.+)$", re.I)
_LEADING_TITLES = cues.words("leader head chief secretary president chairman chairwoman chair director executive "
                             "ceo spokesman spokeswoman spokesperson minister manager owner founder boss")


def leads(role: str | None) -> set[str]:
    """The words of the body a title speaks for: "RMT's general secretary" and
    "chief executive of Veltrex" speak for RMT and Veltrex (not "a government
    critic", who is no one's voice)."""
    found = _LEADING.match(role or "")
    if found is None:
        return set()
    title, owner = (found["title"], found["owner"]) if found["title"] else (found["title2"], found["owner2"])
    if title.lower() not in _LEADING_TITLES:
        return set()
    return {w for w in re.split(r"[^a-z0-9]+", owner.lower()) if w}


def side_words(resolver: Resolver, key: str | None) -> set[str]:
    """Words of whom an actor speaks for: a lawyer's client, a spokesman's or
    a chief executive's body (`leads`)."""
    rec = resolver.actors.get(key) if key else None
    if rec is None:
        return set()
    return set(rec.acts_for.split("-") if rec.acts_for else ()) | leads(rec.role)


# Verbs of a relative clause by which someone leads the body that speaks
# ("a spokesman for the group, which Park leads,").
_LEADING_VERBS = cues.words("lead head run chair own found control")


def led_by(ix: Index, resolver: Resolver, source_heads: tuple[int, ...]) -> set[str]:
    """Words of whoever leads the body in a speaker's own phrase: "a spokesman
    for the Civic group, which Park leads," speaks for Park's side (Sue Park's,
    when the article has named her)."""
    out: set[str] = set()
    for h in source_heads:
        for t in ix.tokens[h].subtree:
            if t.dep_ != "relcl" or t.lemma_.lower() not in _LEADING_VERBS:
                continue
            for s in t.children:
                if s.dep_ == "nsubj" and s.pos_ == "PROPN":
                    out |= {w.lower_ for w in s.subtree if w.pos_ == "PROPN"}
                    out |= {w for m in resolver.describe(s.i) if m.key for w in m.key.split("-")}
    return out


def denial_info(item: Item, ix: Index, resolver: Resolver, unit_words: UnitWords) -> linking.DenialInfo:
    units = item.st.units
    words = unit_words(units[0]) if len(units) == 1 else frozenset().union(*(unit_words(u) for u in units))
    actor_words: set[str] = set()
    if item.actor and item.actor in resolver.actors:
        actor_words = set(item.actor.split("-"))
        actor_words |= side_words(resolver, item.actor) | led_by(ix, resolver, item.st.source_heads)
    return linking.DenialInfo(item.actor, item.lemmas, item.st.units[0], item.text, item.named,
                              words, frozenset(actor_words), ix.units[item.st.units[0]].para,
                              item.st.content,
                              (name_words(resolver, item.actor) or actor_terms(resolver, item.actor))
                              | referents(ix, resolver, item.st, item.st.content),
                              ix.tokens[item.st.cue].idx if item.st.cue is not None else -1,
                              actor_terms(resolver, item.actor))
