"""The rules of `extract --refresh`: a fresh extraction proposed into an edited
sidecar, without undoing a single edit.

`merge` is the pure rule book: the sidecar as it is now, what the machine wrote
into it last time (its `fingerprints`, see `fingerprints.py`) and a fresh extraction
in; the merged items, the new fingerprints and a summary out. `refresh.py` reads
and writes the files, and `commands/refresh.py` runs the model.

Every item in the sidecar is one of three things:
- *untouched*: the machine wrote it and its content fingerprint still matches;
- *changed*: the machine wrote it and an editor changed it (any field, or a key
  of their own);
- *added*: an editor wrote it (no fingerprint under its id).
An id the machine wrote that is no longer in the file was *deleted* by an editor.

Precedence, rule by rule (each has a test in tests/test_refresh.py):
1. Changed and added items stay exactly as the editor left them, byte for byte.
2. Deleted findings stay deleted: their fingerprint goes into
   `fingerprints.rejected` and a refresh never proposes them again, not even
   under the other of claim/statement (the extractor's line between the two
   may move between versions; the editor's decision does not).
3. A fresh finding that is already in the file (same finding: an actor of the
   same name or alias, a claim, denial or statement with the same first evidence
   sentence) is not added twice; if the item there is untouched, it becomes the
   fresh version, marked `review: pending` when anything but its confidence
   changed; if the editor owns it, theirs wins.
4. A new finding is added at the end of its list with a new id, marked
   `review: pending`. Its references are translated to the ids in the file. A
   new actor is added only if a claim, denial or statement in the result names them.
5. A new finding attributed to an actor the editor deleted is left out, unless
   that actor's name is now the name or an alias of an actor in the file (the
   editor merged them): then it is attributed to that actor. A new denial of a
   claim the editor deleted is added with `denies: null`.
6. An untouched item the machine no longer finds is removed, unless something
   that stays refers to it; then it stays, marked `review: pending`.
7. The result is still an edited sidecar: a build never overwrites it. Its
   `article.sha256` is the article's now, so it is no longer stale.

A sidecar nobody edited is simply extracted again, like a build would.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from ..model import Actor, Claim, Denial, Extraction, Review, Statement
from .data import item_data
from .fingerprints import Fingerprint, Ledger, content_fingerprint, findings, items_of, normalise
from .format import KINDS, Item

Key = tuple[str, str]  # (kind, id)
T = TypeVar("T")
PENDING: Review = "pending"


class Owner(enum.Enum):
    UNTOUCHED = "untouched"  # the machine's, as it wrote it
    CHANGED = "changed"  # the machine wrote it, an editor changed it
    ADDED = "added"  # an editor wrote it


@dataclass(frozen=True)
class Merge:
    """The merged items and what happened to each, for the summary a person reads."""

    extraction: Extraction
    ledger: Ledger
    added: tuple[str, ...] = ()  # new findings, marked pending ("claim c4")
    updated: tuple[str, ...] = ()  # untouched items replaced by a different fresh version, marked pending
    removed: tuple[str, ...] = ()  # untouched items no longer found
    orphans: tuple[str, ...] = ()  # no longer found but referred to, kept and marked pending
    kept: tuple[str, ...] = ()  # changed or added by an editor, kept as they are
    rejected: int = 0  # fresh findings an editor had deleted, not proposed again
    unattributed: int = 0  # new findings by an actor the editor deleted, left out


def _label(key: Key) -> str:
    return f"{key[0]} {key[1]}"


def _meaning(kind: str, item: Item) -> dict[str, Any]:
    """What an editor reads in an item: everything but its confidence and review state."""
    data = item_data(kind, item)
    data.pop("confidence", None)
    data.pop("review", None)
    return data


class NewIds:
    """New ids that clash with nothing in the file or in its fingerprints."""

    def __init__(self, current: Extraction, ledger: Ledger) -> None:
        self.actors = {a.id for a in current.actors} | {i for k, i in ledger.written if k == "actor"}
        said: list[Claim | Denial | Statement] = [*current.claims, *current.denials, *current.statements]
        self.statements = {s.id for s in said} | {i for k, i in ledger.written if k != "actor"}

    def actor(self, wanted: str) -> str:
        new, n = wanted, 1
        while new in self.actors:
            n += 1
            new = f"{wanted}-{n}"
        self.actors.add(new)
        return new

    def statement(self, prefix: str) -> str:
        numbers = [int(m.group(1)) for i in self.statements if (m := re.fullmatch(rf"{prefix}(\d+)", i))]
        new = f"{prefix}{max(numbers, default=0) + 1}"
        self.statements.add(new)
        return new


def merge(current: Extraction, fingerprints: Mapping[Key, str], ledger: Ledger, fresh: Extraction) -> Merge:
    """Merge a fresh extraction into an edited sidecar's items (the rules above).

    `fingerprints` is each current item's content fingerprint as it is now
    (`read.load_for_refresh`); `ledger` what the machine wrote last time."""
    merger = _Merger(current, fingerprints, ledger)
    merger.take_all(fresh)
    return merger.result()


class _Merger:
    """One merge: who owns each item in the file, then each fresh finding placed
    (rules 2-5), then what stays (rules 4 and 6)."""

    def __init__(self, current: Extraction, fingerprints: Mapping[Key, str], ledger: Ledger) -> None:
        self.ledger = ledger
        self.lists: dict[str, list[Item]] = {kind: list(items_of(current, kind)) for kind in KINDS}
        self.owner: dict[Key, Owner] = {}
        self.finding: dict[Key, str] = {}
        for kind in KINDS:
            for item, computed in zip(self.lists[kind], findings(kind, self.lists[kind])):
                key = (kind, item.id)
                written = ledger.written.get(key)
                if written is None:
                    self.owner[key], self.finding[key] = Owner.ADDED, computed
                else:
                    same = written.content == fingerprints.get(key)
                    self.owner[key] = Owner.UNTOUCHED if same else Owner.CHANGED
                    self.finding[key] = written.finding
        self.in_file = set(self.owner)
        self.rejected = set(ledger.rejected) | {w.finding for key, w in ledger.written.items()
                                                if key not in self.owner}
        # A finding the machine recorded wins over one computed for an editor's item.
        self.index: dict[str, Key] = {}
        for key in sorted(self.owner, key=lambda k: self.owner[k] is Owner.ADDED):
            self.index.setdefault(self.finding[key], key)
        self.ids = NewIds(current, ledger)
        self.replaced: dict[Key, Item] = {}  # untouched items and their fresh version
        self.new: dict[str, list[Item]] = {kind: [] for kind in KINDS}
        self.found: set[Key] = set()
        self.added: list[str] = []
        self.updated: list[str] = []
        self.rejected_count = self.unattributed = 0
        self.maps: dict[str, dict[str, str | None]] = {kind: {} for kind in KINDS}  # fresh id -> id in the file

    def take_all(self, fresh: Extraction) -> None:
        """Place every fresh finding, actors first, references translated to the file's ids."""
        for actor, f in zip(fresh.actors, findings("actor", fresh.actors)):
            self.take("actor", actor, f, actor)
        fresh_actors = {a.id for a in fresh.actors}

        def who(actor_id: str | None) -> tuple[bool, str | None]:
            """(attributable, the actor's id in the file) for a fresh reference."""
            if actor_id is None or actor_id not in fresh_actors:
                return True, None
            mapped = self.maps["actor"].get(actor_id)
            return mapped is not None, mapped

        for claim, f in zip(fresh.claims, findings("claim", fresh.claims)):
            ok, claimant = who(claim.claimant)
            self.take("claim", claim, f, replace(claim, claimant=claimant) if ok else None)
        for denial, f in zip(fresh.denials, findings("denial", fresh.denials)):
            ok, denier = who(denial.actor)
            denies = self.maps["claim"].get(denial.denies) if denial.denies is not None else None
            self.take("denial", denial, f, replace(denial, actor=denier, denies=denies) if ok and denier else None)
        for said, f in zip(fresh.statements, findings("statement", fresh.statements)):
            ok, speaker = who(said.actor)
            self.take("statement", said, f, replace(said, actor=speaker) if ok else None)

    def take(self, kind: str, fresh_item: Item, fresh_finding: str, translated: Item | None) -> None:
        """Place one fresh finding; `translated` is it with references in file ids,
        None if it rests on an actor the editor deleted."""
        key = self.index.get(fresh_finding)
        twin = _as_other_kind(kind, fresh_item)
        if key is None and twin is not None and twin in self.index:
            # The same sentence filed under the other of claim/statement: the
            # extractor changed its mind about the kind, the editor's filing stands.
            self.found.add(self.index[twin])
            return
        if key is not None:  # rule 3
            self.maps[kind][fresh_item.id] = key[1]
            self.found.add(key)
            if self.owner[key] is Owner.UNTOUCHED and key in self.in_file and translated is not None:
                self._update(kind, key, translated)
            return
        if isinstance(fresh_item, Actor):
            merged_into = _by_name(fresh_item, [*self._actors(self.lists), *self._actors(self.new)])
            if merged_into is not None:  # rules 3 and 5: a name the file knows
                self.maps[kind][fresh_item.id] = merged_into.id
                self.found.add((kind, merged_into.id))
                return
        if fresh_finding in self.rejected or twin in self.rejected:  # rule 2, whichever list it was deleted from
            self.maps[kind][fresh_item.id] = None
            self.rejected_count += 1
            return
        if translated is None:  # rule 5
            self.maps[kind][fresh_item.id] = None
            self.unattributed += 1
            return
        self._add(kind, fresh_item.id, fresh_finding, translated)

    def _update(self, kind: str, key: Key, translated: Item) -> None:
        """An untouched item found again becomes the fresh version, marked pending
        when anything but its confidence changed (rule 3)."""
        old = self.replaced.get(key) or next(i for i in self.lists[kind] if i.id == key[1])
        version = replace(translated, id=key[1])
        if _meaning(kind, version) == _meaning(kind, old):
            version = replace(old, confidence=version.confidence)
        else:
            version = replace(version, review=PENDING)
            self.updated.append(_label(key))
        if version != old:
            self.replaced[key] = version

    def _add(self, kind: str, fresh_id: str, fresh_finding: str, translated: Item) -> None:
        """A new finding, with a new id, marked pending (rule 4)."""
        new_id = self.ids.actor(fresh_id) if kind == "actor" else self.ids.statement(kind[0])
        self.maps[kind][fresh_id] = new_id
        self.new[kind].append(replace(translated, id=new_id, review=PENDING))
        key = (kind, new_id)
        self.owner[key], self.finding[key] = Owner.UNTOUCHED, fresh_finding
        self.index[fresh_finding] = key
        self.added.append(_label(key))

    @staticmethod
    def _actors(lists: Mapping[str, Sequence[Item]]) -> list[Actor]:
        return [a for a in lists["actor"] if isinstance(a, Actor)]

    def _settle(self) -> tuple[dict[str, list[Item]], list[str], list[str]]:
        """Rule 6: untouched items not found again go, unless something that stays
        needs them; rule 4: a new actor stays only if something new names them.
        The final lists, the removed and the orphans."""
        removed: list[str] = []
        orphans: list[str] = []
        final: dict[str, list[Item]] = {}
        for kind in ("denial", "statement", "claim", "actor"):
            needed = _referenced(kind, final)
            out: list[Item] = []
            for item in self.lists[kind]:
                key = (kind, item.id)
                item = self.replaced.get(key, item)
                if self.owner[key] is Owner.UNTOUCHED and key not in self.found:
                    if item.id not in needed:
                        removed.append(_label(key))
                        continue
                    if item.review != PENDING:
                        item = replace(item, review=PENDING)
                    orphans.append(_label(key))
                out.append(item)
            if kind == "actor":
                for actor in self.new[kind]:
                    if actor.id not in needed:
                        self.added.remove(_label((kind, actor.id)))
                self.new[kind] = [a for a in self.new[kind] if a.id in needed]
            final[kind] = out + self.new[kind]
        return final, removed, orphans

    def result(self) -> Merge:
        final, removed, orphans = self._settle()
        written: dict[Key, Fingerprint] = {}
        for kind in KINDS:
            for item in final[kind]:
                key = (kind, item.id)
                if self.owner[key] is Owner.CHANGED:
                    written[key] = self.ledger.written[key]
                elif self.owner[key] is Owner.UNTOUCHED:
                    written[key] = Fingerprint(content_fingerprint(kind, item), self.finding[key])
        kept = tuple(_label(k) for k in self.owner if self.owner[k] is not Owner.UNTOUCHED)
        extraction = Extraction(_only(final["actor"], Actor), _only(final["claim"], Claim),
                                _only(final["denial"], Denial), _only(final["statement"], Statement))
        return Merge(extraction, Ledger(written, frozenset(self.rejected)), tuple(self.added), tuple(self.updated),
                     tuple(removed), tuple(orphans), kept, self.rejected_count, self.unattributed)


def _only(items: Sequence[Item], cls: type[T]) -> tuple[T, ...]:
    """The items of one list, each of the kind the list holds."""
    return tuple(i for i in items if isinstance(i, cls))


def _as_other_kind(kind: str, item: Item) -> str | None:
    """A claim's finding as if it were a statement, and the other way round: the
    line between the two is the extractor's judgement and may move between
    versions, but a sentence an editor deleted or filed stays deleted or filed."""
    other = {"claim": "statement", "statement": "claim"}.get(kind)
    return findings(other, [item])[0] if other else None


def _by_name(actor: Actor, actors: Sequence[Actor]) -> Actor | None:
    """The actor in the file whose name or alias is this actor's name. (Not the
    other way round: the extractor gives "Both the Chinese and Russian
    governments" as an alias of each government, which must not make them one.)"""
    name = normalise(actor.name)
    return next((a for a in actors if name in {normalise(n) for n in (a.name, *a.aliases)}), None)


def _referenced(kind: str, final: Mapping[str, Sequence[Item]]) -> set[str]:
    """Ids of `kind` that the items already settled refer to."""
    if kind == "claim":
        return {d.denies for d in _only(final.get("denial", ()), Denial) if d.denies}
    if kind == "actor":
        return ({c.claimant for c in _only(final.get("claim", ()), Claim) if c.claimant}
                | {d.actor for d in _only(final.get("denial", ()), Denial)}
                | {s.actor for s in _only(final.get("statement", ()), Statement) if s.actor})
    return set()
