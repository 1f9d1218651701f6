"""Restatements merged into one claim: a claim stated in the headline and again
in the body, or over consecutive sentences by one source, is one claim with
several pieces of evidence."""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from typing import Any

from .index import Index
from .items import ClaimGroup, Item, in_title

# How alike two statements by one claimant must be to be one claim restated.
RESTATE = 0.5


def coordinated(doc: Any, a: int, b: int) -> bool:
    """Two report verbs joined by "and" ("announced ..., and said ...")."""
    ta, tb = doc[a], doc[b]
    return bool(tb.dep_ == "conj" and tb.head.i == a or ta.dep_ == "conj" and ta.head.i == b)


class ClaimGrouper:
    """The claims of one article, built one statement at a time, in order.

    Candidate groups for a new statement are those of its claimant (kept in
    order) and unsourced groups with a headline statement; looking only at
    these keeps grouping from comparing every statement with every claim."""

    def __init__(self, doc: Any, ix: Index, items: list[Item]):
        self.doc, self.ix, self.items = doc, ix, items
        self.groups: list[ClaimGroup] = []
        self.by_claimant: dict[str | None, list[int]] = {}
        self.unsourced_titled: set[int] = set()
        self.group_of: dict[int, int] = {}  # id(item) -> index of its group

    def add(self, item: Item) -> int:
        """Add a claim to the group it restates, or start a new one; returns
        the group's index."""
        best = self._restated(item)
        if best is None:
            gi = len(self.groups)
            g = ClaimGroup(item.actor)
            self.groups.append(g)
            self.by_claimant.setdefault(item.actor, []).append(gi)
        else:
            gi = best
            g = self.groups[gi]
        g.add(item)
        if g.claimant is None and item.actor is not None:
            g.claimant = item.actor  # the body names who the headline left out
            self.by_claimant[None].remove(gi)
            insort(self.by_claimant.setdefault(item.actor, []), gi)
        self.group_of[id(item)] = gi
        if g.claimant is None and g.titled:
            self.unsourced_titled.add(gi)
        else:
            self.unsourced_titled.discard(gi)
        return gi

    def _candidates(self, item: Item) -> Iterable[int]:
        if item.actor is None and in_title(item):
            return range(len(self.groups))
        if self.unsourced_titled:
            return sorted(set(self.by_claimant.get(item.actor, ())) | self.unsourced_titled)
        return list(self.by_claimant.get(item.actor, ()))

    def _restated(self, item: Item) -> int | None:
        """The group this item restates: the first that passes one of the
        outright tests below, else the most alike by shared words."""
        best, best_score = None, 0.0
        item_title = in_title(item)
        restated = self.group_of.get(id(self.items[item.restates])) if item.restates is not None else None
        for gi in self._candidates(item):
            g = self.groups[gi]
            unsourced_title = item.actor is None and item_title or g.claimant is None and g.titled
            if g.claimant != item.actor and not unsourced_title:
                continue
            if self._outright(item, g, gi, restated, unsourced_title):
                return gi
            shared = g.lemmas & item.lemmas
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
        return best

    def _outright(self, item: Item, g: ClaimGroup, gi: int, restated: int | None, unsourced_title: bool) -> bool:
        """Tests that settle on this group at once, strongest first."""
        shared = g.lemmas & item.lemmas
        if restated == gi and len(shared) >= 2:
            return True  # "the report" pointing back at this claim
        if unsourced_title:
            # an unsourced headline sums up a claim the body attributes
            small = min(len(g.lemmas), len(item.lemmas))
            if len(shared) >= 2 and len(shared) >= RESTATE * small:
                return True
        if item.actor is None and g.claimant is None:
            # an unsourced account told over consecutive sentences is one claim
            first = item.st.units[0]
            units = self.ix.units
            if 0 < first - g.last <= 1 and units[first].para == units[g.last].para and shared:
                return True
        if item.actor is not None and not item.st.quoted and item.st.kind == "verb":
            # the next sentence by the same source going on about the same
            # finding ("said Navalny was poisoned. It announced tests found
            # Novichok in his blood") restates it
            if 0 < item.st.units[0] - g.last <= 2 and len(shared) >= 2 \
                    and len(shared) >= RESTATE * len(item.lemmas) and not g.quoted:
                return True
            # and so does a second report verb of that sentence ("..., and said ...")
            if self._second_report_verb(item, g):
                return True
        return False

    def _second_report_verb(self, item: Item, g: ClaimGroup) -> bool:
        if len(item.st.units) != 1 or item.st.conjunct or item.st.cue is None:
            return False
        return any(o.st.cue is not None and o.st.cue != item.st.cue and not o.st.quoted and not o.st.conjunct
                   and o.st.kind == "verb" and not in_title(o) and coordinated(self.doc, o.st.cue, item.st.cue)
                   for o in g.single.get(item.st.units[0], ()))
