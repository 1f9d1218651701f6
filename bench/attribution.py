#!/usr/bin/env python
"""Attribution bench: score the extractor against hand-annotated attribution relations.

    python bench/attribution.py --corpus /work/shared/polnear-dev [--split even|odd|all] [--json]

The corpus is brat standoff as in PolNeAR: `text/<name>.txt` (first line the
headline) and `attributions/<name>.ann`. `T` lines are spans (`T1<TAB>Source 89 106
<TAB>text`; discontinuous spans as `0 5;9 14`), `E` lines tie one attribution
together (`E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`). Every `E` with a
Content is one gold attribution; its Content is all of its Content spans (also
`Content2`) joined by spaces, its Source likewise (some have none). Texts are read
from the corpus path, never copied: nothing here writes into the repository, and
the output names files and counts, never corpus text.

Each text becomes an `Article` through the generator's own `.txt` reader and goes
through the real extractor (`generator.extract.extract` with the loaded spaCy
model). Every extracted claim, denial and statement is one predicted attribution;
one statement the sidecar gives to each of several actors ("A and B said ...":
the same kind, text and evidence, one item per actor, as the dev-set asks) is one
attribution whose names are all of theirs, as PolNeAR annotates it.

Scoring (rules of `generator.commands.evaluate`, where they apply):

1. *Match.* A predicted attribution matches a gold one when the content words
   (`generator.commands.evaluate.content_words`) of its `text` (its evidence when the text is
   empty) and of the gold Content overlap: shared words >= half of the smaller side.
   Pairs are one-to-one, greedy: best overlap score first; among equal scores the
   pair whose words cover more of both sides (shared words over all words of the
   two, Jaccard) first; then gold order, then predicted order. (Without that
   tie-break a one-word Content such as "Machado" scores 1 against every
   prediction that mentions Machado, and the earliest such gold attribution
   takes a prediction that reports a later one.) Precision, recall and F1 are over all attributions of the split
   (micro-averaged), with the empty cases of `generator.commands.evaluate` (1.0 when nothing
   is predicted, resp. expected).
2. *Source accuracy*: of the matched pairs whose gold attribution has a Source, the
   fraction whose predicted actor is that source. Names (the actor's name and
   aliases) and Source texts are cut into *segments* at commas, semicolons,
   brackets and dashes, each segment ending before a relative pronoun ("Rep. Joe
   Crowley (D-N.Y.), a leading advocate" -> "Rep. Joe Crowley", "a leading
   advocate"). A segment's *name words* are its content words
   (`generator.commands.evaluate.content_words` rules: lowercase, stopwords and a possessive
   's removed) without the honorifics mr, mrs, ms, miss, dr and sir and without
   pronouns (a word in capitals, such as "US", is kept). Its *head* is its last name word, or, when a lowercase word comes
   before its first preposition, the last name word before that preposition ("a
   spokesman for Trump" -> spokesman, "officials at the FBI" -> officials).
   The actor is the source when a segment of one of its names and a segment of the
   Source have the same head and the name words of one include those of the other:
   "Trump" is "Donald J. Trump", "Mr. Obama" is "Barack Obama", "Reuters, citing
   sources" is "Reuters"; "Trump" is not "a spokesman for Trump" nor "the Trump
   campaign". An actor without names (a null claimant) is never the source.
3. *Kinds of gold Source.* Pronouns and some descriptions name nobody, so each
   Source is classified, and each kind is reported on its own as well as in the
   total:
   - `named`: has a capitalised word that is not a stopword or pronoun ("Trump",
     "The Post", "PolitiFact"). A capitalised first word of a sentence or any word
     of the headline (the first line) counts only when its lowercase form never
     occurs in the article, so "Sources said" is not a name and "Trump said" is.
     Matched directly (rule 2).
   - `pronoun`: only pronouns and other stopwords ("he", "they", "I", "his",
     "some", "all"; an acronym such as "US" or "WHO" is a name), which name nobody. Never matched directly: the actor must be the *antecedent*, the nearest gold
     Source of kind `named` that starts before it in the article.
   - `relative`: a relative pronoun ("who", "which", "that"). Antecedents: the last
     run of capitalised words before it in the same sentence, within 100
     characters ("said Donald Trump, who"), and the nearest preceding `named`
     Source; the actor may be either.
   - `definite`: a description starting with the/this/that/these/those or a
     possessive ("the campaign", "his spokesman"). Matched directly, or to the
     nearest preceding `named` Source whose name words include its head ("the
     campaign" -> "the Trump campaign").
   - `generic`: any other description ("sources", "a source", "officials",
     "experts"): matched directly only, so an extractor that names the group as
     the text does gets it.
   - `none`: no Source in the annotation; such pairs count for P/R/F1 but not for
     source accuracy. So do pronouns with no `named` Source before them
     (`unresolved`).
   This is a heuristic: it checks neither gender nor number, so it is generous
   when several people are named close together, and it misses antecedents that
   the annotation does not mark as a Source. The `named` figure depends only on
   rule 2; read the pronoun, relative and definite figures as indications.
4. *Spans, CofeNet style.* Beside the matching above, each extracted attribution is
   compared with the gold ones span by span, as CofeNet (Wang et al., COLING 2022)
   reports PolNeAR figures: content and source are token sequences (lowercase words
   of `_TOKEN`); predicted and gold attributions are paired one to one, greedily by
   the Jaccard index of their content tokens (ties: gold order, then predicted
   order). *Exact*: a pair counts 1 when the two token sequences are equal.
   *Jaccard*: a pair counts its Jaccard index (shared tokens over all tokens of the
   two, as sets). Precision divides the summed counts by the number of predicted
   spans, recall by the number of gold spans. A predicted content is the item's
   `text`; a predicted source is the one of the actor's name and aliases that
   occurs in the item's evidence (the longest, else the name); gold sources only
   count where the gold attribution has one, predicted ones where the item has an
   actor. Our `text` is often shorter or longer than PolNeAR's Content span (a
   denial's text starts at its cue), so exact match is harsh on it; read Jaccard.
5. *Splits.* Files sorted by name; `even` is the 1st, 3rd, 5th... (index 0, 2, ...),
   `odd` the others. Tune on one half, check on the other.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run by path: use this checkout's generator
    sys.path.insert(0, str(ROOT))

from generator.commands.evaluate import STOPWORDS, Accuracy, Score, content_words, greedy_pairs, overlap_score, overlaps  # noqa: E402
from generator.errors import GeneratorError  # noqa: E402
from generator.model import Claim, Extraction  # noqa: E402
from generator.source.article import read_article  # noqa: E402
from generator.source.discover import SourceFile, article_slug

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir"})
PERSONAL = frozenset("""i me my mine myself we us our ours ourselves you your yours yourself yourselves
he him his himself she her hers herself it its itself they them their theirs themselves""".split())
RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
DEFINITE = frozenset({"the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
                      "your"})
PREPOSITIONS = frozenset({"for", "of", "at", "from", "with", "in", "on", "by", "to", "within", "inside",
                          "near", "under", "behind"})
SOURCE_KINDS = ("named", "pronoun", "relative", "definite", "generic")  # kinds that are scored
UNSCORED_KINDS = ("none", "unresolved")
RELATIVE_WINDOW = 100

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


# --- brat ------------------------------------------------------------------------

class BenchError(GeneratorError):
    """The corpus cannot be read."""


@dataclass(frozen=True)
class GoldAttribution:
    id: str  # the E line's id
    content: str
    content_start: int
    source: str | None = None
    source_start: int | None = None
    kind: str = "none"  # one of SOURCE_KINDS or UNSCORED_KINDS
    antecedents: tuple[str, ...] = ()  # names the Source stands for (pronoun, relative, definite)


def _span_text(text: str, spans: str, where: str) -> tuple[str, int]:
    pieces = []
    starts = []
    for part in spans.split(";"):
        try:
            start, end = (int(x) for x in part.split())
        except ValueError:
            raise BenchError(f"bad span {part!r}", where) from None
        if not 0 <= start <= end <= len(text):
            raise BenchError(f"span {start}-{end} is outside the text ({len(text)} characters)", where)
        pieces.append(text[start:end])
        starts.append(start)
    return " ".join(pieces), min(starts)


def parse_ann(ann: str, text: str, where: str = "<ann>",
              skipped: list[str] | None = None) -> list[GoldAttribution]:
    """The gold attributions of one brat file, in order of their Content's start.
    Span text is taken from `text` by offset and checked against the .ann's copy.
    Ids of attributions without a Content are appended to `skipped`."""
    spans: dict[str, tuple[str, str, int]] = {}  # T id -> (kind, text, start)
    events: list[tuple[str, list[tuple[str, str]], int]] = []
    for number, line in enumerate(ann.splitlines(), 1):
        here = f"{where}:{number}"
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2 or " " not in parts[1]:
                raise BenchError("a T line needs an id, a kind with offsets, and text", here)
            kind, offsets = parts[1].split(" ", 1)
            span, start = _span_text(text, offsets, here)
            if len(parts) > 2 and " ".join(parts[2].split()) != " ".join(span.split()):
                raise BenchError(f"{parts[0]}: the offsets do not give the span's text", here)
            spans[parts[0]] = (kind, span, start)
        elif line.startswith("E"):
            parts = line.split("\t")
            args = [tuple(a.split(":", 1)) for a in (parts[1].split() if len(parts) > 1 else [])]
            events.append((parts[0], [a for a in args if len(a) == 2], number))  # type: ignore[misc]
    gold = []
    for event_id, args, number in events:
        contents, sources = [], []
        for role, tid in args:
            if tid not in spans:
                raise BenchError(f"{event_id} refers to {tid}, which is not defined", f"{where}:{number}")
            if role.startswith("Content"):
                contents.append(spans[tid])
            elif role == "Source":
                sources.append(spans[tid])
        if not contents:  # nothing to match
            if skipped is not None:
                skipped.append(f"{where}: {event_id}")
            continue
        content = " ".join(c[1] for c in contents)
        source = " ".join(s[1] for s in sources) if sources else None
        gold.append(GoldAttribution(event_id, content, min(c[2] for c in contents), source,
                                    min(s[2] for s in sources) if sources else None))
    gold.sort(key=lambda g: (g.content_start, g.id))
    return resolve_sources(gold, text)


# --- sources -----------------------------------------------------------------------

def _tokens(text: str) -> list[str]:
    """Words with their case (diacritics and possessive 's removed)."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).translate(_APOSTROPHES))
    folded = unicodedata.normalize("NFC", "".join(ch for ch in folded if not unicodedata.combining(ch)))
    out = []
    for token in _TOKEN.findall(folded):
        if token.lower().endswith("'s"):
            token = token[:-2]
        if token:
            out.append(token)
    return out


def _ordinary(word: str) -> bool:
    """A stopword, pronoun or honorific; never an acronym ("US", "WHO")."""
    if len(word) > 1 and word.isupper():
        return False
    low = word.lower()
    return low in STOPWORDS or low in PERSONAL or low in RELATIVE or low in HONORIFICS


def name_words(name: str) -> list[str]:
    """Rule 2: lowercased content words without honorifics, in order."""
    return [t.lower() for t in _tokens(name) if not _ordinary(t)]


def head(name: str) -> str | None:
    """Rule 2: the last name word, or the last before a preposition that follows a
    lowercase noun ("a spokesman for X" -> spokesman)."""
    tokens = _tokens(name)
    seen_common = False
    kept: list[str] = []
    for token in tokens:
        low = token.lower()
        if low in PREPOSITIONS and seen_common and kept:
            return kept[-1]
        if not _ordinary(token):
            kept.append(low)
            if token[0].islower():
                seen_common = True
    return kept[-1] if kept else None


_SEGMENT_BREAK = re.compile(r"[,;()\[\]\u2014\u2013]|\s-\s")
_RELATIVE_WORD = re.compile(r"\b(?:who|whom|whose|which|that)\b", re.I)


def segments(name: str) -> list[str]:
    """Rule 2: the parts of a name or Source between commas, semicolons, brackets
    and dashes, each cut before a relative pronoun ("X, who ..." -> "X")."""
    out = []
    for part in _SEGMENT_BREAK.split(name):
        before = _RELATIVE_WORD.split(part, maxsplit=1)[0].strip()
        part = before if name_words(before) else part.strip()  # "that group" stays whole
        if name_words(part):
            out.append(part)
    return out


def _same(a: str, b: str) -> bool:
    words_a, words_b = set(name_words(a)), set(name_words(b))
    return bool(words_a) and bool(words_b) and head(a) == head(b) and (words_a <= words_b or words_b <= words_a)


def names_source(names: Iterable[str], source: str) -> bool:
    """Rule 2: is an actor with these names (name and aliases) this Source?"""
    source_parts = segments(source)
    return any(_same(n, s) for name in names for n in segments(name) for s in source_parts)


def _sentence_initial(text: str, start: int) -> bool:
    if "\n" not in text[:start]:
        return True  # the headline: capitals say nothing there
    before = text[:start].rstrip(" \t\"'“‘([")
    return not before or before[-1] in ".!?:\n" or (before[-1] in "”\"'’" and before[-2:-1] in (".", "!", "?"))


def is_named(source: str, start: int, text: str) -> bool:
    """Rule 3, `named`: a capitalised word that is not a stopword or pronoun; a
    sentence-initial one only if its lowercase form never occurs in the text."""
    tokens = _tokens(source)
    for i, token in enumerate(tokens):
        if _ordinary(token) or not (token[0].isupper()):
            continue
        if i == 0 and _sentence_initial(text, start) and not token.isupper() \
                and re.search(rf"\b{re.escape(token.lower())}\b", text):
            continue
        return True
    return False


def source_kind(source: str | None, start: int | None, text: str) -> str:
    """Rule 3: named, pronoun, relative, definite, generic or none."""
    if source is None or start is None:
        return "none"
    tokens = _tokens(source)
    lows = [t.lower() for t in tokens]
    if not tokens:
        return "generic"
    if len(tokens) == 1 and lows[0] in RELATIVE:
        return "relative"
    if all(_ordinary(t) for t in tokens):
        return "pronoun"  # pronouns and other words that name nobody ("some", "all")
    if is_named(source, start, text):
        return "named"
    if lows[0] in DEFINITE:
        return "definite"
    return "generic"


_CAPITALISED_RUN = re.compile(r"(?:\b[A-Z][\w'’.-]*(?:\s+|$))+")


def _relative_antecedent(text: str, start: int) -> str | None:
    window = text[max(0, start - RELATIVE_WINDOW):start]
    window = re.split(r"[.!?\n]\s", window)[-1]  # this sentence only
    window = re.sub(r"[,;:()\s]+$", "", window) + " "
    runs = [m.group(0).strip() for m in _CAPITALISED_RUN.finditer(window)]
    runs = [r for r in runs if name_words(r)]
    return runs[-1] if runs else None


def resolve_sources(gold: Sequence[GoldAttribution], text: str) -> list[GoldAttribution]:
    """Classify every Source (rule 3) and find antecedents for pronouns,
    relatives and definite descriptions."""
    kinds = [source_kind(g.source, g.source_start, text) for g in gold]
    named = sorted((g.source_start, g.source) for g, k in zip(gold, kinds) if k == "named")
    out = []
    for g, kind in zip(gold, kinds):
        antecedents: tuple[str, ...] = ()
        before = [s for start, s in named if g.source_start is not None and start < g.source_start]
        if kind == "pronoun":
            antecedents = tuple(before[-1:])
            if not antecedents:
                kind = "unresolved"
        elif kind == "relative":
            found = _relative_antecedent(text, g.source_start)  # type: ignore[arg-type]
            antecedents = tuple(dict.fromkeys([*([found] if found else []), *before[-1:]]))
            if not antecedents:
                kind = "unresolved"
        elif kind == "definite":
            word = head(g.source or "")
            antecedents = tuple([s for s in before if word in name_words(s)][-1:]) if word else ()
        out.append(GoldAttribution(g.id, g.content, g.content_start, g.source, g.source_start, kind,
                                   antecedents))
    return out


def source_correct(names: Sequence[str], gold: GoldAttribution) -> bool:
    """Rules 2 and 3: is the predicted actor (its names) the gold Source?"""
    if not names or gold.source is None:
        return False
    if gold.kind in ("pronoun", "relative"):
        return any(names_source(names, a) for a in gold.antecedents)
    if names_source(names, gold.source):
        return True
    return gold.kind == "definite" and any(names_source(names, a) for a in gold.antecedents)


# --- predictions and scores ----------------------------------------------------------

@dataclass(frozen=True)
class Predicted:
    id: str
    text: str
    names: tuple[str, ...] = ()  # the actor's name and aliases; () when it has none
    evidence: str = ""  # the sentences the item was read from


@dataclass(frozen=True)
class SpanScore:
    """Rule 4 for one element (content or source): summed exact and Jaccard
    credit, and the numbers of predicted and gold spans."""

    exact: Fraction = Fraction(0)
    jaccard: Fraction = Fraction(0)
    predicted: int = 0
    expected: int = 0

    def __add__(self, other: SpanScore) -> SpanScore:
        return SpanScore(self.exact + other.exact, self.jaccard + other.jaccard,
                         self.predicted + other.predicted, self.expected + other.expected)

    @staticmethod
    def _prf(credit: Fraction, predicted: int, expected: int) -> tuple[float, float, float]:
        p = float(credit / predicted) if predicted else 1.0
        r = float(credit / expected) if expected else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def exact_prf(self) -> tuple[float, float, float]:
        return self._prf(self.exact, self.predicted, self.expected)

    @property
    def jaccard_prf(self) -> tuple[float, float, float]:
        return self._prf(self.jaccard, self.predicted, self.expected)

    def to_json(self) -> dict[str, Any]:
        (ep, er, ef), (jp, jr, jf) = self.exact_prf, self.jaccard_prf
        return {"predicted": self.predicted, "expected": self.expected,
                "exact": {"precision": round(ep, 4), "recall": round(er, 4), "f1": round(ef, 4)},
                "jaccard": {"precision": round(jp, 4), "recall": round(jr, 4), "f1": round(jf, 4)}}


def _lower_tokens(text: str) -> list[str]:
    return [t.lower() for t in _tokens(text)]


def _jaccard(a: Sequence[str], b: Sequence[str]) -> Fraction:
    sa, sb = set(a), set(b)
    return Fraction(len(sa & sb), len(sa | sb)) if sa | sb else Fraction(0)


def predicted_source(p: Predicted) -> str | None:
    """Rule 4: the actor's name as the evidence writes it."""
    if not p.names:
        return None
    evidence = p.evidence.lower()
    found = [n for n in p.names if n and n.lower() in evidence]
    return max(found, key=len) if found else p.names[0]


def span_scores(gold: Sequence[GoldAttribution], predicted: Sequence[Predicted]) -> tuple[SpanScore, SpanScore]:
    """Rule 4 for one article: (content, source)."""
    g_toks = [_lower_tokens(g.content) for g in gold]
    p_toks = [_lower_tokens(p.text) for p in predicted]
    candidates = sorted(((_jaccard(pt, gt), gi, pi) for gi, gt in enumerate(g_toks) for pi, pt in enumerate(p_toks)
                         if set(pt) & set(gt)), key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    content = SpanScore(predicted=len(predicted), expected=len(gold))
    source = SpanScore(predicted=sum(1 for p in predicted if p.names), expected=sum(1 for g in gold if g.source))
    for jac, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        content = content + SpanScore(Fraction(int(p_toks[pi] == g_toks[gi])), jac)
        src = predicted_source(predicted[pi])
        if gold[gi].source and src:
            gs, ps = _lower_tokens(gold[gi].source or ""), _lower_tokens(src)
            source = source + SpanScore(Fraction(int(gs == ps)), _jaccard(gs, ps))
    return content, source


def predicted_from(extraction: Extraction) -> list[Predicted]:
    """Every extracted claim, denial and other statement, as an attribution (text,
    or evidence when the text is empty; the actor's name and aliases). PolNeAR
    annotates every attributed statement, announcements and opinions included,
    which the sidecar keeps apart from checkable claims as `statements`."""
    actors = {a.id: (a.name, *a.aliases) for a in extraction.actors}
    out: list[Predicted] = []
    said: dict[tuple[str, str, tuple[str, ...]], int] = {}  # (kind, text, evidence) -> its index in out
    for item in (*extraction.claims, *extraction.denials, *extraction.statements):
        speaker = item.claimant if isinstance(item, Claim) else item.actor
        text = item.text.strip() or " ".join(item.evidence)
        names = actors.get(speaker, ()) if speaker else ()
        key = (type(item).__name__, text, item.evidence)
        if key in said:
            # "X and Y said ...": one statement by two actors in the sidecar (one item
            # each, as the dev-set asks) is one attribution with two sources in PolNeAR
            k = said[key]
            out[k] = Predicted(out[k].id, text, (*out[k].names, *names), out[k].evidence)
            continue
        said[key] = len(out)
        out.append(Predicted(item.id, text, names, " ".join(item.evidence)))
    return out


@dataclass(frozen=True)
class DocScore:
    name: str
    attributions: Score
    sources: dict[str, Accuracy] = field(default_factory=dict)  # by gold source kind
    unscored: dict[str, int] = field(default_factory=dict)  # matched pairs left out, by kind
    pairs: tuple[tuple[str, str, float, str, bool | None], ...] = ()  # gold, predicted, overlap, kind, ok
    content_spans: SpanScore = SpanScore()  # rule 4
    source_spans: SpanScore = SpanScore()

    @property
    def source_accuracy(self) -> Accuracy:
        total = Accuracy()
        for kind in SOURCE_KINDS:
            total = total + self.sources.get(kind, Accuracy())
        return total


def score_document(name: str, gold: Sequence[GoldAttribution], predicted: Sequence[Predicted]) -> DocScore:
    """Rules 1-3 for one article."""
    gold_words = [content_words(g.content) for g in gold]
    pred_words = [content_words(p.text) for p in predicted]
    # ties on the overlap score (common: a short Content inside a long prediction
    # scores 1) go to the pair that covers more of both sides (shared over
    # union), not to whichever gold attribution comes first in the article
    candidates = [(overlap_score(pw, gw), Fraction(len(pw & gw), len(pw | gw)), gi, pi)
                  for gi, gw in enumerate(gold_words) for pi, pw in enumerate(pred_words) if overlaps(pw, gw)]
    pairs = greedy_pairs(candidates)
    sources = {kind: Accuracy() for kind in SOURCE_KINDS}
    unscored = dict.fromkeys(UNSCORED_KINDS, 0)
    rows = []
    for gi, pi, score in pairs:
        g, p = gold[gi], predicted[pi]
        if g.kind in UNSCORED_KINDS:
            unscored[g.kind] += 1
            ok = None
        else:
            ok = source_correct(p.names, g)
            sources[g.kind] = sources[g.kind] + Accuracy(int(ok), 1)
        rows.append((g.id, p.id, float(score), g.kind, ok))
    content, source = span_scores(gold, predicted)
    return DocScore(name, Score(len(pairs), len(predicted), len(gold)), sources, unscored, tuple(rows),
                    content, source)


@dataclass
class Totals:
    articles: int = 0
    attributions: Score = Score()
    sources: dict[str, Accuracy] = field(default_factory=lambda: {k: Accuracy() for k in SOURCE_KINDS})
    unscored: dict[str, int] = field(default_factory=lambda: dict.fromkeys(UNSCORED_KINDS, 0))
    content_spans: SpanScore = SpanScore()
    source_spans: SpanScore = SpanScore()

    def add(self, doc: DocScore) -> None:
        self.articles += 1
        self.attributions = self.attributions + doc.attributions
        self.content_spans = self.content_spans + doc.content_spans
        self.source_spans = self.source_spans + doc.source_spans
        for kind, acc in doc.sources.items():
            self.sources[kind] = self.sources[kind] + acc
        for kind, n in doc.unscored.items():
            self.unscored[kind] += n

    @property
    def source_accuracy(self) -> Accuracy:
        total = Accuracy()
        for acc in self.sources.values():
            total = total + acc
        return total

    def to_json(self) -> dict[str, Any]:
        return {"articles": self.articles, "attributions": self.attributions.to_json(),
                "source_accuracy": self.source_accuracy.to_json(),
                "source_accuracy_by_kind": {k: v.to_json() for k, v in self.sources.items()},
                "matched_without_scored_source": dict(self.unscored),
                "spans_cofenet_style": {"content": self.content_spans.to_json(),
                                        "source": self.source_spans.to_json()}}


# --- corpus and run ----------------------------------------------------------------------

@dataclass(frozen=True)
class Document:
    name: str  # file stem
    txt: Path
    gold: tuple[GoldAttribution, ...]


def load_corpus(corpus: Path) -> tuple[list[Document], list[str]]:
    """Every text with its annotations, sorted by name; notes on what was skipped."""
    text_dir, ann_dir = corpus / "text", corpus / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise BenchError("expected text/ and attributions/ folders (brat standoff)", corpus)
    notes = []
    docs = []
    skipped: list[str] = []
    for txt in sorted(text_dir.glob("*.txt")):
        ann = ann_dir / f"{txt.stem}.ann"
        if not ann.is_file():
            notes.append(f"{txt.name}: no attributions/{ann.name}; skipped")
            continue
        try:
            text = txt.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise BenchError("is not UTF-8 text", txt) from None
        gold = parse_ann(ann.read_text(encoding="utf-8"), text, ann.name, skipped)
        docs.append(Document(txt.stem, txt, tuple(gold)))
    if skipped:
        notes.append(f"{len(skipped)} attribution(s) without a Content skipped: {', '.join(skipped)}")
    if not docs:
        raise BenchError("no annotated texts found", corpus)
    return docs, notes


def split_of(docs: Sequence[Document], split: str) -> list[Document]:
    """Rule 4: even = index 0, 2, 4... of the sorted names; odd = 1, 3, 5..."""
    ordered = sorted(docs, key=lambda d: d.name)
    if split == "all":
        return ordered
    parity = {"even": 0, "odd": 1}[split]
    return [d for i, d in enumerate(ordered) if i % 2 == parity]


@dataclass
class BenchReport:
    corpus: Path
    split: str
    model: str
    extractor: str
    load_seconds: float
    extract_seconds: float  # reading, NLP, extraction and scoring of all chosen articles
    totals: dict[str, Totals]  # by split name: the chosen one, or even, odd and all
    per_article: list[tuple[str, str, DocScore]]  # name, half, score
    notes: list[str]
    words: int = 0  # words (whitespace-separated) of the chosen articles


def run(corpus: Path, split: str = "all", model: str = "en_core_web_sm") -> BenchReport:
    """Extract every article of the split with the real extractor and score it."""
    from generator.extract import EXTRACTOR_VERSION, extract
    from generator.extract import nlp as nlp_module

    docs, notes = load_corpus(corpus)
    even = {d.name for d in split_of(docs, "even")}
    chosen = split_of(docs, split)
    started = time.perf_counter()
    nlp = nlp_module.load(model)
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    articles = [read_article(SourceFile(d.txt, d.txt.name, article_slug(d.name))) for d in chosen]
    by_name = {d.name: d for d in chosen}
    totals = {name: Totals() for name in (["even", "odd", "all"] if split == "all" else [split])}
    per_article = []
    for article, extraction in extract(articles, nlp):
        doc = by_name[article.path.stem]
        score = score_document(doc.name, doc.gold, predicted_from(extraction))
        half = "even" if doc.name in even else "odd"
        for name in (half, "all"):
            if name in totals:
                totals[name].add(score)
        per_article.append((doc.name, half, score))
    extract_seconds = time.perf_counter() - started
    words = sum(len(a.text.split()) for a in articles)
    return BenchReport(corpus, split, str(nlp_module.installed_version(model)), EXTRACTOR_VERSION,
                       load_seconds, extract_seconds, totals, per_article, notes, words)


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def format_text(report: BenchReport) -> str:
    n = len(report.per_article)
    lines = [f"Attribution bench: {report.corpus} (split {report.split}); extractor {report.extractor}, "
             f"model {report.model}",
             f"{n} article{'s' if n != 1 else ''}; model load {report.load_seconds:.1f} s; extraction and scoring "
             f"{report.extract_seconds:.1f} s = {report.extract_seconds / n if n else 0:.3f} s per article"
             + (f" ({report.words // n} words on average; {report.extract_seconds / report.words * 800:.3f} s per"
                f" 800 words)" if n and report.words else ""),
             "",
             "split  articles   gold  predicted  matched  precision  recall     F1  source acc"]
    for name, t in report.totals.items():
        a, src = t.attributions, t.source_accuracy
        lines.append(f"{name:<5}  {t.articles:>8}  {a.expected:>5}  {a.predicted:>9}  {a.matched:>7}"
                     f"      {_fmt(a.precision)}   {_fmt(a.recall)}  {_fmt(a.f1)}"
                     f"  {_fmt(src.value)} ({src.correct}/{src.total})")
    lines.append("")
    lines.append("Source accuracy by kind of gold Source (correct/matched pairs):")
    for name, t in report.totals.items():
        kinds = "  ".join(f"{k} {v.correct}/{v.total}" for k, v in t.sources.items())
        left = ", ".join(f"{k} {v}" for k, v in t.unscored.items())
        lines.append(f"  {name:<5}  {kinds}  (not scored: {left})")
    lines.append("")
    lines.append("Spans, CofeNet style (rule 4; CofeNet, BERT, PolNeAR: exact F1 source 83.2, content 72.9):")
    lines.append("split  element   exact P/R/F1           Jaccard P/R/F1")
    for name, t in report.totals.items():
        for element, sp in (("source", t.source_spans), ("content", t.content_spans)):
            (ep, er, ef), (jp, jr, jf) = sp.exact_prf, sp.jaccard_prf
            lines.append(f"{name:<5}  {element:<8}  {_fmt(ep)} {_fmt(er)} {_fmt(ef)}    {_fmt(jp)} {_fmt(jr)} {_fmt(jf)}")
    lines.extend(f"note: {note}" for note in report.notes)
    return "\n".join(lines) + "\n"


def to_json(report: BenchReport) -> dict[str, Any]:
    n = len(report.per_article)
    return {
        "corpus": str(report.corpus), "split": report.split, "model": report.model,
        "extractor": report.extractor, "articles": n,
        "load_seconds": round(report.load_seconds, 3),
        "extract_seconds": round(report.extract_seconds, 3),
        "seconds_per_article": round(report.extract_seconds / n, 4) if n else None,
        "words": report.words,
        "totals": {name: t.to_json() for name, t in report.totals.items()},
        "per_article": [{"name": name, "split": half, "attributions": score.attributions.to_json(),
                         "source_accuracy": score.source_accuracy.to_json()}
                        for name, half, score in report.per_article],
        "notes": report.notes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score the extractor against brat attribution annotations.")
    parser.add_argument("--corpus", type=Path, required=True, help="folder with text/ and attributions/")
    parser.add_argument("--split", choices=("even", "odd", "all"), default="all",
                        help="half of the files (sorted by name) to score; default all")
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    parser.add_argument("--model", default="en_core_web_sm", help="spaCy pipeline (default en_core_web_sm)")
    args = parser.parse_args(argv)
    try:
        report = run(args.corpus, args.split, args.model)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(to_json(report), indent=2))
    else:
        print(format_text(report), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
