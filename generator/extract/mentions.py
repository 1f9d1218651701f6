"""What an article says about the people and bodies in it, read once per Doc:
named entities (a title the model took into a name left out), full person
names and what a short name stands for, organisations named and where, each
person's gender from the article's own clues, titles next to names.

Every question about earlier mentions ("the last person named before this
token", "the first organisation whose name starts with this") is answered from
an index here by bisection or by key, not by reading every mention again.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from . import cues
from .actors import (
    FEMALE_WORDS,
    MALE_WORDS,
    FullNames,
    Sorted,
    clean_name,
    clean_role,
    strip_titles,
    title_words,
    trim_title,
    trim_verbs,
)
from .cues import FIRST_NAMES


def _modifies_a_thing(ent: Any) -> bool:
    """"Gorleston police station", "the Bush administration": a one-word name
    that modifies a common noun names a place or body there, not a person."""
    return bool(ent.end - ent.start == 1 and ent.root.dep_ == "compound" and ent.root.head.pos_ == "NOUN")


class MentionIndex:
    """Per-Doc facts about the names in an article, built once."""

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
        self.ents = [trim_title(trim_verbs(e)) for e in doc.ents]  # Doc.ents walks every token on each access
        for ent in self.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = ent
        # Full person names seen anywhere, for short-name lookups.
        self.full_names = FullNames()
        self._canonical: dict[str, str] = {}  # canonical_person's answers while full_names stays the same
        self.person_mentions: list[tuple[int, int, str]] = []  # (token, unit, canonical)
        self.org_mentions: list[tuple[int, str]] = []
        self.not_person: set[str] = set()
        # How the model labels each name across the article: a name it calls an
        # organisation more often than a person is one ("Lycos Europe").
        self.label_votes: dict[str, Counter[str]] = {}
        for ent in self.ents:
            first = clean_name(ent.text).split()[:1]
            if first:
                self.label_votes.setdefault(first[0].lower(), Counter())[ent.label_] += 1
        self._not_persons()
        for ent in self.ents:
            if ent.label_ == "PERSON" and not self.mostly_org(ent.text):
                name = clean_name(ent.text)
                if len(name.split()) >= 2:
                    self.add_full_name(name)
        unlabelled = self._unlabelled_persons()
        for ent in self.ents:
            if ent.label_ == "PERSON" and self.mostly_org(ent.text) and not in_quote[ent.start]:
                self.org_mentions.append((ent.start, clean_name(ent.text)))
            elif ent.label_ == "PERSON" and not in_quote[ent.start] \
                    and not (ent.end - ent.start == 1 and self._headline_only(ent, ent.text)) \
                    and not _modifies_a_thing(ent):
                self.person_mentions.append((ent.start, unit_of[ent.start], self.canonical_person(ent.text)))
            elif ent.label_ == "ORG" and self.person_surname(ent.text):
                pass  # "Costa" labelled a body after "Mayor Ana Costa": the person (`_unlabelled_persons`)
            elif ent.label_ == "ORG" and not in_quote[ent.start] and not self._headline_only(ent, clean_name(ent.text)):
                self.org_mentions.append((ent.start, clean_name(ent.text)))
        if unlabelled:
            self.person_mentions = sorted(self.person_mentions + [
                (tok.i, unit_of[tok.i], self.canonical_person(name)) for tok, name in unlabelled])
        # "Lycos" -> "Lycos Europe": the first organisation actor (filled in by the registry)
        self.org_actor_prefix: dict[str, str] = {}
        self._index_org_mentions()
        self.persons_in_unit: dict[int, list[tuple[int, str]]] = {}
        for tok, u, name in self.person_mentions:
            self.persons_in_unit.setdefault(u, []).append((tok, name))
        self.person_toks = [tok for tok, _, _ in self.person_mentions]
        self.gender = self._genders()
        self._titled_cache: dict[str, Sorted] | None = None
        self._roles: tuple[int, dict[str, str]] | None = None
        self._subjects: dict[int, list[Any]] = {}  # unit -> named subjects outside quotes
        self._fitting_cache: dict[str | None, Sorted] = {}

    def person_surname(self, text: str) -> bool:
        """Is this one-word name the surname of a person the article names in
        full ("Costa" after "Mayor Ana Costa")?"""
        name = clean_name(text)
        return len(name.split()) == 1 and name in self.surnames and self.full_names.lookup(name) is not None

    def written_as(self, name: str) -> list[str]:
        """The forms a person's name takes in the article outside quotations
        ("Trump", "Donald Trump" for "Donald J. Trump"), in order of first use."""
        out: list[str] = []
        for tok, _, canonical in self.person_mentions:
            if canonical != name:
                continue
            ent = self.ent_of[tok]
            form = strip_titles(clean_name(ent.text if ent is not None else self.tokens[tok].text))
            if form and form != name and form not in out:
                out.append(form)
        return out

    def _unlabelled_persons(self) -> list[tuple[Any, str]]:
        """A person's name where the model saw none ("Police Constable Simon
        Hood, 43, arranged ..." when only a later "Hood" is labelled): a proper
        noun outside quotes and outside any person label, heading its name,
        whose last word is the surname of a person the model labels elsewhere.
        The small model labels one name differently from sentence to
        sentence; a name is one person's throughout an article."""
        labelled: set[int] = set()
        surnames: set[str] = set()
        for ent in self.ents:
            if ent.label_ == "PERSON":
                labelled.update(range(ent.start, ent.end))
                name = clean_name(ent.text)
                if name and not self.mostly_org(ent.text) and not _modifies_a_thing(ent):
                    surnames.add(name.split()[-1])
        out = []
        found: list[tuple[Any, str]] = []
        for tok in self.tokens:
            if tok.i in labelled or tok.pos_ != "PROPN" or self.in_quote[tok.i] \
                    or tok.dep_ in ("compound", "flat") and tok.head.pos_ != "PROPN" \
                    or tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i > tok.i:
                continue
            start = tok.i
            while start > 0 and self.tokens[start - 1].pos_ == "PROPN" and self.tokens[start - 1].head.i == tok.i \
                    and self.tokens[start - 1].dep_ == "compound":
                start -= 1
            written = clean_name(self.text[self.tokens[start].idx:tok.idx + len(tok)])
            name = strip_titles(written)
            words = name.split()
            # "Mayor Ana Costa", "Ana Costa": a common first name, or a title before
            # two names, makes a person whatever the model's label
            first_name = len(words) >= 2 and words[0].lower() in FIRST_NAMES and words[-1][:1].isupper()
            titled = name != written and len(words) >= 2
            if first_name or titled:
                surnames.add(words[-1])
            if tok.text in surnames or first_name or titled:
                found.append((tok, name))
        for tok, name in found:
            if tok.text not in surnames or self.unit_of[tok.i] == 0 and len(name.split()) < 2:
                continue
            if len(name.split()) >= 2:
                self.add_full_name(name)
            out.append((tok, name))
        self.surnames = surnames
        return out

    def _headline_only(self, ent: Any, name: str) -> bool:
        """Headline words the model took for a name and that are never written
        again below the headline: "Fraud case" is nobody a "she" can point back
        to, "Fraud row" no body "the company" can be."""
        if self.unit_of[ent.start] != 0 or self.unit_end[0] >= len(self.tokens):
            return False
        return name not in self.text[self.tokens[self.unit_end[0]].idx:]

    def _not_persons(self) -> None:
        """"Lycos Europe has ended its campaign": whatever "its" points back to
        is not a person, whatever the model's label says; nor is a one-word
        name that heads a phrase after "the" ("an interview to the Herald"),
        as a person's name does not take one ("the Obama administration" is a
        modifier)."""
        for ent in self.ents:
            if ent.label_ == "PERSON" and ent.end - ent.start == 1 and ent.start > 0 \
                    and self.tokens[ent.start - 1].lower_ == "the" \
                    and self.tokens[ent.start].dep_ not in ("compound", "amod", "nmod", "poss"):
                self.not_person.add(ent.text.lower())
        for tok in self.tokens:
            if tok.lower_ == "its" and tok.dep_ == "poss":
                verb = tok.head
                while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                    verb = verb.head
                for c in verb.children:
                    if c.dep_ == "nsubj" and self.ent_of[c.i] is not None:
                        first = clean_name(self.ent_of[c.i].text).split()[:1]
                        if first:
                            self.not_person.add(first[0].lower())

    def add_full_name(self, name: str) -> None:
        if self.full_names.add(name):
            self._canonical.clear()

    def _index_org_mentions(self) -> None:
        """canonical_org's lookups over the organisations named: the first whose
        name goes on from a given one ("Lycos" -> "Lycos Europe"), the ones
        equal to a given one but for hyphens, and, by word, where they are."""
        self._org_prefix: dict[str, str] = {}
        self._org_unhyphened: dict[str, list[str]] = {}
        self.org_by_word: dict[str, Sorted] = {}
        self._org_first: dict[str, int] = {}
        for n, (tok, other) in enumerate(self.org_mentions):
            self._org_first.setdefault(other, n)
            o = other.lower()
            for j, ch in enumerate(o):
                if ch == " ":
                    self._org_prefix.setdefault(o[:j], other)
            self._org_unhyphened.setdefault(o.replace("-", " "), []).append(other)
            for w in dict.fromkeys(o.split()):
                self.org_by_word.setdefault(w, Sorted()).add(tok, other)
        self.org_mention_toks = [tok for tok, _ in self.org_mentions]
        self._org_acronym: dict[str, str] = {}
        for _, other in self.org_mentions:
            initials = _initials(other)
            if initials:
                self._org_acronym.setdefault(initials, other)

    def canonical_person(self, text: str) -> str:
        if text in self._canonical:
            return self._canonical[text]
        name = clean_name(text)
        parts = name.split()
        if len(parts) == 1 and parts[0][:1].isupper():
            name = self.full_names.lookup(parts[0]) or name
        self._canonical[text] = name
        return name

    def person_name(self, ent: Any) -> str:
        """The person a name mention is: the full name a surname stands for,
        but not when its honorific says otherwise ("Mr Okoro" after "Jane Okoro"
        and "Mrs Okoro" is her husband, another person)."""
        name = self.canonical_person(ent.text)
        short = clean_name(ent.text)
        if name == short or " " in short:
            return name
        words = ent.text.split()
        honorific = words[0] if len(words) > 1 else self.tokens[ent.start - 1].text if ent.start > 0 else ""
        sex = _HONORIFIC_SEX.get(honorific.rstrip(".").lower())
        if sex is not None and self.gender.get(name) not in (None, sex):
            return f"{honorific.rstrip('.')} {short}"
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
            if longer is None:
                assert same is not None  # (one of the two was found)
                return same
            if same is None:
                return longer
            return longer if self._org_first[longer] < self._org_first[same] else same
        bare = _without_the(name)
        if 2 <= len(bare) <= 6 and bare.isupper() and bare.isalpha() and bare in self._org_acronym:
            return self._org_acronym[bare]  # "the NFA" after "the Northern Football Association"
        return self.org_actor_prefix.get(low, name)

    def mostly_org(self, text: str) -> bool:
        first = clean_name(text).split()[:1]
        if not first:
            return False
        if first[0].lower() in self.not_person:
            return True
        votes = self.label_votes.get(first[0].lower(), Counter())
        return votes["ORG"] > votes["PERSON"]

    def surface(self, h: Any, participles: bool = False) -> str:
        # (a relative clause anywhere in it, whole: "a spokesman for the group, which Park leads,")
        clauses = {x.i for t in h.subtree if t.dep_ == "relcl" for x in t.subtree}
        toks = [t for t in h.subtree if t.i not in clauses]
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
            return str(h.text)
        return self.text[keep[0].idx: keep[-1].idx + len(keep[-1])]

    def name_tokens(self, h: Any) -> str:
        start = h.i
        while start > 0 and self.doc[start - 1].head.i in range(start, h.i + 1) and (
                self.doc[start - 1].dep_ == "compound" and self.doc[start - 1].pos_ == "PROPN"
                or self.doc[start - 1].text in ("-", "–") and not self.doc[start - 1].whitespace_):
            start -= 1
        return str(self.doc[start:h.i + 1].text)

    def role(self, h: Any, ent: Any) -> str | None:
        """Title words before a name ("Kremlin spokesman Dmitry Peskov") or an
        apposition after it ("Mariela Belski, director of ...")."""
        # (the words of h's subtree before the name: read from its left edge,
        # not through the whole subtree, which may run on for a long clause)
        left = [t for t in self.doc[h.left_edge.i:max(ent.start, h.left_edge.i)]
                if (t.i == h.i or h.is_ancestor(t)) and t.dep_ not in ("det", "punct") and t.tag_ != "PRP$"]
        role = None
        if left and left[-1].i == ent.start - 1:
            role = self.doc[left[0].i:ent.start].text
        titled = _title_beside(h.head) if h.dep_ == "appos" and h.head.i < ent.start else None
        if not role and titled is not None:
            # "the transport minister, Karl Ott", "the mayor of Port Ellis, Dan
            # Rowe": the name set beside the title
            title = [t for t in self.doc[titled.left_edge.i:h.head.i + 1] if t.dep_ not in ("det", "punct")
                     and t.tag_ != "PRP$" and not t.is_space]
            if title:
                role = self.doc[title[0].i:h.head.i + 1].text
        if not role:
            appos = [c for c in h.children if c.dep_ == "appos" and c.i > ent.end - 1]
            if appos:
                cut = {t.i for c in appos[0].children if c.dep_ in ("conj", "cc") for t in c.subtree}
                toks = [t for t in appos[0].subtree if not t.is_space and t.i not in cut]
                if toks:
                    role = self.doc[toks[0].i:toks[-1].i + 1].text
        return clean_role(role) if role else None

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
        # a one-word name is a given name ("her husband Kevin") unless another
        # person in the article has it as a surname ("Ross" for "Melanie Ross")
        surnames = {n.split()[-1] for _, _, n in self.person_mentions if len(n.split()) >= 2}
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
            first = name.split()[0].lower() if len(name.split()) >= 2 or name not in surnames else ""
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
                if t.lower_ in MALE_WORDS:
                    v["m"] += 2
                elif t.lower_ in FEMALE_WORDS:
                    v["f"] += 2
            if head.dep_ == "nsubj":
                j = gendered[head.i + 1]
                # (not the speaker of a clause the name is inside: "Hood
                # suggested they meet again, she said" says nothing of Hood)
                # nor when another person comes between ("X stole from a
                # businessman's wife whilst she was shopping")
                between = range(head.i + 1, j)
                if j < self.unit_end[self.unit_of[head.i]] and not doc[j].head.is_ancestor(head) \
                        and not any(self.tokens[k].lower_ in MALE_WORDS or self.tokens[k].lower_ in FEMALE_WORDS
                                    or self.tokens[k].ent_type_ == "PERSON" for k in between):
                    v["m" if doc[j].lower_ in ("he", "his", "him") else "f"] += 1
        return {n: max(v, key=lambda k: v[k]) for n, v in votes.items() if v and v["m"] != v["f"]}

    def fits(self, name: str, want: str | None) -> bool:
        if want is None:
            return True
        if _plural_noun(name):
            return False  # "Auditors said ..., a claim he rejects": a "he" is one person
        known = self.gender.get(name)
        if known is None:
            # a description says it itself: "the spokeswoman", "Lycos chairman"
            words = set(name.lower().split())
            known = "m" if words & MALE_WORDS else "f" if words & FEMALE_WORDS else None
        return known in (None, want)

    def named_subjects(self, unit: int) -> list[Any]:
        """Proper nouns outside quotes that are subjects in this unit, in order."""
        if unit not in self._subjects:
            lo, hi = (self.unit_start[unit], self.unit_end[unit]) if unit < len(self.unit_start) else (0, 0)
            self._subjects[unit] = [t for t in self.doc[lo:hi] if t.dep_ == "nsubj" and t.pos_ == "PROPN"
                                    and self.unit_of[t.i] == unit and not self.in_quote[t.i]]
        return self._subjects[unit]

    def fitting_mentions(self, want: str | None) -> Sorted:
        """The persons named outside quotes that a he (want "m"), a she ("f") or
        either (None) can be, in token order."""
        if want not in self._fitting_cache:
            self._fitting_cache[want] = Sorted([(tok, name) for tok, _, name in self.person_mentions
                                                 if self.fits(name, want)])
        return self._fitting_cache[want]

    def salient_org(self, before: int, noun: str) -> str | None:
        """The organisation the article is about so far: "the company" in a story
        about one firm is that firm, even when another was named last. Never one
        the article calls something a company is not ("environmental group
        Clean Rivers", "the union Unite"): a company's spokeswoman is not theirs."""
        seen: Counter[str] = Counter()
        last: dict[str, int] = {}
        for tok, name in self.org_mentions:
            if tok < before and not (noun in cues.COMPANY_NOUNS and (_described_as_not_a_company(self.doc[tok])
                                                                     or _named_as_not_a_company(name))):
                c = self.canonical_org(name)
                seen[c] += 1
                last[c] = tok
        if not seen:
            return None
        return max(seen, key=lambda n: (seen[n], last[n]))

    def titled(self) -> dict[str, Sorted]:
        """People named with a title, outside quotes, by each word of the title:
        (token, (name, title words))."""
        if self._titled_cache is None:
            self._titled_cache = {}
            for ent in self.ents:
                if ent.label_ == "PERSON" and not self.in_quote[ent.start] and not self.mostly_org(ent.text):
                    role = self.role(ent.root, ent)
                    if role:
                        titles = title_words(role)
                        for w in titles:
                            self._titled_cache.setdefault(w, Sorted()).add(
                                ent.start, (self.canonical_person(ent.text), titles))
        return self._titled_cache

    def person_role(self, name: str) -> str | None:
        """A title found next to the person's name anywhere in the article."""
        version = len(self.full_names.names)  # (names resolve anew when a full name is added)
        if self._roles is None or self._roles[0] != version:
            roles: dict[str, str] = {}
            for ent in self.ents:
                if ent.label_ == "PERSON":
                    canonical = self.canonical_person(ent.text)
                    if canonical not in roles:
                        role = self.role(ent.root, ent)
                        if role:
                            roles[canonical] = role  # the first one found
            self._roles = (version, roles)
        return self._roles[1].get(name)


_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "&"})


def _without_the(name: str) -> str:
    return re.sub(r"^the\s+", "", name, flags=re.I)


def _initials(name: str) -> str:
    """"The Northern Football Association" -> "NFA": the initials of a name of
    two words or more, all capitalised but for small words; "" otherwise."""
    words = [w for w in _without_the(name).split() if w.lower() not in _MINOR_WORDS]
    if len(words) < 2 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return ""
    return "".join(w[0] for w in words)


def _plural_noun(name: str) -> bool:
    """A name that is one plural noun for people ("Auditors", "Critics",
    "Prosecutors"), which the model may take for a person's name."""
    low = name.lower()
    if " " in low or not low.endswith("s"):
        return False
    return low in cues.GROUP_NOUNS or low[:-1] in cues.PERSON_ROLE_NOUNS or low[:-1] in cues.PERSON_NOUNS \
        or low.endswith(("ors", "ists", "ants", "ents", "ians"))


def _named_as_not_a_company(name: str) -> bool:
    """"the health department", "Ministry of Health": a body no company, by its name."""
    return any(w in cues.NOT_COMPANY_NOUNS for w in name.lower().split())


def _described_as_not_a_company(first: Any) -> bool:
    """Whether the name starting at `first` is introduced by a noun for a body
    that is no company: "environmental group Clean Rivers", "the union, Unite"."""
    head = first
    while head.dep_ in ("compound", "flat") and head.head.i > head.i:
        head = head.head
    described = [c for c in head.children if c.pos_ == "NOUN" and (c.dep_ == "compound" and c.i < first.i
                                                                   or c.dep_ == "appos")]
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":  # "the union, Unite,"
        described.append(head.head)
    for noun in described:
        lemma = noun.lemma_.lower()
        if lemma in cues.NOT_COMPANY_NOUNS or lemma == "group" and any(
                m.lemma_.lower() in cues.ADVOCACY_WORDS for m in noun.children if m.dep_ in ("amod", "compound")):
            return True
    return _reporting_outlet(head)


def _reporting_outlet(head: Any) -> bool:
    """"According to the BBC", "told Reuters", "the Guardian reported": a body
    named as the outlet that carries the story, not a company in it."""
    up = head.head
    if head.dep_ == "pobj" and up.lower_ == "to" and up.head.lower_ == "according":
        return True
    if head.dep_ in ("dobj", "dative") and up.lemma_.lower() in ("tell", "inform"):
        return True
    return head.dep_ == "nsubj" and up.lemma_.lower() in ("report", "publish", "reveal", "broadcast")


_HONORIFIC_SEX = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "lady": "f", "dame": "f"}


def _title_beside(head: Any) -> Any | None:
    """The title a name in apposition to head stands beside: head itself ("the
    transport minister, Karl Ott"), or the title whose "of" phrase head ends
    ("the mayor of Port Ellis, Dan Rowe", which the parser hangs on the place;
    not "the wife of the mayor, Dan Rowe", where the name is the mayor's)."""
    if head.lemma_.lower() in cues.PERSON_ROLE_NOUNS:
        return head
    if head.dep_ != "pobj" or head.head.lower_ != "of" or head.ent_type_ == "PERSON" \
            or head.lemma_.lower() in cues.PERSON_NOUNS | cues.KIN_NOUNS:
        return None
    title = head.head.head
    return title if title.pos_ == "NOUN" and title.lemma_.lower() in cues.PERSON_ROLE_NOUNS else None
