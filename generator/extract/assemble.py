"""The extraction as the sidecar shows it: claims (what a denial answers, or what
asserts something checkable), statements (the rest of what actors said),
denials with their links, and the actors that say any of it; ids in document
order, evidence as verbatim sentences, confidence per item."""

from __future__ import annotations

import re
from typing import Any

from ..model import ACTOR_KINDS, Actor, ActorKind, Claim, Denial, Extraction, Review, Statement
from .answers import REVIEW_LINK, Link
from .checkable import is_question
from .denials import REJECT, STRONG
from .index import Index
from .items import ClaimGroup, Item, in_title
from .parse import antecedent as relative_antecedent
from .parse import cancelled_by
from .records import AttributionKind
from .resolver import Resolver
from .text import tidy

_KIND_CONFIDENCE: dict[AttributionKind, float] = {
    "nominal": 0.4, "action": 0.4, "verb": 0.85, "according": 0.8, "headline": 0.7, "hedge": 0.55,
    "continuation": 0.65, "embedded": 0.6, "charge": 0.7,
}
# Attributions found by the weak families stay below the page's review threshold.
_WEAK = {"action", "nominal", "hedge"}
_FINITE = ("VBD", "VBZ", "VBP", "MD")


def evidence(text: str, ix: Index, units: set[int] | frozenset[int]) -> tuple[str, ...]:
    """The sentences of these units, verbatim; consecutive units of one
    paragraph as one piece."""
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


def claim_confidence(g: ClaimGroup) -> float:
    best = 0.0
    for it in g.items:
        base = _KIND_CONFIDENCE.get(it.st.kind, 0.6)
        if it.mention is not None:
            base = 0.5 * base + 0.5 * it.mention.confidence
        if it.st.kind in _WEAK or it.st.unsure:
            base = min(base, 0.5)
        best = max(best, base)
    best += 0.03 * (len(g.items) - 1)
    return round(min(best, 0.95), 2)


def shown(doc: Any, ix: Index, item: Item) -> str:
    """The text the page shows: the content, tidied; when the content is no
    clause but a bare object or an infinitive ("the program", "to stay
    tuned"), the words from the cue on, so that it reads as what was said or
    done ("criticized the program", "asked clients to stay tuned") and, for a
    passive, the subject with its verb ("the proceedings were criticised")."""
    st = item.st
    if st.cue is None or st.kind not in ("verb", "action", "charge") or len(st.content) != 1 or st.quoted:
        return tidy(item.text)
    start, end = st.content[0]
    cue = doc[st.cue]
    relative = relative_clause(doc, ix, start, end, cue)
    if relative:
        return tidy(relative)
    if st.kind == "charge":
        return tidy(item.text)
    inside = [t for t in doc.char_span(start, end, alignment_mode="expand") or () if not t.is_space]
    if not inside or ix.unit_of[cue.i] != ix.unit_of[inside[0].i]:
        return tidy(item.text)
    if any(t.tag_ in _FINITE or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
           for t in inside if t.pos_ in ("VERB", "AUX")):
        return tidy(item.text)  # a clause reads on its own
    if cue.idx < start:
        # (with what negates the cue: "has not admitted the error", "declined to
        # comment on the ruling", not "admitted the error", "comment on the ruling")
        cancelling = cancelled_by(cue)
        if cancelling is not None and cancelling.i < cue.i:
            cue = cancelling
        lead = min([c.idx for c in cue.children if c.dep_ in ("aux", "neg") and c.i < cue.i
                    and any(n.dep_ == "neg" for n in cue.children)] + [cue.idx])
        return tidy(ix.text[lead:end])
    if st.passive and end <= cue.idx and not ix.text[end:cue.idx].strip(" ,").count(" ") > 2:
        return tidy(ix.text[start:cue.idx + len(cue)])
    return tidy(item.text)


def relative_clause(doc: Any, ix: Index, start: int, end: int, cue: Any) -> str | None:
    """A content that is a relative clause names what it is about by "which" or
    "who": say it by its antecedent. "which the Church describes as a retreat"
    -> "the Church describes Rehabilitation Project Force as a retreat"; "who
    has not been charged" -> "The senator has not been charged"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    first = next((t for t in span or () if not t.is_punct and not t.is_space), None)
    if first is None or first.lower_ not in ("which", "who", "whom") or first.head.dep_ != "relcl":
        return None
    pronoun, antecedent = first, relative_antecedent(first)
    if antecedent.pos_ not in ("NOUN", "PROPN"):
        return None
    left = antecedent.i
    while left > 0 and doc[left - 1].head.i == antecedent.i \
            and doc[left - 1].dep_ in ("compound", "amod", "det", "poss", "nmod"):
        left -= 1
    name = ix.text[doc[left].idx:antecedent.idx + len(antecedent)]
    rest = ix.text[pronoun.idx + len(pronoun):end].strip()
    if pronoun.dep_ in ("nsubj", "nsubjpass"):
        return f"{name} {rest}"
    if pronoun.dep_ == "dobj" and pronoun.head.i == cue.i and pronoun.idx < cue.idx:
        cue_end = cue.idx + len(cue)
        return f"{ix.text[pronoun.idx + len(pronoun):cue_end].strip()} {name} {ix.text[cue_end:end].strip()}"
    return None


def _asked(ix: Index, item: Item) -> str | None:
    """A question shown as one: "asked whether the vaccine would arrive", not
    "the vaccine would arrive" (as a claim a denial answers, what it puts is
    shown bare, with no claimant: `Assembler.claims`)."""
    st = item.st
    if st.cue is None or len(st.content) != 1 or not is_question(ix, st) or ix.tokens[st.cue].idx > st.start:
        return None
    return tidy(ix.text[ix.tokens[st.cue].idx:st.content[0][1]])


def _sentence(ix: Index, item: Item) -> str:
    """The last resort for a text: the statement's first sentence (`check`
    refuses an empty text)."""
    unit = ix.units[item.st.units[0]]
    return tidy(ix.text[unit.start:unit.end])


# How many more forms of a person's name are listed among their aliases.
_MORE_ALIASES = 4

# A source found through a pronoun or a bare description below this confidence is
# a guess at a name: the item is shown for review.
_SURE_SOURCE = 0.7


def _actor_kind(kind: str) -> ActorKind:
    """A kind the registry checked, as the type the model declares."""
    return next((k for k in ACTOR_KINDS if k == kind), "group")


def _review(items: list[Item]) -> Review | None:
    """"pending" when every statement of an item names its source only by a
    guess (a pronoun or a bare description resolved with low confidence): a
    wrong name is a legal risk, not a cosmetic one."""
    guessed = [it.mention is not None and (it.mention.pronoun or not it.mention.named)
               and it.mention.confidence < _SURE_SOURCE for it in items if it.actor is not None]
    return "pending" if guessed and all(guessed) else None


def _by_pronoun(item: Item) -> bool:
    """A denier named by a pronoun ("He denied it") whose denial answers no claim:
    the pronoun may have been resolved to the accuser ("The mayor said the
    builder had lied. He denied it."), whom nothing they deny can answer."""
    return item.mention is not None and item.mention.pronoun


def _first(g: ClaimGroup) -> Item:
    """The statement a group is shown by: the first one in the body."""
    return min(g.items, key=lambda it: (in_title(it), it.st.units[0]))


def _merge_repeated(links: list[Link]) -> tuple[list[Link], dict[int, set[int]]]:
    """A denier who denies one claim in one sentence and again in the next
    ("X denied the report. 'It is a lie,' he said.") or twice in one sentence
    (a verb and the quotation it introduces) makes one denial, with both
    sentences as evidence; the most explicit wording is the one shown, with
    its link. Returns
    the links kept and, by id of a kept link, the units it takes over."""
    kept: list[Link] = []
    more: dict[int, set[int]] = {}
    for link in links:
        units = set(link.item.st.units)
        into = next((k for k in kept if k.item.actor == link.item.actor and (
            k.target == link.target and min(abs(u - v) for u in units
                                            for v in set(k.item.st.units) | more.get(id(k), set())) <= 1
            or units & set(k.item.st.units))), None)
        if into is None:
            kept.append(link)
            continue
        taken = more.setdefault(id(into), set())
        taken |= units
        strength = (link.item.denial.confidence if link.item.denial else 0.0, link.score)
        # ("rejected that claim, saying no manager knew": the words that say what
        # is denied find the claim better than "that claim" does)
        target = max((into, link), key=lambda k: k.score) if units & set(into.item.st.units) else None
        if strength > (into.item.denial.confidence if into.item.denial else 0.0, into.score):
            # the more explicit wording is shown; the other's sentences stay as evidence
            kept[kept.index(into)] = link
            more[id(link)] = taken | set(into.item.st.units)
            del more[id(into)]
            into = link
        if target is not None and target is not into:
            into.target, into.score, into.unsure = target.target, target.score, target.unsure
    return kept, more


class Assembler:
    """Builds the output records; `used` collects the actors they name, in order."""

    def __init__(self, doc: Any, ix: Index, resolver: Resolver):
        self.doc, self.ix, self.resolver = doc, ix, resolver
        self.used: list[str] = []

    def claims(self, groups: list[ClaimGroup], ids: list[str]) -> list[Claim]:
        out = []
        for g, cid in zip(groups, ids, strict=True):
            first = _first(g)
            text = shown(self.doc, self.ix, first) or _sentence(self.ix, first)
            # (a question a denial answers is a claim, but not the asker's)
            claimant = None if all(is_question(self.ix, it.st) for it in g.items) else g.claimant
            out.append(Claim(id=cid, claimant=claimant, text=text,
                             evidence=evidence(self.ix.text, self.ix, g.units), confidence=claim_confidence(g),
                             review=_review(g.items)))
            if claimant:
                self.used.append(claimant)
        return out

    def statements(self, groups: list[ClaimGroup]) -> list[Statement]:
        out: list[Statement] = []
        for g in groups:
            first = _first(g)
            text = _asked(self.ix, first) or shown(self.doc, self.ix, first) or _sentence(self.ix, first)
            ev = evidence(self.ix.text, self.ix, g.units)
            if any(s.actor == g.claimant and s.text == text and s.evidence == ev for s in out):
                continue  # ("declined to comment on the ruling" found by both its verbs)
            out.append(Statement(id=f"s{len(out) + 1}", actor=g.claimant, text=text, evidence=ev,
                                 confidence=claim_confidence(g), review=_review(g.items)))
            if g.claimant:
                self.used.append(g.claimant)
        return out

    def denials(self, links: list[Link], claim_id: dict[int, str]) -> list[Denial]:
        links = sorted(links, key=lambda link: (link.item.st.units[0], link.item.st.start))
        # a headline denial ("Team denies doping") is the body's denial in short:
        # one denial, with the headline as further evidence
        title_units: dict[tuple[str | None, int | None], set[int]] = {}
        kept = []
        for link in links:
            item = link.item
            # (a headline too short to link answers what the body's denial answers)
            theirs = [o for o in links if not in_title(o.item) and o.item.actor == item.actor]
            worded = [o for o in theirs if o.item.denial is not None and o.item.denial.kind in (STRONG, REJECT)]
            body = next((o for o in theirs if o.target == link.target or link.target is None and link.unsure),
                        worded[0] if len(worded) == 1 else None)  # (their one denial below, whatever it answers)
            if in_title(item) and body is not None:
                title_units.setdefault((item.actor, body.target), set()).update(item.st.units)
                continue
            kept.append(link)
        kept, more = _merge_repeated([link for link in kept if link.item.actor is not None])
        out: list[Denial] = []
        for link in kept:
            item, target = link.item, link.target
            assert item.actor is not None  # (kept above)
            units = set(item.st.units) | title_units.pop((item.actor, target), set()) | more.get(id(link), set())
            unsure = (link.unsure or target is not None and link.score < REVIEW_LINK
                      or target is None and _by_pronoun(item))
            out.append(Denial(id=f"d{len(out) + 1}", actor=item.actor,
                              denies=claim_id.get(target) if target is not None else None,
                              text=self._denial_text(item), evidence=evidence(self.ix.text, self.ix, frozenset(units)),
                              confidence=round(self._denial_confidence(item, target, unsure), 2),
                              review="pending" if unsure else _review([item])))
            self.used.append(item.actor)
        return out

    def _denial_text(self, item: Item) -> str:
        if item.denial and item.denial.text_from is not None:
            end = max(b for _, b in item.st.content)
            if item.embeds is not None and item.embeds.st.content[0][0] > item.denial.text_from:
                # "denied the newspaper's claim that she lied": the claim is shown as a
                # claim; the denial says what it denies by its noun
                end = item.embeds.st.content[0][0]
            # (and "that found" in "rejected a report that found ...": what carries the claim)
            cue_on = re.sub(r"[\s,:;]*\b((that|which)(\s+\w+)?)?[\s,:;]*$" if item.embeds is not None
                            else r"[\s,:;]*\b(that|which)?[\s,:;]*$", "", self.ix.text[item.denial.text_from:end])
            cue_on = tidy(cue_on)
            if cue_on:  # (empty when the content comes before the cue: "..., he denied")
                return cue_on
        return shown(self.doc, self.ix, item) or tidy(item.text) or _sentence(self.ix, item)

    @staticmethod
    def _denial_confidence(item: Item, target: int | None, unsure: bool) -> float:
        """The wording's confidence, capped by the source's and by the link's: on
        half a, 2 of 9 denials with a weak link (score under REVIEW_LINK) were
        right, 7 of 17 with a stronger one."""
        conf = item.denial.confidence if item.denial else 0.5
        if item.mention is not None:
            conf = min(conf, item.mention.confidence + 0.1)
        if target is None:
            conf = min(conf, 0.6)
        if unsure or item.st.unsure:
            conf = min(conf, 0.5)
        return conf

    def actors(self) -> list[Actor]:
        """Every actor named by an output record, in order of first mention."""
        resolver = self.resolver
        first_use: dict[str, int] = {}
        for n, key in enumerate(self.used):
            first_use.setdefault(key, n)
        out = []
        for key in sorted(set(self.used), key=lambda k: (resolver.actors[k].first, first_use[k])):
            rec = resolver.actors[key]
            role = rec.role or (resolver.person_role(rec.name) if rec.kind == "person" else None)
            aliases = [a for a in rec.aliases if a != rec.name]
            if rec.kind == "person":
                # every form the article writes the name in, not only those that spoke
                aliases += [a for a in resolver.mentions.written_as(rec.name) if a not in aliases][:_MORE_ALIASES]
            out.append(Actor(id=rec.key, name=rec.name, kind=_actor_kind(rec.kind), role=role,
                             aliases=tuple(aliases),
                             confidence=round(rec.confidence, 2)))
        return out


def extraction(doc: Any, ix: Index, resolver: Resolver, groups: list[ClaimGroup], converted: set[int],
               links: list[Link]) -> Extraction:
    """The output, from the claim groups (less those that became denials) and the links."""
    targets = {link.target for link in links if link.target is not None}
    kept = sorted((gi for gi in range(len(groups)) if gi not in converted),
                  key=lambda gi: (groups[gi].first_unit, min(it.st.start for it in groups[gi].items)))
    # A claim is checkable or disputed: what a denial answers is a claim whatever
    # its wording; the rest of what actors said goes to the statements.
    claim_gis = [gi for gi in kept if gi in targets or any(it.claim for it in groups[gi].items)]
    said_gis = [gi for gi in kept if gi not in set(claim_gis)]
    claim_id = {gi: f"c{n + 1}" for n, gi in enumerate(claim_gis)}
    out = Assembler(doc, ix, resolver)
    claims = out.claims([groups[gi] for gi in claim_gis], [claim_id[gi] for gi in claim_gis])
    said = out.statements([groups[gi] for gi in said_gis])
    denials = out.denials(links, claim_id)
    return Extraction(tuple(out.actors()), tuple(claims), tuple(denials), tuple(said))
