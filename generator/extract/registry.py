"""The actors of one article as they are registered, one per key: names,
aliases, roles, and every source mention in order (the speakers that a later
"he", "it" or "the poll" can point back to)."""

from __future__ import annotations

import re

from . import cues
from .actors import (
    ActorRecord,
    Mention,
    Sorted,
    actor_id,
    descriptive,
    same_root,
    title_words,
)
from .mentions import MentionIndex

_ALIAS_MAX = 100  # characters of a name as written kept among an actor's names


class ActorRegistry:
    """Actors by key, and the speakers registered so far, indexed for
    back-references."""

    def __init__(self, mentions: MentionIndex):
        self.m = mentions
        self.doc = mentions.doc
        self.actors: dict[str, ActorRecord] = {}
        # speakers already resolved, in order: (token, unit, key, kind)
        self.speakers: list[tuple[int, int, str, str]] = []
        # ... and indexed: persons in token order (value: registration number),
        # persons by the pronoun they fit, actors by the last word of their name
        self.person_speakers = Sorted()
        self.fitting_speakers: dict[str | None, list[tuple[int, int]]] = {None: [], "m": [], "f": []}
        self._speakers_by_word: dict[str, list[int]] = {}
        self._order: dict[str, int] = {}  # actor key -> creation number
        self._alias_owner: dict[str, tuple[int, str]] = {}  # lower-cased alias -> (creation number, key)
        self.role_words: dict[str, list[str]] = {}  # title word -> person actors with it in their role

    def known(self, name: str) -> ActorRecord | None:
        key = actor_id(name)
        if key in self.actors:
            return self.actors[key]
        owner = self._alias_owner.get(name.lower())  # the first actor with that alias
        return self.actors[owner[1]] if owner else None

    def by_head(self, word: str, before: int) -> ActorRecord | None:
        """The latest actor whose name ends in this noun ("the poll" -> "New
        national poll")."""
        word = word.lower().rstrip("s")
        for reg in reversed(self._speakers_by_word.get(word, ())):
            tok, _, key, _ = self.speakers[reg]
            if tok < before:
                return self.actors[key]
        return None

    def register(self, m: Mention, token: int) -> ActorRecord | None:
        if m.key is None or m.name is None or m.kind not in ("person", "organization", "country", "group"):
            return None
        if m.kind == "person" and m.named and len(m.name.split()) >= 2:
            # (not a description: "FreshMart pricing manager" is no full name "FreshMart" is short for)
            self.m.add_full_name(m.name)
        rec = self.actors.get(m.key)
        if rec is None:
            rec = ActorRecord(m.key, m.name, m.kind, m.role, [], self.doc[token].idx, m.confidence, m.named)
            self.actors[m.key] = rec
            self._order[rec.key] = len(self._order)
            if rec.kind == "organization":
                low = rec.name.lower()
                for j, ch in enumerate(low):
                    if ch == " ":
                        self.m.org_actor_prefix.setdefault(low[:j], rec.name)
            self._index_role(rec)
        elif m.role and not rec.role:
            rec.role = m.role
            self._index_role(rec)
        if m.acts_for and rec.acts_for is None and actor_id(m.acts_for) != rec.key:
            rec.acts_for = actor_id(m.acts_for)
        surface = re.sub(r"\s*[’']s?$", "", m.surface) if m.surface else m.surface  # "China's" -> "China"
        written = m.written
        if written is None and not m.pronoun and (self.doc[token].pos_ == "NOUN" or m.kind == "group"):
            # "many people involved in the talks", "judges handling the suits": as written
            written = self.m.surface(self.doc[token], participles=True)
        # (a document's description runs long: "a 46-page analysis released by the
        # Department of Veterans Affairs last month"; longer than this is a clause)
        for form in (surface, written):
            if not m.pronoun and form and form != rec.name and form not in rec.aliases and len(form) <= _ALIAS_MAX:
                self._add_alias(rec, form)
        reg = len(self.speakers)
        self.speakers.append((token, self.m.unit_of[token], rec.key, rec.kind))
        if rec.kind == "person":
            self.person_speakers.add(token, reg)
            for want, fitting in self.fitting_speakers.items():
                if self.m.fits(rec.name, want):
                    fitting.append((token, reg))
        words = rec.name.lower().split()
        if words:
            self._speakers_by_word.setdefault(words[-1].rstrip("s"), []).append(reg)
        return rec

    def _index_role(self, rec: ActorRecord) -> None:
        if rec.role:
            for w in title_words(rec.role):
                self.role_words.setdefault(w, []).append(rec.key)

    def _add_alias(self, rec: ActorRecord, alias: str) -> None:
        rec.aliases.append(alias)
        low, order = alias.lower(), self._order[rec.key]
        if low not in self._alias_owner or order < self._alias_owner[low][0]:
            self._alias_owner[low] = (order, rec.key)

    def merge_descriptions(self) -> dict[str, str]:
        """Actors that are one actor under two names, found once all mentions are
        in: a country, its government and those who speak for it ("Russia" /
        "the Russian government" / "Russian officials"),
        and a description and the person it describes ("Australian woman
        claims ..." / "Valeska Paris, an Australian woman, ..."). Returns the
        redirections, old key -> kept key."""
        out: dict[str, str] = {}
        recs = list(self.actors.values())
        for c in recs:
            if c.kind != "country":
                continue
            for g in recs:
                m = re.match(r"^(\w+) government$", g.name)
                if g.kind == "organization" and m and same_root(m.group(1), c.name):
                    out[c.key] = g.key
                    break
            # "Ruritanian representatives", "Ruritanian officials" speak for Ruritania
            # (or for its government, when the article names one)
            into = out.get(c.key, c.key)
            for g in recs:
                m = re.match(r"^(\w+) (officials|representatives|authorities|delegation|delegates|diplomats|"
                             r"envoys|leaders|leadership|negotiators)$", g.name, re.I)
                if g.key not in out and g.key != into and m and g.kind in ("group", "organization") \
                        and same_root(m.group(1), c.name):
                    out[g.key] = into
        for d in recs:
            if d.kind != "person" or d.named or d.key in out:
                continue
            words = [w for w in d.name.lower().split() if w not in cues.NAME_DROP]
            found = [p for p in recs if p.kind == "person" and p.named and p.role
                     and all(w in p.role.lower().split() for w in words)]
            if d.aliases and all(re.match(r"(?i)an?\s", a) for a in d.aliases):
                continue  # only ever "an architect": someone new, not the architect named
            if len(found) == 1:
                out[d.key] = found[0].key
        for d in recs:
            if d.key in out or d.named and not descriptive(d.name):
                continue
            words = d.name.lower().split()
            found = [p for p in recs if p.key != d.key and p.key not in out and len(p.name.split()) > len(words)
                     and p.name.lower().split()[-len(words):] == words and p.kind == d.kind]
            if len(found) == 1:
                out[d.key] = found[0].key  # "the regulator" is the "water regulator" named before
        for old, new in out.items():
            src, dst = self.actors[old], self.actors[new]
            for a in [src.name, *src.aliases]:
                if a != dst.name and a not in dst.aliases:
                    self._add_alias(dst, a)
            dst.first = min(dst.first, src.first)
        return out

