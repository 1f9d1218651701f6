"""The record every attribution family returns: token indices, character
offsets and strings only, so nothing keeps a spaCy object alive."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from . import cues

_EDGE_PUNCT = set(",;:—–-\"“”'‘’()")


# How an attribution was found: a cue verb, "according to", a "X: ..." headline,
# a hedge with no source ("an alleged takeover"), a quotation going on with the
# previous speaker's words, an action verb, a stance noun or adjective, a claim
# named inside its own denial ("rejected the idea that ...", `embedded`), an
# accusation with no accuser named ("was charged with fraud", `charges`).
AttributionKind = Literal["verb", "according", "headline", "hedge", "continuation", "action", "nominal",
                          "embedded", "charge"]


@dataclass(frozen=True)
class Attribution:
    """One attributed statement: who (source heads), by what word (cue), says
    what (content spans), in which sentence units (evidence)."""

    kind: AttributionKind
    cue: int | None  # token index of the cue word
    cue_lemma: str
    source_heads: tuple[int, ...]  # token index of each source's head (several for "X and Y said")
    content: tuple[tuple[int, int], ...]  # character spans
    units: tuple[int, ...]  # sentence units that carry it (evidence)
    negated: bool = False
    passive: bool = False
    obj: int | None = None  # direct object of the cue, when it has one
    quoted: bool = False  # the content is (mostly) a quotation
    # the second of two statements one cue introduces ("claimed A and B", a
    # quotation after a colon): it never restates the first as a second report verb
    conjunct: bool = False
    # the content may be someone else's words the speaker answers ("responding
    # to claims by the union that ..."): shown for review
    unsure: bool = False
    # for a continuation, the statement whose speaker it goes on with
    continues: Attribution | None = field(default=None, compare=False, hash=False)

    @property
    def start(self) -> int:
        return min(a for a, _ in self.content)


_SUBJECT_THAT = r"(is|was|were|are|would|will|has|had|could|can|must|might|should|did|does|do|wo|won['’]t)\b"
# "rejected that claim": a "that" before a noun for a claim is its determiner
# (not before a plural: "said that statements by ... are" is what was said)
_THAT_CLAIM = r"(" + "|".join(sorted(n for n in cues.CLAIM_NOUNS if not n.endswith("s"))) + r")\b"


def content_text(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    parts = []
    for a, b in spans:
        s = text[a:b].strip()
        s = s.strip("".join(_EDGE_PUNCT) + " ")
        # (not the "that" of "said that was untrue": the subject, before its verb;
        # nor of "rejected that claim")
        s = re.sub(r"^(that(?![\s,]+(" + _SUBJECT_THAT + "|" + _THAT_CLAIM + r"))|whether|if)[\s,]+", "", s, flags=re.I)
        # a quotation that ends the content keeps its closing mark: 'is a “concern”'
        if s.count("“") > s.count("”"):
            s += "”"
        elif s.count('"') % 2:
            s += '"'
        if s:
            parts.append(s)
    return " … ".join(parts)

