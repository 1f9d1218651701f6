"""Extraction quality: compare a site's sidecars with reference ("gold") sidecars.

`evaluate(gold_dir, sidecar_dir)` pairs every reference sidecar `<gold_dir>/<name>.yaml`
with the sidecar of the same relative name in `sidecar_dir` (a site's `content/`
folder) and scores what the extractor found against what an annotator found.
Nothing here imports spaCy; scoring six articles takes milliseconds.

What is scored, per article and overall (precision, recall and F1 unless said):

- **actors**: only actors that claim or deny something (ids used as a claim's
  `claimant` or a denial's `actor`), on both sides;
- **claims**, and separately the **recall of disputed claims** (recall only): gold claims that
  some gold denial answers. Reference sets such as the dev-set annotate disputed
  and alleged claims only, so against them claim precision is reported but means
  little; disputed-claim recall and the denial scores are the figures to watch;
- **denials**;
- **denial->claim link accuracy** (an accuracy): of the matched denials, the fraction whose link
  is right. When the gold denial `denies` a claim, the link is right if the
  predicted `denies` is the predicted claim matched to that gold claim (so it is
  wrong when that gold claim was not found at all); when the gold `denies` is null,
  it is right if the predicted `denies` is null too;
- **denials with the right link** (end to end; precision, recall and F1): a predicted
  denial counts as found only when it matches a gold denial *and* its link is right;
- **tables entirely right** (an accuracy over articles): every gold denial found,
  each linked right, and no other denial shown (an article without gold denials:
  when it shows none);
- **calibration**: for each confidence band, how many predicted denials and claims
  were right (a denial: matched with the right link; a claim: matched), so that a
  review threshold can be set from data.

Overall figures are micro-averaged: counts are summed over articles, then divided
(an article with ten claims weighs ten times one with one).

Matching rules (version `EVAL_VERSION`; change the version when a rule changes,
as figures from different versions are not comparable):

1. *Names.* A name is normalised by: Unicode NFKC, diacritics removed, lowercase;
   curly apostrophes made straight; a possessive `'s` removed (`Navalny's` ->
   `navalny`); apostrophes and full stops deleted (`U.S.` -> `us`); every other
   punctuation mark turned into a space (`Lycos-Europe` -> `lycos europe`); one
   leading article (`the`, `a`, `an`) dropped; whitespace collapsed. Two actors
   *match* when any normalised name or alias of one equals any normalised name or
   alias of the other. A name that normalises to nothing matches nothing.
2. *Actors score.* Predicted and gold actors (those that claim or deny) are paired
   one-to-one by a maximum matching over rule 1 (computed deterministically in file
   order), so an actor split in two scores one true and one false positive.
3. *Content words.* Text is lowercased (NFKC, diacritics removed, curly
   apostrophes straightened) and cut into words (runs of letters and digits, with
   inner apostrophes kept, so `wasn't` is one word); a trailing `'s` is removed;
   the 179 words of NLTK's English stopword list (written out below) are dropped.
   What remains, as a set, are the content words.
4. *Overlap.* Two texts overlap when the content words they share are at least half
   of the smaller side's content words: `2 * |A & B| >= min(|A|, |B|)`, with both
   sides non-empty (a text with no content words overlaps nothing). The overlap
   score is `|A & B| / min(|A|, |B|)`.
5. *Statements.* A predicted claim can match a gold claim, and a predicted denial a
   gold denial (never across the two kinds), when
   - the actor matches: the predicted claimant/actor matches the gold one by rule 1
     (as a predicate, not through the one-to-one pairing of rule 2: an actor split
     in two still has all its statements credited); a gold `claimant: null` (an
     unnamed accuser) accepts any claimant, including null; a predicted null
     claimant matches only a gold null one; and
   - some predicted text (each of its `evidence` sentences, and its `text`)
     overlaps (rule 4) some gold text (each of its `evidence` sentences, its
     reference-only `also_evidence` sentences, and its `text`). The pair's score is
     the best overlap score over these combinations.
   Pairs are then chosen one-to-one, greedily: highest score first; equal scores
   are ordered by the overlap score of the predicted `text` with the gold `text`
   (this separates two claims quoted from the same sentence, whose evidence is
   identical), then by gold order, then by predicted order (file order), so the
   result is deterministic.
6. *Files.* A gold file without a predicted sidecar counts as an empty prediction
   (recall 0 for whatever it expects). A predicted sidecar without a gold file is
   skipped and named in the notes. Both sides are read the same way: structure,
   ids and references are checked (a broken file stops the evaluation with its
   file, line and field), `null`, `~` or an empty value for `claimant` or `denies`
   means null, unknown keys are named in the notes, and the reference-only keys
   `split`, `notes` and `also_evidence` are accepted (only gold `also_evidence`
   is used). Gold files are `.yaml` files anywhere under the gold folder (names
   starting with `.` or `_` skipped), paired by their path relative to it.
7. *Empty cases.* Precision is `matched / predicted` and recall `matched / expected`;
   when there is nothing to divide by, the value is 1.0 (vacuously: nothing was
   predicted wrongly, nothing was missed), and F1, the harmonic mean, is 0 when
   precision and recall are both 0. So an extractor that finds nothing in an
   article that has nothing scores 1.0 throughout; one that finds nothing where
   there is something scores precision 1.0, recall 0, F1 0; one that finds things
   where there is nothing scores precision 0, recall 1.0, F1 0. Link accuracy is an
   accuracy over matched pairs: without any, it is undefined (`n/a`, `null` in
   JSON). The counts behind every figure are always reported alongside it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import sidecar as sidecar_io
from ..errors import GeneratorError, SidecarError
from ..model import Actor, Claim, Denial, Extraction
from ..sidecar.read import from_node
from ..source import yamlio
from ..source.schema import Reader

EVAL_VERSION = 2  # 2: adds end-to-end denial+link scores, whole tables and calibration (rules unchanged)

# NLTK's English stopword list (179 words), written out so the ruler never changes
# under us when a library is upgraded.
STOPWORDS = frozenset("""
i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
yourselves he him his himself she she's her hers herself it it's its itself they them their
theirs themselves what which who whom this that that'll these those am is are was were be
been being have has had having do does did doing a an the and but if or because as until
while of at by for with about against between into through during before after above below
to from up down in out on off over under again further then once here there when where why
how all any both each few more most other some such no nor not only own same so than too
very s t can will just don don't should should've now d ll m o re ve y ain aren aren't
couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma
mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren
weren't won won't wouldn wouldn't
""".split())

LEADING_ARTICLES = ("the", "a", "an")
REFERENCE_ONLY_KEYS = ("split", "notes", "also_evidence")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


# --- text rules ---------------------------------------------------------------

def _fold(text: str) -> str:
    """NFKC, diacritics removed, lowercase, straight apostrophes."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).lower()


def normalise_name(name: str) -> str:
    """Rule 1: `The Lycos-Europe's` -> `lycos europe`; '' when nothing is left."""
    text = _fold(name)
    text = re.sub(r"'s\b", "", text)
    text = text.replace("'", "").replace(".", "")
    text = re.sub(r"[^\w\s]|_", " ", text)
    words = text.split()
    if words and words[0] in LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words)


def actor_names(actor: Actor) -> frozenset[str]:
    """The actor's normalised name and aliases (empty ones left out)."""
    names = (normalise_name(n) for n in (actor.name, *actor.aliases))
    return frozenset(n for n in names if n)


def names_match(a: Iterable[str], b: Iterable[str]) -> bool:
    """Rule 1 on already normalised name sets."""
    return not frozenset(a).isdisjoint(frozenset(b))


def words(text: str) -> list[str]:
    """Rule 3 before stopword removal: the words of a text, in order."""
    out = []
    for word in _WORD.findall(_fold(text)):
        if word.endswith("'s"):
            word = word[:-2]
        if word:
            out.append(word)
    return out


def content_words(text: str) -> frozenset[str]:
    """Rule 3: lowercased words without stopwords and punctuation, as a set."""
    return frozenset(w for w in words(text) if w not in STOPWORDS)


def overlap_score(a: frozenset[str], b: frozenset[str]) -> Fraction:
    """Shared content words over the smaller side's count; 0 when a side is empty."""
    if not a or not b:
        return Fraction(0)
    return Fraction(len(a & b), min(len(a), len(b)))


def overlaps(a: frozenset[str], b: frozenset[str]) -> bool:
    """Rule 4: at least half of the smaller side is shared (both sides non-empty)."""
    return bool(a) and bool(b) and 2 * len(a & b) >= min(len(a), len(b))


def best_overlap(predicted: Sequence[frozenset[str]], gold: Sequence[frozenset[str]]) -> Fraction | None:
    """The best overlap score over all pairs that overlap; None when none does."""
    best: Fraction | None = None
    for p in predicted:
        for g in gold:
            if overlaps(p, g):
                score = overlap_score(p, g)
                if best is None or score > best:
                    best = score
    return best


def greedy_pairs(candidates: Iterable[tuple[Fraction, Fraction, int, int]]) -> list[tuple[int, int, Fraction]]:
    """One-to-one pairs from (score, tie-break score, gold index, predicted index)
    candidates: highest score first, then highest tie-break score, then gold index,
    then predicted index. Returns (gold, predicted, score), sorted."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    chosen = []
    for score, _tie, g, p in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2], c[3])):
        if g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        chosen.append((g, p, score))
    return sorted(chosen)


def maximum_matching(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]) -> dict[int, int]:
    """Maximum one-to-one pairing of left to right items whose name sets meet
    (augmenting paths, tried in index order: deterministic). Returns {left: right}."""
    edges = [[j for j, r in enumerate(right) if names_match(names, r)] for names in left]
    match_right: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in match_right or augment(match_right[j], seen):
                match_right[j] = i
                return True
        return False

    for i in range(len(left)):
        augment(i, set())
    return {i: j for j, i in match_right.items()}


# --- results -------------------------------------------------------------------

def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 from counts (rule 7 for empty cases)."""

    matched: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.expected)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.matched + other.matched, self.predicted + other.predicted,
                     self.expected + other.expected)

    def to_json(self) -> dict[str, Any]:
        return {"matched": self.matched, "predicted": self.predicted, "expected": self.expected,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Recall:
    """Found out of expected; 1.0 when nothing is expected (rule 7)."""

    found: int = 0
    expected: int = 0

    @property
    def value(self) -> float:
        return _ratio(self.found, self.expected)

    def __add__(self, other: Recall) -> Recall:
        return Recall(self.found + other.found, self.expected + other.expected)

    def to_json(self) -> dict[str, Any]:
        return {"found": self.found, "expected": self.expected, "recall": round(self.value, 4)}


@dataclass(frozen=True)
class Accuracy:
    """Correct out of total; undefined (None) when total is 0 (rule 7)."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    def to_json(self) -> dict[str, Any]:
        value = self.value
        return {"correct": self.correct, "total": self.total,
                "accuracy": None if value is None else round(value, 4)}


@dataclass(frozen=True)
class Pair:
    """One matched statement: gold id, predicted id, overlap score, and for denials
    whether the link was right."""

    kind: str  # "claim" | "denial"
    gold: str
    predicted: str
    overlap: float
    link_ok: bool | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "gold": self.gold, "predicted": self.predicted,
                               "overlap": round(self.overlap, 4)}
        if self.link_ok is not None:
            out["link_ok"] = self.link_ok
        return out


@dataclass(frozen=True)
class Totals:
    actors: Score = Score()
    claims: Score = Score()
    disputed: Recall = Recall()
    denials: Score = Score()
    links: Accuracy = Accuracy()
    linked: Score = Score()  # denials found with the right link (end to end)
    tables: Accuracy = Accuracy()  # articles whose claim-vs-denial table is entirely right

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.actors + other.actors, self.claims + other.claims,
                      self.disputed + other.disputed, self.denials + other.denials,
                      self.links + other.links, self.linked + other.linked, self.tables + other.tables)

    def to_json(self) -> dict[str, Any]:
        return {"disputed_claims": self.disputed.to_json(), "denials": self.denials.to_json(),
                "links": self.links.to_json(), "denials_linked": self.linked.to_json(),
                "tables_right": self.tables.to_json(), "claims": self.claims.to_json(),
                "actors": self.actors.to_json()}


@dataclass(frozen=True)
class Judged:
    """One predicted claim or denial, its confidence and whether it was right."""

    kind: str  # "claim" | "denial"
    confidence: float | None
    right: bool


@dataclass(frozen=True)
class ArticleReport:
    name: str  # the sidecar's path relative to the gold folder, without .yaml
    totals: Totals
    missing: bool = False  # no predicted sidecar: scored as empty
    pairs: tuple[Pair, ...] = ()
    missed: tuple[str, ...] = ()  # gold claim/denial ids not matched
    spurious: tuple[str, ...] = ()  # predicted claim/denial ids not matched
    missed_actors: tuple[str, ...] = ()  # gold actor ids not matched
    spurious_actors: tuple[str, ...] = ()  # predicted actor ids not matched
    judged: tuple[Judged, ...] = ()  # every predicted claim and denial, right or not (calibration)
    errors: tuple[str, ...] = ()  # the table's errors, for people: missed, spurious and wrong links

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "missing_sidecar": self.missing, **self.totals.to_json(),
                "pairs": [p.to_json() for p in self.pairs], "missed": list(self.missed),
                "spurious": list(self.spurious), "missed_actors": list(self.missed_actors),
                "spurious_actors": list(self.spurious_actors), "errors": list(self.errors)}


@dataclass(frozen=True)
class EvalReport:
    gold_dir: Path
    sidecar_dir: Path
    articles: tuple[ArticleReport, ...]
    notes: tuple[str, ...] = ()

    @property
    def overall(self) -> Totals:
        total = Totals()
        for article in self.articles:
            total = total + article.totals
        return total

    @property
    def missing(self) -> int:
        return sum(1 for a in self.articles if a.missing)


# --- reading -------------------------------------------------------------------

@dataclass(frozen=True)
class Reference:
    """A sidecar as eval reads it: its extraction, plus the reference-only
    `also_evidence` sentences of each claim and denial (by id), and notes."""

    extraction: Extraction
    also_evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _reference_only(warning: SidecarError) -> bool:
    """An "unknown key" warning about `split`, `notes` or `also_evidence`."""
    field_path = warning.message.split(":", 1)[0]
    return field_path.rsplit(".", 1)[-1] in REFERENCE_ONLY_KEYS


def read_sidecar(path: Path) -> Reference:
    """Read a sidecar or reference sidecar for scoring (rule 6).

    Both are validated by the sidecar schema itself (`sidecar.read.from_node`: a
    `SidecarError` with the line for broken structure, references or required
    fields); the reference-only `also_evidence` is read from the same nodes.
    Other unknown keys become notes, so a misspelt `also_evidence` does not
    silently drop sentences."""
    node = yamlio.read(path, SidecarError, max_bytes=sidecar_io.MAX_SIDECAR_BYTES)
    loaded, warnings = from_node(node, path)
    assert node is not None  # from_node refuses an empty document
    r = Reader(path, SidecarError)
    also: dict[str, tuple[str, ...]] = {}
    for key in ("claims", "denials"):
        for i, item in enumerate(r.items(node.get(key), key)):
            sentences = r.texts(item, "also_evidence", f"{key}[{i}]")
            if sentences:
                also[r.text(item, "id", f"{key}[{i}]", required=True)] = sentences  # type: ignore[index]
    notes = tuple(str(w) for w in warnings if not _reference_only(w))
    return Reference(loaded.extraction, also, notes)


def _yaml_files(folder: Path) -> dict[str, Path]:
    """Every .yaml under folder (hidden and _private names skipped), by relative name
    without the suffix."""
    found = {}
    for path in sorted(folder.rglob("*.yaml")):
        rel = path.relative_to(folder)
        if any(part.startswith((".", "_")) for part in rel.parts) or not path.is_file():
            continue
        found[rel.with_suffix("").as_posix()] = path
    return found


# --- scoring -------------------------------------------------------------------

def _speakers(extraction: Extraction) -> list[Actor]:
    """Actors used as a claimant or a denial's actor, in file order."""
    used = {c.claimant for c in extraction.claims} | {d.actor for d in extraction.denials}
    return [a for a in extraction.actors if a.id in used]


def _statement_texts(item: Claim | Denial, also: Sequence[str] = ()) -> list[frozenset[str]]:
    return [content_words(t) for t in (*item.evidence, *also, item.text)]


def _match_statements(gold: Sequence[Claim | Denial], predicted: Sequence[Claim | Denial],
                      gold_names: Mapping[str, frozenset[str]], pred_names: Mapping[str, frozenset[str]],
                      also: Mapping[str, tuple[str, ...]]) -> list[tuple[int, int, Fraction]]:
    gold_texts = [_statement_texts(g, also.get(g.id, ())) for g in gold]
    pred_texts = [_statement_texts(p) for p in predicted]
    candidates = []
    for gi, g in enumerate(gold):
        g_actor = g.claimant if isinstance(g, Claim) else g.actor
        for pi, p in enumerate(predicted):
            p_actor = p.claimant if isinstance(p, Claim) else p.actor
            if g_actor is not None and (
                    p_actor is None or not names_match(gold_names.get(g_actor, ()), pred_names.get(p_actor, ()))):
                continue
            score = best_overlap(pred_texts[pi], gold_texts[gi])
            if score is not None:
                tie = overlap_score(pred_texts[pi][-1], gold_texts[gi][-1])  # text with text
                candidates.append((score, tie, gi, pi))
    return greedy_pairs(candidates)


def _statements(extraction: Extraction) -> list[Claim | Denial]:
    return [*extraction.claims, *extraction.denials]


def score_article(name: str, gold: Extraction, predicted: Extraction,
                  also_evidence: Mapping[str, tuple[str, ...]] | None = None,
                  missing: bool = False) -> ArticleReport:
    """Score one article's predicted extraction against its gold extraction."""
    also = also_evidence or {}
    gold_names = {a.id: actor_names(a) for a in gold.actors}
    pred_names = {a.id: actor_names(a) for a in predicted.actors}

    gold_speakers, pred_speakers = _speakers(gold), _speakers(predicted)
    actor_pairs = maximum_matching([gold_names[a.id] for a in gold_speakers],
                                   [pred_names[a.id] for a in pred_speakers])
    actors = Score(len(actor_pairs), len(pred_speakers), len(gold_speakers))
    paired_pred = set(actor_pairs.values())

    claim_pairs = _match_statements(gold.claims, predicted.claims, gold_names, pred_names, also)
    claims = Score(len(claim_pairs), len(predicted.claims), len(gold.claims))
    claim_for_gold = {gold.claims[g].id: predicted.claims[p].id for g, p, _ in claim_pairs}
    disputed_ids = {d.denies for d in gold.denials if d.denies is not None}
    disputed = Recall(sum(1 for c in gold.claims if c.id in disputed_ids and c.id in claim_for_gold),
                      sum(1 for c in gold.claims if c.id in disputed_ids))

    denial_pairs = _match_statements(gold.denials, predicted.denials, gold_names, pred_names, also)
    denials = Score(len(denial_pairs), len(predicted.denials), len(gold.denials))

    pairs = [Pair("claim", gold.claims[g].id, predicted.claims[p].id, float(s)) for g, p, s in claim_pairs]
    correct = 0
    for g, p, s in denial_pairs:
        gd, pd = gold.denials[g], predicted.denials[p]
        if gd.denies is None:
            ok = pd.denies is None
        else:
            ok = pd.denies is not None and claim_for_gold.get(gd.denies) == pd.denies
        correct += ok
        pairs.append(Pair("denial", gd.id, pd.id, float(s), ok))
    links = Accuracy(correct, len(denial_pairs))
    linked = Score(correct, len(predicted.denials), len(gold.denials))
    table_right = correct == len(gold.denials) == len(predicted.denials)
    tables = Accuracy(int(table_right), 1)

    matched_gold = {p.gold for p in pairs}
    matched_pred = {p.predicted for p in pairs}
    right_denials = {p.predicted for p in pairs if p.link_ok}
    judged = tuple([Judged("claim", c.confidence, c.id in matched_pred) for c in predicted.claims]
                   + [Judged("denial", d.confidence, d.id in right_denials) for d in predicted.denials])
    return ArticleReport(
        name=name,
        totals=Totals(actors, claims, disputed, denials, links, linked, tables),
        judged=judged,
        errors=tuple(_table_errors(gold, predicted, pairs, claim_for_gold)),
        missing=missing,
        pairs=tuple(pairs),
        missed=tuple(s.id for s in _statements(gold) if s.id not in matched_gold),
        spurious=tuple(s.id for s in _statements(predicted) if s.id not in matched_pred),
        missed_actors=tuple(a.id for i, a in enumerate(gold_speakers) if i not in actor_pairs),
        spurious_actors=tuple(a.id for j, a in enumerate(pred_speakers) if j not in paired_pred),
    )


def _said(extraction: Extraction, item: Claim | Denial) -> str:
    """'actor: text' of a claim or denial, short, for an error line."""
    who = item.claimant if isinstance(item, Claim) else item.actor
    names = {a.id: a.name for a in extraction.actors}
    text = item.text if len(item.text) <= 90 else item.text[:87] + "..."
    return f"{names.get(who or '', who or 'nobody')}: {text!r}"


def _table_errors(gold: Extraction, predicted: Extraction, pairs: Sequence[Pair],
                  claim_for_gold: Mapping[str, str]) -> list[str]:
    """What makes the claim-vs-denial table wrong, one line each."""
    out = []
    matched_gold = {p.gold: p for p in pairs if p.kind == "denial"}
    matched_pred = {p.predicted for p in pairs if p.kind == "denial"}
    gold_claims = {c.id: c for c in gold.claims}
    pred_claims = {c.id: c for c in predicted.claims}
    for d in gold.denials:
        pair = matched_gold.get(d.id)
        if pair is None:
            out.append(f"missed denial {d.id} ({_said(gold, d)})")
        elif not pair.link_ok:
            pd = next(x for x in predicted.denials if x.id == pair.predicted)
            shown = pred_claims[pd.denies].text[:60] if pd.denies in pred_claims else None
            want = gold_claims[d.denies].text[:60] if d.denies in gold_claims else None
            found = " (that claim was not found)" if d.denies and d.denies not in claim_for_gold else ""
            out.append(f"wrong link {d.id}: shown against {shown!r}, answers {want!r}{found}")
    for d in predicted.denials:
        if d.id not in matched_pred:
            out.append(f"denial not in the reference {d.id} ({_said(predicted, d)})")
    return out


def evaluate(gold_dir: Path, sidecar_dir: Path) -> EvalReport:
    """Score the sidecars in `sidecar_dir` (a site's content/ folder) against the
    reference sidecars of the same names in `gold_dir`."""
    gold_dir, sidecar_dir = Path(gold_dir), Path(sidecar_dir)
    if not gold_dir.is_dir():
        raise GeneratorError("the reference (gold) folder does not exist", gold_dir,
                             hint="pass --gold with a folder of reference sidecars, e.g. tests/data/dev-set")
    gold_files = _yaml_files(gold_dir)
    if not gold_files:
        raise GeneratorError("the reference (gold) folder has no .yaml sidecars", gold_dir)
    predicted_files = _yaml_files(sidecar_dir) if sidecar_dir.is_dir() else {}
    notes: list[str] = []
    if not sidecar_dir.is_dir():
        notes.append(f"{sidecar_dir} does not exist: every article is scored as empty")
    articles = []
    for name, gold_path in gold_files.items():
        reference = read_sidecar(gold_path)
        notes.extend(reference.notes)
        pred_path = predicted_files.get(name)
        if pred_path is None:
            articles.append(score_article(name, reference.extraction, Extraction(),
                                          reference.also_evidence, missing=True))
        else:
            predicted = read_sidecar(pred_path)
            notes.extend(predicted.notes)
            articles.append(score_article(name, reference.extraction, predicted.extraction,
                                          reference.also_evidence))
    unscored = sorted(set(predicted_files) - set(gold_files))
    if unscored:
        notes.append(f"skipped {len(unscored)} sidecar(s) with no reference file: {', '.join(unscored)}")
    return EvalReport(gold_dir, sidecar_dir, tuple(articles), tuple(notes))


# --- output --------------------------------------------------------------------

def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def _prf(score: Score) -> str:
    return (f"P {_pct(score.precision)} ({score.matched}/{score.predicted})  "
            f"R {_pct(score.recall)} ({score.matched}/{score.expected})  F1 {_pct(score.f1)}")


def format_text(report: EvalReport) -> str:
    """A report for people: overall figures first, then one line per article."""
    total = report.overall
    n = len(report.articles)
    lines = [
        f"Extraction quality (eval rules v{EVAL_VERSION}): {n} article{'s' if n != 1 else ''}"
        f" from {report.gold_dir}, sidecars from {report.sidecar_dir}"
        + (f"; {report.missing} without a sidecar (scored as empty)" if report.missing else ""),
        "",
        "Overall (micro-averaged over items):",
        f"  disputed-claim recall  {_pct(total.disputed.value)} ({total.disputed.found}/{total.disputed.expected})",
        f"  denials                {_prf(total.denials)}",
        f"  denial->claim links    {_pct(total.links.value)} "
        f"({total.links.correct}/{total.links.total} matched denials)",
        f"  denials + right link   {_prf(total.linked)}",
        f"  tables entirely right  {_pct(total.tables.value)} "
        f"({total.tables.correct}/{total.tables.total} articles)",
        f"  claims                 {_prf(total.claims)}",
        "                         (claim precision means little when the reference annotates only"
        " disputed/alleged claims)",
        f"  actors                 {_prf(total.actors)}",
        "",
        "Per article:",
    ]
    width = max([len(a.name) + (13 if a.missing else 0) for a in report.articles] + [7])
    lines.append(f"  {'article':<{width}}  disputed R   denials P/R/F1     links  claims P/R/F1      actors P/R/F1")
    for a in report.articles:
        t = a.totals
        label = a.name + (" [no sidecar]" if a.missing else "")
        lines.append(
            f"  {label:<{width}}  {_pct(t.disputed.value)} {f'{t.disputed.found}/{t.disputed.expected}':<5}"
            f"  {_pct(t.denials.precision)} {_pct(t.denials.recall)} {_pct(t.denials.f1)}"
            f"  {_pct(t.links.value)}"
            f"  {_pct(t.claims.precision)} {_pct(t.claims.recall)} {_pct(t.claims.f1)}"
            f"  {_pct(t.actors.precision)} {_pct(t.actors.recall)} {_pct(t.actors.f1)}")
        indent = " " * (width + 4)
        if a.missed:
            lines.append(f"{indent}missed: {', '.join(a.missed)}")
        if a.spurious:
            lines.append(f"{indent}not in the reference: {', '.join(a.spurious)}")
        wrong = [p.gold for p in a.pairs if p.link_ok is False]
        if wrong:
            lines.append(f"{indent}wrong link: {', '.join(wrong)}")
        lines.extend(f"{indent}  - {error}" for error in a.errors)
    lines.extend(["", *format_calibration(report)])
    if report.notes:
        lines.append("")
        lines.extend(f"note: {note}" for note in report.notes)
    return "\n".join(lines) + "\n"


CONFIDENCE_BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def calibration(report: EvalReport) -> dict[str, list[tuple[float, int, int]]]:
    """By kind, for each confidence band (its lower bound): items, items right."""
    out: dict[str, list[tuple[float, int, int]]] = {}
    for kind in ("denial", "claim"):
        rows = []
        for n, low in enumerate(CONFIDENCE_BANDS):
            high = CONFIDENCE_BANDS[n + 1] if n + 1 < len(CONFIDENCE_BANDS) else 1.01
            items = [j for a in report.articles for j in a.judged
                     if j.kind == kind and j.confidence is not None and low <= j.confidence < high]
            rows.append((low, len(items), sum(j.right for j in items)))
        out[kind] = rows
    return out


def format_calibration(report: EvalReport) -> list[str]:
    lines = ["Calibration (how often items at each confidence are right; denial: found with the right link):"]
    for kind, rows in calibration(report).items():
        cells = []
        for n, (low, count, right) in enumerate(rows):
            high = CONFIDENCE_BANDS[n + 1] if n + 1 < len(CONFIDENCE_BANDS) else 1.0
            share = f"{right / count:.2f}" if count else " n/a"
            cells.append(f"[{low:.1f},{high:.1f}{']' if high == 1.0 else ')'} {share} ({right}/{count})")
        lines.append(f"  {kind + 's':<7} " + "  ".join(cells))
    return lines


def to_json(report: EvalReport) -> dict[str, Any]:
    """Plain data for `--json`: overall figures, per-article figures and pairs."""
    return {
        "eval_version": EVAL_VERSION,
        "gold": str(report.gold_dir),
        "sidecars": str(report.sidecar_dir),
        "articles": len(report.articles),
        "articles_without_sidecar": report.missing,
        "overall": report.overall.to_json(),
        "per_article": [a.to_json() for a in report.articles],
        "calibration": {kind: [{"from": low, "items": count, "right": right} for low, count, right in rows]
                        for kind, rows in calibration(report).items()},
        "notes": list(report.notes),
    }
