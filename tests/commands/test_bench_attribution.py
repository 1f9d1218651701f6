"""The attribution bench, on tiny brat corpora written here (invented sentences:
the PolNeAR texts are never copied into the repository)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from generator.commands.evaluate import Accuracy, Score
from generator.model import Actor, Claim, Denial, Extraction

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "attribution.py"

_spec = importlib.util.spec_from_file_location("bench_attribution", SCRIPT)
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_attribution"] = bench
_spec.loader.exec_module(bench)

TEXT = (
    "Council Row Over Budget\n"
    "Councillor Jane Doe said the mayor had hidden a deficit of two million dollars. "
    "Mayor Tom Roe denied that any deficit existed. "
    "He said the auditors had approved every account. "
    "Local traders complained that the market square was closed for months.\n"
)


def span(text: str, piece: str, after: int = 0) -> str:
    start = text.index(piece, after)
    return f"{start} {start + len(piece)}"


def ann(text: str, relations: list[dict[str, str]]) -> str:
    """brat lines for relations given as {role: piece of text}; a piece may be a
    list of pieces (a discontinuous span)."""
    lines, t = [], 0
    for e, relation in enumerate(relations, 1):
        args = []
        for role, piece in relation.items():
            t += 1
            pieces = piece if isinstance(piece, list) else [piece]
            offsets = ";".join(span(text, p) for p in pieces)
            kind = "Content" if role.startswith("Content") else role
            lines.append(f"T{t}\t{kind} {offsets}\t{' '.join(pieces)}")
            args.append(f"{role}:T{t}")
        lines.append(f"E{e}\tAttribution:T{t + 1} " + " ".join(args))
        t += 1
        lines.append(f"T{t}\tAttribution 0 0\t")
    return "\n".join(lines) + "\n"


RELATIONS = [
    {"Source": "Councillor Jane Doe", "Cue": "said",
     "Content": "the mayor had hidden a deficit of two million dollars"},
    {"Source": "Mayor Tom Roe", "Cue": "denied", "Content": "that any deficit existed"},
    {"Source": "He", "Cue": "said ", "Content": "the auditors had approved every account"},
    {"Cue": "complained", "Content": "the market square was closed for months"},  # no Source
]


def gold(text: str = TEXT, relations=RELATIONS):
    return bench.parse_ann(ann(text, relations), text, "test.ann")


def write_corpus(root: Path, docs: dict[str, tuple[str, list[dict]]]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, (text, relations) in docs.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (root / "attributions" / f"{name}.ann").write_text(ann(text, relations), encoding="utf-8")
    return root


# --- reading brat --------------------------------------------------------------------

def test_parse_ann_reads_sources_contents_and_missing_sources():
    found = gold()
    assert [g.source for g in found] == ["Councillor Jane Doe", "Mayor Tom Roe", "He", None]
    assert found[0].content == "the mayor had hidden a deficit of two million dollars"
    assert [g.kind for g in found] == ["named", "named", "pronoun", "none"]
    assert found[2].antecedents == ("Mayor Tom Roe",)


def test_discontinuous_spans_and_second_content_are_joined():
    text = "Headline\nThe plan, Ann Lee said, will fail. She added: it costs too much.\n"
    relations = [{"Source": "Ann Lee", "Content": ["The plan", "will fail"], "Content2": "it costs too much"}]
    (found,) = bench.parse_ann(ann(text, relations), text)
    assert found.content == "The plan will fail it costs too much"
    assert found.content_start == text.index("The plan")


def test_attribution_without_content_is_skipped_and_reported(tmp_path):
    text = "Headline\nAnn Lee said nothing of note.\n"
    write_corpus(tmp_path, {"a": (text, [{"Source": "Ann Lee", "Cue": "said"}])})
    docs, notes = bench.load_corpus(tmp_path)
    assert docs[0].gold == ()
    assert any("without a Content" in n and "E1" in n for n in notes)


def test_offsets_that_do_not_give_the_text_are_an_error():
    text = "Headline\nAnn Lee said it works.\n"
    bad = "T1\tSource 0 7\tAnn Lee\nE1\tAttribution:T2 Source:T1\n"
    with pytest.raises(bench.BenchError, match="offsets"):
        bench.parse_ann(bad, text, "bad.ann")
    with pytest.raises(bench.BenchError, match="outside"):
        bench.parse_ann("T1\tSource 5 500\tx\n", text, "bad.ann")


# --- scoring ---------------------------------------------------------------------------

def test_one_hit_one_miss_one_false_positive_one_wrong_source():
    predicted = [
        bench.Predicted("c1", "The mayor hid a deficit of two million dollars.", ("Jane Doe", "Doe")),  # hit
        bench.Predicted("d1", "No deficit existed at all.", ("Jane Doe",)),  # matched, wrong source
        bench.Predicted("c2", "The weather will be sunny tomorrow.", ("Tom Roe",)),  # false positive
    ]  # "the auditors had approved every account" and the market square: missed
    score = bench.score_document("a", gold(), predicted)
    assert score.attributions == Score(matched=2, predicted=3, expected=4)
    assert score.attributions.precision == pytest.approx(2 / 3)
    assert score.attributions.recall == 0.5
    assert score.source_accuracy == Accuracy(1, 2)
    assert score.sources["named"] == Accuracy(1, 2)
    assert [(row[0], row[1], row[4]) for row in score.pairs] == [("E1", "c1", True), ("E2", "d1", False)]


def test_matching_is_one_to_one_and_needs_half_the_smaller_side():
    text = "Headline\nAnn Lee said alpha bravo charlie delta.\n"
    found = bench.parse_ann(ann(text, [{"Source": "Ann Lee", "Content": "alpha bravo charlie delta"}]), text)
    half = bench.Predicted("p1", "alpha bravo echo foxtrot", ("Ann Lee",))
    below = bench.Predicted("p2", "alpha echo foxtrot golf", ("Ann Lee",))
    assert bench.score_document("a", found, [half]).attributions.matched == 1
    assert bench.score_document("a", found, [below]).attributions.matched == 0
    twice = bench.score_document("a", found, [half, bench.Predicted("p3", "alpha bravo charlie", ())])
    assert twice.attributions == Score(matched=1, predicted=2, expected=1)
    assert twice.pairs[0][1] == "p3"  # the better overlap wins


def test_a_short_content_does_not_take_a_later_attribution_s_full_match():
    # "Machado" (Ann Lee's) lies inside Bob Ray's Content: both score 1 against the
    # prediction, which reports Bob Ray's words and goes to his attribution.
    text = "Headline\nAnn Lee praised Machado. Bob Ray said Machado showed great courage in the debate.\n"
    found = bench.parse_ann(ann(text, [{"Source": "Ann Lee", "Cue": "praised", "Content": "Machado"},
                                       {"Source": "Bob Ray", "Cue": "said",
                                        "Content": "Machado showed great courage in the debate"}]), text)
    score = bench.score_document("a", found, [bench.Predicted("p1", "Machado showed great courage in the debate.",
                                                              ("Bob Ray",))])
    assert [(row[0], row[1], row[4]) for row in score.pairs] == [("E2", "p1", True)]
    assert score.source_accuracy == Accuracy(1, 1)


def test_pronoun_source_must_be_its_antecedent():
    auditors = "The auditors approved every account."
    right = bench.score_document("a", gold(), [bench.Predicted("p", auditors, ("Tom Roe",))])
    wrong = bench.score_document("a", gold(), [bench.Predicted("p", auditors, ("Jane Doe",))])
    literal = bench.score_document("a", gold(), [bench.Predicted("p", auditors, ("He",))])
    assert right.sources["pronoun"] == Accuracy(1, 1)
    assert wrong.sources["pronoun"] == Accuracy(0, 1)
    assert literal.sources["pronoun"] == Accuracy(0, 1)


def test_no_source_and_unresolved_pairs_are_left_out_of_source_accuracy():
    score = bench.score_document("a", gold(), [bench.Predicted("p", "the market square was closed", ())])
    assert score.attributions.matched == 1
    assert score.source_accuracy == Accuracy(0, 0) and score.source_accuracy.value is None
    assert score.unscored["none"] == 1
    text = "Headline\nHe said the plan will fail.\n"
    (unresolved,) = bench.parse_ann(ann(text, [{"Source": "He", "Content": "the plan will fail"}]), text)
    assert unresolved.kind == "unresolved"


def test_null_claimant_is_never_the_source():
    score = bench.score_document("a", gold(), [bench.Predicted("p", "any deficit existed", ())])
    assert score.source_accuracy == Accuracy(0, 1)


@pytest.mark.parametrize("names, source, expected", [
    (["Donald J. Trump"], "Trump", True),
    (["Barack Obama"], "Mr. Obama", True),
    (["Trump"], "a spokesman for Trump", False),
    (["Trump"], "the Trump campaign", False),
    (["Clinton campaign"], "the Trump campaign", False),
    (["Hillary Clinton's campaign"], "the Clinton campaign", True),
    (["Ann Lee"], "Economist Ann Lee, who studies trade at the Example Institute,", True),
    (["Example Institute"], "Economist Ann Lee, who studies trade at the Example Institute,", False),
    (["Reuters, citing anonymous sources"], "Reuters", True),
    (["FBI officials"], "officials at the FBI", True),
    (["Ann Lee"], "she", False),
    (["US officials"], "two US officials", True),
    (["US officials"], "officials", True),
    ([], "Ann Lee", False),
])
def test_actor_names_against_source_text(names, source, expected):
    assert bench.names_source(names, source) is expected


def test_source_kinds():
    text = ("Headline Words Here\n"
            "Sources said the plan failed. Trump said it worked. Officials at the port agreed. "
            "Ann Lee, who runs the Example Group, said no. The group said more. Some said less. "
            "Later sources and officials disagreed.\n")
    def kind(piece, after=0):
        start = text.index(piece, after)
        return bench.source_kind(piece, start, text)
    assert kind("Sources") == "generic"  # sentence-initial, and "sources" occurs in lowercase
    assert kind("Trump") == "named"  # sentence-initial, never lowercase
    assert kind("Officials at the port") == "generic"  # "officials" occurs in lowercase
    assert bench.source_kind("Officials", text.index("Officials"), text.replace("officials", "staff")) == "named"
    assert kind("who") == "relative"
    assert kind("The group") == "definite"
    assert kind("Some") == "pronoun"
    assert kind("Headline") == "named"  # headline: "headline" never occurs in lowercase
    assert bench.source_kind("US", text.index("Trump"), text) == "named"
    assert bench.source_kind(None, None, text) == "none"


def test_relative_and_definite_antecedents():
    text = ("Headline\n"
            "The Example Group said costs rose. Ann Lee, who chairs the board, said prices fell. "
            "The group later said costs fell.\n")
    relations = [
        {"Source": "The Example Group", "Content": "costs rose"},
        {"Source": "who", "Content": "prices fell"},  # as if "who said" (tests the rule)
        {"Source": "The group", "Content": "costs fell"},
    ]
    found = {g.source: g for g in bench.parse_ann(ann(text, relations), text)}
    assert found["who"].kind == "relative"
    # the capitalised run before it in its sentence, and the nearest named Source before it
    assert found["who"].antecedents == ("Ann Lee", "The Example Group")
    assert bench.source_correct(("Ann Lee",), found["who"])
    assert not bench.source_correct(("Board",), found["who"])
    with_source = [*relations, {"Source": "Ann Lee", "Content": "chairs the board"}]
    found = {g.source: g for g in bench.parse_ann(ann(text, with_source), text)}
    assert found["who"].antecedents == ("Ann Lee",)  # both rules give her: listed once
    assert found["The group"].kind == "definite"
    assert found["The group"].antecedents == ("The Example Group",)
    assert bench.source_correct(("Example Group",), found["The group"])
    assert not bench.source_correct(("Ann Lee",), found["The group"])


def test_predicted_from_an_extraction():
    extraction = Extraction(
        actors=(Actor("jane-doe", "Jane Doe", "person", aliases=("Doe",)),),
        claims=(Claim("c1", "jane-doe", "the deficit was hidden", ("sentence one",)),
                Claim("c2", None, "", ("evidence only",))),
        denials=(Denial("d1", "jane-doe", "c1", "no deficit", ("sentence two",)),))
    assert bench.predicted_from(extraction) == [
        bench.Predicted("c1", "the deficit was hidden", ("Jane Doe", "Doe"), "sentence one"),
        bench.Predicted("c2", "evidence only", (), "evidence only"),
        bench.Predicted("d1", "no deficit", ("Jane Doe", "Doe"), "sentence two"),
    ]


def test_one_statement_by_two_actors_is_one_attribution_with_both_sources():
    # "A and B said ...": the sidecar gives the claim to each (the dev-set's rule);
    # PolNeAR annotates one attribution whose source names both
    extraction = Extraction(
        actors=(Actor("ann-lee", "Ann Lee", "person"), Actor("bo-kim", "Bo Kim", "person")),
        claims=(Claim("c1", "ann-lee", "the dam leaked", ("Ann Lee and Bo Kim said the dam leaked.",)),
                Claim("c2", "bo-kim", "the dam leaked", ("Ann Lee and Bo Kim said the dam leaked.",)),
                Claim("c3", "bo-kim", "the dam leaked", ("Later, Bo Kim said the dam leaked.",))))
    assert bench.predicted_from(extraction) == [
        bench.Predicted("c1", "the dam leaked", ("Ann Lee", "Bo Kim"), "Ann Lee and Bo Kim said the dam leaked."),
        bench.Predicted("c3", "the dam leaked", ("Bo Kim",), "Later, Bo Kim said the dam leaked."),
    ]


def test_spans_cofenet_style_exact_and_jaccard():
    gold = [bench.GoldAttribution("E1", "the deficit was hidden", 0, "Jane Doe", 0, "named"),
            bench.GoldAttribution("E2", "taxes will rise next year", 50, "he", 40, "pronoun")]
    predicted = [bench.Predicted("c1", "The deficit was hidden", ("Jane Doe", "Doe"), "Doe said the deficit was hidden."),
                 bench.Predicted("c2", "taxes will rise", ("Tom Ray",), "Tom Ray said taxes will rise."),
                 bench.Predicted("c3", "something else entirely", (), "")]
    content, source = bench.span_scores(gold, predicted)
    # content: c1 exact (case aside), c2 shares 3 of 5 tokens, c3 pairs with nothing
    assert (content.exact, content.jaccard, content.predicted, content.expected) == (1, 1 + Fraction(3, 5), 3, 2)
    # source: "Doe" (the name the evidence uses) against "Jane Doe" is not exact, half by Jaccard;
    # "Tom Ray" against the pronoun "he" is nothing; c3 has no actor, so no predicted source
    assert (source.exact, source.jaccard, source.predicted, source.expected) == (0, Fraction(1, 2), 2, 2)
    p, r, f = content.exact_prf
    assert (round(p, 3), round(r, 3)) == (0.333, 0.5)


# --- corpus, splits and the script ----------------------------------------------------------

def test_splits_are_even_and_odd_halves_by_sorted_name(tmp_path):
    simple = ("Headline\nAnn Lee said it works.\n", [{"Source": "Ann Lee", "Content": "it works"}])
    write_corpus(tmp_path, dict.fromkeys(["d", "b", "a", "c", "e"], simple))
    docs, _ = bench.load_corpus(tmp_path)
    assert [d.name for d in docs] == ["a", "b", "c", "d", "e"]
    assert [d.name for d in bench.split_of(docs, "even")] == ["a", "c", "e"]
    assert [d.name for d in bench.split_of(docs, "odd")] == ["b", "d"]
    assert [d.name for d in bench.split_of(docs, "all")] == ["a", "b", "c", "d", "e"]


def test_script_runs_the_real_extractor_on_a_tiny_corpus(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"one": (TEXT, RELATIONS), "two": (TEXT, RELATIONS[:2])})
    result = subprocess.run([sys.executable, str(SCRIPT), "--corpus", str(corpus), "--json"],
                            capture_output=True, text=True, check=True, cwd=tmp_path, timeout=300)
    out = json.loads(result.stdout)
    assert out["articles"] == 2 and out["split"] == "all"
    assert out["totals"]["all"]["attributions"]["expected"] == 6
    assert out["totals"]["even"]["articles"] == out["totals"]["odd"]["articles"] == 1
    assert out["totals"]["even"]["attributions"]["expected"] == 4  # "one" sorts first
    assert out["seconds_per_article"] is not None
    # whatever the extractor finds, the counts are consistent
    total = out["totals"]["all"]["attributions"]
    assert 0 <= total["matched"] <= min(total["predicted"], total["expected"])
    # the report names files and counts, never corpus text
    assert "deficit" not in result.stdout and "Councillor" not in result.stdout
    text = subprocess.run([sys.executable, str(SCRIPT), "--corpus", str(corpus), "--split", "odd"],
                          capture_output=True, text=True, check=True, cwd=tmp_path, timeout=300).stdout
    assert "1 article;" in text and "s per article" in text and "odd" in text and "even " not in text


def test_script_reports_a_bad_corpus_path(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--corpus", str(tmp_path / "missing")],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and "text/ and attributions/" in result.stderr
