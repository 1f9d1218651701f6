"""Naming a source mention: from its head token to an actor name, kind and role.

A relative pronoun goes to the noun it modifies; a pronoun or a bare definite
noun is a back-reference (`backrefs`); a name inside a PERSON/ORG/GPE entity
is that entity; a document ("a New York Times report") is its author's; any
other noun phrase is named from its modifiers ("two US officials" -> "US
officials", "a spokesperson for the Chinese embassy" -> "Chinese embassy
spokesperson")."""

from __future__ import annotations

import re
from typing import Any

from . import cues
from .actors import (
    GENERIC_ORG,
    NOT_SPEAKERS,
    Mention,
    actor_id,
    cap,
    clean_name,
    clean_role,
    described_by,
    strip_titles,
)
from .backrefs import BackReferences
from .mentions import MentionIndex
from .parse import antecedent, is_pair, is_source_like, misread_name, names_a_document
from .registry import ActorRegistry

# "Tom Lind's lawyer": the one a lawyer's "client" is.
_LAWYERS = frozenset("lawyer attorney counsel solicitor barrister advocate".split())
_REPRESENTED = re.compile(r"^(.+?)['’]s (?:\w+ )?(?:" + "|".join(sorted(_LAWYERS)) + ")$")


def _first_conjunct(tok: Any) -> Any:
    """"is a lawyer, a former judge and a campaigner who ...": the clause hangs
    on the last of the nouns; what they describe is said of the first."""
    while tok.head.i < tok.i and (tok.dep_ == "conj" or tok.dep_ == "appos" and tok.head.pos_ == "NOUN"):
        tok = tok.head  # (the parser takes "a lawyer, a former judge" for an apposition)
    return tok


# What a reporter does with someone else's document.
_ACCESS_VERBS = cues.words("see obtain review view read acquire receive examine leak")
# Verbs of making a document (its makers are its authors however they are named).
_MAKING_VERBS = cues.words("write prepare draft compile author produce conduct commission")


def _given_name_before(h: Any) -> str | None:
    """A capitalised word right before a surname that the parser left out of
    the name ("Sarah" of "Sarah Grant" made a sentence of its own)."""
    if h.i == 0:
        return None
    before = h.doc[h.i - 1]
    if before.pos_ != "PROPN" or not before.text[:1].isupper() or before.idx + len(before.text) + 1 != h.idx \
            or before.text.rstrip(".") in cues.HONORIFICS or before.lower_ in cues.PERSON_TITLES \
            or before.head.i == h.i or before.ent_type_ not in ("", "PERSON"):
        return None
    return str(before.text)


def _names_a_body(h: Any, name: str, ent: Any) -> bool:
    """Is a name no person's: a body's word in it ("Clean Water Trust"), a
    company's last word ("Kessler Mining"), a thing's label, or a body's noun
    before it ("the rail union RMT", "the airline Ryanair")?"""
    words = name.lower().split()
    return any(w in cues.ORG_NOUNS for w in words) or len(words) > 1 and words[-1].rstrip(".") in \
        cues.COMPANY_NAME_ENDS or ent is not None and ent.label_ in ("PRODUCT", "FAC", "WORK_OF_ART", "LAW") \
        or any(c.dep_ == "compound" and _a_body(c) for c in h.children)


def _a_body(noun: Any) -> bool:
    """A noun only a body can be ("the supermarket", "the union"), not a person."""
    lemma = noun.lemma_.lower()
    return noun.pos_ == "NOUN" and lemma in cues.ORG_NOUNS and lemma not in cues.PERSON_ROLE_NOUNS


def _beside_title(title: Any, name: Any) -> bool:
    """Is a name hung deeper in the phrase still set beside its title: "the
    director of X, Mariela Belski" is the director; "the brother of the singer
    Lena Hart" (no comma) and "bandmates of the singer, Lena Hart," (the name
    beside another title, and they are many) are not Hart."""
    said_of = name.head.lemma_.lower()
    return title.tag_ in ("NN", "NNP") and name.doc[name.left_edge.i - 1].text == "," \
        and said_of not in cues.PEOPLE_NOUNS


def _on_behalf_of(h: Any) -> list[Any]:
    """Whom a document was put out for: "on behalf of X", on the noun or on
    the participle after it ("issued on behalf of X")."""
    places = [h, *(c for c in h.children if c.dep_ == "acl")]
    return [o for t in places for on in t.children if on.dep_ == "prep" and on.lower_ == "on"
            for b in on.children if b.dep_ == "pobj" and b.lower_ == "behalf"
            for of in b.children if of.dep_ == "prep" and of.lower_ == "of"
            for o in of.children if o.dep_ == "pobj"]


class Naming:
    """Describes mentions; asks `backrefs` for what points back."""

    def __init__(self, mentions: MentionIndex, registry: ActorRegistry):
        self.m, self.reg = mentions, registry
        self.doc, self.text = mentions.doc, mentions.text
        self.back = BackReferences(mentions, registry, self.describe)

    def describe(self, head_i: int) -> list[Mention]:
        doc = self.doc
        h = doc[head_i]
        if h.lower_ in cues.RELATIVE_PRONOUNS and h.head.dep_ == "relcl":
            rel = h
            h = antecedent(h)
            # "Democrats and Republicans, who have questioned ...": set off by a
            # comma, the clause is about every one of the coordinated nouns
            first = h.head if h.dep_ == "conj" and h.head.i < h.i else h
            parts = [first, *(c for c in first.children if c.dep_ == "conj" and c.i < rel.i)]
            if len(parts) > 1 and rel.i > 0 and doc[rel.i - 1].text == "," and all(
                    p.pos_ in ("NOUN", "PROPN") for p in parts):
                if rel.lower_ == "who" and not all(is_source_like(p) for p in parts):
                    return []  # "her parents and their toxic beliefs, who ...": not about them
                return [m for p in parts for m in self.describe(p.i)]
            named = described_by(_first_conjunct(first))
            if named is not None and (h.pos_ == "NOUN" or h.pos_ == "PROPN" and h.text.islower()):
                # "Trump is a businessman who said ...", "Ana Ruiz, an engineer who
                # said ...": the description is someone named; the clause is theirs
                return self.describe(named.i)
        if is_pair(h):
            # "the pair denied wrongdoing", "both men denied": each of the last two named
            return self.back.pair(h)
        if h.lower_ == "those":
            # "those close to him", "those familiar with the talks": the people described
            name = cap(self.text[h.idx:h.right_edge.idx + len(h.right_edge)].rstrip(" ,;:"))
            return [Mention(actor_id(name), name, "group", None, name, 0.6, named=False)]
        if h.pos_ == "PRON" or h.tag_ in ("PRP", "WP"):
            return self.back.pronoun(h)
        ent = self.m.ent_of[h.i]
        surface = self.m.surface(h)
        # (the model may take a headline's capitalised "Striker" for a name)
        titled = ent is not None and " " not in ent.text.strip() and h.lower_ in cues.PERSON_ROLE_NOUNS
        if (ent is None or titled) and h.pos_ in ("PROPN", "NOUN") and self.m.unit_of[h.i] == 0:
            bare = not any(c.dep_ in ("compound", "amod", "poss") for c in h.children)
            found = self._headline_noun(h, surface) if bare else self._headline_kind(h, surface)
            if found:
                return [found]
        if ent is not None and ent.label_ == "PERSON" and self.m.mostly_org(ent.text) \
                and not self._surname_of_named(ent):
            name = self.m.canonical_org(clean_name(ent.text))
            return [Mention(actor_id(name), name, "organization", None, surface, 0.75)]
        if ent is not None and ent.label_ == "PERSON":
            name = self.m.person_name(ent)
            shared = _shared_surname(h, name)
            if shared is not None:  # "Sam and Joe Park": Sam Park
                return [self._person(shared, clean_name(ent.text), surface, 0.85, self.m.role(h, ent))]
            return [self._person(name, clean_name(ent.text), surface, 0.9, self.m.role(h, ent))]
        if h.pos_ == "PROPN":
            # a surname the model took for a place or a firm ("Paris claims")
            text = strip_titles(clean_name(self.m.name_tokens(h)))
            if ent is not None and len(clean_name(ent.text)) > len(text):
                text = clean_name(ent.text)
            full = self.m.canonical_person(text)
            if len(text.split()) == 1 and full != text:
                given = _given_name_before(h)
                if given is not None and full.split()[0] != given:
                    # "Sarah Grant said", the parser cutting "Sarah" off, after "David Grant"
                    name = f"{given} {text}"
                    return [Mention(actor_id(name), name, "person", None, surface, 0.75)]
                return [self._person(full, text, surface, 0.8)]
            role_appos = [c for c in h.children if c.dep_ == "appos" and c.lemma_.lower() in cues.PERSON_ROLE_NOUNS]
            if role_appos and (ent is None or ent.label_ in ("GPE", "ORG", "LOC")) and len(text.split()) >= 2:
                self.m.add_full_name(text)
                role = clean_role(self.doc[role_appos[0].left_edge.i:role_appos[0].right_edge.i + 1].text)
                return [Mention(actor_id(text), text, "person", role, surface, 0.75)]
        appos_person = self._appos_person(h)
        if appos_person:
            ent = self.m.ent_of[appos_person[0].i]
            name = self.m.canonical_person(ent.text)
            role = clean_role(doc[h.left_edge.i:appos_person[0].left_edge.i].text)
            return [Mention(actor_id(name), name, "person", role or None, self.m.surface(appos_person[0]), 0.85,
                            acts_for=self._represented(h))]
        lemma = h.lemma_.lower()
        if h.pos_ == "NOUN":
            # (a body's noun takes a name the model labels a place or a product too:
            # "the manufacturer, Cardiotek,")
            # (and a person's noun a full name it labels a place: "His deputy, Sue Park,")
            person = lemma in cues.PEOPLE_NOUNS
            labels = ("ORG", "GPE", "LOC", "FAC", "PRODUCT", "PERSON") if _a_body(h) or person else ("ORG",)
            org_appos = [c for c in h.children if c.dep_ == "appos" and self.m.ent_of[c.i] is not None
                         and self.m.ent_of[c.i].label_ in labels
                         and (self.m.ent_of[c.i].label_ == "ORG" or c.pos_ == "PROPN")
                         and (not person or self.m.ent_of[c.i].label_ == "ORG" or _a_body(h)
                              or len(self.m.ent_of[c.i].text.split()) >= 2)]
            if org_appos:  # "the operator, Northline Energy,"
                role = clean_role(self.doc[h.left_edge.i:h.i + 1].text)
                named = clean_name(self.m.ent_of[org_appos[0].i].text)
                if person and len(named.split()) >= 2 and not _company_name(named):
                    # "its founder, Eli Marsh": a person's title; the model took the name for a body
                    # (but "the home's owner, Silverline Care" is a company)
                    self.m.add_full_name(named)
                    return [Mention(actor_id(named), named, "person", role, self.m.surface(org_appos[0]), 0.8)]
                name = self.m.canonical_org(named)
                return [Mention(actor_id(name), name, "organization", role, self.m.surface(org_appos[0]), 0.8)]
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in h.children)
        modified = any(c.dep_ in ("compound", "amod", "nmod", "poss") for c in h.children)
        if h.pos_ == "PROPN" and (ent is None or ent.label_ == "NORP") and definite and not modified:
            # "the Republican" after "Republican nominee Ana Ruiz": the person with that title
            found = self.back.by_role(h)
            if found:
                return [found]
        if names_a_document(h) and not (ent is not None and ent.label_ == "ORG"):
            return self._document(h)
        if ent is not None and ent.label_ == "ORG" and self.m.person_surname(ent.text):
            # "Costa" labelled a body after "Mayor Ana Costa"
            name = self.m.canonical_person(clean_name(ent.text))
            return [Mention(actor_id(name), name, "person", None, surface, 0.8)]
        if ent is not None and ent.label_ in ("ORG", "GPE", "NORP", "FAC") and h.pos_ == "PROPN" or (
                ent is not None and ent.label_ in ("ORG", "NORP") and lemma not in cues.PERSON_ROLE_NOUNS
                and h.tag_ not in ("NN",)):
            name = clean_name(ent.text)
            kind = {"ORG": "organization", "GPE": "country", "NORP": "group", "FAC": "organization"}[ent.label_]
            if kind == "organization":
                name = self.m.canonical_org(name)
            if ent.label_ == "NORP" and h.tag_ != "NNPS" and h.tag_ != "NNS":
                # "the Chinese" said ... is rare; "Chinese" is usually a modifier
                kind = "group"
            return [Mention(actor_id(name), name, kind, self.m.role(h, ent), surface, 0.85)]
        if h.pos_ == "PROPN":
            name = self.m.canonical_person(strip_titles(clean_name(self.m.name_tokens(h))))
            known = self.reg.known(name)
            if known is not None:
                return [Mention(known.key, known.name, known.kind, None, surface, 0.8)]
            org = self.m.canonical_org(name) if " " not in name else name
            if org != name:  # "Kessler said" after "Kessler Mining"
                return [Mention(actor_id(org), org, "organization", None, surface, 0.75)]
            kind = "organization" if _names_a_body(h, name, ent) else "person"
            return [Mention(actor_id(name), name, kind, None, surface, 0.6)]
        if misread_name(h):
            # a surname the model took for a common noun: the person named in full elsewhere
            short = self.m.canonical_person(clean_name(h.text))
            longer = sorted(n for n in self.m.full_names.names if n.endswith(("-" + short, " " + short)))
            name = longer[0] if longer else short
            return [self._person(name, clean_name(h.text), surface, 0.6)]
        if h.pos_ in ("NOUN", "PROPN"):
            return self._common(h, surface)
        return []

    def _person(self, name: str, written: str, surface: str, confidence: float, role: str | None = None) -> Mention:
        """A person named as written; when two people named in full share that
        surname ("Hill" after "Tom Hill" and "Mark Hill"), a guess, for review."""
        if self.m.full_names.shared(written):
            return Mention(actor_id(name), name, "person", None, surface, 0.5, named=False)
        return Mention(actor_id(name), name, "person", role, surface, confidence)

    def _client_of(self, lawyer: str) -> str | None:
        """Whom a lawyer speaks for: "Lind" for "Lind's lawyer"; for "Barker's
        lawyer, Sian Roberts", Barker."""
        rec = self.reg.actors.get(actor_id(lawyer))
        for said in (lawyer, rec.role if rec is not None else None):
            represented = _REPRESENTED.match(said or "")
            if represented:
                return self.m.canonical_person(represented.group(1))  # ("Eva Kraus", not "Kraus")
        return self._client_before(rec.first) if rec is not None else None

    def _client_before(self, at: int) -> str | None:
        """"His lawyer, Amira Khan, said her client ...": whom the "his" of the
        lawyer's first mention is."""
        for tok in self.doc:
            if tok.idx > at:
                break
            lawyer = tok.head
            # (the mention is the noun, or the name after it: "His lawyer, Amira Khan")
            if tok.tag_ == "PRP$" and tok.lower_ in ("his", "her") and lawyer.lemma_.lower() in _LAWYERS \
                    and lawyer.idx <= at <= lawyer.idx + len(lawyer.text) + 2:
                return self.back.recent_person(tok.i)
        return None

    def _surname_of_named(self, ent: Any) -> bool:
        """"Hale" after "Governor Dan Hale", however often the model calls it a body."""
        name = clean_name(ent.text)
        return " " not in name and self.m.canonical_person(name) != name

    def _represented(self, h: Any) -> str | None:
        """Whom "his lawyer", "Hale's spokeswoman" speaks for: their side, never
        the other's (`linking.affiliated`)."""
        if h.lemma_.lower() not in cues.REPRESENTATIVE_NOUNS:
            return None
        poss = [c for c in h.children if c.dep_ == "poss"]
        if not poss:
            return None
        if poss[0].lower_ in ("his", "her"):
            return self.back.recent_person(poss[0].i)
        ent = self.m.ent_of[poss[0].i]
        if ent is None or ent.label_ not in ("PERSON", "ORG"):
            return None
        return self.m.canonical_person(ent.text) if ent.label_ == "PERSON" else self.m.canonical_org(
            clean_name(ent.text))

    def _appos_person(self, h: Any) -> list[Any]:
        """"the director of X, Mariela Belski": the parser may hang the name on
        X rather than on the head, so look through the noun phrase."""
        if h.pos_ not in ("NOUN", "PROPN") or _a_body(h):
            return []  # ("The supermarket, FreshCo," is a body the model took for a person)
        stack = list(h.children)
        while stack:
            c = stack.pop(0)
            if c.dep_ in ("relcl", "acl", "advcl", "conj", "cc"):
                continue
            if c.dep_ == "appos" and self.m.ent_of[c.i] is not None and self.m.ent_of[c.i].label_ == "PERSON":
                return [c] if c.head.i == h.i or _beside_title(h, c) else []
            if c.dep_ in ("prep", "pobj", "poss", "compound", "appos"):
                stack.extend(c.children)
        return []

    def _document(self, h: Any) -> list[Mention]:
        """"Initial reports from Omsk hospital" is the hospital's; "a New York
        Times report" the paper's; a bare "the report" points back (resolved by
        the caller); an indefinite "a screenshot" has no actor."""
        surface = self.m.surface(h)
        written = self.m.surface(h, participles=True)

        def as_document(found: list[Mention]) -> list[Mention]:
            # the author is the actor; the document as written is one of its names
            return [Mention(m.key, m.name, m.kind, m.role, surface, m.confidence, m.pronoun, m.named, written)
                    for m in found]
        # ("The report, by the Prison Reform Trust, said": the parser hangs "by" on the verb)
        set_off = [c for c in h.head.children if c.dep_ == "prep" and c.lower_ == "by" and h.i < c.i < h.head.i] \
            if h.dep_ == "nsubj" else []
        for c in [*h.children, *set_off]:
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                for p in c.children:
                    if p.dep_ == "pobj" and (p.pos_ == "PROPN" or self.m.ent_of[p.i] is not None
                                             or p.lemma_.lower() in cues.ORG_NOUNS):
                        return as_document(self.describe(p.i))
        for p in _on_behalf_of(h):  # "a statement (issued) on behalf of the family": the family's
            found = self.describe(p.i)
            if any(m.key for m in found):
                return as_document(found)
        for c in h.children:
            # "a report released by the ministry", "a speech Ana Ruiz delivered":
            # who put it out is its author; not who saw or obtained it
            # ("court documents seen by the BBC")
            if c.dep_ == "acl" and c.lemma_.lower() not in _ACCESS_VERBS:
                for a in c.children:
                    if a.dep_ == "agent":
                        for p in a.children:
                            if p.dep_ == "pobj" and is_source_like(p):
                                found = self.describe(p.i)
                                # (people named by what they are too, when they made it: "the
                                # report, written by engineers"; not "footage released by his family")
                                if any(m.key and (m.named or c.lemma_.lower() in _MAKING_VERBS) for m in found):
                                    return as_document(found)
            if c.dep_ == "relcl" and c.lemma_.lower() in cues.AUTHORING_VERBS:
                for p in c.children:
                    if p.dep_ == "nsubj" and (p.pos_ == "PROPN" or self.m.ent_of[p.i] is not None):
                        found = self.describe(p.i)
                        if any(m.key and m.named for m in found):
                            return as_document(found)
        for c in h.children:
            if c.dep_ == "poss" and c.pos_ != "PRON":
                return as_document(self.describe(c.i))
            ent = self.m.ent_of[c.i]
            if c.dep_ == "compound" and ent is not None and ent.label_ in ("ORG", "PERSON"):
                return as_document(self.describe(c.i))
        return [Mention(None, None, "document", None, surface, 0.5, written=written)]

    def document_actor(self, m: Mention) -> Mention:
        name = cap(re.sub(r"^(the|a|an|this|that|these|those)\s+", "", m.surface, flags=re.I))
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
            if m.dep_ == "poss" and m.pos_ == "PRON" and m.lower_ == "its":
                # "Its captain told investigators ...": the body's, when "it" is one; else the captain
                owners = [o.name for o in self.back.pronoun(m) if o.kind == "organization" and o.name]
                if owners:
                    words.append(owners[0] + "'s")
                continue
            if m.dep_ == "poss" and m.pos_ == "PRON":
                if m.lower_ not in ("his", "her"):
                    return []  # "my mum" inside someone's words; "their" is too vague to name
                person = self.back.recent_person(m.i)
                if not person:
                    continue
                client = self._client_of(person) if lemma == "client" else None
                if client:  # "the lawyer for Lind said his client ...": Lind, as a guess
                    return [Mention(actor_id(client), client, "person", None, surface, 0.6, pronoun=True)]
                words.append(person + "'s")
                continue
            if m.dep_ == "amod" and not (m.ent_type_ or m.tag_ in ("NNP", "NNPS") or m.pos_ == "PROPN") \
                    and not (plural and lemma not in cues.GROUP_NOUNS):
                continue  # "senior officials" -> "officials"; keep "German", "US", "environmental groups"
            if m.dep_ == "compound" and m.lemma_.lower() in GENERIC_ORG and len(sub) == 1:
                org = self.m.salient_org(m.i, m.lemma_.lower())  # "a company spokesperson"
                if org:
                    words.append(org)
                    continue
            if m.dep_ == "compound" and m.pos_ == "NOUN" and len(sub) == 1 and lemma in cues.PERSON_ROLE_NOUNS:
                # "a university spokeswoman": the one body named with that word
                named = self.m.org_by_word.get(m.lower_)
                bodies = set(named.values) if named is not None else set()
                if len(bodies) == 1:
                    words.append(bodies.pop())
                    continue
            m_ent = self.m.ent_of[m.i]
            if m.dep_ == "compound" and m.pos_ == "PROPN" and len(sub) == 1 and m_ent is not None \
                    and (m_ent.label_ == "ORG" or self.m.mostly_org(m_ent.text)
                         or self.m.canonical_org(clean_name(m_ent.text)) != clean_name(m_ent.text)):
                words.append(self.m.canonical_org(clean_name(self.m.ent_of[m.i].text)))
                continue
            words.extend(t.text for t in sub)
        words = " ".join(words).replace(" 's", "'s").replace(" ’s", "’s").split()  # "Smith 's" -> "Smith's"
        if lemma in cues.PERSON_ROLE_NOUNS and not plural:
            org = self._of_org(h)
            head_word = h.text.lower()
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in h.children)
            indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in h.children)
            found = self.back.by_role(h, words) if not org and (definite or not words and not indefinite) else None
            if found:
                return [found]
            if org:
                name = f"{org} {head_word}"
            elif words:
                name = " ".join(words + [head_word])
            else:
                name = head_word
            return [Mention(actor_id(name), cap(name), "person", clean_role(surface), surface, 0.75, named=False)]
        if lemma in cues.ORG_NOUNS and not plural:
            if not words:
                definite_org = self.back.definite_org(h)
                if definite_org:
                    return [definite_org]
            # (capitals kept for a name, not for the first word of a line)
            as_named = h.text[:1].isupper() and h.i > 0 and doc[h.i - 1].text != "\n"
            name = " ".join(words + [h.text if as_named else h.text.lower()])
            return [Mention(actor_id(name), cap(name), "organization", None, surface, 0.75, named=False)]
        if plural or lemma in cues.GROUP_NOUNS or h.lower_ in cues.GROUP_NOUNS:
            org = self._of_org(h)
            head_word = h.text.lower() if not h.text.isupper() else h.text
            name = " ".join(words + [head_word])
            if org and not words:
                name = f"{org} {head_word}"
            kind = "organization" if lemma in cues.ORG_NOUNS else "group"
            return [Mention(actor_id(name), cap(name), kind, None, surface, 0.75, named=False)]
        if lemma in cues.DOCUMENT_NOUNS or lemma in NOT_SPEAKERS:
            return []
        name = " ".join(words + [h.text.lower()])
        if lemma in cues.PLACE_NOUNS:  # "the city said": the body that runs it
            return [Mention(actor_id(name), cap(name), "organization", None, surface, 0.55, named=False)]
        # a speaker named by what they are ("the harbour master")
        return [Mention(actor_id(name), cap(name), "person", clean_role(surface), surface, 0.55, named=False)]

    def _headline_noun(self, h: Any, surface: str) -> Mention | None:
        """"Airline denies ...", "Mayor says ...": a headline capitalises the common
        noun for the one body or person the story names below it."""
        lemma = h.lemma_.lower()
        if lemma in cues.ORG_NOUNS and h.pos_ == "PROPN":
            return self.back.definite_org(h)
        if lemma in cues.PERSON_ROLE_NOUNS:
            titled = self.m.titled().get(lemma)
            below = {name for name, _ in titled.values} if titled is not None else set()
            if len(below) == 1:
                name = below.pop()
                return Mention(actor_id(name), name, "person", None, surface, 0.6)
        return None

    def _headline_kind(self, h: Any, surface: str) -> Mention | None:
        """"Mining firm disputes ...", "Oil company denies ...": a headline's body
        named by its trade is the one organisation below whose name has that
        word ("Deltamar Mining")."""
        if h.lemma_.lower() not in cues.ORG_NOUNS or h.tag_ in ("NNS", "NNPS"):
            return None
        trades = [c for c in h.children if c.dep_ == "compound" and c.i < h.i]
        if len(trades) != 1 or any(c.dep_ in ("amod", "poss") for c in h.children):
            return None
        trade = trades[0].lower_
        # (the model may take "Deltamar Mining" for a person: any name below will do)
        below = {self.m.canonical_org(clean_name(e.text)) for e in self.m.ents
                 if e.label_ in ("ORG", "PERSON") and self.m.unit_of[e.start] > 0
                 and trade in clean_name(e.text).lower().split()[1:]}
        if len(below) != 1:
            return None
        name = below.pop()
        return Mention(actor_id(name), name, "organization", None, surface, 0.6)

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


def _company_name(name: str) -> bool:
    """"Silverline Care", "Deltamar Mining": a body by its last word, unless it
    starts with a given name ("Eli Marsh")."""
    words = name.lower().split()
    return words[-1] in cues.BODY_NAME_ENDS and words[0] not in cues.GIVEN_NAMES


def _shared_surname(h: Any, name: str) -> str | None:
    """"Sam and Joe Park", "Bill and Hillary Clinton": a given name alone,
    joined by "and" to a full name right after it, shares that surname."""
    if " " in name or name.lower() not in cues.GIVEN_NAMES:
        return None
    joined = [c for c in h.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
    if not joined or not any(c.dep_ == "cc" and c.lower_ == "and" and c.i == h.i + 1 for c in h.children):
        return None
    words = [t.text for t in joined[0].subtree if t.pos_ == "PROPN" and t.i >= h.i + 2]
    if len(words) < 2 or joined[0].i != h.i + 1 + len(words) or words[0].lower() not in cues.GIVEN_NAMES:
        return None
    return f"{name} {words[-1]}"

