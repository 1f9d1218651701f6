"""Claim or statement: is an attribution something a fact-checker could check?

The sidecar keeps two kinds of attributed speech apart (README, "Claims, denials
and statements"):

- a **claim** asserts that something happened or is the case: what someone says
  happened, allegations, accusations, blame, reports and findings, assessments
  presented as fact ("our assessment is that China is abiding by ...");
- a **statement** is any other attributed speech: announcements of what someone
  will do, intentions and plans, predictions and warnings of what would follow,
  opinions and evaluations ("was not a good idea", "nowhere near enough", "a
  concern"), labels ("called it a matter of public health"), appeals and demands,
  praise and condemnation, feelings, wishes and prayers, and what a speaker says
  they are doing about something ("we are working closely with ...").

The line is the one a fact-checker draws: could a reader go and find out
whether it is true? A prediction, a promise or a judgement cannot be found out
today; a past or present state of affairs can. Two things override the wording,
and are decided by the caller: an attribution that a denial answers is always a
claim (someone disputes it), and one that restates a claim joins it.

Decision, in order (`is_claim`):

1. The family: hedges ("alleged", "reportedly") and "according to" are reports,
   so claims; the weak families of stance verbs and adjectives ("endorsed",
   "backed", "was critical of") are statements, unless their verb is a claim cue
   ("blamed"); a nominal cue is a claim when its noun is a claim ("his claim
   that ...", "the finding that ...") and a statement otherwise ("her plan to ...").
2. The cue: claim cues (claim, allege, accuse, blame, report, reveal, confirm,
   admit, find, show, estimate ...) make a claim whatever follows; statement cues
   (promise, urge, demand, ask, propose, praise, condemn, criticise, hope, want,
   plan, endorse, defend ...) make a statement; a labelling cue with a label and
   no clause ("called it X", "described X as Y") is an evaluation.
3. Otherwise ("said", "told", "added", "warned", "announced", quotations,
   headlines) the content decides: it is a claim when at least one of its clauses
   (each sentence's main verb and the verbs coordinated with it) asserts a fact. A
   clause does not when it is a question; is an imperative; has a modal of
   future, possibility or duty ("will", "would", "should", "must", "might",
   "may", "could" unless negated: "could not find" reports a fact); is "is to",
   "going to", "needs to" or "has to"; has a verb of intent ("plans to", "wants",
   "hopes"); is an ongoing effort of the speaker's ("we are working with ...",
   "she was considering it"); is a first-person act or feeling ("we condemn",
   "I believe in ..."); or predicates an evaluation, a feeling or uncertainty of its
   subject ("was not a good idea", "is a concern", "could be inevitable", "it is
   unclear"). A clause of saying or thinking ("I think X", "we have told Beijing
   that X") is decided by X. Content without any clause (a noun phrase: "announced
   the measure") asserts nothing checkable.

Wrong either way costs little: both kinds are kept, with the same actor and
evidence, and an editor can move an item between the lists.
"""

from __future__ import annotations

from typing import Any

from . import cues
from .cues import words
from .index import Index
from .records import Attribution

_SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj")
_FIRST_PERSON = frozenset({"i", "we"})
# In reported speech the speaker's "I" and "we" become "he", "she", "they".
_SELF = _FIRST_PERSON | frozenset({"he", "she", "they"})
_BE_FORMS = frozenset({"is", "are", "am", "was", "were", "been", "'re", "'m", "'s"})
_CLAIM_NOUNS = words("""
claim allegation accusation charge assertion finding findings conclusion assessment admission
denial report estimate theory contention acknowledgment acknowledgement
""")
# What a subject can "have" that is a stance, not a fact: "we have the right to ...".
_STANCE_NOUNS = words("right duty obligation responsibility intention plan hope hopes confidence faith "
                          "concern concerns doubt doubts fear fears wish desire")
# Cues of advice: what follows is advice unless it is in the past.
_MANDATIVE = frozenset({"suggest", "insist"})
_RECURSE = cues.SPEECH_VERBS | cues.CLAUSE_VERBS | frozenset({"communicate"})


def is_claim(doc: Any, ix: Index, st: Attribution) -> bool:
    """True when the attribution asserts something checkable (see the module)."""
    lemma = st.cue_lemma
    if st.kind in ("hedge", "according", "charge"):
        return True
    if st.negated:
        return False  # "has not admitted the error" asserts no error
    if st.kind == "action":
        return lemma in cues.CLAIM_CUES
    if st.kind == "nominal":
        return lemma in _CLAIM_NOUNS
    if lemma in cues.CLAIM_CUES:
        return True
    if lemma in cues.STATEMENT_CUES:
        return False
    tokens = _content_tokens(doc, st)
    if lemma in cues.LABELLING and (st.obj is not None or not _clauses(ix, tokens)):
        return False
    clauses = _clauses(ix, tokens)
    if lemma in _MANDATIVE:
        # "suggested people think about it" is advice; "suggested the data was
        # altered" reports a past fact
        clauses = [c for c in clauses if _past(c)]
    return any(_asserts(doc, ix, c, depth=0) for c in clauses)


# Verbs that put a question: "asked if the minister had resigned".
_QUESTIONING = words("ask wonder inquire enquire query question")
_QUESTION_WORDS = ("if", "whether", "who", "what", "why", "how", "when", "where", "which")


def is_question(ix: Index, st: Attribution) -> bool:
    """"Reporters asked if the minister had said the plan was dead": what a
    question puts is nobody's claim, the asker's least of all."""
    first = ix.text[st.start:].split(maxsplit=1)
    return st.cue_lemma in _QUESTIONING and bool(first) and first[0].lower() in _QUESTION_WORDS


def _past(verb: Any) -> bool:
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children) \
        or verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _content_tokens(doc: Any, st: Attribution) -> list[Any]:
    out: list[Any] = []
    for a, b in st.content:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            out.extend(t for t in span if not t.is_space)
    return out


def _clauses(ix: Index, tokens: list[Any]) -> list[Any]:
    """The main clause of each sentence of the content: the first of the verbs
    whose head lies outside it (a sentence root, or the complement of the cue)
    and of the clauses spliced before such a verb with a comma ("China was
    aware ..., they may not have understood ...", which the parser hangs on the
    second verb). Verbs coordinated with it are left out: the parser often
    coordinates a subordinate clause it failed to place, and the main clause
    carries what a sentence asserts."""
    inside = {t.i for t in tokens}
    first: dict[int, Any] = {}
    for t in tokens:
        if t.pos_ not in ("VERB", "AUX") or (t.head.i in inside and t.head.i != t.i):
            continue
        for c in [t, *(c for c in t.children if c.dep_ == "ccomp" and c.i < t.i and c.i in inside
                       and c.pos_ in ("VERB", "AUX"))]:
            unit = ix.unit_of[c.i]
            if unit not in first or c.i < first[unit].i:
                first[unit] = c
    return [first[u] for u in sorted(first)]


def _subject(verb: Any) -> Any | None:
    for c in verb.children:
        if c.dep_ in _SUBJECTS:
            return c
    # a coordinated verb shares its subject: "we warn ... and will strike"
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _asserts(doc: Any, ix: Index, verb: Any, depth: int) -> bool:
    """Does this clause state a fact (rule 3 of the module)?"""
    subj = _subject(verb)
    subj_word = subj.lower_ if subj is not None else ""
    children = list(verb.children)
    aux = [c for c in children if c.dep_ in ("aux", "auxpass")]
    aux_words = {c.lower_ for c in aux}
    lemma = cues.lemma_of(verb)
    if ix.question_in(verb.i, ix.units[ix.unit_of[verb.i]].tok_end):
        return False
    if verb.tag_ == "VB" and (subj is None and not aux or "to" in aux_words):
        return False  # imperative ("Go home"), what is to be done or expected ("expects profits to rise")
    modals = {c.lower_ for c in aux if c.tag_ == "MD"}
    if modals & cues.NON_FACTUAL_MODALS:
        return False
    if "could" in modals and not any(c.dep_ == "neg" for c in children):
        return False
    xcomp_to = [c for c in children if c.dep_ == "xcomp"
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    if xcomp_to and (lemma in ("be", "need") or lemma == "have" and verb.tag_ in ("VBZ", "VBP", "VB")
                     or lemma == "go" and verb.tag_ == "VBG"):
        return False  # "is to send", "needs to respect", "has to go", "is going to"
    if lemma in cues.INTENT_VERBS and (xcomp_to or any(c.dep_ == "ccomp" for c in children)
                                       or subj_word in _FIRST_PERSON):
        return False
    if subj_word in _SELF and verb.tag_ == "VBG" and aux_words & _BE_FORMS and lemma in cues.EFFORT_VERBS:
        return False  # "we are working with ...", "she was considering it"
    if subj_word in _FIRST_PERSON and verb.tag_ in ("VBP", "VB") and lemma in cues.PERFORMATIVE_VERBS \
            and not any(c.dep_ == "ccomp" for c in children):
        return False  # "we condemn ...", "I believe in ..."
    if subj_word in _SELF and (lemma in cues.FEELINGS or verb.lower_ in cues.FEELINGS):
        return False  # "we are deeply saddened by the loss"
    if lemma in cues.COPULAS and _evaluative(verb):
        return False
    if lemma == "have" and any(c.dep_ == "dobj" and c.lemma_.lower() in _STANCE_NOUNS for c in children):
        return False  # "we have the right to strike back"
    if lemma in _RECURSE and depth < 3:
        inner = [c for c in children if c.dep_ == "ccomp"]
        if inner:
            return any(_asserts(doc, ix, c, depth + 1) for c in inner)
    return True


def _evaluative(verb: Any) -> bool:
    """"was not a good idea", "nowhere near enough", "is a concern", "remain"
    with questions as subject."""
    for c in verb.children:
        if c.dep_ in ("acomp", "attr", "oprd"):
            if c.lemma_.lower() in cues.EVALUATIVE or c.lower_ in cues.EVALUATIVE:
                return True
            if any(m.dep_ in ("amod", "advmod", "compound") and m.lemma_.lower() in cues.EVALUATIVE
                   for m in c.children):
                return True
        if c.dep_ == "nsubj" and verb.lemma_.lower() == "remain" and c.lemma_.lower() in ("question", "doubt"):
            return True
    return False
