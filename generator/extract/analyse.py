"""analyse(doc) -> Extraction: the pipeline of rule families.

sentences and quotes (text) -> attributed statements (attribution) -> actors
(actors) -> denial or claim (denials) -> restatements merged into one claim ->
each denial linked to the claim it answers (linking) -> statements that answer
a claim without denial wording (negated restatements, counter-claims by a
denier) -> claims and statements: what a denial answers, or what asserts
something checkable (checkable), is a claim; the rest of what actors said
(announcements, intentions, opinions, appeals) are statements. Every step is
deterministic and walks the document in order, so the same text always gives
the same items in the same order.

Confidence is what a reviewer should trust: speech verbs with a named source
score 0.8-0.95; pronoun sources, continuations and quotes around 0.65-0.8;
the weak families (stance verbs and adjectives, nominal attributions, hedged
unsourced claims) stay at or under 0.5, below the page's review threshold.
Denials: denial verb 0.9, reject/label 0.8-0.85, accusation of deceit 0.75,
wording only 0.65, negated restatement 0.6, counter-claim 0.55; a denial that
answers no claim is capped at 0.6.
"""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Actor, Claim, Denial, Extraction
from ..model import Statement as Said
from . import checkable, cues, linking
from .actors import Mention, Resolver
from .attribution import Index, Statement, content_text, find_statements
from .denials import MARKER, Verdict, classify
from .text import quotations, sentence_units, tidy

EXTRACTOR_VERSION = "1.74"

_CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
# Minimum link score for a denial found only by its wording to count as one.
WEAK_LINK = 0.5
# How alike two statements by one claimant must be to be one claim restated.
RESTATE = 0.5
NEGATED_RESTATEMENT = 0.5
COUNTER_CLAIM = 0.6
_KIND_CONFIDENCE = {"nominal": 0.4, "action": 0.4, "verb": 0.85, "according": 0.8, "headline": 0.7, "hedge": 0.55, "continuation": 0.65}


@dataclass
class _Item:
    st: Statement
    actor: str | None
    mention: Mention | None
    text: str
    lemmas: frozenset[str]
    verdict: Verdict | None
    restates: int | None = None  # index of the earlier claim item an anaphoric source points at
    named: frozenset[str] = frozenset()
    claim: bool = True  # asserts something checkable (checkable.py); False: a statement
    negated: bool = False  # a negation in the content (_negated_content)


@dataclass
class _Group:
    """One claim and its restatements. What the grouping asks of a group at
    every new statement is kept up to date as items join, not recomputed."""

    claimant: str | None
    items: list[_Item] = field(default_factory=list)
    lemmas: frozenset[str] = frozenset()
    last: int = -1  # the last unit of its statements
    titled: bool = False  # one of its statements is in the headline
    quoted: bool = False  # one of its statements is a quotation
    # later statements that are one unit each, by that unit (all but the first item)
    single: dict[int, list[_Item]] = field(default_factory=dict)

    def add(self, item: _Item) -> None:
        if self.items and len(item.st.units) == 1:
            self.single.setdefault(item.st.units[0], []).append(item)
        self.items.append(item)
        self.lemmas = self.lemmas | item.lemmas
        self.last = max(self.last, *item.st.units)
        self.titled = self.titled or _in_title(item)
        self.quoted = self.quoted or item.st.quoted

    @property
    def first_unit(self) -> int:
        return min(it.st.units[0] for it in self.items)

    @property
    def units(self) -> frozenset[int]:
        return frozenset(u for it in self.items for u in it.st.units)


def _content_tokens(doc: Any, ix: Index, st: Statement, spans: tuple[tuple[int, int], ...]) -> Iterator[Any]:
    """The tokens of the statement's sentences that start inside its content
    spans (a token in two spans comes twice). Found from the spans, so a long
    sentence is not walked once per statement in it."""
    units = set(st.units)
    for a, b in spans:
        for i in ix.tokens_between(a, b):
            u = ix.unit_of[i]
            if u in units and ix.units[u].tok_start <= i < ix.units[u].tok_end:
                yield ix.tokens[i]


def _lemmas(doc: Any, ix: Index, st: Statement) -> frozenset[str]:
    spans = st.content
    if st.obj is not None and doc[st.obj].lemma_.lower() in cues.CLAIM_NOUNS:
        # "denied these allegations: <quote>": the object says what is denied;
        # the quote after the colon is the support, not the target
        spans = spans[:1]
    out = set()
    for t in _content_tokens(doc, ix, st, spans):
        if t.pos_ not in _CONTENT_POS or t.is_stop or t.is_punct:
            continue
        lemma = t.lemma_.lower()
        if lemma in cues.SPEECH_VERBS and t.pos_ == "VERB":
            continue
        out.add(lemma)
    return frozenset(out)


def _negated_content(doc: Any, ix: Index, st: Statement) -> bool:
    return any(t.lower_ in linking.NEGATIONS for t in _content_tokens(doc, ix, st, st.content))


def _named_words(doc: Any, st: Statement) -> frozenset[str]:
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
    return frozenset(words - {"the"})


def _evidence(text: str, ix: Index, units: set[int] | frozenset[int]) -> tuple[str, ...]:
    out: list[str] = []
    run: list[int] = []
    for u in sorted(units):
        if run and (u != run[-1] + 1 or ix.units[u].para != ix.units[run[-1]].para):
            out.append(text[ix.units[run[0]].start:ix.units[run[-1]].end])
            run = []
        run.append(u)
    if run:
        out.append(text[ix.units[run[0]].start:ix.units[run[-1]].end])
    return tuple(out)


def analyse(doc: Any) -> Extraction:
    text = doc.text
    tokens = list(doc)
    units = sentence_units(doc, text, tokens)
    quotes = quotations(text)
    ix = Index(doc, units, quotes, text, tokens)
    statements = find_statements(ix)
    # inside what someone is reported to have said (nested reports cover the
    # same tokens many times over: count span edges, then sum once)
    edges = [0] * (len(doc) + 1)
    for st in statements:
        if st.kind in ("verb", "according") and not st.quoted:
            for a, b in st.content:
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is not None and span.start < span.end:
                    edges[span.start] += 1
                    edges[span.end] -= 1
    reported = []
    depth = 0
    for i in range(len(doc)):
        depth += edges[i]
        reported.append(depth > 0)
    # "X said Y's remarks about the budget were misleading", "X said Y laid out a
    # plan": a weak cue inside someone's reported words is part of what they
    # report, not an attribution of its own (speech verbs there still are);
    # "repeated his contention that ...": the object of the report verb is the view
    cues_at = {st.cue for st in statements if st.kind in ("verb", "according")}
    statements = [st for st in statements if not (st.kind in ("action", "nominal") and reported[st.cue]
                                                  and doc[st.cue].head.i not in cues_at)]
    resolver = Resolver(doc, ix.unit_of, [q >= 0 for q in ix.quote_of], [(u.tok_start, u.tok_end) for u in units],
                        reported, text=text, tokens=tokens)

    items: list[_Item] = []
    actors_of: dict[int, list[tuple[str | None, Mention | None]]] = {}
    cited: dict[str, list[tuple[int, str]]] = {}  # document noun -> (token, actor) of documents cited as sources
    groups: list[_Group] = []

    # Candidate groups for a new statement: those of its claimant (kept in
    # order), and unsourced groups with a headline statement; looking only at
    # these keeps grouping from comparing every statement with every claim.
    by_claimant: dict[str | None, list[int]] = {}
    unsourced_titled: set[int] = set()
    group_of: dict[int, int] = {}  # id(item) -> index of its group

    def group_for(item: _Item) -> int:
        """Add a claim to the group it restates, or start a new one; returns
        the group's index."""
        best, best_score = None, 0.0
        item_title = _in_title(item)
        candidates: Iterable[int]
        if item.actor is None and item_title:
            candidates = range(len(groups))
        elif unsourced_titled:
            candidates = sorted(set(by_claimant.get(item.actor, ())) | unsourced_titled)
        else:
            candidates = list(by_claimant.get(item.actor, ()))
        restated = group_of.get(id(items[item.restates])) if item.restates is not None else None
        single = item.st.units[0] if len(item.st.units) == 1 and not item.st.extra.get("conjunct") else None
        for gi in candidates:
            g = groups[gi]
            unsourced_title = item.actor is None and item_title or g.claimant is None and g.titled
            if g.claimant != item.actor and not unsourced_title:
                continue
            if restated == gi and len(g.lemmas & item.lemmas) >= 2:
                best, best_score = gi, 1.0
                break
            if unsourced_title:
                # an unsourced headline sums up a claim the body attributes
                shared = g.lemmas & item.lemmas
                small = min(len(g.lemmas), len(item.lemmas))
                if len(shared) >= 2 and len(shared) >= RESTATE * small:
                    best, best_score = gi, 0.9
                    break
            if item.actor is None and g.claimant is None:
                # an unsourced account told over consecutive sentences is one claim
                first = item.st.units[0]
                if 0 < first - g.last <= 1 and ix.units[first].para == ix.units[g.last].para \
                        and g.lemmas & item.lemmas:
                    best, best_score = gi, 1.0
                    break
            shared = g.lemmas & item.lemmas
            if item.actor is not None and not item.st.quoted and item.st.kind == "verb":
                # the next sentence by the same source going on about the same
                # finding ("said Navalny was poisoned. It announced tests found
                # Novichok in his blood") restates it
                if 0 < item.st.units[0] - g.last <= 2 and len(shared) >= 2 \
                        and len(shared) >= RESTATE * len(item.lemmas) and not g.quoted:
                    best, best_score = gi, 0.8
                    break
                # and so does a second report verb of that sentence ("..., and said ...")
                if single is not None and any(o.st.cue != item.st.cue and not o.st.quoted
                                              and not o.st.extra.get("conjunct") and o.st.kind == "verb"
                                              and not _in_title(o) and _coordinated(doc, o.st.cue, item.st.cue)
                                              for o in g.single.get(single, ())):
                    best, best_score = gi, 0.7
                    break
            if len(shared) < 3:
                continue
            # a headline restates the body in few words: measure on its side;
            # two body sentences must be alike on both sides to be one claim
            if item_title or g.titled:
                sc = len(shared) / max(1, min(len(g.lemmas), len(item.lemmas)))
            else:
                sc = len(shared) / max(1, len(g.lemmas) + len(item.lemmas) - len(shared))
            if sc >= RESTATE and sc > best_score:
                best, best_score = gi, sc
        if best is None:
            gi = len(groups)
            g = _Group(item.actor)
            groups.append(g)
            by_claimant.setdefault(item.actor, []).append(gi)
        else:
            gi = best
            g = groups[gi]
        g.add(item)
        if g.claimant is None and item.actor is not None:
            g.claimant = item.actor  # the body names who the headline left out
            by_claimant[None].remove(gi)
            insort(by_claimant.setdefault(item.actor, []), gi)
        group_of[id(item)] = gi
        if g.claimant is None and g.titled:
            unsourced_titled.add(gi)
        else:
            unsourced_titled.discard(gi)
        return gi

    for st in statements:
        resolved: list[tuple[str | None, Mention | None]] = []
        restates = None
        if st.kind == "continuation" and "of" in st.extra:
            resolved = actors_of.get(id(st.extra["of"]), [])
        elif not st.source_heads:
            resolved = [(None, None)]
        else:
            for h in st.source_heads:
                for m in resolver.describe(h):
                    if m.kind == "document":
                        # "according to the report": the report cited before, or nobody named
                        surface = m.surface.lower()
                        if surface.split()[0] in ("the", "this", "that", "these") and len(surface.split()) <= 3:
                            named = resolver.by_head(surface.split()[-1], h)
                            if named is None:
                                # "The ad also mentions ..." after "A new ad from X's campaign ...": X's
                                earlier = [key for tok, key in cited.get(doc[h].lemma_.lower(), ()) if tok < h]
                                named = resolver.actors.get(earlier[-1]) if earlier else None
                            if named is not None:  # "the poll" after "a new national poll"
                                resolver.register(replace(m, key=named.key, name=named.name, kind=named.kind), h)
                                resolved.append((named.key, m))
                                continue
                            prev = _recent_claim(items, st.units[0])
                            if prev is not None:
                                restates = prev
                                author = resolver.actors.get(items[prev].actor or "")
                                cites = any(a <= doc[h].idx < b for a, b in items[prev].st.content)
                                if author is not None and not cites:
                                    # the document is one of the author's names ("The report
                                    # says ..." after "officials said ..."), unless the author's
                                    # own words cite it ("Adeyemi said the records showed ...")
                                    resolver.register(replace(m, key=author.key, name=author.name,
                                                              kind=author.kind), h)
                                resolved.append((items[prev].actor, items[prev].mention))
                                continue
                        words = surface.split()
                        # "a screenshot", "the letter": evidence, not anyone's word; "a new
                        # poll", "a 2014 study" are told apart from others enough to be a source
                        bare = len(words) <= 2 or len(words) == 3 and words[0] not in ("a", "an")
                        if words[0] in ("a", "an", "the", "this", "that") and bare:
                            resolved.append((None, m))
                            continue
                        # "a new national poll", "recent polls in Ohio": a named source all the same
                        m = resolver.document_actor(m)
                    rec = resolver.register(m, h)
                    if rec is not None:
                        resolved.append((rec.key, m))
                        if doc[h].lemma_.lower() in cues.DOCUMENT_NOUNS:
                            cited.setdefault(doc[h].lemma_.lower(), []).append((h, rec.key))
        if not resolved and st.kind == "verb" and all(doc[h].pos_ == "PRON" for h in st.source_heads):
            # "it says ...", "they said ..." with nobody to point at: the statement
            # is still there; the page shows it as unattributed, for review
            resolved = [(None, None)]
        actors_of[id(st)] = resolved
        if not resolved:
            continue
        content = content_text(text, st.content)
        if len(content.split()) < 2 and st.cue_lemma not in cues.DENIAL_VERBS | cues.REJECT_VERBS:
            continue  # one word is not a statement, but "denied it" is a denial
        toks = list(_content_tokens(doc, ix, st, st.content))
        if toks and all(t.ent_type_ in ("DATE", "TIME") or t.is_punct for t in toks):
            continue  # "Correction: October 2, 2016": a date says nothing
        verdict = classify(doc, st, content)
        lem = _lemmas(doc, ix, st)
        named = _named_words(doc, st)
        claim = verdict is not None or checkable.is_claim(doc, ix, st)
        if verdict is None and len(resolved) > 1 and all(k is not None for k, _ in resolved):
            # "X and Y pointed out that ...": one claim by the two of them (each
            # denial, though, stays its own: "both governments denied")
            resolved = [resolver.joint([k for k, _ in resolved], st.source_heads[0])]
        negated = _negated_content(doc, ix, st)
        for key, m in resolved:
            item = _Item(st, key, m, content, lem, verdict, restates, named, claim, negated)
            items.append(item)

    redirect = resolver.merge_descriptions()
    for item in items:
        if item.actor in redirect:
            item.actor = redirect[item.actor]

    # Claims first: everything that is not a denial on its own wording.
    for item in items:
        if item.verdict is None:
            group_for(item)
    unit_lemmas = _unit_lemmas(doc, ix)
    weights = linking.idf(unit_lemmas)
    claim_infos = [_claim_info(gi, g, resolver, ix, unit_lemmas) for gi, g in enumerate(groups)]
    unit_words = _UnitWords(doc, ix)

    denials: list[tuple[_Item, int | None, float]] = []
    for item in items:
        if item.verdict is None:
            continue
        d = _denial_info(item, ix, resolver, unit_words)
        target, sc = linking.best_claim(d, claim_infos, weights)
        if item.verdict.kind == MARKER and (target is None or sc < WEAK_LINK):
            gi = group_for(item)  # wording alone does not make it a denial: it stays a claim
            info = _claim_info(gi, groups[gi], resolver, ix, unit_lemmas)  # (the one group it changed)
            if gi == len(claim_infos):
                claim_infos.append(info)
            else:
                claim_infos[gi] = info
            continue
        denials.append((item, target, sc))

    # Statements that answer a claim without denial wording: a negated
    # restatement of someone else's claim ("she was never forced to ..."), and a
    # counter-claim by an actor who denies elsewhere in the article that names
    # the claimant or shares the claim's sentence ("which the Church describes
    # as a retreat, but critics charge ...").
    targets = {t for _, t, _ in denials if t is not None}
    # only an explicit denial puts an actor in dispute; wording alone is too weak
    deniers = {item.actor for item, _, _ in denials if item.verdict and item.verdict.kind != MARKER}
    converted: set[int] = set()
    keep: list[_Group] = []
    for gi, g in enumerate(groups):
        # (one statement, or two cues of one sentence: "claimed A and claim B")
        if gi in targets or len({it.st.units for it in g.items}) != 1 or g.items[0].verdict is not None:
            keep.append(g)
            continue
        it = g.items[0]
        denier = it.actor in deniers and it.st.kind in ("verb", "according", "continuation")
        if not it.negated and not denier:
            keep.append(g)
            continue
        d = _denial_info(it, ix, resolver, unit_words)
        candidates = [c for c in claim_infos
                      if c.index != gi and c.index not in converted and not linking.affiliated(d, c)]
        best, best_sc, verdict = None, 0.0, None
        if it.negated:
            for c in candidates:
                sc = linking.negated_restatement(it.lemmas, True, c, weights)
                if sc > best_sc:
                    best, best_sc = c.index, sc
            if best is not None and best_sc >= NEGATED_RESTATEMENT:
                verdict = Verdict("restatement", 0.6, None)
        if verdict is None and denier:
            best, best_sc = None, 0.0
            for c in candidates:
                if c.claimant is None or c.claimant in deniers:
                    continue
                if not (c.claimant_words & d.words or set(it.st.units) & c.units):
                    continue
                sc = linking.score(d, c, weights)
                if sc > best_sc:
                    best, best_sc = c.index, sc
            if best is not None and best_sc >= COUNTER_CLAIM:
                verdict = Verdict("counter", 0.55, None)
        if verdict is None:
            keep.append(g)
            continue
        it.verdict = verdict
        denials.append((it, best, best_sc))
        converted.add(gi)
        targets.add(best)
    index_map = {id(g): i for i, g in enumerate(groups)}
    groups_kept = sorted(keep, key=lambda g: (g.first_unit, min(it.st.start for it in g.items)))
    # A claim is checkable or disputed: what a denial answers is a claim whatever
    # its wording; the rest of what actors said goes to the statements.
    claim_groups = [g for g in groups_kept if index_map[id(g)] in targets or any(it.claim for it in g.items)]
    in_claims = {id(g) for g in claim_groups}
    said_groups = [g for g in groups_kept if id(g) not in in_claims]
    claim_id = {index_map[id(g)]: f"c{n + 1}" for n, g in enumerate(claim_groups)}

    used: list[str] = []
    claims_out = []
    for g in claim_groups:
        first = min(g.items, key=lambda it: (_in_title(it), it.st.units[0]))
        ev = _evidence(text, ix, g.units)
        conf = _claim_confidence(g)
        claims_out.append(Claim(id=claim_id[index_map[id(g)]], claimant=g.claimant, text=_shown(doc, ix, first),
                                evidence=ev, confidence=conf))
        if g.claimant:
            used.append(g.claimant)
    said_out = []
    for n, g in enumerate(said_groups):
        first = min(g.items, key=lambda it: (_in_title(it), it.st.units[0]))
        said_out.append(Said(id=f"s{n + 1}", actor=g.claimant, text=_shown(doc, ix, first),
                             evidence=_evidence(text, ix, g.units), confidence=_claim_confidence(g)))
        if g.claimant:
            used.append(g.claimant)
    denials.sort(key=lambda d: (d[0].st.units[0], d[0].st.start))
    # a headline denial ("Team denies doping") is the body's denial in short:
    # one denial, with the headline as further evidence
    title_units: dict[tuple[str | None, int | None], set[int]] = {}
    kept = []
    for item, target, sc in denials:
        if _in_title(item) and any(not _in_title(o) and o.actor == item.actor and t == target
                                   for o, t, _ in denials):
            title_units.setdefault((item.actor, target), set()).update(item.st.units)
            continue
        kept.append((item, target, sc))
    denials = kept
    denials_out = []
    for n, (item, target, sc) in enumerate(denials):
        if item.actor is None:
            continue
        units_ev = set(item.st.units) | title_units.pop((item.actor, target), set())
        dtext = _shown(doc, ix, item)
        if item.verdict and item.verdict.text_from is not None:
            end = max(b for _, b in item.st.content)
            dtext = tidy(text[item.verdict.text_from:end])
        conf = item.verdict.confidence if item.verdict else 0.5
        if item.mention is not None:
            conf = min(conf, item.mention.confidence + 0.1)
        if target is None:
            conf = min(conf, 0.6)
        denials_out.append(Denial(id=f"d{len(denials_out) + 1}", actor=item.actor,
                                  denies=claim_id.get(target) if target is not None else None,
                                  text=dtext, evidence=_evidence(text, ix, frozenset(units_ev)),
                                  confidence=round(conf, 2)))
        used.append(item.actor)
    actors_out = []
    seen = set()
    first_use: dict[str, int] = {}
    for n, key in enumerate(used):
        first_use.setdefault(key, n)
    for key in sorted(set(used), key=lambda k: (resolver.actors[k].first, first_use[k])):
        if key in seen:
            continue
        seen.add(key)
        rec = resolver.actors[key]
        role = rec.role or (resolver.person_role(rec.name) if rec.kind == "person" else None)
        actors_out.append(Actor(id=rec.key, name=rec.name, kind=rec.kind, role=role,
                                aliases=tuple(a for a in rec.aliases if a != rec.name),
                                confidence=round(rec.confidence, 2)))
    return Extraction(tuple(actors_out), tuple(claims_out), tuple(denials_out), tuple(said_out))


_FINITE = ("VBD", "VBZ", "VBP", "MD")


def _shown(doc: Any, ix: Index, item: _Item) -> str:
    """The text the page shows: the content, tidied; when the content is no
    clause but a bare object or an infinitive ("the program", "to stay
    tuned"), the words from the cue on, so that it reads as what was said or
    done ("criticized the program", "asked clients to stay tuned") and, for a
    passive, the subject with its verb ("the proceedings were criticised")."""
    st = item.st
    if st.cue is None or st.kind not in ("verb", "action") or len(st.content) != 1 or st.quoted:
        return tidy(item.text)
    start, end = st.content[0]
    cue = doc[st.cue]
    relative = _relative_clause(doc, ix, start, end, cue)
    if relative:
        return tidy(relative)
    inside = [t for t in doc.char_span(start, end, alignment_mode="expand") or () if not t.is_space]
    if not inside or ix.unit_of[cue.i] != ix.unit_of[inside[0].i]:
        return tidy(item.text)
    if any(t.tag_ in _FINITE or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
           for t in inside if t.pos_ in ("VERB", "AUX")):
        return tidy(item.text)  # a clause reads on its own
    if cue.idx < start:
        return tidy(ix.text[cue.idx:end])
    if st.passive and end <= cue.idx and not ix.text[end:cue.idx].strip(" ,").count(" ") > 2:
        return tidy(ix.text[start:cue.idx + len(cue)])
    return tidy(item.text)


def _relative_clause(doc: Any, ix: Index, start: int, end: int, cue: Any) -> str | None:
    """A content that is a relative clause names what it is about by "which" or
    "who": say it by its antecedent. "which the Church describes as a retreat"
    -> "the Church describes Rehabilitation Project Force as a retreat"; "who
    has not been charged" -> "The senator has not been charged"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    first = next((t for t in span or () if not t.is_punct and not t.is_space), None)
    if first is None or first.lower_ not in ("which", "who", "whom") or first.head.dep_ != "relcl":
        return None
    pronoun, antecedent = first, first.head.head
    if antecedent.pos_ not in ("NOUN", "PROPN"):
        return None
    left = antecedent.i
    while left > 0 and doc[left - 1].head.i == antecedent.i and doc[left - 1].dep_ in ("compound", "amod", "det", "poss", "nmod"):
        left -= 1
    name = ix.text[doc[left].idx:antecedent.idx + len(antecedent)]
    rest = ix.text[pronoun.idx + len(pronoun):end].strip()
    if pronoun.dep_ in ("nsubj", "nsubjpass"):
        return f"{name} {rest}"
    if pronoun.dep_ == "dobj" and pronoun.head.i == cue.i and pronoun.idx < cue.idx:
        cue_end = cue.idx + len(cue)
        return f"{ix.text[pronoun.idx + len(pronoun):cue_end].strip()} {name} {ix.text[cue_end:end].strip()}"
    return None


def _coordinated(doc: Any, a: int, b: int) -> bool:
    """Two report verbs joined by "and" ("announced ..., and said ...")."""
    ta, tb = doc[a], doc[b]
    return tb.dep_ == "conj" and tb.head.i == a or ta.dep_ == "conj" and ta.head.i == b


def _in_title(item: _Item) -> bool:
    return item.st.kind == "headline" or 0 in item.st.units


class _UnitWords:
    """The lower-cased words of each sentence unit, each unit read once."""

    def __init__(self, doc: Any, ix: Index):
        self.doc, self.ix = doc, ix
        self.cache: dict[int, frozenset[str]] = {}

    def __call__(self, u: int) -> frozenset[str]:
        if u not in self.cache:
            unit = self.ix.units[u]
            self.cache[u] = frozenset(t.lower_ for t in self.ix.tokens[unit.tok_start:unit.tok_end]
                                      if not t.is_punct)
        return self.cache[u]


def _denial_info(item: _Item, ix: Index, resolver: Resolver, unit_words: _UnitWords) -> linking.DenialInfo:
    units = item.st.units
    words = unit_words(units[0]) if len(units) == 1 else frozenset().union(*(unit_words(u) for u in units))
    actor_words: set[str] = set()
    if item.actor and item.actor in resolver.actors:
        actor_words = set(item.actor.split("-"))
    return linking.DenialInfo(item.actor, item.lemmas, item.st.units[0], item.text, item.named,
                              words, frozenset(actor_words), ix.units[item.st.units[0]].para,
                              item.st.content)


def _recent_claim(items: list[_Item], unit: int) -> int | None:
    """The claim an anaphoric "the report" most likely cites: the latest one
    with a named claimant within three sentences."""
    for n in range(len(items) - 1, -1, -1):
        it = items[n]
        last = it.st.units[-1]
        if unit - last > 3:
            break
        if last <= unit and it.actor is not None and it.verdict is None:
            return n
    return None


def _unit_lemmas(doc: Any, ix: Index) -> list[frozenset[str]]:
    out = []
    for unit in ix.units:
        out.append(frozenset(t.lemma_.lower() for t in ix.tokens[unit.tok_start:unit.tok_end]
                             if t.pos_ in _CONTENT_POS and not t.is_stop and not t.is_punct))
    return out


def _name_words(resolver: Resolver, key: str | None) -> frozenset[str]:
    """The distinctive words of an actor's names: "Yemen-based Houthi movement"
    gives yemen and houthi, not movement."""
    if not key or key not in resolver.actors:
        return frozenset()
    rec = resolver.actors[key]
    words: set[str] = set()
    for s in [rec.name, *rec.aliases]:
        for w in re.findall(r"[A-Za-z][A-Za-z.]*", s):
            if w[:1].isupper():
                words.add(w.lower().rstrip("."))
    return frozenset(w for w in words if w not in cues.NAME_DROP and w not in cues.ORG_NOUNS
                     and w not in cues.PERSON_ROLE_NOUNS and w not in cues.GROUP_NOUNS and len(w) > 1)


def _claim_info(gi: int, g: _Group, resolver: Resolver, ix: Index,
                unit_lemmas: list[frozenset[str]]) -> linking.ClaimInfo:
    title = unit_lemmas[0] if unit_lemmas else frozenset()
    lemmas = g.lemmas
    units = g.units
    context = frozenset().union(*(unit_lemmas[u] for u in units))
    salience = len(lemmas & title) / len(title) if title and 0 not in units else (1.0 if title else 0.0)
    return linking.ClaimInfo(gi, g.claimant, _name_words(resolver, g.claimant), lemmas, g.first_unit,
                             units, len(g.items), any(it.negated for it in g.items),
                             context, salience,
                             frozenset(ix.units[u].para for u in units),
                             tuple(sp for it in g.items for sp in it.st.content),
                             frozenset(it.st.cue_lemma for it in g.items))


# Attributions found by the weak families stay below the page's review threshold.
_WEAK = {"action", "nominal", "hedge"}


def _claim_confidence(g: _Group) -> float:
    best = 0.0
    for it in g.items:
        base = _KIND_CONFIDENCE.get(it.st.kind, 0.6)
        if it.mention is not None:
            base = 0.5 * base + 0.5 * it.mention.confidence
        if it.st.kind in _WEAK:
            base = min(base, 0.5)
        best = max(best, base)
    best += 0.03 * (len(g.items) - 1)
    return round(min(best, 0.95), 2)
