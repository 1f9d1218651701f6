"""analyse(doc) -> Extraction: the pipeline of rule families, one stage each.

1. sentences and quotations (`text`), and the per-Doc lookups (`index`);
2. attributed statements (`attribution`), less the stances reported inside
   someone else's words;
3. who said each one and whether its wording denies (`speakers`, with
   `actors` naming the sources and `denials` classifying the wording);
4. restatements merged into one claim (`grouping`);
5. each denial linked to the claim it answers (`answers`, scored by `linking`);
6. statements that answer a claim without denial wording (negated
   restatements, counter-claims by a denier) (`answers`);
7. the output (`assemble`): what a denial answers, or what asserts something
   checkable (`checkable`), is a claim; the rest of what actors said
   (announcements, intentions, opinions, appeals) are statements.

Every stage is deterministic and walks the document in order, so the same text
always gives the same items in the same order.

Confidence is what a reviewer should trust: speech verbs with a named source
score 0.8-0.95; pronoun sources, continuations and quotes around 0.65-0.8;
the weak families (stance verbs and adjectives, nominal attributions, hedged
unsourced claims) stay at or under 0.5, below the page's review threshold.
Denials: denial verb 0.9, reject/label 0.8-0.85, a denial phrase ("pleaded not
guilty") 0.8, accusation of deceit 0.75; the weak families stay under the page's
review threshold (0.6): an evaluative label ("flawed", "a ploy") 0.55, negated
restatement 0.55, negation only 0.5, counter-claim 0.5; wording that says a
claim is untrue ("no, there wasn't", "the report is false") is at the
threshold, 0.6 (on half b, 2 of 24 denials under 0.6 were right, found and
linked, and 7 of 16 at 0.6 or over); a denial that answers no claim is capped
at 0.6, a weak link at 0.5.
"""

from __future__ import annotations

from typing import Any

from ..model import Extraction
from .answers import Linker
from .assemble import extraction
from .attribution import find_attributions
from .embedded import named_by_denial
from .grouping import ClaimGrouper
from .index import Index
from .items import Item
from .records import Attribution
from .resolver import Resolver
from .speakers import Speakers
from .text import quotations, sentence_units


def analyse(doc: Any) -> Extraction:
    ix, resolver, grouper, linker, items = claims_and_linker(doc)
    links = linker.link_denials(items)
    converted = linker.unworded_denials(links)
    return extraction(doc, ix, resolver, grouper.groups, converted, links)


def claims_and_linker(doc: Any) -> tuple[Index, Resolver, ClaimGrouper, Linker, list[Item]]:
    """Stages 1 to 4, and the linker of stage 5 ready to link (training reads
    the same candidates the extractor chooses among: `train`)."""
    ix = read(doc)
    attributions, reported = attributed(doc, ix)
    resolver = Resolver(doc, ix.unit_of, [q >= 0 for q in ix.quote_of],
                        [(u.tok_start, u.tok_end) for u in ix.units], reported, text=ix.text, tokens=ix.tokens)
    items = Speakers(doc, ix, resolver).add_all(attributions)
    redirect = resolver.merge_descriptions()
    for item in items:
        if item.actor in redirect:
            item.actor = redirect[item.actor]
    # claims first: everything that is not a denial on its own wording
    grouper = ClaimGrouper(doc, ix, items)
    for item in items:
        if item.denial is None:
            grouper.add(item)
    return ix, resolver, grouper, Linker(doc, ix, resolver, grouper), items


def read(doc: Any) -> Index:
    """Stage 1: sentence units and quotations, and the lookups over them."""
    text = doc.text  # (Doc.text rebuilds the string on every access)
    tokens = list(doc)  # (and Doc[i] makes a new Token each time)
    return Index(doc, sentence_units(doc, text, tokens), quotations(text), text, tokens)


def attributed(doc: Any, ix: Index) -> tuple[list[Attribution], list[bool]]:
    """Stage 2: the attributions, and for each token whether it lies inside
    what someone is reported to have said."""
    found = find_attributions(ix)
    reported = reported_tokens(doc, found)
    # "X said Y's remarks about the budget were misleading", "X said Y laid out a
    # plan": a weak cue inside someone's reported words is part of what they
    # report, not an attribution of its own (speech verbs there still are);
    # "repeated his contention that ...": the object of the report verb is the view
    cues_at = {st.cue for st in found if st.kind in ("verb", "according")}
    # ("Evans said she had never told him": what she did not say is his claim, not her statement)
    kept = [st for st in found if not (st.kind in ("action", "nominal") and st.cue is not None and reported[st.cue]
                                       and doc[st.cue].head.i not in cues_at) and not named_by_denial(ix, st)
            and not (st.negated and st.cue is not None and reported[st.cue])]
    return kept, reported


def reported_tokens(doc: Any, found: list[Attribution]) -> list[bool]:
    """Tokens inside the content of a speech verb or "according to" (not a
    quotation: the speaker's own words). Nested reports cover the same tokens
    many times over: span edges are counted, then summed once."""
    edges = [0] * (len(doc) + 1)
    for st in found:
        if st.kind in ("verb", "according") and not st.quoted:
            for a, b in st.content:
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is not None and span.start < span.end:
                    edges[span.start] += 1
                    edges[span.end] -= 1
    reported = []
    depth = 0
    for i in range(len(doc)):
        depth += edges[i]
        reported.append(depth > 0)
    return reported
