"""Which claim each denial answers, and the statements that answer a claim
without denial wording.

Claims are grouped first (everything that is not a denial on its own wording);
then each denial is linked to the claim it answers (`ranker.choose`). A
denial found by its wording alone that answers nothing stays a claim. Last,
among single statements: a negated restatement of someone else's claim ("she
was never forced to ...") and a counter-claim by an actor who denies elsewhere
in the article, which names the claimant or shares the claim's sentence
("which the Church describes as a retreat, but critics charge ...")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import linking, ranker
from .denials import ACCUSE, MARKER, NEGATION, DenialCue
from .features import UnitWords, claim_info, denial_info, name_words, side_words, unit_lemmas
from .grouping import ClaimGrouper
from .index import Index
from .items import Item
from .resolver import Resolver

# A denial found only by its wording (`denials.MARKER`) must answer a claim (its
# best claim must outscore "no claim", `link_weights.NULL`) to count as one, an
# accusation of deceit (`denials.ACCUSE`) a claim the accused made before it
# ("accused the minister of lying" is otherwise the accusation it is); a
# statement that only negates (`denials.NEGATION`) must answer it clearly, and
# one made before it ("the airline never told us"; "the airline said families
# were kept informed": the later one answers the earlier).
NEGATION_LINK = 1.0
# A link scored under REVIEW_LINK is kept and marked for review; a denial whose
# best claim lost to "no claim" is shown answering no claim, marked for review.
# (On half a, the scores of wrong links are as high as those of right ones: a
# threshold cannot tell them apart, so it only marks what is barely connected.)
REVIEW_LINK = 1.0
NEGATED_RESTATEMENT = 0.5
COUNTER_CLAIM = 0.6
# How much of a claim named inside a denial an earlier claim must share to be it.
RESTATED = 0.5


@dataclass
class Link:
    """A denial item and the group index of the claim it answers (None: none fits)."""

    item: Item
    target: int | None
    score: float
    unsure: bool = False  # a claim scored, too weakly to be shown as the one answered


class Linker:
    """The claims of an article as `linking` sees them, kept up to date as
    denials that answer nothing become claims."""

    def __init__(self, doc: Any, ix: Index, resolver: Resolver, grouper: ClaimGrouper):
        self.ix, self.resolver, self.grouper = ix, resolver, grouper
        self.by_unit = unit_lemmas(ix)
        self.weights = linking.idf(self.by_unit)
        self.claims = [claim_info(gi, g, resolver, ix, self.by_unit) for gi, g in enumerate(grouper.groups)]
        self.unit_words = UnitWords(ix)

    def denial_info(self, item: Item) -> linking.DenialInfo:
        return denial_info(item, self.ix, self.resolver, self.unit_words)

    def regroup(self, item: Item) -> None:
        """A denial by wording alone that answers nothing: a claim after all."""
        gi = self.grouper.add(item)
        info = claim_info(gi, self.grouper.groups[gi], self.resolver, self.ix, self.by_unit)  # (the one it changed)
        if gi == len(self.claims):
            self.claims.append(info)
        else:
            self.claims[gi] = info

    def link_denials(self, items: list[Item]) -> list[Link]:
        links = []
        embedded: dict[int, int] = {}  # id(embedded item) -> its group: one claim for every denial naming it
        for item in items:
            if item.denial is None:
                continue
            if item.embeds is not None:
                links.append(self._link_embedded(item, item.embeds, embedded))
                continue
            info = self.denial_info(item)
            choice = ranker.choose(info, self.claims, self.weights)
            if item.denial.kind == MARKER and choice.target is None or \
                    item.denial.kind == ACCUSE and not self._answers_accused(info, choice.target) or \
                    item.denial.kind == NEGATION and (choice.target is None or choice.score < NEGATION_LINK
                                                      or not choice.said_of
                                                      or self.claims[choice.target].first_unit > info.unit):
                if item.denial.kind == NEGATION:
                    item.denial = None  # (a negated statement that answers nothing is just that)
                self.regroup(item)  # wording alone does not make it a denial: it stays a claim
                continue
            if choice.target is None:
                # nothing connects it to a claim enough: no guess, and a look when one came close
                links.append(Link(item, None, choice.score, unsure=choice.best is not None))
                continue
            links.append(Link(item, choice.target, choice.score))
        return links

    def _answers_accused(self, d: linking.DenialInfo, target: int | None) -> bool:
        """An accusation of deceit ("accused the US of peddling disinformation")
        denies only what the accused said before it; otherwise it is the
        accusation ("accused the minister of misleading parliament")."""
        if target is None:
            return False
        c = self.claims[target]
        return c.first_unit <= d.unit and bool(d.named & (c.claimant_words | c.claimant_terms))

    def _link_embedded(self, item: Item, claim: Item, seen: dict[int, int]) -> Link:
        """A denial that names its claim ("rejected the idea that ..."): the
        claim stated elsewhere when one restates it, else the named one."""
        if id(claim) in seen:
            return Link(item, seen[id(claim)], 1.0)
        best, best_sc = None, 0.0
        for c in self.claims:
            if linking.affiliated(self.denial_info(item), c) or len(claim.lemmas & c.lemmas) < 2:
                continue
            sc = linking.overlap(claim.lemmas, c.lemmas, self.weights)
            if sc > best_sc:
                best, best_sc = c.index, sc
        if best is None or best_sc < RESTATED:
            self.regroup(claim)
            best = self.grouper.group_of[id(claim)]
        seen[id(claim)] = best
        return Link(item, best, 1.0)

    def unworded_denials(self, links: list[Link]) -> set[int]:
        """Turn single statements that answer a claim into denials (appended to
        `links`); returns the indices of the groups they were."""
        targets = {link.target for link in links if link.target is not None}
        # only an explicit denial puts an actor in dispute; wording alone is too weak
        deniers = {link.item.actor for link in links
                   if link.item.denial and link.item.denial.kind not in (MARKER, NEGATION)}
        converted: set[int] = set()
        for gi, g in enumerate(self.grouper.groups):
            # (one statement, or two cues of one sentence: "claimed A and claim B")
            if gi in targets or len({it.st.units for it in g.items}) != 1 or g.items[0].denial is not None:
                continue
            it = g.items[0]
            denier = (it.actor in deniers or self._speaks_for(it.actor, deniers)) \
                and it.st.kind in ("verb", "according", "continuation")
            if not it.negated and not denier:
                continue
            # ("rejected his account, saying emails showed ...": what the denier says
            # beside their denial answers what that denial answers, or nothing)
            beside = {link.target for link in links if link.item.actor == it.actor
                      and link.item.denial and link.item.denial.kind not in (MARKER, NEGATION)
                      and set(link.item.st.units) & set(it.st.units)}
            found = self._answered(gi, it, denier, deniers, converted, beside)
            if found is None:
                continue
            best, best_sc, cue = found
            it.denial = cue
            links.append(Link(it, best, best_sc))
            if cue.kind != "counter":
                converted.add(gi)  # (a counter-claim stays a claim too: it asserts something)
            targets.add(best)
        return converted

    def _speaks_for(self, actor: str | None, deniers: set[str | None]) -> bool:
        """A denier's chief executive, spokesman or lawyer ("Pinpoint said it has
        never sold data. Its chief executive told investors ...") speaks for them."""
        side = side_words(self.resolver, actor)
        return bool(side) and any(side & name_words(self.resolver, k) for k in deniers if k)

    def _answered(self, gi: int, it: Item, denier: bool, deniers: set[str | None],
                  converted: set[int], beside: set[int | None]) -> tuple[int, float, DenialCue] | None:
        d = self.denial_info(it)
        candidates = [c for c in self.claims
                      if c.index != gi and c.index not in converted and not linking.affiliated(d, c)
                      and c.first_unit <= d.unit]
        if it.negated:
            # (the main clause negates: "he did not believe X" or "did not comment" does not)
            best, best_sc = None, 0.0
            for c in candidates:
                sc = linking.negated_restatement(it.lemmas, True, c, self.weights)
                if sc > best_sc:
                    best, best_sc = c.index, sc
            if best is not None and best_sc >= NEGATED_RESTATEMENT:
                return best, best_sc, DenialCue("restatement", 0.55, None)
        if denier and not it.text.startswith("to "):
            # (an appeal or an intent asserts nothing to counter: "called on the
            # president to go on working", "vowed to appeal")
            # a counter-claim answers someone's claim that names its claimant or
            # shares its sentence ("which the Church describes as a retreat, but
            # critics charge is a work camp")
            best, best_sc = None, 0.0
            for c in candidates if not beside else [c for c in candidates if c.index in beside]:
                same_sentence = bool(set(it.st.units) & c.units)
                if c.claimant is None or c.claimant in deniers or not c.checkable:
                    continue  # (nor a bare statement: "it would not comment" is nothing to counter)
                if not (c.claimant_words & d.words or same_sentence):
                    continue
                sc = ranker.score(d, c, self.weights)
                if sc > best_sc:
                    best, best_sc = c.index, sc
            if best is not None and best_sc >= COUNTER_CLAIM:
                return best, best_sc, DenialCue("counter", 0.5, None)
        return None
