"""Back-references: a mention that points at someone met earlier in the article.
"he"/"she" (by gender and by who spoke last), "they"/"it" (the last body that
spoke or was named), "the company" (the organisation named before, or the one
the article is about), "the president" (the person named before with that
title). Resolution looks back a few sentences only."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from . import cues
from .actors import FEMALE_WORDS, GENERIC_ORG, MALE_WORDS, Mention, actor_id, title_words
from .mentions import MentionIndex
from .registry import ActorRegistry


class BackReferences:
    """Resolves pronouns and definite descriptions to earlier mentions.
    `describe` names a mention from scratch (`naming.Naming.describe`): "It"
    after "The city sent a letter" is whatever "the city" is."""

    def __init__(self, mentions: MentionIndex, registry: ActorRegistry, describe: Callable[[int], list[Mention]]):
        self.m, self.reg, self.describe = mentions, registry, describe
        self.doc, self.tokens = mentions.doc, mentions.tokens

    def pair(self, h: Any) -> list[Mention]:
        """The last two different people named outside quotes before h (in reported
        words too: the accused are often named there), within six
        sentences, in the order the article names them; nobody when there are not two."""
        unit = self.m.unit_of[h.i]
        names: list[str] = []
        for k in range(bisect_left(self.m.person_toks, h.i) - 1, -1, -1):
            tok, u, name = self.m.person_mentions[k]
            if unit - u > 6:
                break
            if name not in names:
                names.append(name)
            if len(names) == 2:
                break
        if len(names) < 2:
            return []
        return [Mention(actor_id(n), n, "person", None, h.text, 0.6, pronoun=True) for n in reversed(names)]

    def pronoun(self, h: Any) -> list[Mention]:
        low = h.lower_
        if low in cues.PERSON_PRONOUNS:
            found = self.recent_person(h.i)
            if found:
                sure = 0.6 if self._rival(h.i, found) else 0.75  # (under 0.7: marked for review)
                return [Mention(actor_id(found), found, "person", None, h.text, sure, pronoun=True)]
            return self.described(h, plural=False)
        if low in cues.GROUP_PRONOUNS:
            # "Police said the suspects stole the car. They denied ...": people the
            # sentence before is about, before the body that spoke
            described = self.described(h, plural=True)
            if described:
                return described
        if low in cues.GROUP_PRONOUNS or low in ("it", "its"):
            unit = self.m.unit_of[h.i]
            for tok, u, key, kind in reversed(self.reg.speakers):
                if tok >= h.i:
                    continue
                if unit - u > 3:
                    break
                if kind in ("organization", "group", "country") and (low not in ("it", "its") or kind != "group"):
                    rec = self.reg.actors.get(key)
                    if rec:
                        return [Mention(rec.key, rec.name, rec.kind, None, h.text, 0.7, pronoun=True)]
            if low in ("it", "its"):
                document = self._document_speaking(h)
                if document is not None:
                    return self.describe(document.i)
                # the last organisation named before it, in this sentence or the one before
                k = bisect_left(self.m.org_mention_toks, h.i)
                if k and unit - self.m.unit_of[self.m.org_mention_toks[k - 1]] <= 1:
                    name = self.m.org_mentions[k - 1][1]
                    return [Mention(actor_id(name), name, "organization", None, h.text, 0.6, pronoun=True)]
                # else a body or place that is the subject just before ("The city sent a
                # letter Thursday. It says ...")
                lo = self.m.unit_start[unit - 1] if 0 < unit < len(self.m.unit_start) else h.i
                for k in range(h.i - 1, lo - 1, -1):
                    t = self.tokens[k]
                    if t.dep_ == "nsubj" and not self.m.in_quote[k] and t.pos_ == "NOUN" and t.tag_ == "NN" \
                            and (t.lemma_.lower() in cues.ORG_NOUNS or t.lemma_.lower() in cues.PLACE_NOUNS):
                        described = self.describe(k)
                        if len(described) == 1 and described[0].name and described[0].kind != "document":
                            m = described[0]
                            return [Mention(m.key, m.name, "organization", None, h.text, 0.55, pronoun=True,
                                            named=m.named)]
                        break
        return []

    def _rival(self, i: int, found: str) -> bool:
        """"Berg's lawyer said she would appeal. She has always denied cheating":
        the "she" went to the lawyer, whose sex the article does not give, while
        a person it does give as a woman was named just before. Either may be
        meant: the guess is marked for review."""
        want = "m" if self.doc[i].lower_ in ("he", "his", "him") else "f"
        if self.m.gender.get(found) is not None or not self.m.fits(found, want) or \
                set(found.lower().split()) & (MALE_WORDS | FEMALE_WORDS):
            return False
        unit = self.m.unit_of[i]
        for k in range(bisect_left(self.m.person_toks, i) - 1, -1, -1):
            tok, u, name = self.m.person_mentions[k]
            if unit - u > 2:
                break
            if name != found and self.m.gender.get(name) == want:
                return True
        return False

    def described(self, h: Any, plural: bool) -> list[Mention]:
        """A "he", "she" or "they" for someone the article names only by what they
        are: the latest subject in this sentence or the one before that is a noun
        for people ("A 34-year-old man was charged ... He denies ...", "the
        suspects ... They ..."), of the right number and, for a he or a she, not
        of the other gender. Named after the description, marked as a guess."""
        unit = self.m.unit_of[h.i]
        lo = self._sentence_before(unit)
        want = "m" if h.lower_ in ("he", "him", "his") else "f" if h.lower_ in ("she", "her", "hers") else None
        for k in range(h.i - 1, lo - 1, -1):
            t = self.tokens[k]
            lemma = t.lemma_.lower()
            if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ != "NOUN" or self.m.in_quote[k]:
                continue
            if (t.tag_ == "NNS") != plural:
                continue
            if not (lemma in cues.PEOPLE_NOUNS or plural and lemma in cues.GROUP_NOUNS):
                continue
            if want == "m" and t.lower_ in FEMALE_WORDS or want == "f" and t.lower_ in MALE_WORDS:
                continue
            found = [m for m in self.describe(k) if m.kind in ("person", "group") and m.name]
            if len(found) == 1:
                m = found[0]
                return [Mention(m.key, m.name, m.kind, m.role, h.text, 0.55, pronoun=True, named=False)]
            return []
        return []

    def recent_person(self, i: int) -> str | None:
        """The person a "he"/"she" at token i most likely is: a named subject
        earlier in the same sentence, else the latest speaker of that gender,
        else the latest named person outside quotes; never someone named inside
        the pronoun's own clause (`_own_clause`)."""
        low = self.doc[i].lower_
        want = "m" if low in ("he", "his", "him") else "f" if low in ("she", "her", "hers") else None
        unit = self.m.unit_of[i]
        owner = _speakers_possessive(self.doc[i])
        if owner is not None:
            return self.recent_person(owner.i)
        accused = self._accused_denying(self.doc[i], want)
        if accused is not None:
            return accused
        lo_own, hi_own = _own_clause(self.doc[i])
        for t in self.m.named_subjects(unit):
            if t.i >= i:
                break
            full = self.m.canonical_person(t.text)
            if full != t.text and self.m.fits(full, want) and not lo_own <= t.i < hi_own:
                return full
        for tok, name in self.m.persons_in_unit.get(unit, ()):
            if tok >= i:
                break
            if lo_own <= tok < hi_own:
                continue
            t = self.doc[tok]
            while t.dep_ in ("compound", "flat") and t.head.i != t.i:
                t = t.head
            if t.dep_ == "appos" and t.head.dep_ in ("nsubj", "nsubjpass"):
                t = t.head  # "Its environment minister, Lara Voss, went further ... she said"
            if t.dep_ in ("nsubj", "nsubjpass") and self.m.fits(name, want):
                return name
        best_tok, best = -1, None
        # the latest speaker registered among the persons of the last seven units
        people = self.reg.person_speakers
        lo = people.before(self.m.unit_start[unit - 6]) if 0 < unit - 6 < len(self.m.unit_start) else 0
        hi = people.before(i)
        for outer in (True, False):
            latest = -1
            for k in range(lo, hi):
                tok, reg = people.toks[k], people.values[k]
                if reg > latest and unit - self.m.unit_of[tok] <= 6 and not lo_own <= tok < hi_own \
                        and self.m.fits(self.reg.actors[self.reg.speakers[reg][2]].name, want) \
                        and not (outer and self.m.reported[tok]):
                    latest = reg
            if latest >= 0:
                best_tok, best = self.reg.speakers[latest][0], self.reg.actors[self.reg.speakers[latest][2]].name
                break
        for k in range(bisect_left(self.m.person_toks, i) - 1, -1, -1):
            tok, u, name = self.m.person_mentions[k]
            if self.m.reported[tok] or lo_own <= tok < hi_own:
                continue
            if unit - u > 3:
                break
            if self.m.fits(name, want):
                # a named person after the last speaker, and a subject, takes over
                t = self.doc[tok]
                while t.dep_ == "compound":
                    t = t.head
                if tok > best_tok and (t.dep_ in ("nsubj", "nsubjpass") or best is None):
                    return name
                break
        if best is None:
            # nobody close: the last person of that gender the article spoke of
            for tok, reg in reversed(self.reg.fitting_speakers[want]):
                if tok < i:
                    return self.reg.actors[self.reg.speakers[reg][2]].name
            mentions = self.m.fitting_mentions(want)
            k = mentions.before(i)
            if k:
                found: str = mentions.values[k - 1]
                return found
        return best

    def _sentence_before(self, unit: int) -> int:
        """The first token of the sentence before `unit` (0 for the first): how far back they look."""
        return self.m.unit_start[unit - 1] if 0 < unit < len(self.m.unit_start) else 0

    def _document_speaking(self, h: Any) -> Any | None:
        """"The report said the factory had polluted the river. It also said
        ...": an "it" that speaks right after a document spoke is that document
        (not "the factory" in what it said)."""
        unit = self.m.unit_of[h.i]
        lo = self._sentence_before(unit)
        for k in range(h.i - 1, lo - 1, -1):
            t = self.tokens[k]
            if t.dep_ == "nsubj" and not self.m.in_quote[k] and t.head.lemma_.lower() in cues.SPEECH_VERBS \
                    and t.i < t.head.i:
                return t if t.pos_ == "NOUN" and t.tag_ == "NN" and t.lemma_.lower() in cues.DOCUMENT_NOUNS else None
        return None

    def _accused_denying(self, pronoun: Any, want: str | None) -> str | None:
        """"Tom Hale accused his rival, Mark Stone, of lying. He denied the
        accusation.": a "he" or "she" who denies, just after someone was accused,
        is the one accused (no one denies their own accusation), when the
        accused is a named person of that gender."""
        verb = pronoun.head
        if pronoun.dep_ != "nsubj" or verb.lemma_.lower() not in cues.DENIAL_VERBS | cues.REJECT_VERBS:
            return None
        unit = self.m.unit_of[pronoun.i]
        lo = self._sentence_before(unit)
        accused = None
        for k in range(lo, pronoun.i):
            t = self.tokens[k]
            if t.lemma_.lower() not in cues.ACCUSING or t.pos_ != "VERB" or self.m.in_quote[k]:
                continue
            for obj in (c for c in t.children if c.dep_ == "dobj"):
                ents = [self.m.ent_of[a.i] for a in (obj, *obj.children) if a.dep_ in ("dobj", "appos")]
                named = [e for e in ents if e is not None and e.label_ == "PERSON"]
                if named:
                    accused = self.m.canonical_person(named[-1].text)
        return accused if accused is not None and self.m.fits(accused, want) else None

    def definite_org(self, h: Any) -> Mention | None:
        """"the company", "the Church": the latest organisation whose name has
        that word, else the latest organisation that spoke."""
        lemma = h.lemma_.lower()
        named = self.m.org_by_word.get(lemma)
        k = named.before(h.i) if named else 0
        if named and k:
            name = named.values[k - 1]
            return Mention(actor_id(name), name, "organization", None, self.m.surface(h), 0.7)
        if self.m.unit_of[h.i] == 0:
            # a headline's "Airline denies ..." is the one airline the story names below it
            below = {n for word in (lemma, lemma + "s") for n in getattr(self.m.org_by_word.get(word), "values", ())}
            if len(below) == 1:
                name = below.pop()
                return Mention(actor_id(name), name, "organization", None, self.m.surface(h), 0.6)
        if lemma in GENERIC_ORG:
            name = self.m.salient_org(h.i, lemma) or self._company_actor(h)
            if name:
                return Mention(actor_id(name), name, "organization", None, self.m.surface(h), 0.65)
        return None

    def _company_actor(self, h: Any) -> str | None:
        """"the company" after "Kessler Mining has rejected ...", a name the model
        did not label: the one company among the bodies that spoke before."""
        companies = {rec.name for rec in self.reg.actors.values() if rec.kind == "organization"
                     and rec.first < h.idx and rec.name.split()[-1].lower() in cues.COMPANY_NAME_ENDS}
        return companies.pop() if len(companies) == 1 else None

    def by_role(self, h: Any, modifiers: list[str] | None = None) -> Mention | None:
        """"the president" after "President X", "the Democratic presidential
        nominee" after "Democratic presidential nominee Hillary Clinton": the
        person named before with that title, the latest one; a description's
        own modifiers must all be in the title."""
        word = h.lemma_.lower()
        want = {word} | {m.lower() for w in modifiers or () for m in w.split()}
        found: list[tuple[int, str]] = []
        for key in self.reg.role_words.get(word, ()):
            rec = self.reg.actors[key]
            if rec.kind == "person" and rec.role and want <= title_words(rec.role):
                found.append((rec.first, rec.name))
        titled = self.m.titled().get(word)
        if titled is not None:
            for k in range(titled.before(h.i) - 1, -1, -1):
                name, titles = titled.values[k]
                if want <= titles:  # the latest one is the one that counts
                    found.append((self.doc[titled.toks[k]].idx, name))
                    break
        found = [(at, name) for at, name in found if at < h.idx]
        if not found:
            return None
        name = max(found)[1]
        return Mention(actor_id(name), name, "person", None, self.m.surface(h), 0.65)


def _own_clause(pronoun: Any) -> tuple[int, int]:
    """Where a name cannot be the antecedent of a subject pronoun, as a range
    of tokens (empty for any other pronoun): a participle clause of its own
    verb, before it, with no subject of its own, whose doer is therefore the
    pronoun's referent ("Accompanied by Sarkozy, she recounted ...", "After
    meeting Ray, he said ...": she is not Sarkozy, he is not Ray). A clause
    with its own subject may well name them ("When Ray was asked, he said")."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.head.i == pronoun.i:
        return 0, 0
    clauses = [c for c in pronoun.head.lefts if c.i < pronoun.i and _participle_clause(c)]
    if not clauses:
        return 0, 0
    return min(c.left_edge.i for c in clauses), max(c.right_edge.i for c in clauses) + 1


def _participle_clause(c: Any) -> bool:
    """"accompanied by X" (an adverbial participle) or "after meeting X" (one
    under a preposition), with no subject of its own."""
    if c.dep_ == "advcl":
        return _subjectless(c)
    return c.dep_ == "prep" and any(k.dep_ == "pcomp" and _subjectless(k) for k in c.children)


def _subjectless(verb: Any) -> bool:
    return bool(verb.tag_ in ("VBG", "VBN") and not any(k.dep_ in ("nsubj", "nsubjpass", "csubj")
                                                        for k in verb.children))


def _speakers_possessive(pronoun: Any) -> Any | None:
    """In "Her lawyer, Wang Lei, said she was innocent" and "His brother said he
    was framed", the "she" or "he" of what is said is whom the speaker's own
    "her" or "his" is (nobody is their own lawyer): that possessive, if any."""
    if pronoun.lower_ not in ("he", "she") or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head.i == clause.i:
        return None
    poss = "his" if pronoun.lower_ == "he" else "her"
    for subj in clause.head.children:
        if subj.dep_ in ("nsubj", "nsubjpass") and subj.i < pronoun.i:
            found = [c for c in subj.children if c.dep_ == "poss" and c.lower_ == poss]
            if found:
                return found[0]
    return None
