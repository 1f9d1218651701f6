"""The eval ruler: gold sidecars compared with predicted sidecars on disk."""

from __future__ import annotations

import copy
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.commands import evaluate as ev
from generator.errors import GeneratorError, SidecarError

DATA = Path(__file__).resolve().parents[1] / "data"
DEV_SET = DATA / "dev-set"
N_DEV = len(list(DEV_SET.glob("*.yaml")))  # reference sidecars in the dev-set copy
GOLD = DATA / "gold"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(folder: Path, name: str, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def sidecar(actors=(), claims=(), denials=()) -> dict:
    return {"schema": 1, "article": {"path": "a.md"}, "actors": list(actors), "claims": list(claims),
            "denials": list(denials)}


def actor(id_: str, name: str, *aliases: str) -> dict:
    return {"id": id_, "name": name, "kind": "person", "aliases": list(aliases)}


def claim(id_: str, claimant: str | None, text: str, evidence: str | list[str] | None = None) -> dict:
    return {"id": id_, "claimant": claimant, "text": text, "evidence": evidence or text}


def denial(id_: str, actor_id: str, denies: str | None, text: str, evidence: str | None = None) -> dict:
    return {"id": id_, "actor": actor_id, "denies": denies, "text": text, "evidence": evidence or text}


def one(gold: dict, predicted: dict | None, tmp_path: Path) -> ev.ArticleReport:
    write(tmp_path / "gold", "a", gold)
    if predicted is not None:
        write(tmp_path / "site", "a", predicted)
    report = ev.evaluate(tmp_path / "gold", tmp_path / "site")
    assert len(report.articles) == 1
    return report.articles[0]


def assert_perfect(totals: ev.Totals) -> None:
    for score in (totals.actors, totals.claims, totals.denials):
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), score
    assert totals.disputed.value == 1.0
    assert totals.links.value in (1.0, None)


# --- text rules ------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("The Lycos-Europe's", "lycos europe"),
    ("  Dmitry   PESKOV ", "dmitry peskov"),
    ("U.S.", "US"),
    ("Navalny’s associates", "Navalny's associates"),
    ("the Church of Scientology", "Church of Scientology"),
    ("An Actor", "actor"),
    ("Zhào Lìjiān", "Zhao Lijian"),
])
def test_names_normalise_equal(a, b):
    assert ev.normalise_name(a) == ev.normalise_name(b) != ""


@pytest.mark.parametrize("a, b", [
    ("two US officials", "US officials"),  # only a leading *article* is dropped
    ("Russian government", "Chinese government"),
    ("The", "the"),  # normalises to nothing: matches nothing
])
def test_names_that_do_not_match(a, b):
    assert not ev.names_match({ev.normalise_name(a)} - {""}, {ev.normalise_name(b)} - {""})


def test_content_words_drop_case_stopwords_punctuation_possessive():
    assert ev.content_words("The Kremlin's spokesman said: “No, there wasn’t a REQUEST!”") == {
        "kremlin", "spokesman", "said", "request"}
    assert ev.content_words("it was not there") == frozenset()


def test_overlap_exactly_half_of_smaller_side_matches_below_does_not():
    four = ev.content_words("alpha bravo charlie delta")
    assert ev.overlaps(four, ev.content_words("alpha bravo echo foxtrot golf"))  # 2 of min(4, 5)=4
    assert ev.overlap_score(four, ev.content_words("alpha bravo echo foxtrot golf")) == Fraction(1, 2)
    assert not ev.overlaps(four, ev.content_words("alpha echo foxtrot golf"))  # 1 of 4
    three = ev.content_words("alpha bravo charlie")
    assert not ev.overlaps(three, ev.content_words("alpha echo foxtrot"))  # 1 of 3 < half
    assert ev.overlaps(three, ev.content_words("alpha bravo"))  # 2 of 2
    assert not ev.overlaps(frozenset(), three) and not ev.overlaps(three, frozenset())


@given(st.sets(st.sampled_from("abcdefghij"), max_size=8), st.sets(st.sampled_from("abcdefghij"), max_size=8))
def test_overlap_is_symmetric_and_agrees_with_its_score(a, b):
    a, b = frozenset(a), frozenset(b)
    assert ev.overlaps(a, b) == ev.overlaps(b, a)
    assert ev.overlaps(a, b) == (bool(a and b) and ev.overlap_score(a, b) >= Fraction(1, 2))


def test_greedy_pairs_best_first_one_to_one_deterministic():
    zero, half, one_ = Fraction(0), Fraction(1, 2), Fraction(1)
    candidates = [(half, zero, 0, 0), (one_, zero, 0, 1), (Fraction(3, 4), zero, 1, 1), (half, zero, 1, 0)]
    assert ev.greedy_pairs(candidates) == [(0, 1, one_), (1, 0, half)]
    assert ev.greedy_pairs(reversed(candidates)) == ev.greedy_pairs(candidates)
    # equal scores: the tie-break score decides, then gold order, then predicted order
    assert ev.greedy_pairs([(one_, zero, 0, 0), (one_, one_, 0, 1)]) == [(0, 1, one_)]
    assert ev.greedy_pairs([(one_, zero, 1, 0), (one_, zero, 0, 0)]) == [(0, 0, one_)]
    assert ev.greedy_pairs([(one_, zero, 0, 1), (one_, zero, 0, 0)]) == [(0, 0, one_)]


def test_two_claims_from_one_sentence_pair_by_their_text(tmp_path):
    sentence = "Ann Smith claims her passport was taken and she was forced to work in the engine room."
    people = [actor("a", "Ann Smith")]
    gold = sidecar(people, [claim("c1", "a", "Her passport was taken.", sentence),
                            claim("c2", "a", "She was forced to work in the engine room.", sentence)])
    predicted = sidecar(people, [claim("x", "a", "She was forced to work in the engine room.", sentence),
                                 claim("y", "a", "Her passport was taken.", sentence)])
    article = one(gold, predicted, tmp_path)
    assert sorted((p.gold, p.predicted) for p in article.pairs) == [("c1", "y"), ("c2", "x")]


def test_maximum_matching_finds_the_larger_pairing():
    # greedy in order would pair gold 0 with predicted 0 and leave gold 1 alone
    gold = [frozenset({"china", "chinese government"}), frozenset({"china"})]
    pred = [frozenset({"china"}), frozenset({"chinese government"})]
    assert ev.maximum_matching(gold, pred) == {0: 1, 1: 0}


# --- perfect and empty systems --------------------------------------------------------

@pytest.mark.parametrize("gold", [DEV_SET, GOLD])
def test_gold_against_itself_is_perfect(gold):
    report = ev.evaluate(gold, gold)
    assert report.articles and not report.missing
    assert_perfect(report.overall)
    for article in report.articles:
        assert_perfect(article.totals)
        assert not article.missed and not article.spurious
    assert report.overall.claims.expected > 0 and report.overall.links.total > 0


def surface_variant(data: dict) -> dict:
    """The same extraction written differently in every way the rules allow."""
    out = copy.deepcopy(data)
    for key in ("split", "notes"):
        out.pop(key, None)
    new_id = {}
    for i, a in enumerate(out["actors"]):
        new_id[a["id"]] = f"actor-{i}"
        a["id"] = new_id[a["id"]]
        names = [a["name"], *a.get("aliases", [])]
        # an alias becomes the name, the name an alias; case and articles change
        a["name"], a["aliases"] = (names[-1].upper(), [f"the {names[0]}"]) if len(names) > 1 \
            else (f"The {names[0]}", [])
    claim_id = {}
    for i, c in enumerate(reversed(out["claims"])):
        claim_id[c["id"]] = f"k{i}"
    for c in out["claims"]:
        c["id"] = claim_id[c["id"]]
        c["claimant"] = new_id.get(c["claimant"], out["actors"][0]["id"] if out["actors"] else None)
        also = c.pop("also_evidence", None)
        if also:
            c["evidence"] = also[0]  # an also_evidence sentence used as evidence
    for i, d in enumerate(out["denials"]):
        d["id"] = f"n{i}"
        d["actor"] = new_id[d["actor"]]
        d["denies"] = claim_id.get(d["denies"])
        also = d.pop("also_evidence", None)
        if also:
            d["evidence"] = also[0]
    out["claims"].reverse()
    out["denials"].reverse()
    return out


def test_surface_variant_is_perfect(tmp_path):
    site = tmp_path / "site"
    for path in [*DEV_SET.glob("*.yaml"), *GOLD.glob("*.yaml")]:
        write(site, path.stem, surface_variant(load(path)))
    for gold in (DEV_SET, GOLD):
        report = ev.evaluate(gold, site)
        assert_perfect(report.overall)
        assert not report.missing


def test_surface_variant_really_differs(tmp_path):
    # guard against the variant silently being a copy: the evidence of lycos c1 changed
    variant = surface_variant(load(DEV_SET / "lycos-anti-spam-ends.yaml"))
    original = load(DEV_SET / "lycos-anti-spam-ends.yaml")
    assert variant["claims"][-1]["evidence"] != original["claims"][0]["evidence"]
    assert variant["actors"][1]["name"] == "LYCOS-EUROPE"
    assert variant["claims"][-1]["claimant"] == "actor-0"  # gold claimant null, predicted named


def test_empty_system_has_recall_zero_and_vacuous_precision(tmp_path):
    site = tmp_path / "site"
    for path in DEV_SET.glob("*.yaml"):
        write(site, path.stem, sidecar())
    total = ev.evaluate(DEV_SET, site).overall
    for score in (total.actors, total.claims, total.denials):
        assert score.matched == 0 and score.predicted == 0 and score.expected > 0
        assert (score.precision, score.recall, score.f1) == (1.0, 0.0, 0.0)
    assert total.disputed.value == 0.0
    assert total.links.total == 0 and total.links.value is None


def test_missing_sidecars_count_as_empty(tmp_path):
    report = ev.evaluate(DEV_SET, tmp_path / "nowhere")
    assert report.missing == len(report.articles) == N_DEV
    assert report.overall.denials.recall == 0.0
    assert "scored as empty" in ev.format_text(report)
    # a negative-control article with nothing found and nothing expected is perfect
    negative = next(a for a in report.articles if a.name == "argentina-abortion-bill")
    assert_perfect(negative.totals)


def test_finding_things_where_there_are_none_has_precision_zero(tmp_path):
    article = one(sidecar(), sidecar([actor("x", "X")], [claim("c1", "x", "Something was alleged here.")]),
                  tmp_path)
    assert (article.totals.claims.precision, article.totals.claims.recall, article.totals.claims.f1) == (0, 1, 0)
    assert article.spurious == ("c1",)


# --- single faults -------------------------------------------------------------------

NAVALNY = DEV_SET / "navalny-novichok.yaml"


def test_wrong_link_lowers_link_accuracy_and_nothing_else(tmp_path):
    data = load(NAVALNY)
    data["denials"][0]["denies"] = "c2"  # d1 answers c1 in the reference
    article = one(load(NAVALNY), data, tmp_path)
    assert article.totals.links == ev.Accuracy(1, 2)
    perfect = ev.evaluate(DEV_SET, DEV_SET).articles[3]
    assert perfect.name == "navalny-novichok"
    assert article.totals.actors == perfect.totals.actors
    assert article.totals.claims == perfect.totals.claims
    assert article.totals.denials == perfect.totals.denials
    assert article.totals.disputed == perfect.totals.disputed
    assert [p.gold for p in article.pairs if p.link_ok is False] == ["d1"]


def test_link_to_an_unfound_claim_is_wrong(tmp_path):
    data = load(NAVALNY)
    del data["claims"][0]  # c1 not found; d1 points nowhere useful
    data["denials"][0]["denies"] = None
    article = one(load(NAVALNY), data, tmp_path)
    assert article.totals.links == ev.Accuracy(1, 2)
    assert article.totals.disputed == ev.Recall(1, 2)


def test_null_link_matched_by_null_is_right(tmp_path):
    gold = sidecar([actor("a", "Ann Smith"), actor("b", "Bob Jones")],
                   [claim("c1", "a", "The mayor stole municipal funds last year.")],
                   [denial("d1", "b", None, "The council budget audit found no irregularities.")])
    right = copy.deepcopy(gold)
    wrong = copy.deepcopy(gold)
    wrong["denials"][0]["denies"] = "c1"
    assert one(gold, right, tmp_path / "1").totals.links == ev.Accuracy(1, 1)
    assert one(gold, wrong, tmp_path / "2").totals.links == ev.Accuracy(0, 1)


def test_wrong_actor_breaks_the_statement_match(tmp_path):
    data = load(NAVALNY)
    data["denials"][0]["actor"] = "omsk-hospital"  # it was the Russian government
    article = one(load(NAVALNY), data, tmp_path)
    assert article.totals.denials == ev.Score(matched=1, predicted=2, expected=2)
    assert article.missed == ("d1",) and article.spurious == ("d1",)
    # the Russian government no longer denies anything, so it is no longer a speaker
    assert article.missed_actors == ("russian-government",)


def test_null_claimant_in_gold_accepts_any_but_not_the_reverse(tmp_path):
    text = "A cracker replaced the home page with a warning."
    anyone = sidecar([actor("x", "Someone Else")], [claim("c1", "x", text)])
    unnamed = sidecar([], [claim("c1", None, text)])
    named = sidecar([actor("x", "Someone Else")], [claim("c1", "x", text)])
    assert one(unnamed, anyone, tmp_path / "1").totals.claims.matched == 1
    assert one(unnamed, unnamed, tmp_path / "2").totals.claims.matched == 1
    assert one(named, unnamed, tmp_path / "3").totals.claims.matched == 0


def test_statement_overlap_at_half_matches_below_does_not(tmp_path):
    people = [actor("a", "Ann Smith")]
    gold = sidecar(people, [claim("c1", "a", "alpha bravo charlie delta")])
    half = sidecar(people, [claim("c1", "a", "alpha bravo echo foxtrot golf")])
    below = sidecar(people, [claim("c1", "a", "alpha echo foxtrot golf")])
    assert one(gold, half, tmp_path / "1").totals.claims.matched == 1
    assert one(gold, below, tmp_path / "2").totals.claims.matched == 0


def test_gold_also_evidence_counts_but_predicted_text_must_overlap_something(tmp_path):
    people = [actor("a", "Ann Smith")]
    gold_claim = claim("c1", "a", "alpha bravo", "charlie delta")
    gold_claim["also_evidence"] = ["echo foxtrot golf hotel"]
    gold = sidecar(people, [gold_claim])
    for i, text in enumerate(["alpha", "delta", "golf hotel india juliet"]):
        assert one(gold, sidecar(people, [claim("c9", "a", text)]), tmp_path / str(i)).totals.claims.matched == 1
    assert one(gold, sidecar(people, [claim("c9", "a", "kilo lima")]), tmp_path / "x").totals.claims.matched == 0


def test_one_to_one_a_duplicate_prediction_is_a_false_positive(tmp_path):
    data = load(NAVALNY)
    duplicate = copy.deepcopy(data["claims"][0])
    duplicate["id"] = "c9"
    data["claims"].append(duplicate)
    article = one(load(NAVALNY), data, tmp_path)
    assert article.totals.claims == ev.Score(matched=2, predicted=3, expected=2)
    assert article.spurious == ("c9",)  # the original, earlier in the file, wins the tie


def test_greedy_prefers_the_better_overlap(tmp_path):
    people = [actor("a", "Ann Smith")]
    gold = sidecar(people, [claim("c1", "a", "alpha bravo charlie delta"), claim("c2", "a", "alpha bravo echo")])
    # p1 overlaps c1 at 1/2 and c2 at 1; p2 overlaps c1 only. Best first: p1-c2, then p2-c1.
    predicted = sidecar(people, [claim("p1", "a", "alpha bravo echo"), claim("p2", "a", "charlie delta")])
    article = one(gold, predicted, tmp_path)
    assert sorted((p.gold, p.predicted) for p in article.pairs) == [("c1", "p2"), ("c2", "p1")]


def test_an_actor_split_in_two_costs_actor_precision_only(tmp_path):
    data = load(NAVALNY)
    data["actors"].append({"id": "berlin", "name": "Berlin", "kind": "organization"})
    data["actors"][0]["aliases"] = ["the German government"]  # "Berlin" now only on the new actor
    data["claims"][0]["claimant"] = "berlin"
    article = one(load(NAVALNY), data, tmp_path)
    assert article.totals.claims.matched == 2  # c1 still credited: Berlin is a name of the gold actor
    assert article.totals.actors == ev.Score(matched=4, predicted=4, expected=4)
    data["denials"][0]["actor"] = "german-government"  # now both "German government" and "Berlin" speak
    data["actors"][1]["aliases"] = []
    article = one(load(NAVALNY), data, tmp_path / "2")
    assert article.totals.actors.predicted == 4  # russian-government no longer speaks
    assert article.totals.actors.matched == 3


# --- files -----------------------------------------------------------------------------

def test_sidecar_without_gold_is_skipped_with_a_note(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(NAVALNY, site / "navalny-novichok.yaml")
    write(site, "unrelated-article", sidecar())
    report = ev.evaluate(DEV_SET, site)
    assert len(report.articles) == N_DEV
    assert any("unrelated-article" in note for note in report.notes)
    assert "unrelated-article" in ev.format_text(report)


def test_nested_names_pair_by_relative_path(tmp_path):
    data = load(NAVALNY)
    write(tmp_path / "gold" / "world", "navalny", data)
    write(tmp_path / "site" / "world", "navalny", data)
    report = ev.evaluate(tmp_path / "gold", tmp_path / "site")
    assert [a.name for a in report.articles] == ["world/navalny"]
    assert_perfect(report.overall)


def test_gold_unknown_key_is_noted_reference_only_keys_are_not(tmp_path):
    data = load(DEV_SET / "lycos-anti-spam-ends.yaml")
    data["claims"][0]["also_evidnce"] = data["claims"][0].pop("also_evidence")
    write(tmp_path / "gold", "a", data)
    report = ev.evaluate(tmp_path / "gold", tmp_path / "site")
    assert len(report.notes) == 2  # the typo, and the missing site folder
    assert any("also_evidnce" in note and "unknown key" in note for note in report.notes)
    assert not ev.evaluate(DEV_SET, DEV_SET).notes


def test_null_spellings_are_null(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.yaml").write_text(
        "schema: 1\narticle: {path: a.md}\nactors: [{id: x, name: X, kind: person}]\n"
        "claims:\n- {id: c1, claimant: ~, text: t, evidence: e}\n- {id: c2, claimant: , text: t, evidence: e}\n"
        "denials: [{id: d1, actor: x, denies: null, text: t, evidence: e}]\n", encoding="utf-8")
    ref = ev.read_sidecar(tmp_path / "gold" / "a.yaml")
    assert [c.claimant for c in ref.extraction.claims] == [None, None]
    assert ref.extraction.denials[0].denies is None


@pytest.mark.parametrize("change, message", [
    (lambda d: d["denials"][0].update(denies="c7"), "not a claim"),
    (lambda d: d["claims"][0].update(claimant="nobody"), "not an actor"),
    (lambda d: d["claims"][0].pop("evidence"), "evidence"),
    (lambda d: d["claims"].append(copy.deepcopy(d["claims"][0])), "ids must be unique"),
])
def test_broken_sidecar_stops_with_its_error(tmp_path, change, message):
    data = load(NAVALNY)
    change(data)
    write(tmp_path / "site", "navalny-novichok", data)
    with pytest.raises(SidecarError, match=message) as info:
        ev.evaluate(DEV_SET, tmp_path / "site")
    assert info.value.path == tmp_path / "site" / "navalny-novichok.yaml"


def test_gold_folder_must_exist_and_hold_sidecars(tmp_path):
    with pytest.raises(GeneratorError, match="does not exist"):
        ev.evaluate(tmp_path / "nope", tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(GeneratorError, match="no .yaml"):
        ev.evaluate(tmp_path / "empty", tmp_path)


# --- output ------------------------------------------------------------------------------

def test_json_and_text_reports(tmp_path):
    data = load(NAVALNY)
    data["denials"][0]["denies"] = "c2"
    write(tmp_path / "site", "navalny-novichok", data)
    report = ev.evaluate(DEV_SET, tmp_path / "site")
    out = json.loads(json.dumps(ev.to_json(report)))
    assert out["articles"] == N_DEV and out["articles_without_sidecar"] == N_DEV - 1
    assert out["eval_version"] == ev.EVAL_VERSION
    assert out["overall"]["links"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    disputed = sum(len({d["denies"] for d in load(p).get("denials") or [] if d.get("denies")})
                   for p in DEV_SET.glob("*.yaml"))
    assert out["overall"]["disputed_claims"] == {"found": 2, "expected": disputed, "recall": round(2 / disputed, 4)}
    navalny = next(a for a in out["per_article"] if a["name"] == "navalny-novichok")
    assert navalny["denials"]["f1"] == 1.0 and navalny["missing_sidecar"] is False
    assert {"kind": "denial", "gold": "d1", "predicted": "d1", "overlap": 1.0, "link_ok": False} in navalny["pairs"]
    text = ev.format_text(report)
    assert f"{N_DEV} articles" in text and f"disputed-claim recall  {2 / disputed:.3f} (2/{disputed})" in text
    assert "wrong link: d1" in text
    assert text.index("disputed-claim recall") < text.index("claims    ")
