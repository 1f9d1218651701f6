"""Finding attributed statements: who (source), by what word (cue), says what
(content), and in which sentences (evidence).

Each rule family is one function returning `Attribution` records that hold only
token indices, character offsets and strings, so nothing here keeps a spaCy
object alive. Families, each in its module:

- verb cues (`verb_cues`): "X said/told CNN/denied/warned that ...", "..., he added",
  a colon introducing the next paragraph ("denied these allegations:");
- framing (`framing_cues`): "according to X", "X: content" headlines, signed quotes;
- weak cues (`weak_cues`): actions, stance adjectives and nouns, hedged assertions
  with no source ("an alleged takeover");
- quotations (`quotes`) that continue a speaker's words without a cue of their own.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from .charges import accusations
from .denial_cues import denial_phrases
from .embedded import unowned_claims
from .framing_cues import according_to, headlines, signed_quotes
from .index import Index
from .parse import children
from .quotes import continuations, extend_quotes
from .records import Attribution
from .verb_cues import misparsed_cues, verb_cues
from .weak_cues import action_cues, hedges, nominal_cues, stance_adjectives


def find_attributions(ix: Index) -> list[Attribution]:
    found = verb_cues(ix) + misparsed_cues(ix) + according_to(ix) + headlines(ix) + signed_quotes(ix)
    # a stance inside someone's reported words is part of what they said
    # ("officials said they were investigating the fire"), not an attribution of its own
    said = _Coverage([span for s in found for span in s.content])
    # denials worded outside the speech lexicon ("pleaded not guilty"); inside someone's
    # reported words they make that statement a denial (`denials.classify`)
    found += [s for s in denial_phrases(ix, {s.cue for s in found if s.cue is not None})
              if not said.covers(ix.tokens[s.cue or 0].idx)]
    # "the firm said it had decided to close the plant": an intention reported
    # inside someone's words (a cue with an infinitive and no clause) is part of
    # what they said, not a statement of its own
    found = [s for s in found if not (s.kind == "verb" and s.cue is not None and _infinitive_cue(ix.doc[s.cue])
                                      and said.covers(ix.doc[s.cue].idx))]
    # an accusation with no accuser named: the deeds in its clause are what is alleged,
    # not statements of the accused ("a complaint that he stole exam papers")
    unowned = unowned_claims(ix)
    alleged = _Coverage([span for s in unowned for span in s.content])
    # (nor an action that only reports someone's words: "the BBC quoted Costa as saying ...")
    cue_at = sorted(ix.tokens[s.cue].idx for s in found if s.cue is not None and s.kind == "verb")
    found += [s for s in action_cues(ix, {s.cue for s in found if s.cue is not None})
              if s.cue is None or not said.covers(ix.doc[s.cue].idx) and not alleged.covers(ix.doc[s.cue].idx)
              and not (s.cue_lemma in ("quote", "cite") and _holds_any(s.content, cue_at))]
    # accusations with no accuser named ("was charged with fraud"), unless inside
    # someone's reported words, which they are part of
    found += [s for s in accusations(ix, {s.cue for s in found if s.cue is not None})
              if not said.covers(ix.tokens[s.cue or 0].idx)]
    found += nominal_cues(ix)
    found += stance_adjectives(ix)
    # one statement per cue; when two rules fire on the same content keep the first
    found = _dedupe(found + [s for s in unowned if not said.covers(ix.tokens[s.cue or 0].idx)])
    found = extend_quotes(ix, found)
    taken = {u for s in found for u in s.units}
    found += hedges(ix, taken)
    found = continuations(ix, found)
    found.sort(key=lambda s: (s.units[0], s.start, s.cue if s.cue is not None else -1))
    return found


def _holds_any(spans: tuple[tuple[int, int], ...], offsets: list[int]) -> bool:
    """Does one of the spans hold one of the (sorted) offsets?"""
    return any(bisect_right(offsets, b - 1) > bisect_right(offsets, a - 1) for a, b in spans)


def _infinitive_cue(tok: Any) -> bool:
    return bool(children(tok, "xcomp")) and not children(tok, "ccomp")


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


def _dedupe(found: list[Attribution]) -> list[Attribution]:
    out: list[Attribution] = []
    seen: set[tuple[Any, frozenset[int]]] = set()
    for s in found:
        key = (s.content, frozenset(s.source_heads))
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out

