"""Helpers over the dependency parse that every attribution family uses: the
source of a cue verb, whether it is negated, the span of a subtree."""

from __future__ import annotations

import re
from typing import Any

from . import cues
from .cues import words
from .index import Index
from .text import Quote

_SUBJ = ("nsubj", "nsubjpass", "csubj")


CLAUSE = ("ccomp",)


def children(tok: Any, *deps: str) -> list[Any]:
    return [c for c in tok.children if c.dep_ in deps]


def words_under(tok: Any) -> set[str]:
    """The words under tok as written (lower case), hyphenated ones whole as
    well ("one-sided", "far-fetched": the tokenizer splits them in three)."""
    joined = re.findall(r"[a-z]+(?:-[a-z]+)+", tok.doc[tok.left_edge.i:tok.right_edge.i + 1].text.lower())
    return {t.lower_ for t in tok.subtree} | set(joined)


def cue_negated(tok: Any) -> bool:
    if any(c.dep_ == "neg" for c in tok.children) or cancelled_by(tok) is not None:
        return True
    head = tok.head
    return tok.dep_ in ("xcomp", "ccomp") and head.i != tok.i and head.lemma_.lower() in ("be", "have") \
        and any(c.dep_ == "neg" for c in head.children)


def spoken_in(noun: Any) -> bool:
    """"Inspectors said in a report that ...": the noun is the medium of a verb
    of saying (what it says is the speaker's)."""
    return bool(noun.dep_ == "pobj" and noun.head.lower_ in ("in", "through")
                and noun.head.head.lemma_.lower() in cues.SPEECH_VERBS)


def cancelled_by(tok: Any) -> Any | None:
    """The verb that cancels tok ("declined to comment", "refused to confirm",
    "declined to threaten Moscow or declare it responsible"), or None."""
    if tok.dep_ == "conj" and tok.tag_ == "VB" and tok.head.dep_ == "xcomp":
        tok = tok.head
    head = tok.head
    if tok.dep_ in ("xcomp", "ccomp") and head.i != tok.i and head.lemma_.lower() in cues.CANCELLING:
        return head
    return None


def said_by_nobody(tok: Any) -> bool:
    """"Nobody had told her", "no official said", "it had been told nothing":
    nothing was said, by anyone ("said nothing about it" is a statement)."""
    passive = any(c.dep_ == "nsubjpass" for c in tok.children)
    return any(c.dep_ in ("nsubj", "nsubjpass") and _nobody(c) or passive and c.dep_ == "dobj" and c.lower_ == "nothing"
               for c in tok.children)


def _nobody(subj: Any) -> bool:
    return subj.lower_ in ("nobody", "noone", "nothing", "none") or any(
        c.dep_ == "det" and c.lower_ == "no" for c in subj.children)


def subject_heads(tok: Any, title_end: int = 0) -> tuple[list[Any], bool]:
    """The source heads of a cue verb and whether it is passive. Participles and
    infinitives take the subject of the verb they hang from ("posted a message,
    saying ...", "went on to deny ...")."""
    seen = 0
    cur = tok
    while seen < 4:
        seen += 1
        if cur.i == tok.i and _led_to_believe(tok):
            cur = tok.head  # "Clinton allowed her staff to think that ...": Clinton's view, not theirs
            continue
        # "Mayor accused of taking bribes": a headline's bare participle is passive
        headlinese = (cur.tag_ == "VBN" and cur.dep_ == "ROOT" and cur.i < title_end
                      and not any(c.dep_ in ("aux", "auxpass") for c in cur.children))
        subj = children(cur, "nsubj", "csubj")
        if len(subj) > 1:
            # '"... Full panic mode," said Ana Ruiz': the end of a quotation taken
            # for a second subject; the one that can speak is the speaker
            subj = [h for h in subj if is_source_like(h)] or subj
        if len(subj) == 2 and not headlinese and _joined_subjects(*subj):
            return expand_conj(subj[0]) + expand_conj(subj[1]), False
        if subj and not headlinese:
            return expand_conj(_past_misread_object(subj[0])), False
        stray = _stray_subject(cur) if cur.i == tok.i else None
        if stray is not None:
            return expand_conj(stray), False
        subjpass = children(cur, "nsubjpass")
        if subjpass or headlinese or any(c.dep_ == "auxpass" for c in cur.children):
            agents = [p for c in children(cur, "agent") for p in c.children if p.dep_ == "pobj"]
            if subjpass and not agents and cur.i != tok.i and cur.lemma_.lower() in cues.PERCEIVED:
                # "X can be heard yelling that ...", "X was quoted as saying ...":
                # the one heard or quoted speaks
                return expand_conj(subjpass[0]), False
            return (expand_conj(agents[0]) if agents else []), True
        if cur.dep_ == "pcomp" and cur.tag_ == "VBG" and cur.head.lower_ == "as" and cur.head.head.pos_ == "VERB":
            quoting = cur.head.head
            quoted = [c for c in quoting.children if c.dep_ == "dobj"]
            if quoting.lemma_.lower() in ("quote", "cite") and quoted:
                return expand_conj(quoted[0]), False  # "the BBC quoted Costa as saying": Costa says
            cur = quoting  # "was quoted as saying"
            continue
        if cur.dep_ == "conj" and cur.lemma_.lower() in cues.SPEECH_VERBS and cur.head.dep_ == "ccomp" \
                and cur.head.head.lemma_.lower() in cues.SPEECH_VERBS:
            # "They claimed A was X and claim B": the parser hangs the second cue
            # on the first one's clause; it goes with the first cue
            cur = cur.head.head
            continue
        if cur.dep_ == "dep" and cur.head.pos_ in ("VERB", "AUX") and cur.head.i < cur.i \
                and cur.head.i != cur.i and cur.tag_ in ("VBD", "VBZ", "VBP"):
            # "X arranged ..., then claimed ...": a finite verb the parser left
            # unattached goes on with the subject of the verb before it
            cur = cur.head
            continue
        made = _made_to_speak(cur)
        if made is not None:
            return expand_conj(made), False
        if cur.dep_ in ("xcomp", "advcl", "conj", "acl") and cur.head.i != cur.i:
            report = reporting_verb(cur)
            if report is not None:
                cur = report
                continue
            aside = _past_aside(cur)
            if aside is not None:
                cur = aside
                continue
            if cur.dep_ in ("acl", "advcl") and cur.tag_ == "VBN" and not children(cur, "aux"):
                if cur.i != tok.i and cur.lemma_.lower() not in cues.ACCUSING:
                    return [], False  # "Asked to describe the device, O'Neill said ...": asked, not said
                # "Accused of fraud by the opposition, the minister resigned": the one
                # the clause is about was accused; whoever did it is the agent
                agents = [p for c in children(cur, "agent") for p in c.children if p.dep_ == "pobj"]
                return (expand_conj(agents[0]) if agents else []), True
            if cur.dep_ == "acl":
                noun = cur.head
                shown = noun.dep_ == "pobj" and noun.head.lower_ in ("of", "by", "from") and (
                    noun.ent_type_ in ("PERSON", "ORG", "NORP") or noun.lemma_.lower() in cues.PERSON_ROLE_NOUNS)
                if noun.dep_ in ("dobj", "pobj") and cur.tag_ == "VBG" and not shown:
                    # "posted a message on Twitter blaming X": the poster is the source;
                    # but in "footage of Clinton asking ..." Clinton asks
                    while noun.dep_ in ("dobj", "pobj", "prep") and noun.head.i != noun.i:
                        noun = noun.head
                    if noun.pos_ in ("VERB", "AUX"):
                        cur = noun
                        continue
                    return [], False
                return [noun], False
            cur = cur.head
            continue
        break
    return [], False


# Verbs of asking someone to do something ("called on the board to admit").
_ASKING = frozenset("ask urge call implore exhort beg plead appeal invite press challenge dare demand request "
                    "tell order instruct direct help advise".split())


# Modals of what ought to be said, not what was ("should explain").
_OUGHT = frozenset({"should", "must", "ought"})


def not_said(tok: Any) -> bool:
    """A verb of saying whose statement nobody made: what someone is asked,
    told or helped to say ("called on the board to admit ...", "urged him to
    help the police find ..."); what a question or a condition supposes
    ("asked if the minister had said ...", "if he said so, he was wrong", "it
    is unclear whether she told ..."), or ought to be said ("should
    explain"); what is denied ("denied saying that ...", "denied that he had
    told staff ...")."""
    if any(c.dep_ == "aux" and c.lower_ in _OUGHT for c in tok.children) \
            and not any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in tok.children):
        return True  # "both sides should explain the rise": asked of them ("I should say" says it)
    cur = tok
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in cur.children):
            return True
        if cur.dep_ not in ("xcomp", "ccomp") or cur.head.i == cur.i:
            return False
        head = cur.head.lemma_.lower()
        bare = cur.tag_ == "VB" and not children(cur, "aux")  # ("help the police find", not "would consider")
        # (what is denied comes after the denial: not "Council says A; campaigners disagree")
        if head in _ASKING and (cur.dep_ == "xcomp" or bare) or head in cues.DENIAL_VERBS and cur.i > cur.head.i:
            return True
        if cur.dep_ == "ccomp":
            return False  # (a clause of its own: "said it had asked ..." is climbed no further)
        cur = cur.head
    return False


# Verbs that make someone do what the verb under them says ("forced Hale to admit").
_COMPELLING = frozenset("force compel pressure pressurize pressurise oblige coerce".split())


# Verbs that lead someone to a belief ("led investors to believe", "allowed the public to think").
_LEADING_ON = frozenset("allow let lead cause encourage persuade convince lull".split())


def _led_to_believe(verb: Any) -> bool:
    """A verb of belief under a verb that brings someone to it: the belief was
    given them; what they were led to believe is the one who led them on's."""
    return verb.dep_ in ("xcomp", "ccomp") and verb.lemma_.lower() in cues.CLAUSE_VERBS \
        and verb.lemma_.lower() not in cues.SPEECH_VERBS and verb.head.lemma_.lower() in _LEADING_ON


def _made_to_speak(verb: Any) -> Any | None:
    """"The senator forced Hale to admit ...", "Hale was forced to admit ...":
    the one made to speak speaks, not the one who made them; None when `verb`
    is not under such a verb."""
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in _COMPELLING:
        return None
    made = children(verb.head, "dobj") or children(verb.head, "nsubjpass")
    return made[0] if made else None


def reporting_verb(participle: Any) -> Any | None:
    """"The council said Ms Ward had misled voters, calling her statement a
    lie": a participle of speaking or denying after a comma, which the parser
    hangs on the clause a report verb reports, goes on with the report verb
    (the council calls it a lie, not Ms Ward); that verb, or None."""
    clause = participle.head
    report = clause.head
    if not _trailing_participle(participle) or clause.dep_ != "ccomp" \
            or participle.lemma_.lower() not in cues.SPEECH_VERBS | cues.DENIAL_VERBS \
            or report.lemma_.lower() not in cues.SPEECH_VERBS | cues.CLAUSE_VERBS or report.i > clause.i:
        return None
    return report if _set_off(participle.doc, clause.i, participle.i) else None


def _trailing_participle(tok: Any) -> bool:
    """A participle hung as an adverbial on a verb before it ("..., saying")."""
    return bool(tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > tok.head.i)


def _set_off(doc: Any, a: int, b: int) -> bool:
    """Is there a comma or a dash between tokens a and b (a clause set off)?"""
    return any(t.lower_ in (",", "-", "--", "—") for t in doc[a:b])


def speaker_guessed(tok: Any) -> bool:
    """Whether the speaker of cue `tok` is a guess between two: found past a
    clause aside (`_past_aside`), the reporter of a clause whose own subject
    could have said it as well (`reporting_verb`: "Officials said the manager
    had resigned, saying he was tired"), or past another clause's subject
    (`_after_another_speaker`)."""
    cur = tok
    while cur.dep_ in ("xcomp", "conj") and cur.head.i != cur.i:
        cur = cur.head
    if _past_aside(cur) is not None:
        return True
    if reporting_verb(cur) is not None:
        return any(is_source_like(s) for s in children(cur.head, "nsubj", "nsubjpass"))
    return _after_another_speaker(cur)


def _after_another_speaker(participle: Any) -> bool:
    """"Ms Ward resigned after the council had attacked her, calling her a
    liar": a participle past a clause with a subject of its own between it and
    the verb it hangs on may be that subject's."""
    verb = participle.head
    if not _trailing_participle(participle):
        return False
    return any(c.dep_ == "advcl" and verb.i < c.i < participle.i and c.pos_ in ("VERB", "AUX")
               and any(is_source_like(s) for s in children(c, "nsubj")) for c in verb.children)


def _past_aside(participle: Any) -> Any | None:
    """The verb whose subject speaks for a participle after a comma that the
    parser hangs on a relative or "where" clause about something else: "asked
    about a contractor who said he was unpaid, saying ...", "marched past the
    stadium, where the club played, chanting ..." (the one asked, the
    marchers: the subject of the nearest verb above that has one). Such a
    reading is a guess: the item is marked for review. None when the
    participle goes with its own head ("Clinton, who has called for ...,
    lambasting": the relative clause is about the subject itself)."""
    verb = participle.head
    if not _trailing_participle(participle) or not _set_off(participle.doc, verb.i, participle.i):
        return None
    if verb.dep_ == "relcl":
        about = verb.head
        if about.dep_ in ("nsubj", "nsubjpass") or about.dep_ == "pobj" and about.head.lower_ == "with":
            return None
    elif verb.dep_ == "advcl" and any(c.dep_ == "advmod" and c.lower_ in ("where", "when") and c.i < verb.i
                                      for c in verb.children):
        about = verb
    else:
        return None
    above = about.head
    while above.head.i != above.i and not (above.pos_ in ("VERB", "AUX") and children(above, "nsubj", "nsubjpass")):
        above = above.head
    return above if children(above, "nsubj", "nsubjpass") and above.i != verb.i else None


def _joined_subjects(a: Any, b: Any) -> bool:
    """"The rail union RMT and the drivers' union Aslef said": two subjects the
    parser did not join, though an "and" joins them."""
    return a.i < b.i and is_source_like(a) and is_source_like(b) and any(
        c.dep_ == "cc" and c.lower_ == "and" and c.i < b.left_edge.i for c in a.children)


def _past_misread_object(subj: Any) -> Any:
    """"His firm employs 40 people and Patel cited ...": the parser joins the
    object of the verb before with the next clause's subject, and the clause
    hangs from that verb as its complement; the object says nothing."""
    verb, clause = subj.head.head, subj.head
    joined = [c for c in subj.children if c.dep_ == "conj" and c.i < clause.i and c.pos_ == "PROPN"]
    if not joined or subj.pos_ != "NOUN" or clause.dep_ != "ccomp" or verb.i > subj.i or verb.pos_ != "VERB" \
            or verb.lemma_.lower() in cues.SPEECH_VERBS | cues.CLAUSE_VERBS:
        return subj  # ("she said professors or supervisors would ...": a clause it can take)
    if subj.left_edge.i != verb.i + 1 or any(c.dep_ in ("dobj", "ccomp") and c.i != clause.i for c in verb.children):
        return subj
    return joined[-1]


def _stray_subject(verb: Any) -> Any | None:
    """The subject the parser left outside a verb that has none of its own
    (`_fragment_subject`, `_appositive_subject`)."""
    if any(c.dep_ in _SUBJ or c.dep_ in ("auxpass", "expl") for c in verb.children) or verb.i == 0:
        return None
    return _fragment_subject(verb) or _appositive_subject(verb) or _conjunction_read_as_preposition(verb)


_CONJUNCTIONS_AS_PREPS = frozenset({"after", "before", "since", "until", "till", "once", "because", "as"})


def _conjunction_read_as_preposition(verb: Any) -> Any | None:
    """"Alan Moss resigned after an audit found that ...": the parser reads
    "after an audit" as a phrase and "found" as a clause with no subject, which
    then takes the main subject's (Moss would have found it). The noun right
    before a finite verb, the object of a conjunction read as a preposition
    beside it, is its subject."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ != "advcl" or verb.i < 2:
        return None
    noun = verb.doc[verb.i - 1]
    prep = noun.head
    if noun.dep_ != "pobj" or noun.pos_ not in ("NOUN", "PROPN") or prep.lower_ not in _CONJUNCTIONS_AS_PREPS \
            or prep.head.i != verb.head.i:
        return None
    return noun


def _fragment_subject(verb: Any) -> Any | None:
    """"Prosecutors allege that ...": at a paragraph's start the parser may end
    a sentence after the plural noun, leaving the verb without it."""
    before = verb.doc[verb.i - 1]
    if before.dep_ == "ROOT" and before.pos_ in ("NOUN", "PROPN") and before.tag_ in ("NNS", "NNPS") \
            and all(c.i < before.i for c in before.children):
        return before
    return None


def _appositive_subject(verb: Any) -> Any | None:
    """"In an interview with Reuters, the bank's chief executive, Sarah Mills,
    said ...", parsed as "Reuters, the bank's chief executive" with "said"
    subjectless: the apposition ending right before the verb (commas aside),
    on a noun of a phrase that hangs on the verb."""
    k = verb.i - 1
    while k > 0 and verb.doc[k].is_punct:
        k -= 1
    t = verb.doc[k]
    while t.dep_ in ("compound", "flat", "appos") and t.head.i < verb.i and t.head.dep_ in (
            "compound", "flat", "appos"):
        t = t.head
    if t.dep_ == "compound":
        t = t.head
    if t.dep_ == "appos" and _joined_to_clause_before(t.head, verb):
        return t.head  # "The mill employs 200 workers and its owner, Jonas Berg, said ..."
    if t.dep_ != "appos" or t.head.dep_ != "pobj" or t.pos_ not in ("NOUN", "PROPN"):
        return None
    phrase = t.head
    while phrase.dep_ in ("pobj", "prep") and phrase.head.i != verb.i and phrase.head.i < phrase.i:
        phrase = phrase.head
    if phrase.dep_ != "prep" or phrase.head.i != verb.i:
        return None
    return t


def _joined_to_clause_before(noun: Any, verb: Any) -> bool:
    """Is noun the last of nouns joined to an object of a clause the parser
    made the verb's complement, before it ("... employs 200 workers and its
    owner, Jonas Berg, said"): the verb's subject, misplaced?"""
    if noun.dep_ != "conj" or noun.pos_ != "NOUN" or any(c.dep_ == "conj" for c in noun.children):
        return False
    first = noun.head
    clause = first.head
    return bool(first.dep_ == "dobj" and clause.dep_ == "ccomp" and clause.head.i == verb.i
                and clause.i < noun.i < verb.i)


_QUANTIFIERS = words("many most some all several few both each none half one two three four five dozens "
                         "hundreds thousands majority minority")


def partitive(h: Any) -> Any:
    """"most of whom say", "many of the nurses said", "a majority of voters
    said": the ones the quantifier picks from speak: the noun the relative
    clause is about, or the object of "of"."""
    if h.lower_ not in _QUANTIFIERS:
        return h
    # (the parser may hang the name on the last word before it: "One of the five, Kate Moore,")
    picked = [p for prep in h.children if prep.dep_ == "prep" and prep.lower_ == "of"
              for p in prep.children if p.dep_ == "pobj"]
    named = [c for t in [h, *picked] for c in t.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if named and h.lower_ == "one":
        return named[0]  # "One of the rivals, Fjord Power, said": the one named
    for prep in h.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for p in prep.children:
                if p.dep_ != "pobj":
                    continue
                if p.lower_ in ("whom", "which") and h.head.dep_ == "relcl" and h.head.head.i != h.head.i:
                    return h.head.head
                if p.pos_ in ("NOUN", "PROPN", "PRON") and p.lower_ not in ("whom", "which"):
                    return p
    return h


def expand_conj(head: Any) -> list[Any]:
    """"X and Y said": both are sources. "X, director of A, and Y, consultant of
    B" hangs Y on X's apposition, so look there too."""
    out = [head]
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            out.extend(expand_conj(c))
        elif c.dep_ == "appos":
            for cc in c.children:
                if cc.dep_ == "conj" and cc.pos_ == "PROPN" and cc.ent_type_ == "PERSON":
                    out.extend(expand_conj(cc))
    return out


def said_inside(tok: Any) -> set[int]:
    """Tokens of the clauses under tok that report someone's words or stance
    ("was charged with fraud, which she disputes", "..., she said"): what is
    said there is not part of the clause tok heads."""
    out: set[int] = set()
    for t in tok.subtree:
        if t.i != tok.i and t.dep_ in ("relcl", "advcl", "parataxis", "conj") and t.pos_ in ("VERB", "AUX") \
                and (t.lemma_.lower() in cues.SPEECH_VERBS or t.lemma_.lower() in cues.DENIAL_VERBS) \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            out.update(x.i for x in t.subtree)
            # (and the comma or conjunction that opened it)
            if t.left_edge.i > 0 and t.doc[t.left_edge.i - 1].text in (",", ";", "—", "–"):
                out.add(t.left_edge.i - 1)
    return out


def span_of(tokens: list[Any]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def subtree_span(tok: Any, exclude: set[int] | None = None, para: int | None = None,
                  ix: Index | None = None) -> tuple[int, int] | None:
    if ix is None:
        toks = [t for t in tok.subtree if (not exclude or t.i not in exclude) and not t.is_space]
    else:
        toks = [t for t in ix.subtree(tok) if (not exclude or t.i not in exclude)
                and (para is None or ix.para(t.i) == para) and not t.is_space]
    a, b = 0, len(toks)
    while a < b and toks[a].is_punct and toks[a].text not in "“\"‘(":
        a += 1
    while b > a and (toks[b - 1].is_punct and toks[b - 1].text not in "”\"’)" or toks[b - 1].dep_ == "cc"):
        b -= 1  # (and a conjunction left hanging: "to come out of the car and")
    if a == b:
        return None
    tokens = ix.tokens if ix is not None else tok.doc
    return toks[a].idx, _word_end(_noun_cut_off(toks[b - 1], tokens, exclude), tokens)


def _noun_cut_off(last: Any, tokens: Any, exclude: set[int] | None) -> Any:
    """"denied leaking a report on hospital | waiting times": the parser hangs
    the rest of a noun phrase elsewhere, and the text would stop inside it;
    the words up to that noun go with it."""
    j = last.i + 1
    while j < len(tokens) and tokens[j].dep_ in ("compound", "amod", "nummod") and tokens[j].head.i > j \
            and not tokens[j].is_space and not (exclude and tokens[j].head.i in exclude) \
            and tokens[j].head.pos_ in ("NOUN", "PROPN") and last.pos_ in ("NOUN", "PROPN"):
        last = tokens[tokens[j].head.i]
        j = last.i + 1
    return last


def _word_end(last: Any, tokens: Any) -> int:
    """Where the word of token `last` ends: the parser may split a hyphenated
    word across clauses ("it would co-operate": "co", "-", "operate"), and a
    text must not stop inside it ("it would co")."""
    j = end = last.i
    while j + 1 < len(tokens) and not tokens[j].whitespace_ and not tokens[j + 1].is_space \
            and (tokens[j + 1].text == "-" or tokens[j].text == "-"):
        j += 1
        # (and what hangs on the word's second half: "co-operate with the inquiry")
        end = max(end, j, tokens[j].right_edge.i if tokens[j].head.i != j else j)
    while end > j and (tokens[end].is_punct or tokens[end].is_space):
        end -= 1
    return int(tokens[end].idx + len(tokens[end]))


def misread_name(tok: Any) -> bool:
    """A name the small model tagged as a common noun ("Baghdadi denied ..."): a
    capitalised noun outside the role, body and document lexicons that ends a
    person's name the model does recognise elsewhere in the article
    ("Waad al-Baghdadi")."""
    if tok.pos_ != "NOUN" or not tok.text[:1].isupper() or tok.text.isupper() or len(tok.text) < 3:
        return False
    lemma = tok.lemma_.lower()
    if lemma in cues.PERSON_ROLE_NOUNS or lemma in cues.ORG_NOUNS or lemma in cues.GROUP_NOUNS \
            or lemma in cues.DOCUMENT_NOUNS:
        return False
    return any(ent.label_ == "PERSON" and ent.end - ent.start >= 2 and ent[-1].i != tok.i
               and (ent[-1].text == tok.text or ent[-1].text.endswith("-" + tok.text)) for ent in tok.doc.ents)


# Nouns for two people at once ("the pair denied", "both men said").
_PAIR_NOUNS = frozenset({"pair", "duo", "couple", "man", "woman", "brother", "sister", "defendant"})


def is_pair(h: Any) -> bool:
    """"The pair", "the two", "both men", "the couple": two people named before
    (`backrefs.BackReferences.pair`)."""
    det = {c.lower_ for c in h.children if c.dep_ in ("det", "predet", "nummod", "quantmod")}
    if h.lemma_.lower() in _PAIR_NOUNS and (det & {"both", "two"} or h.lemma_.lower() != "man" and "the" in det
                                             and h.lemma_.lower() in ("pair", "duo", "couple")):
        return True
    if h.lower_ == "two" and "the" in det:
        return True
    return bool(h.lower_ == "both" and h.dep_ in ("nsubj", "nsubjpass") and not list(h.children))


def antecedent(pronoun: Any) -> Any:
    """The noun a relative pronoun stands for: the one its clause hangs on, but
    for "Lawyers for Ruth Hart, who is accused of fraud, said ...": the parser
    hangs the clause set off by commas on the head of the phrase, when it is
    about the person named right before it. Unless the clause's verb says it
    is about more than one, and that one is not ("Friends of Ana Ruiz, who
    were at the trial")."""
    head = pronoun.head.head
    if pronoun.i < 2 or pronoun.doc[pronoun.i - 1].text != ",":
        return head
    nearest = pronoun.doc[pronoun.i - 2]
    while nearest.dep_ in ("compound", "flat") and nearest.head.i > nearest.i:
        nearest = nearest.head
    if nearest.i == head.i or nearest.dep_ != "pobj" or nearest.head.head.i != head.i \
            or nearest.ent_type_ != "PERSON" or head.ent_type_ == "PERSON":
        return head
    verb = pronoun.head
    verbs = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return head if any(t.tag_ == "VBP" or t.lower_ in ("were", "are") for t in verbs) else nearest


def names_a_document(tok: Any) -> bool:
    """Is this noun one for a document, as written or by its lemma ("figures",
    whose lemma "figure" is also a person: "a senior figure")?"""
    return tok.lemma_.lower() in cues.DOCUMENT_NOUNS or tok.lower_ in cues.DOCUMENT_NOUNS


def is_source_like(tok: Any) -> bool:
    """Could this token head a source? A speech verb needs a speaker, so any noun
    or personal pronoun will do; expletives and numbers will not."""
    if tok.lower_ == "those" and any(c.dep_ in ("amod", "acl", "relcl", "prep") and c.i > tok.i
                                     for c in tok.children):
        return True  # "those close to him", "those familiar with the talks", "those who ..."
    if tok.dep_ == "expl" or tok.lower_ in ("there", "what", "this", "these", "those"):
        return False
    if tok.pos_ == "PRON" or is_pair(tok):
        return True
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if tok.pos_ != "NOUN":
        return False
    if misread_name(tok):
        return True
    lemma = tok.lemma_.lower()
    if (lemma in cues.PEOPLE_NOUNS or lemma in cues.ORG_NOUNS or lemma in cues.GROUP_NOUNS
            or tok.lower_ in cues.GROUP_NOUNS or names_a_document(tok) or lemma in cues.PLACE_NOUNS):
        return True
    if any(c.dep_ == "compound" and c.ent_type_ in ("ORG", "PERSON") for c in tok.children):
        return True  # "the Gannett newspaper chain", "the Dole camp": a named body
    # nouns for people by what they do: "engineer", "farmer", "economist", "spokesman"
    # (a critic, a medic; but politics, economics are fields)
    return bool(lemma.endswith(_AGENT_SUFFIXES)) and not tok.lower_.endswith("ics")


_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee", "eur", "crat", "ive",
                   "ary", "ic", "ster", "ess")


def quote_spanning(ix: Index, a: int, b: int) -> Quote | None:
    # (a quotation that spans [a, b) starts before a and ends at b - 1 or later)
    for q in ix.quotes_overlapping(b - 2, a + 1):
        if q.inner_start <= a and b <= q.inner_end + 1:
            return q
    return None


def units_for(ix: Index, spans: list[tuple[int, int]], extra_tokens: list[int]) -> tuple[int, ...]:
    found = {ix.unit_of[i] for i in extra_tokens}
    for a, b in spans:
        found.update(ix.units_overlapping(a, b))
    return tuple(sorted(found))

