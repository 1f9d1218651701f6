"""Review edits (`sidecar/review.py`) as pure functions, each followed by the
refresh rules (`merge.py`) to prove a later `extract --refresh` treats it as
the editor's; the sentences a selection becomes (`selection.py`); and the
writer (`save.py`): the version check, the round trip, undo."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from generator import sidecar
from generator.model import Article, Block, Claim, Extraction, Provenance, Sidecar, Statement, Verdict
from generator.sidecar import review, save, selection
from generator.sidecar.review import Contents, NewActor, Refused
from tests.sidecar.test_refresh import MACHINE, S1, S2, S3, S5, merge

START = Contents(MACHINE, sidecar.ledger_of(MACHINE))


def item(contents: Contents, kind: str, item_id: str):  # noqa: ANN201
    return review.find(contents, kind, item_id)


def ids(contents: Contents, kind: str) -> list[str]:
    return [i.id for i in sidecar.items_of(contents.extraction, kind)]


def refreshed(contents: Contents, fresh: Extraction = MACHINE):  # noqa: ANN201
    """What `extract --refresh` would make of the edited file if the extractor
    found `fresh` again (the machine's first findings, by default)."""
    return merge(contents.extraction, fresh, contents.ledger)


# --- accept, edit, relink -------------------------------------------------------

def test_accept_marks_done_and_the_item_becomes_the_editors() -> None:
    pending = Contents(replace(MACHINE, denials=(replace(MACHINE.denials[2], review="pending"),
                                                 *MACHINE.denials[:2])), START.ledger)
    done = review.accept(pending, "denial", "d3")
    assert item(done.contents, "denial", "d3").review == "done"
    assert done.said == "accepted denial d3" and done.focus == ("denial", "d3")
    result = refreshed(done.contents)
    assert "denial d3" in result.kept  # the editor's: no refresh changes it
    assert item(Contents(result.extraction, result.ledger), "denial", "d3").review == "done"


def test_an_item_never_marked_can_be_accepted_too() -> None:
    done = review.accept(START, "claim", "c1")
    assert item(done.contents, "claim", "c1").review == "done"
    fresher = replace(MACHINE, claims=(replace(MACHINE.claims[0], text="Swimming is safe."), MACHINE.claims[1]))
    result = refreshed(done.contents, fresher)
    assert [c.text for c in result.extraction.claims if c.id == "c1"] == ["The river is safe for swimming."]


def test_edit_changes_the_fields_given_and_keeps_the_rest() -> None:
    done = review.edit(START, "denial", "d2", {"text": "  No evidence the water is clean. ", "actor": "clean-water-now"})
    d2 = item(done.contents, "denial", "d2")
    assert (d2.text, d2.actor, d2.denies, d2.evidence, d2.review) == (
        "No evidence the water is clean.", "clean-water-now", "c1", MACHINE.denials[1].evidence, "done")
    assert "denial d2" in refreshed(done.contents).kept


def test_edit_an_actor_name_role_kind_and_aliases() -> None:
    done = review.edit(START, "actor", "mayor", {"name": "Mayor  Ana Ruiz", "role": "mayor", "kind": "person",
                                                 "aliases": "The mayor, Ruiz, ruiz, Mayor Ana Ruiz"})
    mayor = item(done.contents, "actor", "mayor")
    assert (mayor.name, mayor.role, mayor.aliases) == ("Mayor Ana Ruiz", "mayor", ("The mayor", "Ruiz"))
    assert review.edit(done.contents, "actor", "mayor", {"role": " "}).contents.extraction.actors[1].role is None


def test_edit_a_verdict_keeps_its_author_and_date_and_an_empty_rating_removes_it() -> None:
    dated = Verdict("False", "https://example.org/a", "Desk", dt.date(2024, 6, 2))
    start = Contents(replace(MACHINE, claims=(replace(MACHINE.claims[0], verdict=dated), MACHINE.claims[1])),
                     START.ledger)
    done = review.edit(start, "claim", "c1", {"verdict": {"rating": "Misleading", "url": "https://example.org/b"}})
    assert item(done.contents, "claim", "c1").verdict == Verdict("Misleading", "https://example.org/b", "Desk",
                                                                 dt.date(2024, 6, 2))
    gone = review.edit(done.contents, "claim", "c1", {"verdict": {"rating": "", "url": ""}})
    assert item(gone.contents, "claim", "c1").verdict is None


@pytest.mark.parametrize(("kind", "item_id", "fields", "said"), [
    ("claim", "c1", {"text": "  "}, "must not be empty"),
    ("claim", "c1", {"evidence": "x"}, "cannot be edited here"),
    ("claim", "c1", {"claimant": "nobody"}, "no actor nobody"),
    ("denial", "d1", {"actor": None}, "a denial needs an actor"),
    ("denial", "d1", {"denies": "c9"}, "no claim c9"),
    ("actor", "mayor", {"kind": "robot"}, "kind is one of"),
    ("actor", "mayor", {"name": ""}, "must not be empty"),
    ("claim", "c1", {"verdict": {"rating": "False", "url": "javascript:alert(1)"}}, "http, https or mailto"),
    ("claim", "c1", {"verdict": {"rating": "", "url": "https://example.org"}}, "needs a rating"),
    ("claim", "c9", {"text": "x"}, "no claim c9"),
])
def test_edits_that_cannot_be_made_are_refused_in_words(kind: str, item_id: str, fields: dict, said: str) -> None:
    with pytest.raises(Refused, match=said):
        review.edit(START, kind, item_id, fields)


def test_relink_points_a_denial_at_another_claim_or_none() -> None:
    done = review.relink(START, "d1", "c2")
    assert item(done.contents, "denial", "d1").denies == "c2"
    assert item(review.relink(done.contents, "d1", None).contents, "denial", "d1").denies is None
    assert "denial d1" in refreshed(done.contents).kept
    with pytest.raises(Refused, match="no claim c7"):
        review.relink(START, "d1", "c7")


# --- reject -----------------------------------------------------------------------

def test_a_rejected_finding_is_gone_and_no_refresh_proposes_it_again() -> None:
    done = review.reject(START, "denial", "d3")
    assert ids(done.contents, "denial") == ["d1", "d2"]
    assert ("denial", "d3") not in done.contents.ledger.written
    assert START.ledger.written[("denial", "d3")].finding in done.contents.ledger.rejected
    result = refreshed(done.contents)
    assert [d.id for d in result.extraction.denials] == ["d1", "d2"] and result.rejected == 1
    assert result.ledger.rejected == done.contents.ledger.rejected


def test_rejecting_a_claim_leaves_its_denials_denying_nothing() -> None:
    done = review.reject(START, "claim", "c1")
    assert [(d.id, d.denies) for d in done.contents.extraction.denials] == [("d1", None), ("d2", None), ("d3", None)]
    assert done.said == "rejected claim c1 (d1, d2 now deny no claim)"
    assert [c.id for c in refreshed(done.contents).extraction.claims] == ["c2"]


def test_an_actor_who_still_says_something_cannot_be_rejected_one_who_does_not_can() -> None:
    with pytest.raises(Refused, match="mayor is still named by c2"):
        review.reject(START, "actor", "mayor")
    without = review.reject(START, "claim", "c2").contents
    done = review.reject(without, "actor", "mayor")
    assert "mayor" not in ids(done.contents, "actor")
    assert "mayor" not in ids(Contents(refreshed(done.contents).extraction, done.contents.ledger), "actor")


def test_an_editors_own_item_rejected_is_not_proposed_later_either() -> None:
    added = review.add(START, "claim", "A report was hidden.", (S5,), None).contents
    done = review.reject(added, "claim", "c3")
    fresh = replace(MACHINE, claims=(*MACHINE.claims, Claim("c3", None, "A report was hidden.", (S5,), 0.5)))
    assert [c.id for c in refreshed(done.contents, fresh).extraction.claims] == ["c1", "c2"]


# --- move -------------------------------------------------------------------------

def test_a_claim_moved_to_statements_gets_the_next_id_and_stays_filed_there() -> None:
    start = review.reject(START, "denial", "d1").contents
    start = review.relink(review.relink(start, "d2", None).contents, "d3", None).contents
    done = review.move(start, "claim", "c1", "statement")
    assert ids(done.contents, "claim") == ["c2"] and ids(done.contents, "statement") == ["s1"]
    s1 = item(done.contents, "statement", "s1")
    assert (s1.actor, s1.text, s1.evidence, s1.confidence, s1.review) == (
        "city-council", "The river is safe for swimming.", (S1,), 0.85, "done")
    assert done.focus == ("statement", "s1")
    # Found again as a claim or as a statement: not proposed a second time.
    result = refreshed(done.contents)
    assert [c.id for c in result.extraction.claims] == ["c2"] and [s.id for s in result.extraction.statements] == ["s1"]
    as_said = replace(MACHINE, claims=MACHINE.claims[1:], statements=(
        Statement("s1", "city-council", "The river is safe for swimming.", (S1,), 0.8),))
    result = refreshed(done.contents, as_said)
    assert [s.id for s in result.extraction.statements] == ["s1"] and "statement s1" in result.kept


def test_moves_between_each_list_carry_the_speaker() -> None:
    to_denial = review.move(START, "claim", "c2", "denial", denies="c1")
    d4 = item(to_denial.contents, "denial", "d4")
    assert (d4.actor, d4.denies, d4.evidence) == ("mayor", "c1", (S2,))
    back = review.move(to_denial.contents, "denial", "d4", "claim")
    assert item(back.contents, "claim", "c2").claimant == "mayor"  # the next number not in use: c2's again
    assert ids(back.contents, "denial") == ["d1", "d2", "d3"]
    said = review.move(START, "denial", "d3", "statement")
    assert item(said.contents, "statement", "s1").actor == "spokesperson"


@pytest.mark.parametrize(("start", "kind", "item_id", "to", "said"), [
    (START, "claim", "c1", "statement", "d1, d2 deny claim c1, so it stays a claim"),
    (START, "claim", "c2", "claim", "is a claim already"),
    (START, "actor", "mayor", "claim", "only claims, denials and statements"),
    (Contents(replace(MACHINE, claims=(MACHINE.claims[0], replace(MACHINE.claims[1], verdict=Verdict("True")))),
              START.ledger), "claim", "c2", "statement", "has a verdict"),
    (Contents(replace(MACHINE, claims=(MACHINE.claims[0], replace(MACHINE.claims[1], claimant=None))),
              START.ledger), "claim", "c2", "denial", "a denial needs an actor"),
])
def test_moves_that_would_lose_something_are_refused(start: Contents, kind: str, item_id: str, to: str,
                                                     said: str) -> None:
    with pytest.raises(Refused, match=said):
        review.move(start, kind, item_id, to)


# --- merge actors -------------------------------------------------------------------

def test_merged_actors_are_one_with_the_others_names_as_aliases() -> None:
    done = review.merge_actors(START, "clean-water-now", "maria-lopez")
    kept = item(done.contents, "actor", "clean-water-now")
    assert kept.aliases == ("Maria Lopez",) and kept.role == "campaign group" and kept.review == "done"
    assert "maria-lopez" not in ids(done.contents, "actor")
    assert item(done.contents, "denial", "d2").actor == "clean-water-now"
    # A refresh that finds Maria Lopez again gives her words to the actor she was merged into.
    result = refreshed(done.contents)
    assert "maria-lopez" not in [a.id for a in result.extraction.actors]
    assert {d.actor for d in result.extraction.denials if d.id in ("d1", "d2")} == {"clean-water-now"}
    with pytest.raises(Refused, match="into itself"):
        review.merge_actors(START, "mayor", "mayor")


# --- add from a selection -------------------------------------------------------------

def test_add_gives_the_next_id_and_the_editors_ownership() -> None:
    done = review.add(START, "claim", "A report was hidden.", (S5,), None)
    c3 = item(done.contents, "claim", "c3")
    assert (c3.claimant, c3.evidence, c3.review, c3.confidence) == (None, (S5,), "done", None)
    linked = review.relink(done.contents, "d3", "c3").contents
    result = refreshed(linked)
    assert [c.id for c in result.extraction.claims] == ["c1", "c2", "c3"] and "claim c3" in result.kept


def test_add_with_a_new_actor() -> None:
    done = review.add(START, "denial", "No report was hidden.", (S5,), NewActor("Council Press Office", "organization"),
                      denies="c1")
    actor = item(done.contents, "actor", "council-press-office")
    assert (actor.name, actor.kind, actor.review) == ("Council Press Office", "organization", "done")
    assert item(done.contents, "denial", "d4").actor == "council-press-office"
    again = review.add(done.contents, "statement", "x", (S5,), NewActor("Council press office"))
    assert item(again.contents, "statement", "s1").actor == "council-press-office-2"


@pytest.mark.parametrize(("kind", "text", "evidence", "who", "said"), [
    ("actor", "x", (S5,), None, "only a claim, a denial or a statement"),
    ("claim", " ", (S5,), None, "must not be empty"),
    ("claim", "x", (), None, "needs the article's sentence"),
    ("denial", "x", (S5,), None, "a denial needs an actor"),
    ("claim", "x", (S5,), "nobody", "no actor nobody"),
    ("claim", "x", (S5,), NewActor("Someone", "robot"), "kind is one of"),
])
def test_adds_that_cannot_be_made_are_refused(kind: str, text: str, evidence: tuple, who: object, said: str) -> None:
    with pytest.raises(Refused, match=said):
        review.add(START, kind, text, evidence, who)


ARTICLE = Article(path=Path("x.md"), rel="x.md", slug="x", format="md", sha256="", title="Row over the river",
                  body="", blocks=(
                      Block("paragraph", "Mr. Smith of the U.S. Army said the river\nis safe. Others disagreed! "
                                         "\u201cIt is not,\u201d said J. Doe. The end"),
                      Block("paragraph", S5)))


@pytest.mark.parametrize(("selected", "evidence", "words"), [
    ("the river is safe", ("Mr. Smith of the U.S. Army said the river\nis safe.",), "the river\nis safe"),
    ("is safe. Others", ("Mr. Smith of the U.S. Army said the river\nis safe.", "Others disagreed!"),
     "is safe. Others"),
    ("It is not", ("\u201cIt is not,\u201d said J. Doe.",), "It is not"),
    ("end", ("The end",), "end"),
    ("any report  was\nhidden", (S5,), "any report was hidden"),
    ("river", ("Row over the river",), "river"),
])
def test_a_selection_becomes_the_sentences_it_touches_verbatim(selected: str, evidence: tuple, words: str) -> None:
    found = selection.find(ARTICLE, selected)
    assert (found.evidence, found.words) == (evidence, words)


@pytest.mark.parametrize("selected", ["", "   ", "not in the article", "Others disagreed! It is not"
                                      " and more", "The end A spokesperson"])
def test_a_selection_that_is_not_one_passage_of_the_article_is_refused(selected: str) -> None:
    with pytest.raises(Refused):
        selection.find(ARTICLE, selected)


# --- the writer ---------------------------------------------------------------------------

MACHINE_SIDECAR = Sidecar(Path("river.yaml"), "river.md", "ab" * 32, MACHINE, Provenance("1", "model 1", ""))


def machine_file(tmp_path: Path) -> Path:
    path = tmp_path / "river.yaml"
    path.write_text(sidecar.dumps(replace(MACHINE_SIDECAR, path=path)), "utf-8")
    return path


def test_a_save_writes_the_edit_keeps_comments_and_unknown_keys_and_drops_the_digest(tmp_path: Path) -> None:
    path = machine_file(tmp_path)
    text = path.read_text("utf-8").replace("- id: d2\n", "- id: d2  # checked with the group\n"
                                           "  note: call back\n")
    path.write_text(text, "utf-8")
    opened = save.open_at(path, save.version_of(path.read_bytes()))
    saved = save.save(opened, review.edit(opened.contents, "denial", "d2", {"text": "No evidence."}).contents)
    after = path.read_text("utf-8")
    assert saved.after == path.read_bytes() and saved.before == text.encode()
    assert "# checked with the group" in after and "note: call back" in after and "text: No evidence." in after
    assert "digest:" not in after and not sidecar.digest_matches(after)
    loaded = sidecar.load_for_refresh(path)
    assert review.find(Contents(loaded.sidecar.extraction, loaded.ledger), "denial", "d2").review == "done"
    assert loaded.ledger == opened.loaded.ledger  # the machine's record kept: the change is the editor's
    # and nothing but the edit changed:
    assert [line for line in after.splitlines() if line not in text.splitlines()] == [
        "  text: No evidence.", "  review: done"]


def test_a_save_against_another_version_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    path = machine_file(tmp_path)
    rendered = save.version_of(path.read_bytes())
    path.write_text(path.read_text("utf-8") + "# an editor's save\n", "utf-8")
    before = path.read_bytes()
    with pytest.raises(save.Conflict, match="changed on disk since this page was rendered"):
        save.open_at(path, rendered)
    opened = save.open_at(path, save.version_of(before))
    path.write_text(path.read_text("utf-8") + "# and another, while the edit was made\n", "utf-8")
    during = path.read_bytes()
    with pytest.raises(save.Conflict):
        save.save(opened, review.accept(opened.contents, "claim", "c1").contents)
    assert path.read_bytes() == during


def test_undo_restores_the_bytes_unless_the_file_changed_since(tmp_path: Path) -> None:
    path = machine_file(tmp_path)
    original = path.read_bytes()
    opened = save.open_at(path, save.version_of(original))
    saved = save.save(opened, review.reject(opened.contents, "denial", "d3").contents)
    save.restore(saved)
    assert path.read_bytes() == original and sidecar.digest_matches(original.decode())
    again = save.save(save.open_at(path, save.version_of(original)),
                      review.accept(opened.contents, "claim", "c1").contents)
    path.write_bytes(again.after + b"# saved by hand\n")
    with pytest.raises(save.Conflict, match="undo would lose the newer change"):
        save.restore(again)
    assert path.read_bytes().endswith(b"# saved by hand\n")


def test_an_edit_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    path = machine_file(tmp_path)
    path.write_text(path.read_text("utf-8").replace("- id: c1\n", "- id: c1\n  review: done\n"), "utf-8")
    stamp = path.stat().st_mtime_ns
    opened = save.open_at(path, save.version_of(path.read_bytes()))
    saved = save.save(opened, review.accept(opened.contents, "claim", "c1").contents)
    assert saved.before == saved.after and path.stat().st_mtime_ns == stamp


def test_every_edit_round_trips_through_the_writer(tmp_path: Path) -> None:
    """Each kind of edit written and read back: the file says what the edit decided."""
    path = machine_file(tmp_path)
    opened = save.open_at(path, save.version_of(path.read_bytes()))
    c = opened.contents
    for step in (lambda c: review.add(c, "claim", "A report was hidden.", (S5,), None),
                 lambda c: review.relink(c, "d3", "c3"),
                 lambda c: review.merge_actors(c, "clean-water-now", "maria-lopez"),
                 lambda c: review.reject(c, "claim", "c2"),
                 lambda c: review.reject(c, "actor", "mayor"),
                 lambda c: review.move(c, "denial", "d1", "statement"),
                 lambda c: review.edit(c, "actor", "city-council", {"aliases": ["Council", "the council"]})):
        c = step(c).contents
        opened = save.open_at(path, save.save(opened, c).version)
        assert opened.contents == c
    assert [a.id for a in c.extraction.actors] == ["city-council", "clean-water-now", "spokesperson"]
    assert c.extraction.statements[0].evidence == (S3,)
    assert item(c, "claim", "c3").text == "A report was hidden." and S2 not in path.read_text("utf-8")
