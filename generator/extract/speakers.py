"""Who said each attribution, and what it is: every attribution becomes one item
per actor that said it, with its content words and, when its wording denies,
its denial cue.

A source that is a document ("the report", "according to a screenshot") is
resolved to its author when the article names one, to the claim it points back
to ("The report says ..." after "officials said ..."), or to nobody."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import checkable, cues
from .actors import Mention
from .denials import MARKER, NEGATION, REJECT, STRONG, classify
from .embedded import embedded_claim
from .features import content_tokens, lemmas, named_words, negated_content
from .index import Index
from .items import Item
from .parse import cancelled_by, spoken_in
from .records import Attribution, content_text
from .resolver import Resolver

# An actor key with the mention that named it; (None, None): said by nobody named.
Source = tuple[str | None, Mention | None]

_POINTING = ("the", "this", "that", "these")


def recent_claim(items: list[Item], unit: int) -> int | None:
    """The claim an anaphoric "the report" most likely cites: the latest one
    with a named claimant within three sentences."""
    for n in range(len(items) - 1, -1, -1):
        it = items[n]
        last = it.st.units[-1]
        if unit - last > 3:
            break
        if last <= unit and it.actor is not None and it.denial is None:
            return n
    return None


def _attacks(item: Item, document: str) -> bool:
    """"A study that linked X to Y has been criticised by other scientists":
    what they criticise is not theirs, nor is what the study found."""
    return item.st.cue_lemma in cues.STATEMENT_CUES | cues.DENIAL_VERBS | cues.REJECT_VERBS \
        and document in item.lemmas


class Speakers:
    """Items in document order. State kept across attributions: the sources of
    each attribution (a continuation goes on with its speaker's), and the
    documents cited so far by their noun ("a new ad from X's campaign")."""

    def __init__(self, doc: Any, ix: Index, resolver: Resolver):
        self.doc, self.ix, self.resolver = doc, ix, resolver
        self.items: list[Item] = []
        self.sources_of: dict[int, list[Source]] = {}  # id(attribution) -> its sources
        self.cited: dict[str, list[tuple[int, str]]] = {}  # document noun -> (token, actor) of documents cited

    def add_all(self, attributions: list[Attribution]) -> list[Item]:
        for st in attributions:
            self.add(st)
        return self.items

    def add(self, st: Attribution) -> None:
        sources, restates = self._sources(st)
        self.sources_of[id(st)] = sources
        if sources:
            self._cite_medium(st, sources)
            self._add_items(st, sources, restates)

    def _cite_medium(self, st: Attribution, sources: list[Source]) -> None:
        """"Inspectors said in a report that ...": the report is theirs when it
        is cited again ("disputed the report's finding")."""
        keys = [key for key, _ in sources if key is not None]
        if st.cue is None or len(keys) != 1:
            return
        for p in (g for c in self.doc[st.cue].children for g in c.children):
            if spoken_in(p) and p.lemma_.lower() in cues.DOCUMENT_NOUNS:
                self.cited.setdefault(p.lemma_.lower(), []).append((p.i, keys[0]))

    def _sources(self, st: Attribution) -> tuple[list[Source], int | None]:
        if st.kind == "continuation" and st.continues is not None:
            return self.sources_of.get(id(st.continues), []), None
        if not st.source_heads:
            return [(None, None)], None
        sources: list[Source] = []
        restates = None
        for h in st.source_heads:
            for m in self.resolver.describe(h):
                if m.kind == "document":
                    found, m, points_back = self._document_source(st, h, m)
                    if points_back is not None:
                        restates = points_back
                    if found is not None:
                        sources.append(found)
                        continue
                rec = self.resolver.register(m, h)
                if rec is not None:
                    sources.append((rec.key, m))
                    if self.doc[h].lemma_.lower() in cues.DOCUMENT_NOUNS:
                        self.cited.setdefault(self.doc[h].lemma_.lower(), []).append((h, rec.key))
        if not sources and st.kind == "verb" and all(self.doc[h].pos_ == "PRON" for h in st.source_heads):
            # "it says ...", "they said ..." with nobody to point at: the statement
            # is still there; the page shows it as unattributed, for review
            sources = [(None, None)]
        return sources, restates

    def _document_source(self, st: Attribution, h: int, m: Mention) -> tuple[Source | None, Mention, int | None]:
        """A document as source: (the source, when settled here; else the mention
        to register; the index of the claim item it points back to, if any)."""
        resolver = self.resolver
        surface = m.surface.lower()
        words = surface.split()
        if words[0] in _POINTING and len(words) <= 3:
            # "according to the report": the report cited before, or nobody named
            named = resolver.by_head(words[-1], h)
            if named is None:
                # "The ad also mentions ..." after "A new ad from X's campaign ...": X's
                earlier = [key for tok, key in self.cited.get(self.doc[h].lemma_.lower(), ()) if tok < h]
                named = resolver.actors.get(earlier[-1]) if earlier else None
            if named is not None:  # "the poll" after "a new national poll"
                resolver.register(replace(m, key=named.key, name=named.name, kind=named.kind), h)
                return (named.key, m), m, None
            prev = recent_claim(self.items, st.units[0])
            if prev is not None and not _attacks(self.items[prev], self.doc[h].lemma_.lower()):
                author = resolver.actors.get(self.items[prev].actor or "")
                cites = any(a <= self.doc[h].idx < b for a, b in self.items[prev].st.content)
                if author is not None and not cites:
                    # the document is one of the author's names ("The report
                    # says ..." after "officials said ..."), unless the author's
                    # own words cite it ("Adeyemi said the records showed ...")
                    resolver.register(replace(m, key=author.key, name=author.name, kind=author.kind), h)
                return (self.items[prev].actor, self.items[prev].mention), m, prev
        # "a screenshot", "the letter": evidence, not anyone's word; "a new
        # poll", "a 2014 study" are told apart from others enough to be a source
        bare = len(words) <= 2 or len(words) == 3 and words[0] not in ("a", "an")
        if words[0] in ("a", "an", "the", "this", "that") and bare:
            return (None, m), m, None
        # "a new national poll", "recent polls in Ohio": a named source all the same
        return None, resolver.document_actor(m), None

    def _add_items(self, st: Attribution, sources: list[Source], restates: int | None) -> None:
        doc, ix = self.doc, self.ix
        content = content_text(ix.text, st.content)
        denial = classify(doc, st, content)
        if len(content.split()) < 2 and st.cue_lemma not in cues.DENIAL_VERBS | cues.REJECT_VERBS \
                and not (denial is not None and st.cue_lemma in cues.LABEL_VERBS):
            return  # one word is not a statement, but "denied it", "calls that scaremongering" are denials
        toks = list(content_tokens(ix, st, st.content))
        if toks and all(t.ent_type_ in ("DATE", "TIME") or t.is_punct for t in toks):
            return  # "Correction: October 2, 2016": a date says nothing
        if st.negated and denial is None and st.kind in ("verb", "action") and not st.quoted:
            # "did not say that X", "never claimed X", "did not deny X": X is not
            # what they said; what they did is (shown from the negation on)
            span = negated_cue_span(doc, ix, st)
            if span is not None:
                content = content_text(ix.text, span)
        lem = lemmas(doc, ix, st)
        named = named_words(doc, st)
        claim = denial is not None and denial.kind not in (NEGATION, MARKER) or checkable.is_claim(doc, ix, st)
        # "X and Y pointed out that ...": a claim by each of them, as each denial
        # is each one's ("both governments denied")
        negated = negated_content(ix, st)
        embeds = self._embedded(st) if denial is not None and denial.kind in (STRONG, REJECT) else None
        for key, m in sources:
            self.items.append(Item(st, key, m, content, lem, denial, restates, named, claim, negated, embeds))

    def _embedded(self, st: Attribution) -> Item | None:
        """The claim a denial's object names, as an item kept out of the list:
        the linker decides whether it is a claim of its own (`answers`)."""
        found = embedded_claim(self.ix, st)
        if found is None:
            return None
        sources, _ = self._sources(found) if found.source_heads else ([(None, None)], None)
        key, m = sources[0] if sources else (None, None)
        content = content_text(self.ix.text, found.content)
        return Item(found, key, m, content, lemmas(self.doc, self.ix, found), None,
                    negated=negated_content(self.ix, found))


def negated_cue_span(doc: Any, ix: Index, st: Attribution) -> tuple[tuple[int, int], ...] | None:
    """What a negated cue's statement says, from the negation ("did not say
    that the plan had failed") to the end of what it would have said; None
    when what it would have said is not after it, or the negation is not the
    cue's own (a quotation's "not" the parser hung on "said")."""
    assert st.cue is not None
    cue = doc[st.cue]
    if min(a for a, _ in st.content) < cue.idx + len(cue):
        return None
    cancelling = cancelled_by(cue)
    if cancelling is not None and cancelling.i < cue.i:
        cue = cancelling  # "refused to confirm that ...", "failed to mention ..."
    elif not any(c.i < cue.i and not ix.in_quote(c.i) and (c.dep_ == "neg" or c.lower_ == "never")
                 for c in cue.children):
        return None
    return ((_from_auxiliaries(ix, cue), max(b for _, b in st.content)),)


def _from_auxiliaries(ix: Index, verb: Any) -> int:
    """Where a verb begins with its auxiliaries and negation ("has not confirmed")."""
    before = [c for c in verb.children if c.i < verb.i and not ix.in_quote(c.i)
              and (c.dep_ in ("aux", "auxpass", "neg") or c.lower_ == "never")]
    start: int = min([verb.idx, *(c.idx for c in before)])
    return start
