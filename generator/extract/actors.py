"""From a source mention to a canonical actor: name, kind, role, aliases.

A mention is the head token of a statement's source. The rules, in order:
relative pronouns go to the noun they modify; personal pronouns, bare definite
nouns ("the company", "the report") and short names ("Sullivan") are resolved to
an actor met earlier; a name inside a PERSON/ORG/GPE entity is that entity;
otherwise a common noun phrase is named from its modifiers ("two US officials" ->
"US officials", "a spokesperson for the Chinese embassy" -> "Chinese embassy
spokesperson"). Resolution looks back a few sentences only, over mention lists
built once per Doc, so the cost stays linear in the article's length: every
question about earlier mentions ("the last person named before this token",
"the first organisation whose name starts with this") is answered from an index
by bisection or by key, not by reading every mention again.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..text import slug
from . import cues


@dataclass
class ActorRecord:
    key: str
    name: str
    kind: str
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    first: int = 0  # character offset of the first mention that made it an actor
    confidence: float = 0.8
    named: bool = True  # False: named after a description ("Australian woman")


@dataclass(frozen=True)
class Mention:
    """What one source mention resolved to (several for "X and Y")."""

    key: str | None
    name: str | None
    kind: str | None
    role: str | None
    surface: str
    confidence: float
    pronoun: bool = False
    named: bool = True
    written: str | None = None  # a longer form as written, kept as an alias ("a poll released Friday")


_ALIAS_MAX = 100  # characters of a name as written kept among an actor's names


def actor_id(name: str) -> str:
    return slug(name) or "actor"


def _clean_name(text: str) -> str:
    text = re.sub(r"[’']s$", "", text.strip())
    text = re.sub(r"^(the|The)\s+", "", text)
    for h in cues.HONORIFICS:
        if text.startswith(h + " "):
            text = text[len(h) + 1:]
    return text.strip(" ,.;:-–—\"“”'‘’")


def _edit1(a: str, b: str) -> bool:
    """True when a and b differ by at most one edit (typos in transliterated names)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(b)):
        if a == b[:i] + b[i + 1:]:
            return True
    return False


_MALE_WORDS = frozenset("spokesman congressman chairman businessman councilman assemblyman alderman anchorman "
                        "policeman man gentleman boy father dad grandfather husband widower son brother uncle "
                        "nephew boyfriend king prince duke actor mr. mr sir".split())
_FEMALE_WORDS = frozenset("spokeswoman congresswoman chairwoman businesswoman councilwoman assemblywoman "
                          "anchorwoman policewoman woman lady girl mother mom grandmother wife widow daughter "
                          "sister aunt niece girlfriend queen princess duchess actress mrs. mrs ms. ms".split())

# Nouns that head a sentence with a speech verb without being anyone.
_NOT_SPEAKERS = frozenset("""
measure law bill plan rule move decision result figure number evidence situation case
time year day week month thing way fact problem issue question idea
""".split())

# Places that act as bodies ("the city sent a letter"; "the state said").
_PLACE_NOUNS = frozenset("city state county town village country province region district municipality".split())

# Generic nouns for the organisation an article is about ("the company said").
GENERIC_ORG = frozenset({"company", "firm", "organisation", "organization", "corporation"})


class _FullNames:
    """Full person names ("Dmitry Peskov") in the order the article gives them,
    and what a short name ("Peskov") stands for: the first of them whose first
    or last word it is, else, for a short name of five letters or more, the
    first whose surname is one typo away."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self._by_word: dict[str, str] = {}
        self._by_length: dict[int, list[tuple[int, str, str]]] = {}  # surname length -> (order, surname, name)

    def add(self, name: str) -> bool:
        """Adds a name of two words or more; True when it was not known (a
        later copy of a name never answers a lookup: the first one does)."""
        if name in self.names:
            return False
        order = len(self.names)
        self.names.add(name)
        parts = name.split()
        self._by_word.setdefault(parts[-1], name)
        self._by_word.setdefault(parts[0], name)
        surname = parts[-1].lower()
        self._by_length.setdefault(len(surname), []).append((order, surname, name))
        return True

    def lookup(self, short: str) -> str | None:
        found = self._by_word.get(short)
        if found is not None or len(short) < 5:
            return found
        low = short.lower()
        best: tuple[int, str] | None = None
        for n in (len(low) - 1, len(low), len(low) + 1):  # one edit changes the length by one at most
            for order, surname, name in self._by_length.get(n, ()):
                if _edit1(low, surname):
                    if best is None or order < best[0]:
                        best = (order, name)
                    break
        return best[1] if best else None


class _Sorted:
    """(token, value) pairs kept in token order, for "the latest one before
    token i" questions."""

    def __init__(self, pairs: list[tuple[int, Any]] | None = None):
        self.toks: list[int] = [t for t, _ in pairs or ()]
        self.values: list[Any] = [v for _, v in pairs or ()]

    def add(self, tok: int, value: Any) -> None:
        k = bisect_left(self.toks, tok + 1)  # after any equal token: insertion order among equals
        self.toks.insert(k, tok)
        self.values.insert(k, value)

    def before(self, i: int) -> int:
        """How many entries have a token before i (the index after the last one)."""
        return bisect_left(self.toks, i)


class Resolver:
    """Per-Doc state for naming and resolving mentions, built once."""

    def __init__(self, doc: Any, unit_of: list[int], in_quote: list[bool],
                 unit_bounds: list[tuple[int, int]] | None = None, reported: list[bool] | None = None,
                 text: str | None = None, tokens: list[Any] | None = None):
        self.doc = doc
        self.tokens = tokens if tokens is not None else list(doc)  # made once (doc[i] makes a new Token)
        # tokens inside someone's reported words: a person named there is talked
        # about, and a later "he said" goes on with the one who reported
        self.reported = reported or [False] * len(doc)
        self.text = text if text is not None else doc.text
        self.unit_of = unit_of
        bounds = unit_bounds or [(0, len(doc))]
        self.unit_start = [a for a, _ in bounds]
        self.unit_end = [b for _, b in bounds]
        self.in_quote = in_quote
        self.ent_of: list[Any] = [None] * len(doc)
        self.ents = [_trim_title(e) for e in doc.ents]  # Doc.ents walks every token on each access
        for ent in self.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = ent
        # Full person names seen anywhere, for short-name lookups.
        self.full_names = _FullNames()
        self._canonical: dict[str, str] = {}  # canonical_person's answers while full_names stays the same
        self.person_mentions: list[tuple[int, int, str]] = []  # (token, unit, canonical)
        self.org_mentions: list[tuple[int, str]] = []
        self.not_person: set[str] = set()
        # How the model labels each name across the article: a name it calls an
        # organisation more often than a person is one ("Lycos Europe").
        self.label_votes: dict[str, Counter[str]] = {}
        for ent in self.ents:
            first = _clean_name(ent.text).split()[:1]
            if first:
                self.label_votes.setdefault(first[0].lower(), Counter())[ent.label_] += 1
        # "Lycos Europe has ended its campaign": whatever "its" points back to
        # is not a person, whatever the model's label says.
        for tok in self.tokens:
            if tok.lower_ == "its" and tok.dep_ == "poss":
                verb = tok.head
                while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                    verb = verb.head
                for c in verb.children:
                    if c.dep_ == "nsubj" and self.ent_of[c.i] is not None:
                        first = _clean_name(self.ent_of[c.i].text).split()[:1]
                        if first:
                            self.not_person.add(first[0].lower())
        for ent in self.ents:
            if ent.label_ == "PERSON" and not self._mostly_org(ent.text):
                name = _clean_name(ent.text)
                if len(name.split()) >= 2:
                    self._add_full_name(name)
        for ent in self.ents:
            if ent.label_ == "PERSON" and self._mostly_org(ent.text) and not in_quote[ent.start]:
                self.org_mentions.append((ent.start, _clean_name(ent.text)))
            elif ent.label_ == "PERSON" and not in_quote[ent.start]:
                self.person_mentions.append((ent.start, unit_of[ent.start], self.canonical_person(ent.text)))
            elif ent.label_ == "ORG" and not in_quote[ent.start]:
                self.org_mentions.append((ent.start, _clean_name(ent.text)))
        self._index_org_mentions()
        self.persons_in_unit: dict[int, list[tuple[int, str]]] = {}
        for tok, u, name in self.person_mentions:
            self.persons_in_unit.setdefault(u, []).append((tok, name))
        self.person_toks = [tok for tok, _, _ in self.person_mentions]
        self.gender = self._genders()
        # speakers already resolved, in order: (token, unit, key, kind)
        self.speakers: list[tuple[int, int, str, str]] = []
        # ... and indexed: persons in token order (value: registration number),
        # persons by the pronoun they fit, actors by the last word of their name
        self._person_speakers = _Sorted()
        self._fitting_speakers: dict[str | None, list[tuple[int, str]]] = {None: [], "m": [], "f": []}
        self._speakers_by_word: dict[str, list[int]] = {}
        self._titled_cache: dict[str, _Sorted] | None = None
        self._roles: tuple[int, dict[str, str]] | None = None
        self.actors: dict[str, ActorRecord] = {}
        self._order: dict[str, int] = {}  # actor key -> creation number
        self._alias_owner: dict[str, tuple[int, str]] = {}  # lower-cased alias -> (creation number, key)
        self._org_actor_prefix: dict[str, str] = {}  # "lycos" -> "Lycos Europe" (first organisation actor)
        self._role_words: dict[str, list[str]] = {}  # title word -> person actors with it in their role
        self._subjects: dict[int, list[Any]] = {}  # unit -> named subjects outside quotes
        self._fitting_cache: dict[str | None, _Sorted] = {}

    def _add_full_name(self, name: str) -> None:
        if self.full_names.add(name):
            self._canonical.clear()

    def _index_org_mentions(self) -> None:
        """canonical_org's lookups over the organisations named: the first whose
        name goes on from a given one ("Lycos" -> "Lycos Europe"), the ones
        equal to a given one but for hyphens, and, by word, where they are."""
        self._org_prefix: dict[str, str] = {}
        self._org_unhyphened: dict[str, list[str]] = {}
        self._org_by_word: dict[str, _Sorted] = {}
        self._org_first: dict[str, int] = {}
        for n, (tok, other) in enumerate(self.org_mentions):
            self._org_first.setdefault(other, n)
            o = other.lower()
            for j, ch in enumerate(o):
                if ch == " ":
                    self._org_prefix.setdefault(o[:j], other)
            self._org_unhyphened.setdefault(o.replace("-", " "), []).append(other)
            for w in dict.fromkeys(o.split()):
                self._org_by_word.setdefault(w, _Sorted()).add(tok, other)
        self._org_mention_toks = [tok for tok, _ in self.org_mentions]

    # --- names ---------------------------------------------------------------

    def canonical_person(self, text: str) -> str:
        if text in self._canonical:
            return self._canonical[text]
        name = _clean_name(text)
        parts = name.split()
        if len(parts) == 1 and parts[0][:1].isupper():
            name = self.full_names.lookup(parts[0]) or name
        self._canonical[text] = name
        return name

    def canonical_org(self, name: str) -> str:
        low = name.lower()
        if self.label_votes.get(low.split()[0] if low.split() else "", Counter())["PERSON"] and \
                low.split()[0] not in self.not_person:
            return name  # "Trump" is not short for "Trump Foundation"
        # the first organisation named whose name goes on from this one, or
        # that is this one written with hyphens
        longer = self._org_prefix.get(low)
        same = next((o for o in self._org_unhyphened.get(low.replace("-", " "), ()) if o.lower() != low), None)
        if longer is not None or same is not None:
            if longer is None or same is None:
                return longer or same  # type: ignore[return-value]
            return longer if self._org_first[longer] < self._org_first[same] else same
        return self._org_actor_prefix.get(low, name)

    # --- mention analysis ------------------------------------------------------

    def describe(self, head_i: int) -> list[Mention]:
        doc = self.doc
        h = doc[head_i]
        if h.lower_ in cues.RELATIVE_PRONOUNS and h.head.dep_ == "relcl":
            rel = h
            h = h.head.head
            # "Democrats and Republicans, who have questioned ...": set off by a
            # comma, the clause is about every one of the coordinated nouns
            first = h.head if h.dep_ == "conj" and h.head.i < h.i else h
            parts = [first, *(c for c in first.children if c.dep_ == "conj" and c.i < rel.i)]
            if len(parts) > 1 and rel.i > 0 and doc[rel.i - 1].text == "," and all(
                    p.pos_ in ("NOUN", "PROPN") for p in parts):
                return [m for p in parts for m in self.describe(p.i)]
            named = _described_by(first)
            if named is not None and h.pos_ == "NOUN":
                # "Trump is a businessman who said ...", "Ana Ruiz, an engineer who
                # said ...": the description is someone named; the clause is theirs
                return self.describe(named.i)
        if h.lower_ == "those":
            # "those close to him", "those familiar with the talks": the people described
            name = _cap(self.text[h.idx:h.right_edge.idx + len(h.right_edge)].rstrip(" ,;:"))
            return [Mention(actor_id(name), name, "group", None, name, 0.6, named=False)]
        if h.pos_ == "PRON" or h.tag_ in ("PRP", "WP"):
            return self._pronoun(h)
        ent = self.ent_of[h.i]
        surface = self._surface(h)
        if ent is not None and ent.label_ == "PERSON" and self._mostly_org(ent.text):
            name = self.canonical_org(_clean_name(ent.text))
            return [Mention(actor_id(name), name, "organization", None, surface, 0.75)]
        if ent is not None and ent.label_ == "PERSON":
            name = self.canonical_person(ent.text)
            return [Mention(actor_id(name), name, "person", self._role(h, ent), surface, 0.9)]
        if h.pos_ == "PROPN":
            # a surname the model took for a place or a firm ("Paris claims")
            text = _clean_name(self._name_tokens(h))
            if ent is not None and len(_clean_name(ent.text)) > len(text):
                text = _clean_name(ent.text)
            if len(text.split()) == 1:
                full = self.canonical_person(text)
                if full != text:
                    return [Mention(actor_id(full), full, "person", None, surface, 0.8)]
            role_appos = [c for c in h.children if c.dep_ == "appos" and c.lemma_.lower() in cues.PERSON_ROLE_NOUNS]
            if role_appos and (ent is None or ent.label_ in ("GPE", "ORG", "LOC")) and len(text.split()) >= 2:
                self._add_full_name(text)
                role = _clean_role(self.doc[role_appos[0].left_edge.i:role_appos[0].right_edge.i + 1].text)
                return [Mention(actor_id(text), text, "person", role, surface, 0.75)]
        appos_person = self._appos_person(h)
        if appos_person:
            ent = self.ent_of[appos_person[0].i]
            name = self.canonical_person(ent.text)
            role = _clean_role(doc[h.left_edge.i:appos_person[0].left_edge.i].text)
            return [Mention(actor_id(name), name, "person", role or None, self._surface(appos_person[0]), 0.85)]
        lemma = h.lemma_.lower()
        if h.pos_ == "NOUN":
            org_appos = [c for c in h.children if c.dep_ == "appos" and self.ent_of[c.i] is not None
                         and self.ent_of[c.i].label_ == "ORG"]
            if org_appos:  # "the operator, Northline Energy,"
                name = self.canonical_org(_clean_name(self.ent_of[org_appos[0].i].text))
                role = _clean_role(self.doc[h.left_edge.i:h.i + 1].text)
                return [Mention(actor_id(name), name, "organization", role, self._surface(org_appos[0]), 0.8)]
        if h.pos_ == "PROPN" and (ent is None or ent.label_ == "NORP") and any(c.dep_ == "det" and c.lower_ == "the" for c in h.children) and not any(
                c.dep_ in ("compound", "amod", "nmod", "poss") for c in h.children):
            # "the Republican" after "Republican nominee Ana Ruiz": the person with that title
            found = self._by_role(h)
            if found:
                return [found]
        if lemma in cues.DOCUMENT_NOUNS and not (ent is not None and ent.label_ == "ORG"):
            return self._document(h)
        if ent is not None and ent.label_ in ("ORG", "GPE", "NORP", "FAC") and h.pos_ == "PROPN" or (
                ent is not None and ent.label_ in ("ORG", "NORP") and lemma not in cues.PERSON_ROLE_NOUNS
                and h.tag_ not in ("NN",)):
            name = _clean_name(ent.text)
            kind = {"ORG": "organization", "GPE": "country", "NORP": "group", "FAC": "organization"}[ent.label_]
            if kind == "organization":
                name = self.canonical_org(name)
            if ent.label_ == "NORP" and h.tag_ != "NNPS" and h.tag_ != "NNS":
                # "the Chinese" said ... is rare; "Chinese" is usually a modifier
                kind = "group"
            return [Mention(actor_id(name), name, kind, self._role(h, ent), surface, 0.85)]
        if h.pos_ == "PROPN":
            name = self.canonical_person(_clean_name(self._name_tokens(h)))
            known = self._known(name)
            if known is not None:
                return [Mention(known.key, known.name, known.kind, None, surface, 0.8)]
            kind = "organization" if any(w.lower() in cues.ORG_NOUNS for w in name.split()) or (
                ent is not None and ent.label_ in ("PRODUCT", "FAC", "WORK_OF_ART", "LAW")) else "person"
            return [Mention(actor_id(name), name, kind, None, surface, 0.6)]
        if h.pos_ in ("NOUN", "PROPN"):
            return self._common(h, surface)
        return []

    def _mostly_org(self, text: str) -> bool:
        first = _clean_name(text).split()[:1]
        if not first:
            return False
        if first[0].lower() in self.not_person:
            return True
        votes = self.label_votes.get(first[0].lower(), Counter())
        return votes["ORG"] > votes["PERSON"]

    def _appos_person(self, h: Any) -> list[Any]:
        """"the director of X, Mariela Belski": the parser may hang the name on
        X rather than on the head, so look through the noun phrase."""
        if h.pos_ not in ("NOUN", "PROPN"):
            return []
        stack = list(h.children)
        while stack:
            c = stack.pop(0)
            if c.dep_ in ("relcl", "acl", "advcl", "conj", "cc"):
                continue
            if c.dep_ == "appos" and self.ent_of[c.i] is not None and self.ent_of[c.i].label_ == "PERSON":
                return [c]
            if c.dep_ in ("prep", "pobj", "poss", "compound", "appos"):
                stack.extend(c.children)
        return []

    def _surface(self, h: Any, participles: bool = False) -> str:
        toks = [t for t in h.subtree if t.dep_ not in ("relcl",)]
        # drop appositions and relative clauses (and participles, unless asked:
        # "a poll released last week" is how the text names a document)
        keep = []
        skip: set[int] = set()
        for c in h.children:
            if c.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj") and c.i > h.i \
                    and not (participles and c.dep_ == "acl" and c.tag_ in ("VBN", "VBG")
                             and self.doc[c.left_edge.i - 1].text != ","):
                skip.update(t.i for t in c.subtree)
        for t in toks:
            # "officials at the agency, a division of the ministry,": the apposition
            # describes the agency, not the officials' name
            if t.dep_ == "appos" and t.i > h.i and t.i not in skip and self.doc[t.left_edge.i - 1].text == ",":
                skip.update(x.i for x in t.subtree)
        dash = next((t.i for t in toks if t.i > h.i and t.text in ("--", "—", "–")), None)
        if dash is not None:
            skip.update(t.i for t in toks if t.i >= dash)  # "the study -- which notes ...": an aside
        unit = self.unit_of[h.i]
        keep = [t for t in toks if t.i not in skip and not t.is_space and self.unit_of[t.i] == unit]
        while keep and keep[-1].is_punct:
            keep.pop()
        while keep and keep[0].is_punct:
            keep.pop(0)
        if not keep:
            return h.text
        return self.text[keep[0].idx: keep[-1].idx + len(keep[-1])]

    def _name_tokens(self, h: Any) -> str:
        start = h.i
        while start > 0 and self.doc[start - 1].head.i in range(start, h.i + 1) and (
                self.doc[start - 1].dep_ == "compound" and self.doc[start - 1].pos_ == "PROPN"
                or self.doc[start - 1].text in ("-", "–") and not self.doc[start - 1].whitespace_):
            start -= 1
        return self.doc[start:h.i + 1].text

    def _role(self, h: Any, ent: Any) -> str | None:
        """Title words before a name ("Kremlin spokesman Dmitry Peskov") or an
        apposition after it ("Mariela Belski, director of ...")."""
        # (the words of h's subtree before the name: read from its left edge,
        # not through the whole subtree, which may run on for a long clause)
        left = [t for t in self.doc[h.left_edge.i:max(ent.start, h.left_edge.i)]
                if (t.i == h.i or h.is_ancestor(t)) and t.dep_ not in ("det", "punct") and not (t.tag_ == "PRP$")]
        role = None
        if left and left[-1].i == ent.start - 1:
            role = self.doc[left[0].i:ent.start].text
        if not role:
            appos = [c for c in h.children if c.dep_ == "appos" and c.i > ent.end - 1]
            if appos:
                cut = {t.i for c in appos[0].children if c.dep_ in ("conj", "cc") for t in c.subtree}
                toks = [t for t in appos[0].subtree if not t.is_space and t.i not in cut]
                if toks:
                    role = self.doc[toks[0].i:toks[-1].i + 1].text
        return _clean_role(role) if role else None

    def _known(self, name: str) -> ActorRecord | None:
        key = actor_id(name)
        if key in self.actors:
            return self.actors[key]
        owner = self._alias_owner.get(name.lower())  # the first actor with that alias
        return self.actors[owner[1]] if owner else None

    def _pronoun(self, h: Any) -> list[Mention]:
        low = h.lower_
        if low in cues.PERSON_PRONOUNS:
            found = self._recent_person(h.i)
            if found:
                return [Mention(actor_id(found), found, "person", None, h.text, 0.75, pronoun=True)]
            return []
        if low in cues.GROUP_PRONOUNS or low in ("it", "its"):
            unit = self.unit_of[h.i]
            for tok, u, key, kind in reversed(self.speakers):
                if tok >= h.i:
                    continue
                if unit - u > 3:
                    break
                if kind in ("organization", "group", "country") and (low not in ("it", "its") or kind != "group"):
                    rec = self.actors.get(key)
                    if rec:
                        return [Mention(rec.key, rec.name, rec.kind, None, h.text, 0.7, pronoun=True)]
            if low in ("it", "its"):
                # the last organisation named before it, in this sentence or the one before
                k = bisect_left(self._org_mention_toks, h.i)
                if k and unit - self.unit_of[self._org_mention_toks[k - 1]] <= 1:
                    name = self.org_mentions[k - 1][1]
                    return [Mention(actor_id(name), name, "organization", None, h.text, 0.6, pronoun=True)]
                # else a body or place that is the subject just before ("The city sent a
                # letter Thursday. It says ...")
                lo = self.unit_start[unit - 1] if 0 < unit < len(self.unit_start) else h.i
                for k in range(h.i - 1, lo - 1, -1):
                    t = self.tokens[k]
                    if t.dep_ == "nsubj" and not self.in_quote[k] and t.pos_ == "NOUN" and t.tag_ == "NN" \
                            and (t.lemma_.lower() in cues.ORG_NOUNS or t.lemma_.lower() in _PLACE_NOUNS):
                        found = self.describe(k)
                        if len(found) == 1 and found[0].name and found[0].kind != "document":
                            m = found[0]
                            return [Mention(m.key, m.name, "organization", None, h.text, 0.55, pronoun=True,
                                            named=m.named)]
                        break
        return []

    def _genders(self) -> dict[str, str]:
        """Whether a named person is a he or a she, from what the article itself
        says: honorifics ("Mrs. Clinton"), gendered titles ("spokeswoman") and
        the pronoun that follows them as subject ("Trump said he ..."), and from
        a common first name."""
        votes: dict[str, Counter[str]] = {}
        doc = self.doc
        # the first he/his/him/she/her outside quotes at or after each token
        gendered = [len(doc)] * (len(doc) + 1)
        for i in range(len(doc) - 1, -1, -1):
            word = self.tokens[i].lower_
            pronoun = word in ("he", "his", "him", "she", "her") and not self.in_quote[i]
            gendered[i] = i if pronoun else gendered[i + 1]
        named: set[str] = set()
        for tok, _, name in self.person_mentions:
            v = votes.setdefault(name, Counter())
            ent = self.ent_of[tok]
            start = ent.start if ent is not None else tok
            if start > 0:
                prev = doc[start - 1].text.rstrip(".").lower()
                if prev in ("mr", "sir", "lord"):
                    v["m"] += 3
                elif prev in ("mrs", "ms", "miss", "lady", "dame"):
                    v["f"] += 3
            first = name.split()[0].lower() if len(name.split()) >= 2 else ""
            if name not in named:  # a first name is one clue however often the name recurs
                named.add(name)
                if first in cues.MALE_FIRST_NAMES:
                    v["m"] += 2
                elif first in cues.FEMALE_FIRST_NAMES:
                    v["f"] += 2
            head = doc[tok]
            while head.dep_ in ("compound", "flat") and head.head.i != head.i:
                head = head.head
            for t in doc[head.left_edge.i:max(start, head.left_edge.i)]:  # head's subtree before the name
                if not (t.i == head.i or head.is_ancestor(t)):
                    continue
                if t.lower_ in _MALE_WORDS:
                    v["m"] += 2
                elif t.lower_ in _FEMALE_WORDS:
                    v["f"] += 2
            if head.dep_ == "nsubj":
                j = gendered[head.i + 1]
                if j < self.unit_end[self.unit_of[head.i]]:
                    v["m" if doc[j].lower_ in ("he", "his", "him") else "f"] += 1
        return {n: max(v, key=lambda k: v[k]) for n, v in votes.items() if v and v["m"] != v["f"]}

    def _fits(self, name: str, want: str | None) -> bool:
        if want is None:
            return True
        known = self.gender.get(name)
        if known is None:
            # a description says it itself: "the spokeswoman", "Lycos chairman"
            words = set(name.lower().split())
            known = "m" if words & _MALE_WORDS else "f" if words & _FEMALE_WORDS else None
        return known in (None, want)

    def _recent_person(self, i: int) -> str | None:
        """The person a "he"/"she" at token i most likely is: a named subject
        earlier in the same sentence, else the latest speaker of that gender,
        else the latest named person outside quotes."""
        low = self.doc[i].lower_
        want = "m" if low in ("he", "his", "him") else "f" if low in ("she", "her", "hers") else None
        unit = self.unit_of[i]
        for t in self._named_subjects(unit):
            if t.i >= i:
                break
            full = self.canonical_person(t.text)
            if full != t.text and self._fits(full, want):
                return full
        for tok, name in self.persons_in_unit.get(unit, ()):
            if tok >= i:
                break
            t = self.doc[tok]
            while t.dep_ in ("compound", "flat") and t.head.i != t.i:
                t = t.head
            if t.dep_ in ("nsubj", "nsubjpass") and self._fits(name, want):
                return name
        best_tok, best = -1, None
        # the latest speaker registered among the persons of the last seven units
        people = self._person_speakers
        lo = people.before(self.unit_start[unit - 6]) if 0 < unit - 6 < len(self.unit_start) else 0
        hi = people.before(i)
        for outer in (True, False):
            latest = -1
            for k in range(lo, hi):
                tok, reg = people.toks[k], people.values[k]
                if reg > latest and unit - self.unit_of[tok] <= 6 \
                        and self._fits(self.actors[self.speakers[reg][2]].name, want) \
                        and not (outer and self.reported[tok]):
                    latest = reg
            if latest >= 0:
                best_tok, best = self.speakers[latest][0], self.actors[self.speakers[latest][2]].name
                break
        for k in range(bisect_left(self.person_toks, i) - 1, -1, -1):
            tok, u, name = self.person_mentions[k]
            if self.reported[tok]:
                continue
            if unit - u > 3:
                break
            if self._fits(name, want):
                # a named person after the last speaker, and a subject, takes over
                t = self.doc[tok]
                while t.dep_ == "compound":
                    t = t.head
                if tok > best_tok and (t.dep_ in ("nsubj", "nsubjpass") or best is None):
                    return name
                break
        if best is None:
            # nobody close: the last person of that gender the article spoke of
            for tok, reg in reversed(self._fitting_speakers[want]):
                if tok < i:
                    return self.actors[self.speakers[reg][2]].name
            mentions = self._fitting_mentions(want)
            k = mentions.before(i)
            if k:
                return mentions.values[k - 1]
        return best

    def _named_subjects(self, unit: int) -> list[Any]:
        """Proper nouns outside quotes that are subjects in this unit, in order."""
        if unit not in self._subjects:
            lo, hi = (self.unit_start[unit], self.unit_end[unit]) if unit < len(self.unit_start) else (0, 0)
            self._subjects[unit] = [t for t in self.doc[lo:hi] if t.dep_ == "nsubj" and t.pos_ == "PROPN"
                                    and self.unit_of[t.i] == unit and not self.in_quote[t.i]]
        return self._subjects[unit]

    def _fitting_mentions(self, want: str | None) -> _Sorted:
        """The persons named outside quotes that a he (want "m"), a she ("f") or
        either (None) can be, in token order."""
        if want not in self._fitting_cache:
            self._fitting_cache[want] = _Sorted([(tok, name) for tok, _, name in self.person_mentions
                                                 if self._fits(name, want)])
        return self._fitting_cache[want]

    def _document(self, h: Any) -> list[Mention]:
        """"Initial reports from Omsk hospital" is the hospital's; "a New York
        Times report" the paper's; a bare "the report" points back (resolved by
        the caller); an indefinite "a screenshot" has no actor."""
        surface = self._surface(h)
        written = self._surface(h, participles=True)

        def as_document(found: list[Mention]) -> list[Mention]:
            # the author is the actor; the document as written is one of its names
            return [Mention(m.key, m.name, m.kind, m.role, surface, m.confidence, m.pronoun, m.named, written)
                    for m in found]
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                for p in c.children:
                    if p.dep_ == "pobj" and (p.pos_ == "PROPN" or self.ent_of[p.i] is not None
                                             or p.lemma_.lower() in cues.ORG_NOUNS):
                        return as_document(self.describe(p.i))
        for c in h.children:
            # "a report released by the ministry", "a speech Ana Ruiz delivered":
            # who put it out is its author
            if c.dep_ == "acl":
                for a in c.children:
                    if a.dep_ == "agent":
                        for p in a.children:
                            if p.dep_ == "pobj" and (p.pos_ == "PROPN" or self.ent_of[p.i] is not None
                                                     or p.lemma_.lower() in cues.ORG_NOUNS
                                                     or p.lemma_.lower() in cues.PERSON_ROLE_NOUNS):
                                found = self.describe(p.i)
                                if any(m.key and m.named for m in found):
                                    return as_document(found)
            if c.dep_ == "relcl" and c.lemma_.lower() in cues.AUTHORING_VERBS:
                for p in c.children:
                    if p.dep_ == "nsubj" and (p.pos_ == "PROPN" or self.ent_of[p.i] is not None):
                        found = self.describe(p.i)
                        if any(m.key and m.named for m in found):
                            return as_document(found)
        for c in h.children:
            if c.dep_ == "poss" and c.pos_ != "PRON":
                return as_document(self.describe(c.i))
            if c.dep_ == "compound" and self.ent_of[c.i] is not None and self.ent_of[c.i].label_ in ("ORG", "PERSON"):
                return as_document(self.describe(c.i))
        return [Mention(None, None, "document", None, surface, 0.5, written=written)]

    def by_head(self, word: str, before: int) -> ActorRecord | None:
        """The latest actor whose name ends in this noun ("the poll" -> "New
        national poll")."""
        word = word.lower().rstrip("s")
        for reg in reversed(self._speakers_by_word.get(word, ())):
            tok, _, key, _ = self.speakers[reg]
            if tok < before:
                return self.actors[key]
        return None

    def joint(self, keys: list[str], token: int) -> tuple[str, Mention]:
        """One actor for sources named together ("Linford and Cluley")."""
        recs = [self.actors[k] for k in dict.fromkeys(keys)]
        name = " and ".join(r.name for r in recs)
        m = Mention(actor_id(name), name, "group", None, name, min(r.confidence for r in recs), named=False)
        rec = self.register(m, token)
        for r in recs:
            if r.name not in rec.aliases:
                self._add_alias(rec, r.name)
        return rec.key, m

    def document_actor(self, m: Mention) -> Mention:
        name = _cap(re.sub(r"^(the|a|an|this|that|these|those)\s+", "", m.surface, flags=re.I))
        return Mention(actor_id(name), name, "organization", None, m.surface, 0.5, named=False, written=m.written)

    def _common(self, h: Any, surface: str) -> list[Mention]:
        doc = self.doc
        lemma = h.lemma_.lower()
        plural = h.tag_ in ("NNS", "NNPS")
        mods = [c for c in h.children if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < h.i]
        # "the Chinese and Russian governments": one actor per coordinated modifier
        for m in mods:
            conj = [c for c in m.children if c.dep_ == "conj"]
            if m.dep_ == "amod" and conj and plural:
                out = []
                for part in [m, *conj]:
                    name = f"{part.text} {lemma}"
                    kind = "organization" if lemma in cues.ORG_NOUNS else "group"
                    out.append(Mention(actor_id(name), name, kind, None, surface, 0.8))
                return out
        words = []
        for m in sorted(mods, key=lambda t: t.i):
            sub = [t for t in m.subtree if not t.is_punct and t.lower_ not in cues.NAME_DROP]
            if m.dep_ == "poss" and m.pos_ == "PRON":
                if m.lower_ not in ("his", "her"):
                    return []  # "my mum" inside someone's words; "their" is too vague to name
                person = self._recent_person(m.i)
                if not person:
                    continue
                words.append(person + "'s")
                continue
            if m.dep_ == "amod" and not (m.ent_type_ or m.tag_ in ("NNP", "NNPS") or m.pos_ == "PROPN") \
                    and not (plural and lemma not in cues.GROUP_NOUNS):
                continue  # "senior officials" -> "officials"; keep "German", "US", "environmental groups"
            if m.dep_ == "compound" and m.lemma_.lower() in GENERIC_ORG and len(sub) == 1:
                org = self.salient_org(m.i)  # "a company spokesperson"
                if org:
                    words.append(org)
                    continue
            m_ent = self.ent_of[m.i]
            if m.dep_ == "compound" and m.pos_ == "PROPN" and len(sub) == 1 and m_ent is not None \
                    and (m_ent.label_ == "ORG" or self._mostly_org(m_ent.text)
                         or self.canonical_org(_clean_name(m_ent.text)) != _clean_name(m_ent.text)):
                words.append(self.canonical_org(_clean_name(self.ent_of[m.i].text)))
                continue
            words.extend(t.text for t in sub)
        if lemma in cues.PERSON_ROLE_NOUNS and not plural:
            org = self._of_org(h)
            head_word = h.text.lower()
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in h.children)
            indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in h.children)
            found = self._by_role(h, words) if not org and (definite or not words and not indefinite) else None
            if found:
                return [found]
            if org:
                name = f"{org} {head_word}"
            elif words:
                name = " ".join(words + [head_word])
            else:
                name = head_word
            return [Mention(actor_id(name), _cap(name), "person", _clean_role(surface), surface, 0.75, named=False)]
        if lemma in cues.ORG_NOUNS and not plural:
            if not words:
                org = self._definite_org(h)
                if org:
                    return [org]
            name = " ".join(words + [h.text if h.text[:1].isupper() and h.i > 0 and doc[h.i - 1].text != "\n" else h.text.lower()])
            return [Mention(actor_id(name), _cap(name), "organization", None, surface, 0.75, named=False)]
        if plural or lemma in cues.GROUP_NOUNS or h.lower_ in cues.GROUP_NOUNS:
            org = self._of_org(h)
            head_word = h.text.lower() if not h.text.isupper() else h.text
            name = " ".join(words + [head_word])
            if org and not words:
                name = f"{org} {head_word}"
            kind = "organization" if lemma in cues.ORG_NOUNS else "group"
            return [Mention(actor_id(name), _cap(name), kind, None, surface, 0.75, named=False)]
        if lemma in cues.DOCUMENT_NOUNS or lemma in _NOT_SPEAKERS:
            return []
        # a speaker named by what they are ("the harbour master")
        name = " ".join(words + [h.text.lower()])
        return [Mention(actor_id(name), _cap(name), "person", _clean_role(surface), surface, 0.55, named=False)]

    def _of_org(self, h: Any) -> str | None:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from", "with"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        sub = self.describe(p.i)
                        if sub and sub[0].name and sub[0].kind in ("organization", "country", "group"):
                            return sub[0].name
                        if sub and sub[0].name and sub[0].kind == "person" and c.lower_ == "for" \
                                and h.lemma_.lower() in ("spokesperson", "spokesman", "spokeswoman", "lawyer",
                                                         "attorney", "aide", "adviser", "advisor", "representative"):
                            return sub[0].name + "'s"  # "a spokesman for the mayor"
        return None

    def _definite_org(self, h: Any) -> Mention | None:
        """"the company", "the Church": the latest organisation whose name has
        that word, else the latest organisation that spoke."""
        lemma = h.lemma_.lower()
        named = self._org_by_word.get(lemma)
        k = named.before(h.i) if named else 0
        if k:
            name = named.values[k - 1]  # type: ignore[union-attr]
            return Mention(actor_id(name), name, "organization", None, self._surface(h), 0.7)
        if lemma in GENERIC_ORG:
            name = self.salient_org(h.i)
            if name:
                return Mention(actor_id(name), name, "organization", None, self._surface(h), 0.65)
        return None

    def salient_org(self, before: int) -> str | None:
        """The organisation the article is about so far: "the company" in a story
        about one firm is that firm, even when another was named last."""
        seen: Counter[str] = Counter()
        last: dict[str, int] = {}
        for tok, name in self.org_mentions:
            if tok < before:
                c = self.canonical_org(name)
                seen[c] += 1
                last[c] = tok
        if not seen:
            return None
        return max(seen, key=lambda n: (seen[n], last[n]))

    def _by_role(self, h: Any, modifiers: list[str] | None = None) -> Mention | None:
        """"the president" after "President X", "the Democratic presidential
        nominee" after "Democratic presidential nominee Hillary Clinton": the
        person named before with that title, the latest one; a description's
        own modifiers must all be in the title."""
        word = h.lemma_.lower()
        want = {word} | {m.lower() for w in modifiers or () for m in w.split()}
        found: list[tuple[int, str]] = []
        for key in self._role_words.get(word, ()):
            rec = self.actors[key]
            if rec.kind == "person" and rec.role and want <= _title_words(rec.role):
                found.append((rec.first, rec.name))
        titled = self._titled().get(word)
        for k in range(titled.before(h.i) - 1, -1, -1) if titled else ():
            name, titles = titled.values[k]  # type: ignore[union-attr]
            if want <= titles:  # the latest one is the one that counts
                found.append((self.doc[titled.toks[k]].idx, name))  # type: ignore[union-attr]
                break
        found = [(at, name) for at, name in found if at < h.idx]
        if not found:
            return None
        name = max(found)[1]
        return Mention(actor_id(name), name, "person", None, self._surface(h), 0.65)

    def _titled(self) -> dict[str, _Sorted]:
        """People named with a title, outside quotes, by each word of the title:
        (token, (name, title words))."""
        if self._titled_cache is None:
            self._titled_cache = {}
            for ent in self.ents:
                if ent.label_ == "PERSON" and not self.in_quote[ent.start] and not self._mostly_org(ent.text):
                    role = self._role(ent.root, ent)
                    if role:
                        titles = _title_words(role)
                        for w in titles:
                            self._titled_cache.setdefault(w, _Sorted()).add(
                                ent.start, (self.canonical_person(ent.text), titles))
        return self._titled_cache

    # --- registry ------------------------------------------------------------------

    def register(self, m: Mention, token: int) -> ActorRecord | None:
        if m.key is None or m.name is None or m.kind not in ("person", "organization", "country", "group"):
            return None
        if m.kind == "person" and len(m.name.split()) >= 2:
            self._add_full_name(m.name)
        rec = self.actors.get(m.key)
        if rec is None:
            rec = ActorRecord(m.key, m.name, m.kind, m.role, [], self.doc[token].idx, m.confidence, m.named)
            self.actors[m.key] = rec
            self._order[rec.key] = len(self._order)
            if rec.kind == "organization":
                low = rec.name.lower()
                for j, ch in enumerate(low):
                    if ch == " ":
                        self._org_actor_prefix.setdefault(low[:j], rec.name)
            self._index_role(rec)
        elif m.role and not rec.role:
            rec.role = m.role
            self._index_role(rec)
        surface = re.sub(r"\s*[’']s?$", "", m.surface) if m.surface else m.surface  # "China's" -> "China"
        written = m.written
        if written is None and not m.pronoun and (self.doc[token].pos_ == "NOUN" or m.kind == "group"):
            # "many people involved in the talks", "judges handling the suits": as written
            written = self._surface(self.doc[token], participles=True)
        # (a document's description runs long: "a 46-page analysis released by the
        # Department of Veterans Affairs last month"; longer than this is a clause)
        for form in (surface, written):
            if not m.pronoun and form and form != rec.name and form not in rec.aliases and len(form) <= _ALIAS_MAX:
                self._add_alias(rec, form)
        reg = len(self.speakers)
        self.speakers.append((token, self.unit_of[token], rec.key, rec.kind))
        if rec.kind == "person":
            self._person_speakers.add(token, reg)
            for want, fitting in self._fitting_speakers.items():
                if self._fits(rec.name, want):
                    fitting.append((token, reg))
        words = rec.name.lower().split()
        if words:
            self._speakers_by_word.setdefault(words[-1].rstrip("s"), []).append(reg)
        return rec

    def _index_role(self, rec: ActorRecord) -> None:
        if rec.role:
            for w in _title_words(rec.role):
                self._role_words.setdefault(w, []).append(rec.key)

    def _add_alias(self, rec: ActorRecord, alias: str) -> None:
        rec.aliases.append(alias)
        low, order = alias.lower(), self._order[rec.key]
        if low not in self._alias_owner or order < self._alias_owner[low][0]:
            self._alias_owner[low] = (order, rec.key)

    def merge_descriptions(self) -> dict[str, str]:
        """Actors that are one actor under two names, found once all mentions are
        in: a country and its government ("Russia" / "the Russian government"),
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
                if g.kind == "organization" and m and _same_root(m.group(1), c.name):
                    out[c.key] = g.key
                    break
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
            if d.key in out or d.named and not _descriptive(d.name):
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

    def person_role(self, name: str) -> str | None:
        """A title found next to the person's name anywhere in the article."""
        version = len(self.full_names.names)  # (names resolve anew when a full name is added)
        if self._roles is None or self._roles[0] != version:
            roles: dict[str, str] = {}
            for ent in self.ents:
                if ent.label_ == "PERSON":
                    canonical = self.canonical_person(ent.text)
                    if canonical not in roles:
                        role = self._role(ent.root, ent)
                        if role:
                            roles[canonical] = role  # the first one found
            self._roles = (version, roles)
        return self._roles[1].get(name)


class _Entity:
    """A named entity as the resolver reads it (start, end, label_, text, root),
    so that a title the model took into a name can be left out of it."""

    def __init__(self, span: Any, label: str):
        self.start, self.end, self.label_ = span.start, span.end, label
        self.text = span.text
        self.root = span.root


def _described_by(noun: Any) -> Any | None:
    """The named person or body a common noun describes: the subject of "is a
    ..." or the name the noun is in apposition to; None otherwise."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        subj = [c for c in noun.head.children if c.dep_ == "nsubj"]
        if subj and (subj[0].pos_ == "PROPN" or subj[0].lower_ in cues.PERSON_PRONOUNS):
            return subj[0]
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and not any(c.dep_ == "conj" for c in noun.head.children):
        return noun.head
    return None


def _trim_title(ent: Any) -> Any:
    """"Mayor Ana Costa", "President Fernández": the model often takes a title
    into a person's name. The name starts after it; the title stays next to the
    name, where the role is read from."""
    if ent.label_ != "PERSON":
        return ent
    start = ent.start
    while start < ent.end - 1 and ent.doc[start].text[:1].isupper() and (
            ent.doc[start].lower_ in cues.PERSON_ROLE_NOUNS or ent.doc[start].text in cues.HONORIFICS):
        start += 1
    return ent if start == ent.start else _Entity(ent.doc[start:ent.end], ent.label_)


_ABBREVIATED_TITLES = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                       "pres": "president", "lt": "lieutenant", "col": "colonel", "sgt": "sergeant",
                       "atty": "attorney", "supt": "superintendent", "prof": "professor", "dr": "doctor"}


def _title_words(role: str) -> frozenset[str]:
    """The words of a title, abbreviations written out: "Sen." -> senator."""
    words = (w.strip(".,").lower() for w in role.split())
    return frozenset(_ABBREVIATED_TITLES.get(w, w) for w in words if w)


def _descriptive(name: str) -> bool:
    """A name made only of common nouns ("Regulator" in a headline)."""
    lex = cues.ORG_NOUNS | cues.PERSON_ROLE_NOUNS | cues.GROUP_NOUNS
    return all(w.lower() in lex for w in name.split())


def _same_root(adjective: str, country: str) -> bool:
    """"German"/"Germany", "Chinese"/"China", "Russian"/"Russia": a demonym
    shares its first four letters with the country, or all of a short name."""
    a, c = adjective.lower(), country.lower()
    n = min(4, len(c))
    return len(a) >= n and a[:n] == c[:n]


def _cap(name: str) -> str:
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = re.sub(r"\s+", " ", role).strip(" ,.;:-–—")
    role = re.sub(r"^(the|a|an|The|A|An)\s+", "", role)
    return role or None
