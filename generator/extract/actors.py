"""From a source mention to a canonical actor: name, kind, role, aliases.

The records (`ActorRecord`, `Mention`) and the word lists and helpers the
resolver's parts share; `resolver.Resolver` puts the parts together:

- `mentions.MentionIndex`: what the article says about names, read once;
- `naming.Naming`: from a mention's head token to a name, kind and role;
- `backrefs.BackReferences`: pronouns and definite descriptions resolved to
  someone met earlier;
- `registry.ActorRegistry`: the actors registered so far, their aliases, and
  the descriptions merged into the actor they describe once all are in.

Resolution looks back a few sentences only, over mention lists built once per
Doc, so the cost stays linear in the article's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from ..text import slug
from . import cues
from .cues import words


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
    acts_for: str | None = None  # the key of whom they speak for ("his lawyer, Ellen Brooks")


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
    acts_for: str | None = None  # the name of whom they speak for ("his lawyer, Ellen Brooks": his)


def actor_id(name: str) -> str:
    return slug(name) or "actor"


def clean_name(text: str) -> str:
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
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(a == b[:i] + b[i + 1:] for i in range(len(b)))


MALE_WORDS = words("spokesman congressman chairman businessman councilman assemblyman alderman anchorman "
                        "policeman man gentleman boy father dad grandfather husband widower son brother uncle "
                        "nephew boyfriend king prince duke actor mr. mr sir")
FEMALE_WORDS = words("spokeswoman congresswoman chairwoman businesswoman councilwoman assemblywoman "
                          "anchorwoman policewoman woman lady girl mother mom grandmother wife widow daughter "
                          "sister aunt niece girlfriend queen princess duchess actress mrs. mrs ms. ms")

# Nouns that head a sentence with a speech verb without being anyone.
NOT_SPEAKERS = words("""
measure law bill plan rule move decision result figure number evidence situation case
time year day week month thing way fact problem issue question idea
""")

# Generic nouns for the organisation an article is about ("the company said").
GENERIC_ORG = frozenset({"company", "firm", "organisation", "organization", "corporation"})


class FullNames:
    """Full person names ("Dmitry Peskov") in the order the article gives them,
    and what a short name ("Peskov") stands for: the first of them whose first
    or last word it is, else, for a short name of five letters or more, the
    first whose surname is one typo away."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self._by_word: dict[str, str] = {}
        self._by_length: dict[int, list[tuple[int, str, str]]] = {}  # surname length -> (order, surname, name)
        self._shared: set[str] = set()  # surnames of two people ("Tom Hill", "Mark Hill")

    def add(self, name: str) -> bool:
        """Adds a name of two words or more; True when it was not known (a
        later copy of a name never answers a lookup: the first one does)."""
        if name in self.names:
            return False
        order = len(self.names)
        self.names.add(name)
        parts = name.split()
        if self._by_word.get(parts[-1], name) != name and parts[-1] != self._by_word[parts[-1]].split()[0]:
            self._shared.add(parts[-1])
        self._by_word.setdefault(parts[-1], name)
        self._by_word.setdefault(parts[0], name)
        surname = parts[-1].lower()
        self._by_length.setdefault(len(surname), []).append((order, surname, name))
        return True

    def shared(self, short: str) -> bool:
        """Is this the surname of more than one person named in full?"""
        return short in self._shared

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


class Sorted:
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




class _Entity:
    """A named entity as the resolver reads it (start, end, label_, text, root),
    so that a title the model took into a name can be left out of it."""

    def __init__(self, span: Any, label: str):
        self.start, self.end, self.label_ = span.start, span.end, label
        self.text = span.text
        self.root = span.root


def described_by(noun: Any) -> Any | None:
    """The named person or body a common noun describes: the subject of "is a
    ..." or the name the noun is in apposition to; None otherwise."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        verb = noun.head
        if verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
            verb = verb.head  # "Tom Brandt runs the city and is a businessman": the subject they share
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if subj and (subj[0].pos_ == "PROPN" or subj[0].lower_ in cues.PERSON_PRONOUNS):
            return subj[0]
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and not any(c.dep_ == "conj" for c in noun.head.children):
        return noun.head
    return None


def strip_titles(name: str) -> str:
    """"Police Constable Simon Hood" -> "Simon Hood": title words before a name
    of two words or more (a one-word name keeps them: "Judge")."""
    parts = name.split()
    k = 0
    while k < len(parts) - 2 and parts[k][:1].isupper() and parts[k].lower().rstrip(".") in cues.PERSON_TITLES:
        k += 1
    return " ".join(parts[k:]) if k else name


def trim_verbs(ent: Any) -> Any:
    """"Friends of the Coast accused Deltamar": the model may take the verb
    after a name into it; a name does not end in a verb."""
    end = ent.end
    while end > ent.start + 1 and ent.doc[end - 1].pos_ in ("VERB", "AUX") and ent.doc[end - 1].tag_ != "VBG":
        end -= 1
    return ent if end == ent.end else _Entity(ent.doc[ent.start:end], ent.label_)


def trim_title(ent: Any) -> Any:
    """"Mayor Ana Costa", "President Fernández": the model often takes a title
    into a person's name. The name starts after it; the title stays next to the
    name, where the role is read from."""
    if ent.label_ != "PERSON":
        return ent
    start = ent.start
    while start < ent.end - 1 and ent.doc[start].text[:1].isupper() and (
            ent.doc[start].lower_.rstrip(".") in cues.PERSON_TITLES or ent.doc[start].text in cues.HONORIFICS):
        start += 1
    return ent if start == ent.start else _Entity(ent.doc[start:ent.end], ent.label_)


_ABBREVIATED_TITLES = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                       "pres": "president", "lt": "lieutenant", "col": "colonel", "sgt": "sergeant",
                       "atty": "attorney", "supt": "superintendent", "prof": "professor", "dr": "doctor"}


def title_words(role: str) -> frozenset[str]:
    """The words of a title, abbreviations written out: "Sen." -> senator."""
    words = (w.strip(".,").lower() for w in role.split())
    return frozenset(_ABBREVIATED_TITLES.get(w, w) for w in words if w)


def descriptive(name: str) -> bool:
    """A name made only of common nouns ("Regulator" in a headline)."""
    lex = cues.ORG_NOUNS | cues.PERSON_ROLE_NOUNS | cues.GROUP_NOUNS
    return all(w.lower() in lex for w in name.split())


def same_root(adjective: str, country: str) -> bool:
    """"German"/"Germany", "Chinese"/"China", "Russian"/"Russia": a demonym
    shares its first four letters with the country, or all of a short name."""
    a, c = adjective.lower(), country.lower()
    n = min(4, len(c))
    return len(a) >= n and a[:n] == c[:n]


def cap(name: str) -> str:
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def clean_role(role: str | None) -> str | None:
    """A role as the page shows it: no article or possessive pronoun before it
    ("Its editor" -> "editor"), and no role at all when what is left is an
    honorific ("Mr"), an age ("40") or punctuation."""
    if not role:
        return None
    role = re.sub(r"\s+", " ", role).strip(" ,.;:-–—")
    role = re.sub(r"^(the|a|an|its|his|her|their|The|A|An|Its|His|Her|Their)\s+", "", role)
    if role in cues.HONORIFICS or role.rstrip(".") in cues.HONORIFICS or not re.search(r"[A-Za-z]{2}", role):
        return None
    return role or None

