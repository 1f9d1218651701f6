"""Verb cues: "X said/told CNN/denied/warned that ...", "..., he added", and what
they introduce (a clause, an object, an adjacent quotation, a colon)."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from . import cues
from .cues import words
from .index import Index
from .parse import (
    CLAUSE,
    children,
    cue_negated,
    expand_conj,
    is_source_like,
    not_said,
    partitive,
    quote_spanning,
    said_by_nobody,
    said_inside,
    span_of,
    speaker_guessed,
    subject_heads,
    subtree_span,
    units_for,
    words_under,
)
from .records import Attribution

# Verbs of thought whose infinitive says what is wanted or agreed ("plans to ...",
# "agreed to ...").
_INTENT_XCOMP = words("want plan intend decide hope wish expect agree")


# Verbs of perception: with a bare infinitive or a participle ("saw him get out",
# "heard them shouting") they report an event witnessed, not a statement.
# Conjunctions after which a clause answers the speaker instead of going on with them.
_CONTRAST = frozenset({"but", "yet", "although", "though", "while", "whereas"})

_PERCEPTION = words("see hear watch notice observe")


# Adverbs that open a clause of circumstance ("kept to it when police arrived"),
# never of what was said (the parser takes "when" and "where" for adverbs, not markers).
_CIRCUMSTANCE = frozenset({"when", "whenever", "while", "where", "as", "once", "after", "before", "since",
                           "until", "because", "if", "though", "although", "whereas"})


# Passive verbs whose subject is what is said of it ("X was accused of Y"), and
# those of them that accuse.
_SAID_OF = cues.ACCUSING | words("allege claim report say rumor rumour believe think tell")


def verb_cues(ix: Index) -> list[Attribution]:
    out = []
    for tok in ix.tokens:
        if tok.pos_ not in ("VERB", "AUX") and not (tok.tag_.startswith("VB")):
            continue
        lemma = tok.lemma_.lower()
        if lemma not in cues.SPEECH_VERBS and lemma not in cues.CLAUSE_VERBS and not _document_reads(tok, lemma):
            continue
        if ix.in_quote(tok.i) and not _quoted_verb_of_named_subject(ix, tok, lemma):
            continue  # the speaker's own words, not the article's attribution
        if tok.tag_ == "VBN" and tok.dep_ == "advcl" and not children(tok, "aux", "auxpass") \
                and lemma not in cues.ACCUSING:
            continue  # "Asked whether he had met her, Grant said ...": what Grant was asked
        if lemma in ("decline", "refuse") and any(c.dep_ == "xcomp" for c in tok.children) or anonymous(tok) \
                or said_by_nobody(tok) or not_said(tok):
            continue  # the verb under it is the cue, and is cancelled; or nothing is said
        if _sent_away(tok, lemma) or _names_itself(tok, lemma):
            continue
        if lemma in _PERCEPTION and any(c.dep_ == "ccomp" and c.tag_ in ("VB", "VBG") and not children(c, "mark", "aux")
                                        for c in tok.children):
            continue  # "officers saw him get out of the car": an event seen, not a view
        subjects, passive = subject_heads(tok, ix.title_end)
        # "most of whom say": the one a group that speaks is made of is someone,
        # whatever the noun for the group
        subjects = [h for h in subjects if is_source_like(h) or partitive(h) is not h]
        heads = [h if is_source_like(h) else partitive(h) for h in subjects]
        if all(ix.in_quote(h.i) for h in heads) and not passive:
            # no subject, or one inside quotation marks, which is a title or
            # someone's words, never the speaker: '"...," Ana Ruiz, an aide,
            # said on "Fox and Friends."'
            heads = _speaker_before(ix, tok) or heads
        para = ix.para(tok.i)
        content: list[tuple[int, int]] = []
        obj = None
        quoted = False
        # (not a clause a semicolon parts from the cue: "The author died in 2001;
        # his daughter said ...")
        ccomps = [c for c in tok.children if c.dep_ in CLAUSE and c.i != tok.i
                  and not (c.i < tok.i and any(t.text == ";" for t in ix.tokens[c.right_edge.i + 1:tok.i]))]
        if not ccomps and lemma in cues.SPEECH_VERBS:
            # "said after the convention he would not ...": the parser hangs the
            # reported clause as an adverbial; one with its own subject and no
            # conjunction of its own is what was said
            ccomps = [c for c in tok.children if c.dep_ in ("advcl", "parataxis") and c.i > tok.i
                      and c.pos_ in ("VERB", "AUX") and children(c, "nsubj", "nsubjpass", "expl")
                      and not any(m.dep_ == "mark" and m.lower_ != "that" for m in c.children)
                      and not (c.left_edge.dep_ in ("advmod", "mark") and c.left_edge.lower_ in _CIRCUMSTANCE)
                      and not ix.in_quote(c.i)]
        answering = False
        if not ccomps:
            ccomps = _clause_after_phrase(ix, tok)
            answering = bool(ccomps) and _answers_words(tok, ccomps[0])
        source_ids = {t.i for h in subjects for t in ix.subtree(h)}  # (the subject as written)
        if ccomps:
            # "While he acknowledged A, Ham noted B": a clause before the cue and
            # one introduced right after it; the one after is what is said
            following = [c for c in ccomps if c.i > tok.i and not ix.in_quote(c.i)
                     and (c.left_edge.lower_ == "that" or c.left_edge.i == tok.i + 1)]
            if following and ccomps[0].i < tok.i:
                ccomps = following + [c for c in ccomps if c.i != following[0].i]
            c = ccomps[0]
            leave = source_ids | _second_cue(c, lemma) | _told_whom(tok, lemma) | _occasion(c)
            span = subtree_span(c, exclude=leave, para=para, ix=ix)
            for more in _run_on(c, ccomps[1:]):
                end = subtree_span(more, para=para, ix=ix)
                span = (span[0], end[1]) if span and end else span
            if span:
                q = quote_spanning(ix, *span) if ix.in_quote(c.i) else _quote_ending_before(ix, tok, span)
                if q is not None and (q.inner_end - q.inner_start) >= (span[1] - span[0]) or \
                        q is not None and not ix.in_quote(c.i):
                    content.append((q.inner_start, q.inner_end))
                    quoted = True
                else:
                    content.append(span)
                    quoted = ix.in_quote(c.i)
        if not content:
            xcomps = children(tok, "xcomp")
            if xcomps and (lemma in cues.SPEECH_VERBS or lemma in _INTENT_XCOMP):
                span = subtree_span(xcomps[0], para=para, ix=ix)
                if span:
                    content.append(span)
        if not content and lemma in cues.SPEECH_VERBS:
            content = _said_before(ix, tok, para)
        findings = _finding(tok, lemma)
        if not content and (lemma not in cues.CLAUSE_VERBS or findings):
            content, obj = _object_content(ix, tok, lemma, para)
        labelled = not content and lemma in _SEEING_AS and _seen_as(tok)
        if labelled:
            # "thought of him as a murderer", "sees the plan as a tax": a view of someone
            toks = trim_end([t for t in ix.subtree(tok) if t.i >= tok.i and ix.para(t.i) == para
                             and not t.is_space and t.dep_ != "punct" or t.i > tok.i and t.text in "\"“”"
                             and ix.para(t.i) == para])
            if toks:
                content = [span_of(toks)]
        if not content:
            content, quoted = _adjacent_quote(ix, tok)
        if not content:
            content = _not_so(tok)
        if not content:
            content = _dependent_cue_content(ix, tok, heads)
        if not content:
            content = _colon_content(ix, tok)
            if content:
                quoted = False
        if passive and (not heads and lemma in _SAID_OF or not content and heads and lemma in cues.ACCUSING):
            # "X was accused of Y", "Mayor accused of taking bribes": nobody is
            # named; what is alleged is the whole clause (less what someone
            # says of it there: "..., which she disputes"). With the accuser
            # named and nothing else found, the accusation is the whole clause
            # too: "Lind was accused by police of stealing a car", not "Lind was accused".
            span = subtree_span(tok, exclude=said_inside(tok), para=para, ix=ix)
            if span:
                content = [span]
        if not content and passive and heads:
            # "the story was first reported by the Post": what the agent said is the subject
            # (not "its members had been told by the supplier": they are who was told)
            subj = [h for h in children(tok, "nsubjpass") if not (lemma in _ADDRESSING and _people(h))]
            span = subtree_span(subj[0], para=para, ix=ix) if subj else None
            if span:
                content = [span]
        if not content and not passive and heads and tok.dep_ == "relcl" and not children(tok, "dobj") \
                and (lemma in cues.DENIAL_VERBS or lemma in cues.REJECT_VERBS) \
                and tok.head.lemma_.lower() in cues.CLAIM_NOUNS:
            # "..., a claim he rejects", "an allegation she denies": what is denied is
            # the claim the relative clause hangs on
            obj = tok.head.i
            content = [(tok.head.left_edge.idx, tok.head.idx + len(tok.head))]
        if not content and not passive and heads and lemma in cues.DENIAL_VERBS:
            # "The speaker disagreed, saying ...", "Hale denied.": the verb is the denial;
            # what follows it in its clause is its support
            last = tok.right_edge
            while last.i > tok.i and (last.is_punct or last.is_space):
                last = ix.tokens[last.i - 1]
            if ix.para(last.i) == para:
                content = [(tok.idx, last.idx + len(last))]
        if not content:
            continue
        if not heads and not passive:
            continue
        if lemma in cues.CLAUSE_VERBS and not ccomps and lemma not in _INTENT_XCOMP and not findings and not quoted \
                and not labelled:
            continue
        if content and quoted:
            # a quote that runs over several sentences is one statement
            q = quote_spanning(ix, *content[0])
            if q is not None:
                content = [(q.inner_start, q.inner_end)]
            if content[-1][1] <= tok.idx:
                # '"A," he said, "B."': the quotation goes on after the cue
                rest = _quote_resumed(ix, tok, para)
                if rest is not None:
                    content = [*content, rest]
        extra_toks = [tok.i] + [h.i for h in heads if ix.para(h.i) == para]
        units = units_for(ix, content, extra_toks)
        out.append(Attribution("verb", tok.i, lemma, tuple(h.i for h in heads), tuple(content), units,
                             negated=cue_negated(tok), passive=passive, obj=obj, quoted=quoted,
                             unsure=answering or speaker_guessed(tok)))
        if content[-1][1] <= tok.idx:
            # "A will happen, Ruiz said: 'B.'": the quotation after the colon is
            # said too, a statement of its own
            after = _quote_after_colon(ix, tok)
            if after is not None:
                out.append(Attribution("verb", tok.i, lemma, tuple(h.i for h in heads), (after,),
                                     units_for(ix, [after], extra_toks), negated=cue_negated(tok),
                                     quoted=True, conjunct=True))
        if ccomps and not quoted:
            # "X claims that A and B happened": the parser often hangs "B" on the
            # cue rather than inside the clause; it is a second thing claimed. Not
            # after "but"/"yet": "denied A, but an X-ray showed B" is the
            # narrator's answer to X, not more of what X said.
            contrast = {k.i for k in tok.children if k.dep_ == "cc" and k.lower_ in _CONTRAST}
            for c in tok.children:
                if c.dep_ == "conj" and c.i > ccomps[0].i and c.pos_ in ("VERB", "AUX") \
                        and children(c, "nsubj", "nsubjpass") and not children(c, "mark") \
                        and c.lemma_.lower() not in cues.SPEECH_VERBS \
                        and ix.unit_of[c.i] == ix.unit_of[tok.i] \
                        and not any(tok.i < k < c.i for k in contrast):
                    span = subtree_span(c, para=para, ix=ix)
                    if span:
                        out.append(Attribution("verb", tok.i, lemma, tuple(h.i for h in heads), (span,),
                                             units_for(ix, [span], extra_toks), negated=cue_negated(tok),
                                             passive=passive, conjunct=True))
    return out


# Verbs of seeing someone or something as something: "thought of X as Y", "sees X as Y".
_SEEING_AS = words("think see view regard consider perceive")


def _sent_away(tok: Any, lemma: str) -> bool:
    """"The aide had been dismissed for misconduct", "rebuffed the minister":
    a person dismissed or rejected is sent away, not contradicted (but
    "dismissed the critics as cranks" labels them)."""
    if lemma not in cues.REJECT_VERBS or _seen_as(tok):
        return False
    people = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(p.lower_ in ("him", "her", "them") or p.ent_type_ == "PERSON" or p.pos_ == "NOUN" and (
        p.lemma_.lower() in cues.PEOPLE_NOUNS) for p in people)


def _seen_as(tok: Any) -> bool:
    """Is the verb completed by an "as"-phrase, on it or on its object ("thought
    of al-Megrahi as a mass murderer", "regarded the deal as a betrayal")?"""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "as" and c.i > tok.i:
            return True
        if c.dep_ in ("dobj", "prep") and any(k.dep_ == "prep" and k.lower_ == "as" for k in c.subtree):
            return True
    return False


def _quoted_verb_of_named_subject(ix: Index, tok: Any, lemma: str) -> bool:
    """'Costa "categorically denies" the allegations': a denial verb quoted in a
    few words whose subject stands outside the quotation is the article's report
    of that subject's denial, not someone's own words."""
    if lemma not in cues.DENIAL_VERBS:
        return False
    q = ix.quotes[ix.quote_of[tok.i]]
    if len(ix.text[q.inner_start:q.inner_end].split()) > 4:
        return False
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    return bool(subj) and not ix.in_quote(subj[0].i) and subj[0].lower_ not in cues.FIRST_PERSON


def _second_cue(clause: Any, lemma: str) -> set[int]:
    """"said he would order a review and warned against hackers": a report verb
    without a subject that the parser joins to the reported clause is the
    speaker's next statement (its own cue, see `subject_heads`), not part of
    the first one; the tokens from its "and" on. The same verb again ("claimed
    A and claim B") goes on with one account."""
    for k in clause.children:
        if k.dep_ == "conj" and k.i > clause.i and k.lemma_.lower() in cues.SPEECH_VERBS \
                and k.lemma_.lower() != lemma \
                and not children(k, "nsubj", "nsubjpass"):
            cc = [t for t in clause.children if t.dep_ in ("cc", "punct") and t.i < k.i and t.i > clause.i]
            start = min([t.i for t in cc if t.i >= k.left_edge.i - 2] + [k.left_edge.i])
            return set(range(start, k.right_edge.i + 1))
    return set()


# Conjunctions of a clause that tells what a statement answered ("..., after
# pharmacists reported that ...").
_OCCASION = words("after following when as since despite")


def _occasion(clause: Any) -> set[int]:
    """"denied that the country is running out of vaccine, after pharmacists
    reported that ...": what someone else said, set off by a comma at the end
    of the clause, is why it was said, not part of it; the tokens from the comma
    on."""
    for k in clause.children:
        if k.dep_ == "advcl" and k.i > clause.i and k.lemma_.lower() in cues.SPEECH_VERBS \
                and children(k, "nsubj") and any(m.dep_ == "mark" and m.lower_ in _OCCASION for m in k.children):
            comma = k.left_edge.i - 1
            if comma > clause.i and k.doc[comma].text == ",":
                return set(range(comma, k.right_edge.i + 1))
    return set()


def _run_on(clause: Any, others: list[Any]) -> list[Any]:
    """Clauses of the same cue that go on right where `clause` ends, with no
    comma or conjunction between: the parser split one clause in two ("the
    airline had charged passengers | hidden fees"), and the first alone says
    something else."""
    out = []
    end = clause.right_edge.i
    for other in sorted(others, key=lambda t: t.i):
        if other.left_edge.i != end + 1 or other.left_edge.is_punct or other.left_edge.dep_ in ("cc", "mark"):
            break
        out.append(other)
        end = other.right_edge.i
    return out


_ANSWERING_PREPS = frozenset({"to", "about", "over", "against", "amid", "after"})


def _answers_words(tok: Any, clause: Any) -> bool:
    """Whether the phrase the clause hangs in answers someone's words
    ("responding to claims by the union that ...", "angry about reports that
    ..."): then the clause may be theirs, not the speaker's. ("said in a
    statement that ..." is the speaker's own.)"""
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ in _ANSWERING_PREPS and p.left_edge.i <= clause.i <= p.right_edge.i:
            return any(t.pos_ == "NOUN" and t.lemma_.lower() in cues.CLAIM_NOUNS for t in p.subtree
                       if t.i < clause.i)
    return False


def _clause_after_phrase(ix: Index, tok: Any) -> list[Any]:
    """"wrote in a statement that ...", "argued during the hearing on Monday that
    ...": the parser hangs the reported clause on the last noun of the phrase
    between the cue and "that", as if it described that noun; a clause that
    opens with "that" as a conjunction (not a relative pronoun) is what was said."""
    for p in tok.children:
        if p.dep_ != "prep" or p.i < tok.i:
            continue
        for c in p.subtree:
            if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX") and c.left_edge.lower_ == "that" \
                    and (any(m.dep_ == "mark" and m.i == c.left_edge.i for m in c.children) or _that_misread(c)) \
                    and not ix.in_quote(c.left_edge.i):  # (its words may be quoted: 'that it had "complied ..."')
                return [c]
    return []


def _said_before(ix: Index, tok: Any, para: int) -> list[tuple[int, int]]:
    """"Mia Cole tested positive for a stimulant, the federation announced":
    the parser may hang the reporting clause on the sentence it reports, as
    an adverbial; with a subject of its own and nothing after it to say, its
    cue says the sentence before the comma."""
    head = tok.head
    if tok.dep_ not in ("advcl", "parataxis") or head.i >= tok.i or head.pos_ not in ("VERB", "AUX") \
            or not children(tok, "nsubj") or children(tok, "dobj", "ccomp", "xcomp") \
            or head.dep_ != "ROOT" or ix.in_quote(tok.i):
        return []
    subject = children(tok, "nsubj")[0]
    comma = ix.tokens[subject.left_edge.i - 1] if subject.left_edge.i > 0 else None
    if comma is None or comma.text != ",":
        return []
    own = {t.i for t in ix.subtree(tok)} | {comma.i}
    span = subtree_span(head, exclude=own, para=para, ix=ix)
    return [span] if span else []


def _names_itself(tok: Any, lemma: str) -> bool:
    """"A group calling itself Black Sun": what someone calls themselves is a
    name, not a statement."""
    return lemma in ("call", "dub", "style", "name") and any(
        c.dep_ == "dobj" and c.lower_ in ("itself", "themselves", "himself", "herself") for c in tok.children)


def _that_misread(clause: Any) -> bool:
    """"said in a press release that the leak was caused by thieves": the
    parser takes "that" for the object of a relative clause, which a passive
    verb, or one with an object of its own, cannot have."""
    that = clause.left_edge
    if that.dep_ != "dobj" or that.head.i != clause.i:
        return False
    return bool(children(clause, "auxpass", "nsubjpass")) or any(
        c.dep_ == "dobj" and c.i != that.i for c in clause.children)


def _speaker_before(ix: Index, tok: Any) -> list[Any]:
    """'"...," Ana Ruiz, an aide, said': the speaker standing between a
    quotation and the cue, which the parser failed to make its subject: the
    first noun phrase there whose head lies outside it."""
    unit = ix.units[ix.unit_of[tok.i]]
    k = bisect_right(ix.quote_ends, tok.idx)
    if not k or ix.quotes[k - 1].end < unit.start - 3:
        return []
    stretch = [i for i in ix.tokens_between(ix.quotes[k - 1].end, tok.idx) if not ix.in_quote(i)]
    inside = set(stretch)
    for i in stretch:
        t = ix.tokens[i]
        if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN") and is_source_like(t):
            return expand_conj(t)
    return []


def _finding(tok: Any, lemma: str) -> bool:
    """"A 2014 study found 31 incidents", "fact-checkers found no evidence":
    what was found (or not) is said, not only a clause after the verb."""
    if lemma == "show":
        # (a body that "showed a cavalier disregard" did something; a report that
        # "showed 31 incidents" says something)
        subj = children(tok, "nsubj")
        return bool(subj) and subj[0].lemma_.lower() in cues.DOCUMENT_NOUNS or _found_nothing(tok)
    return lemma == "find" and (_document_subject(tok) or _found_nothing(tok))


def _found_nothing(tok: Any) -> bool:
    """"Fact-checkers found no evidence for the claim": what was not found is
    the finding."""
    return any(o.lemma_.lower() in _NOTHING_FOUND and any(d.lower_ == "no" for d in o.children)
               for o in children(tok, "dobj"))


_NOTHING_FOUND = words("evidence proof sign trace indication basis support record")


def _document_reads(tok: Any, lemma: str) -> bool:
    """"A statement from the commission read: '...'": what a document reads is
    what its author says (a person who reads something out says nothing)."""
    subj = children(tok, "nsubj")
    return lemma == "read" and bool(subj) and subj[0].lemma_.lower() in cues.DOCUMENT_NOUNS \
        and not children(tok, "dobj")


def _document_subject(tok: Any) -> bool:
    subj = children(tok, "nsubj")
    return bool(subj) and (subj[0].lemma_.lower() in cues.DOCUMENT_NOUNS or subj[0].lemma_.lower() in cues.ORG_NOUNS)


_NOT_CONTENT_PREPS = words("in on at during after before since to with from by through via amid over "
                               "despite under within across")


# Speech verbs whose object can be the one spoken to ("told reporters").
_ADDRESSING = words("tell inform brief assure warn remind")


def _addressee(tok: Any) -> bool:
    """Is this object someone spoken to: a person, a pronoun for people, or a
    noun for people ("reporters", "a dispatcher")?"""
    if tok.lower_ in ("him", "her", "them", "us", "me", "you"):
        return True
    if tok.ent_type_ in ("PERSON", "NORP", "ORG"):
        return True
    lemma = tok.lemma_.lower()
    return tok.pos_ == "NOUN" and (lemma in cues.PERSON_ROLE_NOUNS or lemma in cues.GROUP_NOUNS
                                   or lemma in cues.ORG_NOUNS or lemma.endswith(("er", "or", "ist", "ian")))


def _people(tok: Any) -> bool:
    """A subject that is someone ("its members had been told"), not something
    ("the story was told")."""
    return tok.lower_ in ("he", "she", "they", "we", "i", "you") or tok.ent_type_ in ("PERSON", "NORP") \
        or tok.lemma_.lower() in cues.PEOPLE_NOUNS


def _told_whom(tok: Any, lemma: str) -> set[int]:
    """"told police Barker punched him": the one told, which the parser makes
    part of the reported clause's subject (a compound right after the verb)."""
    if lemma not in _ADDRESSING or children(tok, "dobj") or tok.i + 1 >= len(tok.doc):
        return set()
    told = tok.doc[tok.i + 1]
    return {told.i} if told.dep_ == "compound" and told.head.pos_ == "PROPN" and _addressee(told) else set()


def _told_clause(clause: Any) -> bool:
    """Is a clause hung on the one spoken to what they were told: "told a
    dispatcher that the barn was on fire", "told the court he had acted in
    self-defence" (a relative clause to the parser; one with a relative word,
    "the jurors who had acquitted him", is not)."""
    subjects = children(clause, "nsubj", "nsubjpass")
    if not subjects:
        return False
    if any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
        return True
    relative = any(t.tag_ in ("WDT", "WP", "WP$", "WRB") or t.lower_ == "that" and t.dep_ != "mark"
                   for t in clause.subtree if t.i < clause.i)
    return not relative and subjects[0].i > clause.head.i and subjects[0].pos_ in ("PRON", "PROPN")


def _object_content(ix: Index, tok: Any, lemma: str, para: int) -> tuple[list[tuple[int, int]], int | None]:
    """The object of a speech verb as its content: "denied the report", "accused
    the US of ...", "called the reports baseless", "called for ...". Verbs that
    need a clause take an object only with a label or an "as"-phrase, so "asked
    China for help" and "added sugar" are not statements."""
    dobjs = children(tok, "dobj")
    if lemma in _ADDRESSING and dobjs and _addressee(dobjs[0]):
        # "told a dispatcher", "informed them": to whom, not what; but "told a
        # dispatcher that the barn was on fire" with the clause hung on the noun
        # says what
        told = [c for c in dobjs[0].children if c.dep_ in ("acl", "relcl") and _told_clause(c)]
        if told:
            toks = trim_end(tokens_under(ix, told[:1], para))
            toks = [t for t in toks if not (t.dep_ == "mark" and t.head.i == told[0].i)]
            return ([span_of(toks)] if toks else []), None
        dobjs = []
    oprds = children(tok, "oprd")
    if not dobjs and lemma in cues.LABEL_VERBS and len(oprds) >= 2 and (
            oprds[0].lemma_.lower() in cues.CLAIM_NOUNS or oprds[0].lemma_.lower() in cues.DOCUMENT_NOUNS):
        # 'called the protesters' claims "scaremongering"': the parser may make
        # both the object and the label predicates of the verb; the first, when
        # it is something said, is the object
        dobjs = oprds[:1]
    obj = dobjs[0].i if dobjs else None
    labels = children(tok, "oprd", "xcomp", "acomp")
    # ("dismissed the poll as flawed": the parser may make "as flawed" a clause)
    as_preps = [p for p in tok.children if p.dep_ == "prep" and p.lower_ == "as"
                or p.dep_ == "advcl" and p.i > tok.i and p.left_edge.lower_ == "as" and p.pos_ == "ADJ"]
    parts: list[Any] = []
    if lemma in cues.NEEDS_CLAUSE:
        if dobjs and _finding(tok, lemma):
            # "a 2014 study found 31 incidents", "the poll shows Clinton with a lead"
            parts = dobjs + children(tok, "oprd") + [p for p in tok.children if p.dep_ == "prep" and p.i > tok.i
                                                       and p.lower_ in ("with", "as", "ahead", "behind", "at")]
        elif lemma in ("ask", "question", "press") and any(p.dep_ == "prep" and p.lower_ in ("about", "on")
                                                            for p in tok.children):
            # "asked Clinton about her emails" (but "asked China for help" is a request, not speech)
            parts = [p for p in tok.children if p.dep_ == "prep" and p.lower_ in ("about", "on")]
        elif lemma == "call" and not dobjs:
            parts = [p for p in tok.children if p.dep_ in ("prep", "prt") and p.lower_ in ("for", "on")]
        elif lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
            parts = dobjs
        elif dobjs and (labels or as_preps):
            parts = dobjs + labels + as_preps
        elif dobjs and lemma in cues.LABEL_VERBS and words_under(dobjs[0]) & cues.DISMISSIVE:
            parts = dobjs  # 'branded the claims "nonsense"' parsed with the label as object
        elif lemma in ("attack", "defend", "question", "challenge", "charge", "describe", "cite") and dobjs:
            # ("charged Kasem with fraud": what with)
            whats = ("as", "for", "of", "with") if lemma == "charge" else ("as", "for", "of")
            parts = dobjs + [p for p in tok.children if p.dep_ == "prep" and p.lower_ in whats]
    elif dobjs:
        parts = dobjs + labels + [p for p in tok.children if p.dep_ in ("prep", "dative") and p.i > tok.i
                                  and p.lower_ not in _NOT_CONTENT_PREPS]
        parts += _clause_read_as_object(tok, dobjs[0])
        parts += [p for p in as_preps if p.dep_ == "advcl"]  # (the prepositions are in already)
        parts += _charge_goes_on(tok, parts)
    elif lemma in ("call", "press", "push"):
        parts = [p for p in tok.children if p.dep_ in ("prep", "prt") and p.lower_ in ("for", "on")]
    else:
        # "warned against hackers", "complained about his microphone": what it is about
        parts = [p for p in tok.children if p.dep_ == "prep" and p.i > tok.i
                 and p.lower_ in ("about", "against", "over", "on") and not circumstance(p)][:1]
    if not parts:
        return [], obj
    toks = tokens_under(ix, parts, para)
    while toks and toks[-1].is_punct and toks[-1].text not in "”\"’":
        toks.pop()
    if not toks:
        return [], obj
    return [span_of(toks)], obj


def _clause_read_as_object(tok: Any, obj: Any) -> list[Any]:
    """"denied that neglect caused the death": the parser takes "that" for the
    object's determiner and hangs the verb after it on the cue; the verb
    without a subject of its own, right after the object, is the rest of the
    clause."""
    if not any(c.dep_ == "det" and c.lower_ == "that" and c.i == obj.left_edge.i for c in obj.children):
        return []
    return [c for c in tok.children if c.dep_ in ("advcl", "conj") and c.i == obj.right_edge.i + 1
            and c.tag_ in ("VBD", "VBZ", "VBP") and not children(c, "nsubj", "nsubjpass")]


def _charge_goes_on(tok: Any, parts: list[Any]) -> list[Any]:
    """"accused the minister of awarding contracts | to friends": the parser
    hangs the "to" phrase on the verb; right after the "of" phrase, it is part
    of the charge."""
    of = [p for part in parts for p in (part, *part.children) if p.dep_ == "prep" and p.lower_ == "of"
          and (p.head.i == tok.i or p.head.dep_ == "dobj" and p.head.head.i == tok.i)]
    if not of:
        return []
    end = of[0].right_edge.i
    return [p for p in tok.children if p.dep_ == "prep" and p.lower_ == "to" and p.left_edge.i == end + 1]


def tokens_under(ix: Index, parts: list[Any], para: int) -> list[Any]:
    """The tokens under `parts` that lie in paragraph `para`, in order, without spaces."""
    return sorted({t for p in parts for t in ix.subtree(p) if ix.para(t.i) == para and not t.is_space},
                  key=lambda t: t.i)


def circumstance(prep: Any) -> bool:
    """A phrase of when or where ("on Monday", "at a rally in Ohio", "on a
    regular basis"), not of what about."""
    for c in prep.children:
        if c.dep_ != "pobj":
            continue
        if c.ent_type_ in ("DATE", "TIME"):
            return True
        if prep.lower_ in ("at", "on") and (c.ent_type_ in ("GPE", "LOC", "FAC", "EVENT")
                                             or c.lemma_.lower() in cues.OCCASION_NOUNS):
            return True
    return False


def trim_end(toks: list[Any]) -> list[Any]:
    """Without the punctuation that ends them."""
    while toks and toks[-1].is_punct:
        toks.pop()
    return toks


def _quote_resumed(ix: Index, tok: Any, para: int) -> tuple[int, int] | None:
    """The quotation that resumes right after '"A," he said,': only the cue,
    its subject and a comma between them, in the same paragraph."""
    unit = ix.units[ix.unit_of[tok.i]]
    for q in ix.quotes_overlapping(tok.idx, unit.end + 2):
        if q.para != para or q.start <= tok.idx:
            continue
        between = ix.text[tok.idx + len(tok.text):q.start]
        if between.strip() == "," or (len(between) < 40 and between.rstrip().endswith(",")
                                      and not any(ix.tokens[i].pos_ in ("VERB", "AUX")
                                                  for i in ix.tokens_between(tok.idx + len(tok.text), q.start))):
            return q.inner_start, q.inner_end
        return None
    return None


def _adjacent_quote(ix: Index, tok: Any) -> tuple[list[tuple[int, int]], bool]:
    """`"...," he said.` / `He said: "..."`: the quotation next to the cue in the
    same paragraph (the parser often fails to attach it). Not for a cue inside
    a relative or adverbial clause ("..., he said, cutting off a reporter who
    asked ..."): the quote is the main speaker's."""
    if tok.dep_ in ("relcl", "acl", "advcl", "xcomp", "pcomp") \
            or any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children) \
            or tok.dep_ == "ccomp" and tok.head.i < tok.i and tok.head.lemma_.lower() in cues.SPEECH_VERBS:
        # (nor for one inside what someone reports: '... told reporters he had been
        # "treated with respect" but that his government would respond', 'the judge
        # said the company had shown "a cavalier disregard"')
        return [], False
    unit = ix.units[ix.unit_of[tok.i]]
    para = unit.para
    best = None
    # only quotations within three characters of the unit can be its own
    near = ix.quotes_overlapping(unit.start - 4, unit.end + 3)
    for q in near:
        if q.para != para:
            continue
        # a quote ending in this unit before the cue, or starting in it after the cue
        if q.end <= tok.idx and q.end > unit.start - 1 and q.inner_end > unit.start - 2000:
            if q.end >= unit.start or q.start < unit.start <= q.end + 2:
                best = q
        elif q.start > tok.idx and q.start < unit.end + 3 and best is None:
            between = ix.text[tok.idx:q.start]
            if q.start >= unit.end and not between.rstrip().endswith(":"):
                continue  # the next sentence's quotation, which its own cue may claim
            if len(between) < 40 or between.rstrip().endswith(":"):
                best = q
    if best is None:
        # the quote may end in an earlier unit of this paragraph: `"A. B," he said`
        for q in near:
            # (not one whose sentence ended after it: 'Ray said they were "the same". Cole wrote ...')
            # (nor one that ends a sentence of its own, when more than the speaker stands
            # between: '"Supplies are on time." The association said it had been told ...')
            ended = ix.text[q.inner_start:q.inner_end].rstrip()[-1:] in (".", "!", "?")
            if q.para == para and q.end <= tok.idx and q.end >= unit.start - 3 \
                    and ix.text[q.end:tok.idx].lstrip()[:1] not in (".", "!", "?") \
                    and not (ended and len(ix.text[q.end:tok.idx].split()) > 4):
                best = q
    if best is None:
        return [], False
    if best.end < unit.start - 3:
        return [], False
    return [(best.inner_start, best.inner_end)], True


def doc_end(head: Any, cue: Any) -> int:
    """Character offset where the governing clause stops before the cue's subtree."""
    # the last token of head's subtree before the cue's: walk back from the cue
    # rather than through the whole clause (a parse need not be projective)
    doc = head.doc
    for i in range(cue.left_edge.i - 1, head.left_edge.i - 1, -1):
        t = doc[i]
        if t.i == head.i or head.is_ancestor(t):
            return int(t.idx + len(t))
    return int(head.idx)


def _dependent_cue_content(ix: Index, tok: Any, heads: list[Any]) -> list[tuple[int, int]]:
    """`Y, he said.` parsed with "said" hanging from Y's verb: the content is the
    rest of the governing clause."""
    if tok.dep_ not in ("parataxis", "ccomp") or tok.head.i == tok.i:
        return []
    if not children(tok, "nsubj"):
        return []
    head = tok.head
    if head.i > tok.i:
        # "X, advisers to Obama say, Y": a parenthetical cue set off by commas;
        # what is said is the clause around it
        sub = ix.subtree(tok)
        before_tok = ix.doc[sub[0].i - 1] if sub[0].i > 0 else None
        after_tok = ix.doc[sub[-1].i + 1] if sub[-1].i + 1 < len(ix.doc) else None
        closes = sub[-1].text == "," or (after_tok is not None and after_tok.text == ",")
        opens = sub[0].text == "," or (before_tok is not None and before_tok.text == ",")
        if not opens or not closes:
            return []
        para = ix.para(tok.i)
        exclude = {t.i for t in sub}
        left = [t for t in ix.subtree(head) if t.i < sub[0].i and ix.para(t.i) == para and not t.is_space]
        right = [t for t in ix.subtree(head) if t.i > sub[-1].i and ix.para(t.i) == para and not t.is_space]
        spans = []
        for run in (left, right):
            while run and run[0].is_punct and run[0].text not in "“\"":
                run = run[1:]
            while run and run[-1].is_punct and run[-1].text not in "”\"":
                run = run[:-1]
            if run:
                spans.append(span_of(run))
        return spans
    subj = children(tok, "nsubj")[0]
    before = ix.text[doc_end(head, tok):subj.idx] if subj.i < tok.i else ""
    if not re.search(r"[,”\"'’—–-]", before):
        return []  # "We have been here before: X declared war" is not "Y, X said"
    para = ix.para(tok.i)
    exclude = {t.i for t in ix.subtree(tok)}
    span = subtree_span(head, exclude=exclude, para=para, ix=ix)
    return [span] if span else []


def _not_so(tok: Any) -> list[tuple[int, int]]:
    """'"Not so," says the company' without quotation marks: the answer put
    before the verb."""
    so = [c for c in tok.children if c.dep_ == "advmod" and c.lower_ == "so" and c.i < tok.i
          and any(n.dep_ == "neg" and n.i == c.i - 1 for n in c.children)]
    if not so:
        return []
    start = tok.doc[so[0].i - 1]
    return [(start.idx, so[0].idx + len(so[0]))]


def anonymous(tok: Any) -> bool:
    """"Declined to give his name", "declined to be named", "asked not to be
    identified", "did not want to be named": wanting not to be known says nothing on the matter, and is
    nobody's statement. (A refusal to comment is one: it is news that someone
    asked would not answer.)"""
    lemma = tok.lemma_.lower()
    if lemma not in ("decline", "refuse", "ask", "want", "wish"):
        return False
    for x in children(tok, "xcomp"):
        said = x.lemma_.lower()
        if lemma == "ask" and said in _IDENTIFY and cue_negated(x):
            return True
        if lemma in ("want", "wish"):  # "who did not want to be named"
            if said in _IDENTIFY and cue_negated(tok):
                return True
            continue
        if lemma != "ask" and (said in _IDENTIFY
                               or said == "give" and any(o.lemma_.lower() == "name" for o in children(x, "dobj"))):
            return True
    return False


_IDENTIFY = frozenset({"name", "identify"})


def _quote_ending_before(ix: Index, tok: Any, span: tuple[int, int]) -> Any | None:
    """'Lara Voss went further: "There is no risk," she told parliament': the
    parser may make the whole sentence what is said; the quotation a colon
    opens and that closes right before the speaker and the cue is."""
    subject_start = min([tok.idx, *(c.left_edge.idx for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                                    and c.i < tok.i)])
    for q in ix.quotes_overlapping(*span):
        if span[0] < q.start and q.end <= subject_start and not ix.text[q.end:subject_start].strip(" ,") \
                and ix.text[span[0]:q.start].rstrip().endswith(":"):  # (not 'Oz is "smart as hell," he said')
            return q
    return None


def _quote_after_colon(ix: Index, tok: Any) -> tuple[int, int] | None:
    """The quotation right after "said:" (its words, without the marks)."""
    if tok.i + 1 >= len(ix.tokens) or ix.tokens[tok.i + 1].text != ":":
        return None
    colon = ix.tokens[tok.i + 1].idx
    for q in ix.quotes_overlapping(colon, colon + 4):
        if q.start > colon and not ix.text[colon + 1:q.start].strip():
            return q.inner_start, q.inner_end
    return None


def _colon_content(ix: Index, tok: Any) -> list[tuple[int, int]]:
    """"...denied these allegations:" followed by a paragraph of their words."""
    unit = ix.units[ix.unit_of[tok.i]]
    if ix.text[max(unit.start, unit.end - 1):unit.end] != ":":  # (a unit ends on a non-space)
        return []
    nxt = unit.index + 1
    if nxt >= len(ix.units):
        return []
    u = ix.units[nxt]
    if u.para != unit.para + 1:
        return []
    # the whole paragraph is theirs, as a quotation over several sentences is
    return [(u.start, ix.units[ix.para_last[u.para]].end)]


# Present-tense cues the small model often tags as nouns after a plural subject:
# "critics charge (that) ...", "officials say ...".
_BARE_CUES = words("charge charges claim claims say says argue argues allege alleges contend contends "
                       "insist insists maintain maintains warn warns believe believes fear fears plans wants "
                       "hopes expects agrees thinks notes adds denies rejects")


def misparsed_cues(ix: Index) -> list[Attribution]:
    doc = ix.doc
    out = []
    for tok in ix.tokens:
        if tok.lower_ not in _BARE_CUES or tok.pos_ not in ("NOUN", "PROPN", "VERB") or tok.i == 0:
            continue
        prev = doc[tok.i - 1]
        if prev.head.i != tok.i or prev.pos_ not in ("NOUN", "PROPN") or ix.in_quote(tok.i):
            continue
        if prev.tag_ not in ("NNS", "NNPS", "NNP"):
            continue
        # (a "that" clause may be parsed as a clause on the noun: "Police allege that Tom Reed staged ...")
        complements = [c for c in tok.children if c.i > tok.i and (c.dep_ in ("ccomp", "xcomp") or c.dep_ in (
            "acl", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" and m.i == tok.i + 1 for m in c.children))]
        if prev.dep_ == "compound" and complements:
            # "Trump claims that ...", "The campaign plans to ...", tagged as a
            # noun with its subject as a compound: the complement is what is said
            span = subtree_span(complements[0], para=ix.para(tok.i), ix=ix)
            if span:
                out.append(Attribution("verb", tok.i, tok.lemma_.lower().rstrip("s") or tok.lower_, (prev.i,),
                                     (span,), (ix.unit_of[tok.i],)))
            continue
        verb = tok.head
        if verb.i <= tok.i or verb.pos_ not in ("VERB", "AUX") or tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        unit = ix.unit_of[tok.i]
        toks = [t for t in ix.subtree(verb) if t.i > tok.i and ix.unit_of[t.i] == unit and not t.is_space]
        while toks and toks[-1].is_punct:
            toks.pop()
        if len(toks) < 2:
            continue
        out.append(Attribution("verb", tok.i, tok.lemma_.lower(), (prev.i,), (span_of(toks),), (unit,)))
    return out

