"""Finding attributed statements: who (source), by what word (cue), says what
(content), and in which sentences (evidence).

Each rule family is one function returning `Statement` records that hold only
token indices, character offsets and strings, so nothing here keeps a spaCy
object alive. Families:

- verb cues: "X said/told CNN/denied/warned that ...", "..., he added";
- "according to X";
- "X: content" headlines;
- hedged assertions with no source ("an alleged takeover");
- a colon introducing the next paragraph ("denied these allegations:");
- quotations that continue a speaker's words without a cue of their own.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import Any

from . import cues
from .text import Quote, Unit

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CLAUSE = ("ccomp",)
_EDGE_PUNCT = set(",;:—–-\"“”'‘’()")


@dataclass(frozen=True)
class Statement:
    kind: str  # verb | according | headline | hedge | colon | continuation
    cue: int | None  # token index of the cue word
    cue_lemma: str
    source_heads: tuple[int, ...]  # token index of each source's head (several for "X and Y said")
    content: tuple[tuple[int, int], ...]  # character spans
    units: tuple[int, ...]  # sentence units that carry it (evidence)
    negated: bool = False
    passive: bool = False
    obj: int | None = None  # direct object of the cue, when it has one
    quoted: bool = False  # the content is (mostly) a quotation
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def start(self) -> int:
        return min(a for a, _ in self.content)


def content_text(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    parts = []
    for a, b in spans:
        s = text[a:b].strip()
        s = s.strip("".join(_EDGE_PUNCT) + " ")
        s = re.sub(r"^(that|whether|if)[\s,]+", "", s, flags=re.I)
        # a quotation that ends the content keeps its closing mark: 'is a “concern”'
        if s.count("“") > s.count("”"):
            s += "”"
        elif s.count('"') % 2:
            s += '"'
        if s:
            parts.append(s)
    return " … ".join(parts)


class Index:
    """Lookups shared by the rules, built once per Doc (linear in its length).

    Rules ask about one statement at a time; they look things up here (by
    bisection over sorted offsets) rather than walking every token, unit or
    quotation of the Doc, so that a long article or a long sentence costs time
    in proportion to its length."""

    def __init__(self, doc: Any, units: list[Unit], quotes: list[Quote], text: str | None = None,
                 tokens: list[Any] | None = None):
        self.doc = doc
        self.units = units
        self.quotes = quotes
        # the tokens, made once: Doc.__iter__ and Doc[i] make a new Token each time
        self.tokens = tokens if tokens is not None else list(doc)
        n = len(doc)
        self.unit_of = [0] * n
        for u in units:
            for i in range(u.tok_start, u.tok_end):
                self.unit_of[i] = u.index
        # tokens before the first unit (leading whitespace) belong to unit 0
        self.title_end = units[0].tok_end if units else 0
        self.text = text if text is not None else doc.text  # Doc.text rebuilds the string on every access
        self.tok_idx = [t.idx for t in self.tokens]  # character offset of each token, ascending
        self.unit_starts = [u.start for u in units]
        self.unit_ends = [u.end for u in units]
        # last unit of each paragraph
        self.para_last: dict[int, int] = {u.para: u.index for u in units}
        # Quotations never nest, so both their starts and their ends ascend.
        self.quote_starts = [q.start for q in quotes]
        self.quote_ends = [q.end for q in quotes]
        self.questions = [t.i for t in self.tokens if t.text == "?"]
        self._children: tuple[list[list[int]], list[list[int]]] | None = None  # for subtree(), made when needed
        self.quote_of = [-1] * n
        qi = 0
        for tok in self.tokens:
            while qi < len(quotes) and quotes[qi].end <= tok.idx:
                qi += 1
            if qi < len(quotes) and quotes[qi].start <= tok.idx < quotes[qi].end:
                # the marks themselves count as outside
                if quotes[qi].inner_start <= tok.idx < quotes[qi].inner_end:
                    self.quote_of[tok.i] = qi

    def para(self, i: int) -> int:
        return self.units[self.unit_of[i]].para

    def in_quote(self, i: int) -> bool:
        return self.quote_of[i] >= 0

    def subtree(self, tok: Any) -> list[Any]:
        """tok.subtree, the same tokens in the same order. Token.subtree nests
        one generator per level of the tree, so reading a deep subtree (a long
        chain of clauses) costs its size times its depth; this costs its size.
        (A small subtree is read the usual way, which is quicker.)"""
        if tok.right_edge.i - tok.left_edge.i < 64:
            return list(tok.subtree)
        if self._children is None:
            # each token's children left and right of it, as Token.lefts and
            # Token.rights give them (those within the token's edges)
            lefts: list[list[int]] = [[] for _ in self.tokens]
            rights: list[list[int]] = [[] for _ in self.tokens]
            left_edge = [t.left_edge.i for t in self.tokens]
            right_edge = [t.right_edge.i for t in self.tokens]
            for t in self.tokens:
                h = t.head.i
                if left_edge[h] <= t.i < h:
                    lefts[h].append(t.i)
                elif h < t.i <= right_edge[h]:
                    rights[h].append(t.i)
            self._children = (lefts, rights)
        lefts, rights = self._children
        toks = self.tokens
        out = []
        stack: list[tuple[int, bool]] = [(tok.i, False)]
        while stack:
            i, visited = stack.pop()
            if visited:
                out.append(toks[i])
                continue
            stack.extend((r, False) for r in reversed(rights[i]))
            stack.append((i, True))
            stack.extend((c, False) for c in reversed(lefts[i]))
        return out

    def tokens_between(self, a: int, b: int) -> range:
        """Indices of the tokens that start at a character offset in [a, b)."""
        return range(bisect_left(self.tok_idx, a), bisect_left(self.tok_idx, b))

    def units_overlapping(self, a: int, b: int) -> range:
        """Indices of the units that share a character with [a, b)."""
        return range(bisect_right(self.unit_ends, a), bisect_left(self.unit_starts, b))

    def quotes_overlapping(self, a: int, b: int) -> list[Quote]:
        """The quotations, in order, that end after offset a and start before b."""
        return self.quotes[bisect_right(self.quote_ends, a):bisect_left(self.quote_starts, b)]

    def question_in(self, start: int, end: int) -> bool:
        """Is there a question mark among tokens start..end-1?"""
        k = bisect_left(self.questions, start)
        return k < len(self.questions) and self.questions[k] < end


# --- helpers over the parse ------------------------------------------------------

def _children(tok: Any, *deps: str) -> list[Any]:
    return [c for c in tok.children if c.dep_ in deps]


def _negated(tok: Any) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ in ("xcomp", "ccomp") and head.i != tok.i:
        if head.lemma_.lower() in cues.CANCELLING:
            return True
        if head.lemma_.lower() in ("be", "have") and any(c.dep_ == "neg" for c in head.children):
            return True
    return False


def _subject_heads(tok: Any, title_end: int = 0) -> tuple[list[Any], bool]:
    """The source heads of a cue verb and whether it is passive. Participles and
    infinitives take the subject of the verb they hang from ("posted a message,
    saying ...", "went on to deny ...")."""
    seen = 0
    cur = tok
    while seen < 4:
        seen += 1
        # "Mayor accused of taking bribes": a headline's bare participle is passive
        headlinese = (cur.tag_ == "VBN" and cur.dep_ == "ROOT" and cur.i < title_end
                      and not any(c.dep_ in ("aux", "auxpass") for c in cur.children))
        subj = _children(cur, "nsubj", "csubj")
        if len(subj) > 1:
            # '"... Full panic mode," said Ana Ruiz': the end of a quotation taken
            # for a second subject; the one that can speak is the speaker
            subj = [h for h in subj if _is_source_like(h)] or subj
        if subj and not headlinese:
            return _expand_conj(subj[0]), False
        subjpass = _children(cur, "nsubjpass")
        if subjpass or headlinese or any(c.dep_ == "auxpass" for c in cur.children):
            agents = [p for c in _children(cur, "agent") for p in c.children if p.dep_ == "pobj"]
            if subjpass and not agents and cur.i != tok.i and cur.lemma_.lower() in cues.PERCEIVED:
                # "X can be heard yelling that ...", "X was quoted as saying ...":
                # the one heard or quoted speaks
                return _expand_conj(subjpass[0]), False
            return (_expand_conj(agents[0]) if agents else []), True
        if cur.dep_ == "pcomp" and cur.tag_ == "VBG" and cur.head.lower_ == "as" and cur.head.head.pos_ == "VERB":
            cur = cur.head.head  # "was quoted as saying"
            continue
        if cur.dep_ == "conj" and cur.lemma_.lower() in cues.SPEECH_VERBS and cur.head.dep_ == "ccomp" \
                and cur.head.head.lemma_.lower() in cues.SPEECH_VERBS:
            # "They claimed A was X and claim B": the parser hangs the second cue
            # on the first one's clause; it goes with the first cue
            cur = cur.head.head
            continue
        if cur.dep_ in ("xcomp", "advcl", "conj", "acl") and cur.head.i != cur.i:
            if cur.dep_ == "acl" and cur.tag_ == "VBN":
                return [], True
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


_QUANTIFIERS = frozenset("many most some all several few both each none half one two three four five dozens "
                         "hundreds thousands majority minority".split())


def _partitive(h: Any) -> Any:
    """"most of whom say", "many of the nurses said", "a majority of voters
    said": the ones the quantifier picks from speak: the noun the relative
    clause is about, or the object of "of"."""
    if h.lower_ not in _QUANTIFIERS:
        return h
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


def _expand_conj(head: Any) -> list[Any]:
    """"X and Y said": both are sources. "X, director of A, and Y, consultant of
    B" hangs Y on X's apposition, so look there too."""
    out = [head]
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            out.extend(_expand_conj(c))
        elif c.dep_ == "appos":
            for cc in c.children:
                if cc.dep_ == "conj" and cc.pos_ == "PROPN" and cc.ent_type_ == "PERSON":
                    out.extend(_expand_conj(cc))
    return out


def _span_of(tokens: list[Any]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _subtree_span(tok: Any, exclude: set[int] | None = None, para: int | None = None,
                  ix: Index | None = None) -> tuple[int, int] | None:
    same_para = para is not None and ix is not None
    toks = [t for t in (ix.subtree(tok) if ix is not None else tok.subtree) if (not exclude or t.i not in exclude)
            and (not same_para or ix.para(t.i) == para) and not t.is_space]  # type: ignore[union-attr]
    a, b = 0, len(toks)
    while a < b and toks[a].is_punct and toks[a].text not in "“\"‘(":
        a += 1
    while b > a and (toks[b - 1].is_punct and toks[b - 1].text not in "”\"’)" or toks[b - 1].dep_ == "cc"):
        b -= 1  # (and a conjunction left hanging: "to come out of the car and")
    if a == b:
        return None
    return toks[a].idx, toks[b - 1].idx + len(toks[b - 1])


def _is_source_like(tok: Any) -> bool:
    """Could this token head a source? A speech verb needs a speaker, so any noun
    or personal pronoun will do; expletives and numbers will not."""
    if tok.lower_ == "those" and any(c.dep_ in ("amod", "acl", "relcl", "prep") and c.i > tok.i
                                     for c in tok.children):
        return True  # "those close to him", "those familiar with the talks", "those who ..."
    if tok.dep_ == "expl" or tok.lower_ in ("there", "what", "this", "these", "those"):
        return False
    if tok.pos_ == "PRON":
        return True
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    if (lemma in cues.PERSON_ROLE_NOUNS or lemma in cues.ORG_NOUNS or lemma in cues.GROUP_NOUNS
            or lemma in cues.DOCUMENT_NOUNS or tok.lower_ in cues.GROUP_NOUNS or lemma in cues.KIN_NOUNS):
        return True
    if any(c.dep_ == "compound" and c.ent_type_ in ("ORG", "PERSON") for c in tok.children):
        return True  # "the Gannett newspaper chain", "the Dole camp": a named body
    # nouns for people by what they do: "engineer", "farmer", "economist", "spokesman"
    return lemma.endswith(_AGENT_SUFFIXES)


_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee", "eur", "crat", "ive",
                   "ary", "ic", "ster", "ess")


def _quote_spanning(ix: Index, a: int, b: int) -> Quote | None:
    # (a quotation that spans [a, b) starts before a and ends at b - 1 or later)
    for q in ix.quotes_overlapping(b - 2, a + 1):
        if q.inner_start <= a and b <= q.inner_end + 1:
            return q
    return None


def _units_for(ix: Index, spans: list[tuple[int, int]], extra_tokens: list[int]) -> tuple[int, ...]:
    found = {ix.unit_of[i] for i in extra_tokens}
    for a, b in spans:
        found.update(ix.units_overlapping(a, b))
    return tuple(sorted(found))


# --- rule families ----------------------------------------------------------------

# Verbs of thought whose infinitive says what is wanted or agreed ("plans to ...",
# "agreed to ...").
_INTENT_XCOMP = frozenset("want plan intend decide hope wish expect agree".split())


# Verbs of perception: with a bare infinitive or a participle ("saw him get out",
# "heard them shouting") they report an event witnessed, not a statement.
_PERCEPTION = frozenset("see hear watch notice observe".split())


def _verb_cues(ix: Index) -> list[Statement]:
    doc = ix.doc
    out = []
    for tok in ix.tokens:
        if tok.pos_ not in ("VERB", "AUX") and not (tok.tag_.startswith("VB")):
            continue
        lemma = tok.lemma_.lower()
        if lemma not in cues.SPEECH_VERBS and lemma not in cues.CLAUSE_VERBS:
            continue
        if ix.in_quote(tok.i):
            continue  # the speaker's own words, not the article's attribution
        if lemma in ("decline", "refuse") and any(c.dep_ == "xcomp" for c in tok.children):
            continue  # the verb under it is the cue, and is cancelled
        if lemma in _PERCEPTION and any(c.dep_ == "ccomp" and c.tag_ in ("VB", "VBG") and not _children(c, "mark", "aux")
                                        for c in tok.children):
            continue  # "officers saw him get out of the car": an event seen, not a view
        subjects, passive = _subject_heads(tok, ix.title_end)
        # "most of whom say": the one a group that speaks is made of is someone,
        # whatever the noun for the group
        subjects = [h for h in subjects if _is_source_like(h) or _partitive(h) is not h]
        heads = [h if _is_source_like(h) else _partitive(h) for h in subjects]
        if all(ix.in_quote(h.i) for h in heads) and not passive:
            # no subject, or one inside quotation marks, which is a title or
            # someone's words, never the speaker: '"...," Ana Ruiz, an aide,
            # said on "Fox and Friends."'
            heads = _speaker_before(ix, tok) or heads
        para = ix.para(tok.i)
        content: list[tuple[int, int]] = []
        obj = None
        quoted = False
        ccomps = [c for c in tok.children if c.dep_ in _CLAUSE and c.i != tok.i]
        if not ccomps and lemma in cues.SPEECH_VERBS:
            # "said after the convention he would not ...": the parser hangs the
            # reported clause as an adverbial; one with its own subject and no
            # conjunction of its own is what was said
            ccomps = [c for c in tok.children if c.dep_ in ("advcl", "parataxis") and c.i > tok.i
                      and c.pos_ in ("VERB", "AUX") and _children(c, "nsubj", "nsubjpass", "expl")
                      and not any(m.dep_ == "mark" and m.lower_ != "that" for m in c.children)
                      and not ix.in_quote(c.i)]
        if not ccomps:
            ccomps = _clause_after_phrase(ix, tok)
        source_ids = {t.i for h in subjects for t in ix.subtree(h)}  # (the subject as written)
        if ccomps:
            # "While he acknowledged A, Ham noted B": a clause before the cue and
            # one introduced right after it; the one after is what is said
            after = [c for c in ccomps if c.i > tok.i and not ix.in_quote(c.i)
                     and (c.left_edge.lower_ == "that" or c.left_edge.i == tok.i + 1)]
            if after and ccomps[0].i < tok.i:
                ccomps = after + [c for c in ccomps if c.i != after[0].i]
            c = ccomps[0]
            span = _subtree_span(c, exclude=source_ids | _second_cue(c, lemma), para=para, ix=ix)
            if span:
                q = _quote_spanning(ix, *span) if ix.in_quote(c.i) else None
                if q is not None and (q.inner_end - q.inner_start) >= (span[1] - span[0]):
                    content.append((q.inner_start, q.inner_end))
                    quoted = True
                else:
                    content.append(span)
                    quoted = ix.in_quote(c.i)
        if not content:
            xcomps = _children(tok, "xcomp")
            if xcomps and (lemma in cues.SPEECH_VERBS or lemma in _INTENT_XCOMP):
                span = _subtree_span(xcomps[0], para=para, ix=ix)
                if span:
                    content.append(span)
        findings = lemma in ("find", "show") and _document_subject(tok)
        if not content and (lemma not in cues.CLAUSE_VERBS or findings):
            content, obj = _object_content(ix, tok, lemma, para)
        if not content:
            content, quoted = _adjacent_quote(ix, tok)
        if not content:
            content = _dependent_cue_content(ix, tok, heads)
        if not content:
            content = _colon_content(ix, tok)
            if content:
                quoted = False
        if passive and not heads and lemma in ("accuse", "allege", "charge", "suspect", "claim", "report",
                                                "say", "rumor", "rumour", "believe", "think", "tell"):
            # "X was accused of Y", "Mayor accused of taking bribes": nobody is
            # named; what is alleged is the whole clause
            span = _subtree_span(tok, para=para, ix=ix)
            if span:
                content = [span]
        if not content and passive and heads:
            # "the story was first reported by the Post": what the agent said is the subject
            subj = _children(tok, "nsubjpass")
            span = _subtree_span(subj[0], para=para, ix=ix) if subj else None
            if span:
                content = [span]
        if not content:
            continue
        if not heads and not passive:
            continue
        if lemma in cues.CLAUSE_VERBS and not ccomps and lemma not in _INTENT_XCOMP and not findings:
            if not quoted:
                continue
        if content and quoted:
            # a quote that runs over several sentences is one statement
            q = _quote_spanning(ix, *content[0])
            if q is not None:
                content = [(q.inner_start, q.inner_end)]
            if content[-1][1] <= tok.idx:
                # '"A," he said, "B."': the quotation goes on after the cue
                rest = _quote_resumed(ix, tok, para)
                if rest is not None:
                    content = [*content, rest]
        extra_toks = [tok.i] + [h.i for h in heads if ix.para(h.i) == para]
        units = _units_for(ix, content, extra_toks)
        out.append(Statement("verb", tok.i, lemma, tuple(h.i for h in heads), tuple(content), units,
                             negated=_negated(tok), passive=passive, obj=obj, quoted=quoted))
        if content[-1][1] <= tok.idx:
            # "A will happen, Ruiz said: 'B.'": the quotation after the colon is
            # said too, a statement of its own
            after = _quote_after_colon(ix, tok)
            if after is not None:
                out.append(Statement("verb", tok.i, lemma, tuple(h.i for h in heads), (after,),
                                     _units_for(ix, [after], extra_toks), negated=_negated(tok),
                                     quoted=True, extra={"conjunct": True}))
        if ccomps and not quoted:
            # "X claims that A and B happened": the parser often hangs "B" on the
            # cue rather than inside the clause; it is a second thing claimed.
            for c in tok.children:
                if c.dep_ == "conj" and c.i > ccomps[0].i and c.pos_ in ("VERB", "AUX") \
                        and _children(c, "nsubj", "nsubjpass") and not _children(c, "mark") \
                        and c.lemma_.lower() not in cues.SPEECH_VERBS \
                        and ix.unit_of[c.i] == ix.unit_of[tok.i]:
                    span = _subtree_span(c, para=para, ix=ix)
                    if span:
                        out.append(Statement("verb", tok.i, lemma, tuple(h.i for h in heads), (span,),
                                             _units_for(ix, [span], extra_toks), negated=_negated(tok),
                                             passive=passive, extra={"conjunct": True}))
    return out


def _second_cue(clause: Any, lemma: str) -> set[int]:
    """"said he would order a review and warned against hackers": a report verb
    without a subject that the parser joins to the reported clause is the
    speaker's next statement (its own cue, see `_subject_heads`), not part of
    the first one; the tokens from its "and" on. The same verb again ("claimed
    A and claim B") goes on with one account."""
    for k in clause.children:
        if k.dep_ == "conj" and k.i > clause.i and k.lemma_.lower() in cues.SPEECH_VERBS \
                and k.lemma_.lower() != lemma \
                and not _children(k, "nsubj", "nsubjpass"):
            cc = [t for t in clause.children if t.dep_ in ("cc", "punct") and t.i < k.i and t.i > clause.i]
            start = min([t.i for t in cc if t.i >= k.left_edge.i - 2] + [k.left_edge.i])
            return set(range(start, k.right_edge.i + 1))
    return set()


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
                    and any(m.dep_ == "mark" and m.i == c.left_edge.i for m in c.children) \
                    and not ix.in_quote(c.i):
                return [c]
    return []


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
        if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN") and _is_source_like(t):
            return _expand_conj(t)
    return []


def _document_subject(tok: Any) -> bool:
    subj = _children(tok, "nsubj")
    return bool(subj) and (subj[0].lemma_.lower() in cues.DOCUMENT_NOUNS or subj[0].lemma_.lower() in cues.ORG_NOUNS)


_NOT_CONTENT_PREPS = frozenset("in on at during after before since to with from by through via amid over "
                               "despite under within across".split())


# Speech verbs whose object can be the one spoken to ("told reporters").
_ADDRESSING = frozenset("tell inform brief assure warn remind".split())


def _addressee(tok: Any) -> bool:
    """Is this object someone spoken to: a person, a pronoun for people, or a
    noun for people ("reporters", "a dispatcher")?"""
    if tok.lower_ in ("him", "her", "them", "us", "me", "you"):
        return True
    if tok.ent_type_ in ("PERSON", "NORP"):
        return True
    lemma = tok.lemma_.lower()
    return tok.pos_ == "NOUN" and (lemma in cues.PERSON_ROLE_NOUNS or lemma in cues.GROUP_NOUNS
                                   or lemma.endswith(("er", "or", "ist", "ian")))


def _object_content(ix: Index, tok: Any, lemma: str, para: int) -> tuple[list[tuple[int, int]], int | None]:
    """The object of a speech verb as its content: "denied the report", "accused
    the US of ...", "called the reports baseless", "called for ...". Verbs that
    need a clause take an object only with a label or an "as"-phrase, so "asked
    China for help" and "added sugar" are not statements."""
    dobjs = _children(tok, "dobj")
    if lemma in _ADDRESSING and dobjs and _addressee(dobjs[0]):
        # "told a dispatcher", "informed them": to whom, not what; but "told a
        # dispatcher that the barn was on fire" with the clause hung on the noun
        # says what
        told = [c for c in dobjs[0].children if c.dep_ in ("acl", "relcl") and _children(c, "nsubj", "nsubjpass")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        if told:
            toks = _trim_end(_tokens_under(ix, told[:1], para))
            toks = [t for t in toks if not (t.dep_ == "mark" and t.head.i == told[0].i)]
            return ([_span_of(toks)] if toks else []), None
        dobjs = []
    obj = dobjs[0].i if dobjs else None
    labels = _children(tok, "oprd", "xcomp", "acomp")
    as_preps = [p for p in tok.children if p.dep_ == "prep" and p.lower_ == "as"]
    parts: list[Any] = []
    if lemma in cues.NEEDS_CLAUSE:
        if lemma in ("find", "show") and dobjs and _document_subject(tok):
            # "a 2014 study found 31 incidents", "the poll shows Clinton with a lead"
            parts = dobjs + _children(tok, "oprd") + [p for p in tok.children if p.dep_ == "prep" and p.i > tok.i
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
        elif dobjs and lemma in cues.LABEL_VERBS and {t.lower_ for t in ix.subtree(dobjs[0])} & cues.DISMISSIVE:
            parts = dobjs  # 'branded the claims "nonsense"' parsed with the label as object
        elif lemma in ("attack", "defend", "question", "challenge", "charge", "describe", "cite") and dobjs:
            parts = dobjs + [p for p in tok.children if p.dep_ == "prep" and p.lower_ in ("as", "for", "of")]
    elif dobjs:
        parts = dobjs + labels + [p for p in tok.children if p.dep_ in ("prep", "dative") and p.i > tok.i
                                  and p.lower_ not in _NOT_CONTENT_PREPS]
    elif lemma in ("call", "press", "push"):
        parts = [p for p in tok.children if p.dep_ in ("prep", "prt") and p.lower_ in ("for", "on")]
    else:
        # "warned against hackers", "complained about his microphone": what it is about
        parts = [p for p in tok.children if p.dep_ == "prep" and p.i > tok.i and p.lower_ in ("about", "against", "over", "on")
                 and not _circumstance(p)][:1]
    if not parts:
        return [], obj
    toks = _tokens_under(ix, parts, para)
    while toks and toks[-1].is_punct and toks[-1].text not in "”\"’":
        toks.pop()
    if not toks:
        return [], obj
    return [_span_of(toks)], obj


def _tokens_under(ix: Index, parts: list[Any], para: int) -> list[Any]:
    """The tokens under `parts` that lie in paragraph `para`, in order, without spaces."""
    return sorted({t for p in parts for t in ix.subtree(p) if ix.para(t.i) == para and not t.is_space},
                  key=lambda t: t.i)


def _circumstance(prep: Any) -> bool:
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


def _trim_end(toks: list[Any]) -> list[Any]:
    """Without the punctuation that ends them."""
    while toks and toks[-1].is_punct:
        toks.pop()
    return toks


_ACTION_STOP = frozenset("""
be have do get go come become seem appear happen take give let begin start keep remain stay live die
win lose move leave arrive return meet visit travel sit stand walk fall rise grow spend pay buy sell use
work hold put set include need face receive look run play turn bring carry hit kill fight serve lead
join open close build help try own earn raise cut drop end follow watch read reach allow cause
ride fly drive sail climb jump shave dig drill throw shoot attach install hire employ acquire purchase
lease rent hand pick create found form host summon convene assemble lack occupy represent pause
""".split())


# Verbs that liken one thing to another: what it is likened to is part of the view.
_LIKENING = frozenset("liken compare equate link tie connect attribute".split())


def _strong_source(ix: Index, h: Any) -> bool:
    """A subject that is surely someone: a named person or organisation, a
    personal pronoun outside quotes, or a noun for people."""
    if h.lower_ in ("he", "she", "they", "we", "who") and not ix.in_quote(h.i):
        return True
    if h.lower_ in ("which", "that") and h.head.dep_ == "relcl" and h.head.head.i != h.i:
        return _strong_source(ix, h.head.head)  # "a group that opposes ...": the group
    if h.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    lemma = h.lemma_.lower()
    return lemma in cues.PERSON_ROLE_NOUNS or lemma in cues.GROUP_NOUNS or lemma in cues.ORG_NOUNS


def _action_cues(ix: Index, taken: set[int]) -> list[Statement]:
    """What people and organisations do with words or stances beyond the speech
    lexicon ("Clinton laid out her proposals", "the paper endorsed X"): weak
    attributions, kept at low confidence."""
    doc = ix.doc
    out = []
    for tok in ix.tokens:
        if tok.i in taken or tok.pos_ != "VERB" or not tok.is_alpha or ix.in_quote(tok.i):
            continue
        lemma = tok.lemma_.lower()
        subj = _children(tok, "nsubj")
        agents = [p for c in _children(tok, "agent") for p in c.children if p.dep_ == "pobj"]
        if not subj and agents and lemma in cues.STANCE_VERBS and _strong_source(ix, agents[0]):
            # "Clinton has been endorsed by dozens of papers"
            target = _children(tok, "nsubjpass")
            span = _subtree_span(target[0], para=ix.para(tok.i), ix=ix) if target else None
            if span:
                out.append(Statement("action", tok.i, lemma, tuple(h.i for h in _expand_conj(agents[0])), (span,),
                                     _units_for(ix, [span], [tok.i]), negated=_negated(tok), passive=True))
            continue
        if not subj and tok.dep_ == "advcl" and tok.tag_ == "VBG" and lemma in cues.STANCE_VERBS \
                and tok.head.pos_ in ("VERB", "AUX"):
            # "..., painting Trump as a plutocrat": the participle's subject is its clause's
            subj = _children(tok.head, "nsubj")
        if not subj or not _strong_source(ix, subj[0]):
            continue
        if tok.tag_ == "VBN" and tok.dep_ == "ROOT" and tok.i < ix.title_end and not _children(tok, "aux", "auxpass"):
            continue  # headline passive: the subject is the one acted on
        if lemma not in cues.STANCE_VERBS:
            if lemma in _ACTION_STOP or lemma in cues.SPEECH_VERBS or lemma in cues.CLAUSE_VERBS:
                continue
            if subj[0].ent_type_ not in ("PERSON", "ORG") and subj[0].lower_ not in ("he", "she", "they"):
                continue
            if not _children(tok, "ccomp", "xcomp", "dobj"):
                continue
        para = ix.para(tok.i)
        parts = _children(tok, "ccomp", "xcomp", "dobj")
        stance_preps = [p for p in tok.children if p.dep_ == "prep" and p.i > tok.i
                        and p.lower_ in ("about", "against", "for", "on", "of", "at", "over")
                        and not _circumstance(p)]
        if not parts:
            parts = stance_preps
        elif len(ix.subtree(parts[0])) <= 2:
            parts = parts + stance_preps  # "chastised him for ...": the object alone says little
        if parts and parts[0].dep_ == "dobj":
            # "derided the deal as toothless", "likened the rules to burning the
            # Constitution": the object with what it is called or likened to
            parts = parts + [p for p in tok.children if p.dep_ == "prep" and p.i > parts[0].i
                             and (p.lower_ == "as" or p.lower_ == "to" and lemma in _LIKENING)]
        if not parts:
            continue
        toks = _trim_end(_tokens_under(ix, parts, para))
        if len(toks) < 2:
            continue
        span = _span_of(toks)
        heads = _expand_conj(subj[0])
        out.append(Statement("action", tok.i, lemma, tuple(h.i for h in heads), (span,),
                             _units_for(ix, [span], [tok.i]), negated=_negated(tok),
                             obj=parts[0].i if parts[0].dep_ == "dobj" else None))
    return out


def _stance_adjectives(ix: Index) -> list[Statement]:
    """"Clinton aides were confident that ...", "the senator has been critical
    of the deal": a stance stated with "be" and an adjective."""
    doc = ix.doc
    out = []
    for tok in ix.tokens:
        if tok.pos_ != "ADJ" or tok.lemma_.lower() not in cues.STANCE_ADJECTIVES or tok.dep_ != "acomp":
            continue
        verb = tok.head
        if ix.in_quote(tok.i) or verb.lemma_.lower() not in ("be", "become", "remain", "seem", "appear", "grow"):
            continue
        subj = _children(verb, "nsubj")
        if not subj or not _strong_source(ix, subj[0]):
            continue
        parts = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")
                 or c.dep_ == "prep" and c.lower_ in ("of", "about", "that", "on", "to", "with", "over")]
        if not parts:
            continue
        para = ix.para(tok.i)
        toks = _trim_end(_tokens_under(ix, parts, para))
        if len(toks) < 2:
            continue
        span = _span_of(toks)
        out.append(Statement("action", tok.i, tok.lemma_.lower(), tuple(h.i for h in _expand_conj(subj[0])),
                             (span,), _units_for(ix, [span], [tok.i]), negated=_negated(verb)))
    return out


_POSSESSIVE_SOURCES = frozenset({"his", "her", "their", "its"})


def _nominal_cues(ix: Index) -> list[Statement]:
    """"Clinton's plan to cap deductions", "his claim that the vote was rigged",
    "the senator's criticism of the deal": a statement noun whose owner is named
    or a pronoun, completed by a clause or an "of/about/on" phrase."""
    doc = ix.doc
    out = []
    for tok in ix.tokens:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in cues.NOMINAL_CUES or ix.in_quote(tok.i):
            continue
        owners = [c for c in tok.children if c.dep_ == "poss"]
        if not owners:
            owners = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
                      for p in c.children if p.dep_ == "pobj"]
        if not owners or not (_strong_source(ix, owners[0]) or owners[0].pos_ == "PROPN"
                              or owners[0].lower_ in _POSSESSIVE_SOURCES and not ix.in_quote(owners[0].i)):
            continue
        parts = [c for c in tok.children if c.dep_ in ("acl", "ccomp") and c.i > tok.i]
        if not parts and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            # "her argument was that the tax would hurt farmers": the clause after
            # the copula says what the argument is
            parts = [c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.head.i
                     and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        if not parts:
            parts = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about", "on", "against")
                     and c.i > tok.i and not any(p.ent_type_ in ("DATE", "TIME") for p in c.children)]
        if not parts:
            continue
        para = ix.para(tok.i)
        toks = _trim_end(_tokens_under(ix, parts, para))
        while toks and toks[0].is_punct:
            toks.pop(0)
        if len(toks) < 2:
            continue
        span = _span_of(toks)
        out.append(Statement("nominal", tok.i, tok.lemma_.lower(), (owners[0].i,), (span,),
                             _units_for(ix, [span], [tok.i])))
    return out


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
    if tok.dep_ in ("relcl", "acl", "advcl", "xcomp", "pcomp"):
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
            if q.para == para and q.end <= tok.idx and q.end >= unit.start - 3:
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
            return t.idx + len(t)
    return head.idx


def _dependent_cue_content(ix: Index, tok: Any, heads: list[Any]) -> list[tuple[int, int]]:
    """`Y, he said.` parsed with "said" hanging from Y's verb: the content is the
    rest of the governing clause."""
    if tok.dep_ not in ("parataxis", "ccomp") or tok.head.i == tok.i:
        return []
    if not _children(tok, "nsubj"):
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
                spans.append(_span_of(run))
        return spans
    subj = _children(tok, "nsubj")[0]
    before = ix.text[doc_end(head, tok):subj.idx] if subj.i < tok.i else ""
    if not re.search(r"[,”\"'’—–-]", before):
        return []  # "We have been here before: X declared war" is not "Y, X said"
    para = ix.para(tok.i)
    exclude = {t.i for t in ix.subtree(tok)}
    span = _subtree_span(head, exclude=exclude, para=para, ix=ix)
    return [span] if span else []


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
_BARE_CUES = frozenset("charge charges claim claims say says argue argues allege alleges contend contends "
                       "insist insists maintain maintains warn warns believe believes fear fears plans wants "
                       "hopes expects agrees thinks notes adds denies rejects".split())


def _misparsed_cues(ix: Index) -> list[Statement]:
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
        complements = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.i > tok.i]
        if prev.dep_ == "compound" and complements:
            # "Trump claims that ...", "The campaign plans to ...", tagged as a
            # noun with its subject as a compound: the complement is what is said
            span = _subtree_span(complements[0], para=ix.para(tok.i), ix=ix)
            if span:
                out.append(Statement("verb", tok.i, tok.lemma_.lower().rstrip("s") or tok.lower_, (prev.i,),
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
        out.append(Statement("verb", tok.i, tok.lemma_.lower(), (prev.i,), (_span_of(toks),), (unit,)))
    return out


def _according_to(ix: Index) -> list[Statement]:
    doc = ix.doc
    out = []
    for tok in ix.tokens:
        if tok.lower_ != "according" or ix.in_quote(tok.i):
            continue
        to = [c for c in tok.children if c.lower_ == "to"]
        if not to:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            to = [nxt] if nxt is not None and nxt.lower_ == "to" else []
        if not to:
            continue
        pobj = [c for c in to[0].children if c.dep_ == "pobj"]
        if not pobj:
            # "according to show insiders" parsed as a verb "show" with its object
            pobj = [o for c in to[0].children if c.dep_ == "pcomp" and c.i == to[0].i + 1
                    for o in c.children if o.dep_ == "dobj" and o.i == c.i + 1 and _is_source_like(o)]
        if not pobj:
            continue
        src = pobj[0]
        unit = ix.units[ix.unit_of[tok.i]]
        phrase = {t.i for t in ix.subtree(tok)} | {t.i for t in ix.subtree(to[0])}
        span = _rest_of_unit(ix, unit, phrase)
        if span is None:
            continue
        # "According to X, A. B." in its own sentence: the content is the rest
        out.append(Statement("according", tok.i, "according to", tuple(h.i for h in _expand_conj(src)),
                             (span,), (unit.index,)))
    return out


def _rest_of_unit(ix: Index, unit: Unit, phrase: set[int]) -> tuple[int, int] | None:
    """The unit without the phrase's tokens, spaces and the punctuation at its
    edges, when three tokens or more are left. Walks in from the edges rather
    than through the unit, so a long sentence with many phrases is not walked
    once per phrase."""
    doc = ix.doc

    def kept(i: int) -> bool:
        return i not in phrase and not doc[i].is_space

    first = unit.tok_start
    while first < unit.tok_end and (not kept(first) or doc[first].is_punct):
        first += 1
    last = unit.tok_end - 1
    while last >= first and (not kept(last) or doc[last].is_punct):
        last -= 1
    count = 0
    for i in range(first, last + 1):
        count += kept(i)
        if count == 3:
            return doc[first].idx, doc[last].idx + len(doc[last])
    return None


_HEADLINE = re.compile(r"^[\"“]?([^:\"“”]{2,60}?):\s+(\S.{4,})$", re.S)


def _headlines(ix: Index) -> list[Statement]:
    """"US Officials: Russia asked China ..." — a headline convention that puts
    the source before a colon."""
    doc = ix.doc
    out = []
    for u in ix.units:
        text = ix.text[u.start:u.end]
        m = _HEADLINE.match(text)
        if not m:
            continue
        colon = u.start + m.end(1)
        src = [t for t in ix.tokens[u.tok_start:u.tok_end] if t.idx < colon]
        if not src or len(src) > 7 or any(t.pos_ in ("VERB", "AUX") for t in src):
            continue
        if any(t.pos_ in ("INTJ", "ADV") for t in src):
            continue  # "Ah, friends once more: ...": a remark, not who says what follows
        if not any(_is_source_like(t) and t.pos_ != "PRON" for t in src):
            continue
        head = src[-1]
        for t in src:
            if t.head.i not in {s.i for s in src} or t.head.i == t.i:
                head = t
                break
        # prefer the noun at the end of the phrase ("US Officials"), before any
        # preposition ("Obama on Climate Change: ...")
        adp = next((n for n, t in enumerate(src) if t.pos_ == "ADP" and n > 0), len(src))
        nouns = [t for t in src[:adp] if t.pos_ in ("NOUN", "PROPN")]
        if nouns:
            head = nouns[-1]
        if not _is_source_like(head):
            # "A lesson from Ana Ruiz: ...": what is given is not who gives it
            givers = [p for t in src if t.lower_ in ("from", "by") for p in t.children
                      if p.dep_ == "pobj" and p.pos_ == "PROPN" and _is_source_like(p)]
            if givers:
                head = givers[0]
        # in a transcript ("PENCE: Well, ...") the turn runs to the end of the paragraph
        last = ix.units[ix.para_last[u.para]] if u.index > 0 else u
        out.append(Statement("headline", head.i, ":", (head.i,), ((u.start + m.start(2), last.end),),
                             tuple(range(u.index, last.index + 1)),
                             extra={"source_span": (src[0].i, src[-1].i + 1)}))
    return out


# '"He scares me." ― Ana Ruiz': a quotation signed with a dash and a name.
_SIGNED_QUOTE = re.compile(r"(?P<quote>[“”\"][^“”\"―—]{8,}[”\"])\s*[―—]\s*"
                           r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")


def _signed_quotes(ix: Index) -> list[Statement]:
    """Vox pops: quotations each signed with a dash and a name, often run
    together in one paragraph."""
    doc = ix.doc
    out = []
    by_para: dict[int, list[Unit]] = {}
    for u in ix.units:
        by_para.setdefault(u.para, []).append(u)
    for us in by_para.values():
        start = us[0].start
        for m in _SIGNED_QUOTE.finditer(ix.text[start:us[-1].end]):
            name_start, name_end = start + m.start("name"), start + m.end("name")
            props = [doc[i] for i in ix.tokens_between(name_start, name_end)
                     if us[0].tok_start <= i < us[-1].tok_end
                     and (doc[i].pos_ == "PROPN" or doc[i].ent_type_ == "PERSON")]
            if not props:
                continue
            quote = (start + m.start("quote") + 1, start + m.end("quote") - 1)
            units = tuple(u.index for u in us if u.start < name_end and quote[0] < u.end)
            out.append(Statement("verb", props[-1].i, "sign", (props[-1].i,), (quote,), units, quoted=True))
    return out


def _hedges(ix: Index, taken: set[int]) -> list[Statement]:
    """"There was an alleged takeover": an assertion the article marks as someone
    else's without naming them."""
    doc = ix.doc
    out = []
    for u in ix.units:
        if u.index in taken:
            continue
        for t in ix.tokens[u.tok_start:u.tok_end]:
            if t.lower_ in cues.HEDGES and t.dep_ in ("amod", "advmod") and not ix.in_quote(t.i):
                out.append(Statement("hedge", t.i, t.lower_, (), ((u.start, u.end),), (u.index,)))
                break
    return out


def _continuations(ix: Index, found: list[Statement]) -> list[Statement]:
    """Sentences with no cue of their own that carry on a speaker's words. A
    statement ending in a colon introduces the next paragraph (a block quote):
    its first sentence completes the statement, each later one is a statement by
    the same source."""
    by_unit: dict[int, Statement] = {}
    for s in found:
        for u in s.units:
            by_unit.setdefault(u, s)
    text = ix.text
    out: list[Statement] = []
    extended: dict[int, Statement] = {}
    for n, s in enumerate(found):
        if s.kind != "verb" or not s.units:
            out.append(s)
            continue
        last = s.units[-1]
        intro = text[ix.units[last].start:ix.units[last].end].rstrip()
        if not intro.endswith(":") or len(intro.split()) < 8:
            out.append(s)  # a short line ending in a colon is a heading, not an introduction
            continue
        nxt = last + 1
        if nxt >= len(ix.units) or ix.units[nxt].para != ix.units[last].para + 1 or nxt in by_unit:
            out.append(s)
            continue
        u = ix.units[nxt]
        s = replace(s, units=(*s.units, nxt), content=(*s.content, (u.start, u.end)))
        out.append(s)
        para = u.para
        nxt += 1
        while nxt < len(ix.units) and ix.units[nxt].para == para and nxt not in by_unit:
            u = ix.units[nxt]
            out.append(Statement("continuation", s.cue, s.cue_lemma, s.source_heads, ((u.start, u.end),),
                                 (u.index,), extra={"of": s}))
            nxt += 1
    return _quoted_paragraphs(ix, out)


def _quoted_paragraphs(ix: Index, found: list[Statement]) -> list[Statement]:
    """A paragraph that is one quotation with no speaker of its own goes on with
    the words of the speaker of the paragraph before (the press convention for
    long quotes, and transcripts)."""
    text = ix.text
    claimed = {u for s in found for u in s.units}
    last_by_para: dict[int, Statement] = {}
    for s in found:
        if s.source_heads and s.kind in ("verb", "headline", "continuation"):
            para = ix.units[s.units[-1]].para
            last_by_para[para] = s
    by_para: dict[int, list[Unit]] = {}
    for u in ix.units:
        by_para.setdefault(u.para, []).append(u)
    out = list(found)
    for para, us in sorted(by_para.items()):
        if any(u.index in claimed for u in us) or para - 1 not in last_by_para:
            continue
        start, end = us[0].start, us[-1].end
        body = text[start:end]
        if body[:1] not in "\"“" or sum(body.count(m) for m in '"“”') > 2:
            continue
        prev = last_by_para[para - 1]
        out.append(Statement("continuation", prev.cue, prev.cue_lemma, prev.source_heads,
                             ((start + 1, end),), tuple(u.index for u in us), quoted=True, extra={"of": prev}))
        last_by_para[para] = out[-1]
    return out


def _extend_quotes(ix: Index, found: list[Statement]) -> list[Statement]:
    """A quotation right after a quoted statement, in the same paragraph and with
    no cue of its own, is more of the same speaker's words."""
    claimed = {u for s in found for u in s.units}
    out = []
    for s in found:
        if s.kind != "verb" or not s.quoted:
            out.append(s)
            continue
        last = s.units[-1]
        units = list(s.units)
        content = list(s.content)
        nxt = last + 1
        while nxt < len(ix.units) and ix.units[nxt].para == ix.units[last].para and nxt not in claimed:
            u = ix.units[nxt]
            k = bisect_left(ix.quote_starts, u.start)  # the first quotation that starts in u
            if k == len(ix.quotes) or ix.quotes[k].start >= u.end:
                break
            q = ix.quotes[k]
            content.append((q.inner_start, min(q.inner_end, u.end)))
            units.append(nxt)
            claimed.add(nxt)
            nxt += 1
        out.append(replace(s, units=tuple(units), content=tuple(content)))
    return out


def find_statements(ix: Index) -> list[Statement]:
    found = _verb_cues(ix) + _misparsed_cues(ix) + _according_to(ix) + _headlines(ix) + _signed_quotes(ix)
    # a stance inside someone's reported words is part of what they said
    # ("officials said they were investigating the fire"), not an attribution of its own
    said = _Coverage([span for s in found for span in s.content])
    # "the firm said it had decided to close the plant": an intention reported
    # inside someone's words (a cue with an infinitive and no clause) is part of
    # what they said, not a statement of its own
    found = [s for s in found if not (s.kind == "verb" and s.cue is not None and _infinitive_cue(ix.doc[s.cue])
                                      and said.covers(ix.doc[s.cue].idx))]
    found += [s for s in _action_cues(ix, {s.cue for s in found if s.cue is not None})
              if s.cue is None or not said.covers(ix.doc[s.cue].idx)]
    found += _nominal_cues(ix)
    found += _stance_adjectives(ix)
    # one statement per cue; when two rules fire on the same content keep the first
    found = _dedupe(found)
    found = _extend_quotes(ix, found)
    taken = {u for s in found for u in s.units}
    found += _hedges(ix, taken)
    found = _continuations(ix, found)
    found.sort(key=lambda s: (s.units[0], s.start, s.cue if s.cue is not None else -1))
    return found


def _infinitive_cue(tok: Any) -> bool:
    return bool(_children(tok, "xcomp")) and not _children(tok, "ccomp")


class _Coverage:
    """Is a character offset inside any of these spans? (The spans merged and
    sorted once, so each question is a bisection.)"""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(sp for sp in spans if sp[0] < sp[1]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def covers(self, x: int) -> bool:
        k = bisect_right(self.starts, x) - 1
        return k >= 0 and x < self.ends[k]


def _dedupe(found: list[Statement]) -> list[Statement]:
    out: list[Statement] = []
    seen: set[tuple[Any, frozenset[int]]] = set()
    for s in found:
        key = (s.content, frozenset(s.source_heads))
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
