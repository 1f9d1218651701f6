"""The working records of `analyse`: an attribution with its actor (`Item`) and a
claim with its restatements (`ClaimGroup`). Mutable on purpose and private to
this package: stages fill them in order (actor redirected after description
merging, a denial cue found once claims are known)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .actors import Mention
from .denials import DenialCue
from .records import Attribution


@dataclass
class Item:
    """One attribution as one actor's statement (an attribution with two sources
    gives two items)."""

    st: Attribution
    actor: str | None
    mention: Mention | None
    text: str
    lemmas: frozenset[str]
    denial: DenialCue | None
    restates: int | None = None  # index of the earlier claim item an anaphoric source points at
    named: frozenset[str] = frozenset()
    claim: bool = True  # asserts something checkable (checkable.py); False: a statement
    negated: bool = False  # a negation in the content (`features.negated_content`)
    embeds: Item | None = None  # a denial's: the claim its object names (`embedded`)


def in_title(item: Item) -> bool:
    return item.st.kind == "headline" or 0 in item.st.units


@dataclass
class ClaimGroup:
    """One claim and its restatements. What the grouping asks of a group at
    every new statement is kept up to date as items join, not recomputed."""

    claimant: str | None
    items: list[Item] = field(default_factory=list)
    lemmas: frozenset[str] = frozenset()
    last: int = -1  # the last unit of its statements
    titled: bool = False  # one of its statements is in the headline
    quoted: bool = False  # one of its statements is a quotation
    # later statements that are one unit each, by that unit (all but the first item)
    single: dict[int, list[Item]] = field(default_factory=dict)

    def add(self, item: Item) -> None:
        if self.items and len(item.st.units) == 1:
            self.single.setdefault(item.st.units[0], []).append(item)
        self.items.append(item)
        self.lemmas = self.lemmas | item.lemmas
        self.last = max(self.last, *item.st.units)
        self.titled = self.titled or in_title(item)
        self.quoted = self.quoted or item.st.quoted

    @property
    def first_unit(self) -> int:
        return min(it.st.units[0] for it in self.items)

    @property
    def units(self) -> frozenset[int]:
        return frozenset(u for it in self.items for u in it.st.units)
