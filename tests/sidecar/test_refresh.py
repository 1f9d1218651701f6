"""`extract --refresh`: each precedence rule of `refresh.merge` (see its module
docstring), on extractions built here so that each rule is pinned down whatever
the extractor finds, and the round-trip rewrite that keeps an editor's file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import sidecar
from generator.model import Actor, Claim, Denial, Extraction, Provenance, Sidecar, Statement
from generator.sidecar import KINDS, Ledger, refresh, roundtrip
from generator.sidecar import merge as rules

S1 = "The city council said on Monday that the river is safe for swimming."
S2 = "The mayor said the beach will reopen in July."
S3 = "Campaign group Clean Water Now rejected the council's claim."
S4 = "\"We have seen no evidence that the water is clean,\" the group's chair, Maria Lopez, told reporters."
S5 = "A spokesperson denied that any report was hidden."
S6 = "Lopez later said the council had \u201cignored the tests\u201d."
S7 = "The council's spokesperson said the claim was baseless."

MACHINE = Extraction(
    actors=(
        Actor("city-council", "City council", "organization", confidence=0.8),
        Actor("mayor", "The mayor", "person", confidence=0.7),
        Actor("clean-water-now", "Clean Water Now", "group", "campaign group", confidence=0.9),
        Actor("maria-lopez", "Maria Lopez", "person", "chair of Clean Water Now", confidence=0.9),
        Actor("spokesperson", "Council spokesperson", "person", confidence=0.6),
    ),
    claims=(
        Claim("c1", "city-council", "The river is safe for swimming.", (S1,), 0.85),
        Claim("c2", "mayor", "The beach will reopen in July.", (S2,), 0.8),
    ),
    denials=(
        Denial("d1", "clean-water-now", "c1", "rejected the council's claim", (S3,), 0.9),
        Denial("d2", "maria-lopez", "c1", "We have seen no evidence that the water is clean.", (S4,), 0.8),
        Denial("d3", "spokesperson", None, "denied that any report was hidden", (S5,), 0.6),
    ),
)
LEDGER = sidecar.ledger_of(MACHINE)


def prints(extraction: Extraction) -> dict[tuple[str, str], str]:
    """Content fingerprints of items as they are now (what `load_for_refresh` computes from the file)."""
    return {(kind, item.id): sidecar.content_fingerprint(kind, item)
            for kind in KINDS for item in sidecar.items_of(extraction, kind)}


def merge(current: Extraction, fresh: Extraction, ledger: Ledger = LEDGER) -> rules.Merge:
    return rules.merge(current, prints(current), ledger, fresh)


def edit(extraction: Extraction, **lists: tuple) -> Extraction:
    return replace(extraction, **lists)


def item(extraction: Extraction, item_id: str):  # noqa: ANN201
    return next(i for i in (*extraction.actors, *extraction.claims, *extraction.denials) if i.id == item_id)


def renumbered(extraction: Extraction) -> Extraction:
    """The same findings under other ids and in another order, as a new extractor
    version might number them: matching must go by what was found, not by id."""
    claim_ids = {c.id: f"x{n}" for n, c in enumerate(reversed(extraction.claims), 1)}
    actor_ids = {a.id: f"a-{a.id}" for a in extraction.actors}
    return Extraction(
        actors=tuple(replace(a, id=actor_ids[a.id]) for a in extraction.actors),
        claims=tuple(replace(c, id=claim_ids[c.id], claimant=actor_ids.get(c.claimant))
                     for c in reversed(extraction.claims)),
        denials=tuple(replace(d, id=f"y{n}", actor=actor_ids[d.actor], denies=claim_ids.get(d.denies))
                      for n, d in enumerate(extraction.denials, 1)),
    )


def test_the_same_findings_under_new_ids_change_nothing() -> None:
    result = merge(MACHINE, renumbered(MACHINE))
    assert result.extraction == MACHINE
    assert (result.added, result.updated, result.removed, result.orphans, result.kept) == ((), (), (), (), ())
    assert result.ledger == LEDGER


# --- rule 1: what an editor changed or added stays as they left it -----------

def test_rule1_edited_role_relinked_denial_and_added_denial_are_kept() -> None:
    lopez = replace(item(MACHINE, "maria-lopez"), role="chair of the campaign")
    relinked = replace(item(MACHINE, "d3"), denies="c1")
    by_hand = Denial("d9", "clean-water-now", "c2", "said the beach is not ready", (S2,))
    edited = edit(MACHINE, actors=tuple(lopez if a.id == "maria-lopez" else a for a in MACHINE.actors),
                  denials=(*MACHINE.denials[:2], relinked, by_hand))
    result = merge(edited, renumbered(MACHINE))  # the machine finds what it found before
    assert result.extraction == edited
    assert set(result.kept) == {"actor maria-lopez", "denial d3", "denial d9"}
    assert result.added == result.updated == result.removed == ()
    # changed items keep the machine's fingerprint (so they stay the editor's), added ones have none
    assert result.ledger.written[("actor", "maria-lopez")] == LEDGER.written[("actor", "maria-lopez")]
    assert ("denial", "d9") not in result.ledger.written


def test_rule1_a_key_of_the_editors_own_makes_the_item_theirs(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    sidecar.write(Sidecar(path, "x.md", "ab" * 32, MACHINE, Provenance("1", "m 1", "")))
    path.write_text(path.read_text("utf-8").replace(
        "  text: The beach will reopen in July.\n", "  text: The beach will reopen in July.\n  note: ask the mayor\n"),
        "utf-8")
    loaded = sidecar.load_for_refresh(path)
    fresh = edit(MACHINE, claims=(MACHINE.claims[0], replace(MACHINE.claims[1], text="The beach reopens in July.")))
    result = rules.merge(loaded.sidecar.extraction, loaded.fingerprints, loaded.ledger, fresh)
    assert item(result.extraction, "c2") == MACHINE.claims[1]  # not replaced by the fresh text
    assert "claim c2" in result.kept


# --- rule 2: deleted findings stay deleted ------------------------------------

def test_rule2_a_deleted_claim_does_not_come_back_in_this_refresh_or_any_later_one() -> None:
    edited = edit(MACHINE, claims=MACHINE.claims[:1])  # the editor deleted c2
    result = merge(edited, renumbered(MACHINE))
    assert [c.id for c in result.extraction.claims] == ["c1"]
    assert result.rejected == 1
    deleted = sidecar.findings("claim", MACHINE.claims)[1]
    assert result.ledger.rejected == {deleted}
    again = rules.merge(result.extraction, prints(result.extraction), result.ledger, MACHINE)
    assert [c.id for c in again.extraction.claims] == ["c1"] and again.ledger.rejected == {deleted}


def test_rule2_a_deleted_actor_does_not_come_back() -> None:
    edited = edit(MACHINE, actors=tuple(a for a in MACHINE.actors if a.id != "mayor"),
                  claims=MACHINE.claims[:1])
    result = merge(edited, MACHINE)
    assert "mayor" not in {a.id for a in result.extraction.actors}
    assert result.rejected == 2  # the actor and their claim


# --- rule 3: a finding already in the file is not added twice ----------------

def test_rule3_an_untouched_item_found_again_differently_is_updated_and_marked_for_review() -> None:
    fresh = renumbered(edit(MACHINE, claims=(replace(MACHINE.claims[0], text="The river is safe to swim in."),
                                             MACHINE.claims[1])))
    result = merge(MACHINE, fresh)
    assert item(result.extraction, "c1") == replace(MACHINE.claims[0], text="The river is safe to swim in.",
                                                    review="pending")
    assert result.updated == ("claim c1",)
    assert result.ledger.written[("claim", "c1")].content == sidecar.content_fingerprint(
        "claim", item(result.extraction, "c1"))


def test_rule3_a_new_confidence_alone_is_taken_without_asking_for_review() -> None:
    fresh = edit(MACHINE, claims=(replace(MACHINE.claims[0], confidence=0.5), MACHINE.claims[1]))
    result = merge(MACHINE, fresh)
    assert item(result.extraction, "c1") == replace(MACHINE.claims[0], confidence=0.5)
    assert result.updated == ()


def test_rule3_the_editors_version_wins_over_the_machines_new_one() -> None:
    mine = replace(MACHINE.claims[0], text="The council says the river is safe.")
    edited = edit(MACHINE, claims=(mine, MACHINE.claims[1]))
    fresh = edit(MACHINE, claims=(replace(MACHINE.claims[0], text="The river is safe to swim in."),
                                  MACHINE.claims[1]))
    result = merge(edited, fresh)
    assert item(result.extraction, "c1") == mine
    assert result.updated == ()


def test_rule3_a_hand_written_sidecar_gets_no_duplicates() -> None:
    # No fingerprints at all: every item is the editor's. The machine finds the
    # same sentences (with other wording, quotes and case) and adds nothing.
    hand = edit(MACHINE, claims=(replace(MACHINE.claims[0], evidence=(S1.upper(),)), MACHINE.claims[1]))
    fresh = edit(MACHINE, actors=tuple(replace(a, role="x") for a in MACHINE.actors),
                 denials=tuple(replace(d, text=d.text + "!") for d in MACHINE.denials))
    result = merge(hand, fresh, Ledger())
    assert result.extraction == hand
    assert result.added == () and len(result.kept) == 10


def test_rule3_and_5_an_actor_known_by_an_alias_is_the_same_actor() -> None:
    lopez = replace(item(MACHINE, "maria-lopez"), aliases=("Lopez",))
    edited = edit(MACHINE, actors=tuple(lopez if a.id == "maria-lopez" else a for a in MACHINE.actors))
    fresh = edit(MACHINE, actors=(*MACHINE.actors, Actor("lopez", "Lopez", "person")),
                 denials=(*MACHINE.denials, Denial("d4", "lopez", "c1", "ignored the tests", (S6,))))
    result = merge(edited, fresh)
    assert [a.id for a in result.extraction.actors] == [a.id for a in MACHINE.actors]
    assert result.extraction.denials[-1] == Denial("d4", "maria-lopez", "c1", "ignored the tests", (S6,),
                                                   review="pending")


# --- rule 4: new findings are added, marked, with ids and references of the file

def test_rule4_new_findings_are_appended_marked_pending_with_fresh_ids() -> None:
    edited = edit(MACHINE, denials=MACHINE.denials[:2])  # d3 deleted: its id is not reused
    fresh = Extraction(
        actors=(Actor("council", "City Council", "organization"), Actor("jo-bloggs", "Jo Bloggs", "person")),
        claims=(Claim("c1", "council", "The tests were clean.", (S7,), 0.7),),
        denials=(Denial("d1", "jo-bloggs", "c1", "the tests were not clean", ("Jo Bloggs said so.",), 0.6),),
    )
    result = merge(edited, fresh)
    assert result.extraction.actors[-1] == Actor("jo-bloggs", "Jo Bloggs", "person", review="pending")
    assert result.extraction.claims[-1] == Claim("c3", "city-council", "The tests were clean.", (S7,), 0.7,
                                                 review="pending")
    assert result.extraction.denials[-1] == Denial("d4", "jo-bloggs", "c3", "the tests were not clean",
                                                   ("Jo Bloggs said so.",), 0.6, review="pending")
    assert result.added == ("actor jo-bloggs", "claim c3", "denial d4")
    # New items are the machine's: an editor who touches them makes them theirs.
    for kind, item_id in (("actor", "jo-bloggs"), ("claim", "c3"), ("denial", "d4")):
        assert result.ledger.written[(kind, item_id)].content == sidecar.content_fingerprint(
            kind, item(result.extraction, item_id))


def test_rule4_a_new_actor_comes_only_with_something_they_say() -> None:
    # Ruiz's denial is already in the file (the editor added it, with her as
    # actor): the machine's own name for her brings nothing, and neither does an
    # actor it found saying nothing.
    ruiz = Actor("ana-ruiz", "Ana Ruiz", "person")
    by_hand = Denial("d9", "ana-ruiz", "c1", "wishful thinking", (S6,))
    edited = edit(MACHINE, actors=(*MACHINE.actors, ruiz), denials=(*MACHINE.denials, by_hand))
    fresh = edit(MACHINE, actors=(*MACHINE.actors, Actor("union-head", "Union head", "person"),
                                  Actor("bystander", "A bystander", "person")),
                 denials=(*MACHINE.denials, Denial("d4", "union-head", "c1", "wishful", (S6,))))
    result = merge(edited, fresh)
    assert result.extraction == edited and result.added == ()


def test_rule4_an_actor_id_already_taken_gets_a_suffix() -> None:
    fresh = edit(MACHINE, actors=(*MACHINE.actors, Actor("mayor", "Mayor of Riverton", "person")),
                 claims=(*MACHINE.claims, Claim("c3", "mayor", "Swimming is fine.", (S7,))))
    result = merge(MACHINE, fresh)
    assert result.extraction.actors[-1].id == "mayor-2"
    assert result.extraction.claims[-1].claimant == "mayor-2"


# --- rule 5: findings that rest on something the editor deleted ---------------

def test_rule5_new_findings_by_a_deleted_actor_are_left_out() -> None:
    edited = edit(MACHINE, actors=tuple(a for a in MACHINE.actors if a.id != "spokesperson"),
                  denials=MACHINE.denials[:2])
    fresh = edit(MACHINE, denials=(*MACHINE.denials, Denial("d4", "spokesperson", "c1", "baseless", (S7,))))
    result = merge(edited, fresh)
    assert result.extraction == edited
    assert (result.rejected, result.unattributed) == (2, 1)


def test_rule5_findings_of_a_merged_actor_go_to_the_actor_it_was_merged_into() -> None:
    # The editor merged Maria Lopez into Clean Water Now: deleted her, added her
    # name as an alias there, and moved her denial over.
    group = replace(item(MACHINE, "clean-water-now"), aliases=("Maria Lopez",))
    edited = edit(MACHINE, actors=tuple(group if a.id == "clean-water-now" else a
                                        for a in MACHINE.actors if a.id != "maria-lopez"),
                  denials=(MACHINE.denials[0], replace(MACHINE.denials[1], actor="clean-water-now"),
                           MACHINE.denials[2]))
    fresh = edit(MACHINE, denials=(*MACHINE.denials, Denial("d4", "maria-lopez", "c1", "ignored the tests", (S6,))))
    result = merge(edited, fresh)
    assert "maria-lopez" not in {a.id for a in result.extraction.actors}
    assert result.extraction.denials[-1].actor == "clean-water-now"
    assert result.extraction.denials[:3] == edited.denials


def test_rule5_a_shared_alias_does_not_merge_two_actors() -> None:
    both = "Both the council and the mayor"
    edited = edit(MACHINE, actors=tuple(replace(a, aliases=(both,)) if a.id == "mayor" else a
                                        for a in MACHINE.actors if a.id != "city-council"),
                  claims=(MACHINE.claims[1],), denials=(MACHINE.denials[2],))
    fresh = edit(MACHINE, actors=tuple(replace(a, aliases=(both,)) if a.id in ("mayor", "city-council") else a
                                       for a in MACHINE.actors),
                 claims=(*MACHINE.claims, Claim("c3", "city-council", "The tests were clean.", (S7,))))
    result = merge(edited, fresh)
    # The council (deleted) is not the mayor because both have that alias: its new claim is left out.
    assert [c.id for c in result.extraction.claims] == ["c2"]
    assert "city-council" not in {a.id for a in result.extraction.actors}
    assert (result.rejected, result.unattributed) == (4, 1)  # the council, c1, d1, d2; and c3


def test_rule5_a_new_denial_of_a_deleted_claim_denies_nothing() -> None:
    edited = edit(MACHINE, claims=MACHINE.claims[:1])
    fresh = edit(MACHINE, denials=(*MACHINE.denials, Denial("d4", "clean-water-now", "c2", "not in July", (S7,))))
    result = merge(edited, fresh)
    assert result.extraction.denials[-1] == Denial("d4", "clean-water-now", None, "not in July", (S7,),
                                                   review="pending")


# --- rule 6: what the machine no longer finds ---------------------------------

def test_rule6_untouched_items_no_longer_found_go_with_what_only_they_needed() -> None:
    fresh = edit(MACHINE, actors=tuple(a for a in MACHINE.actors if a.id != "mayor"), claims=MACHINE.claims[:1])
    result = merge(MACHINE, fresh)
    assert result.removed == ("claim c2", "actor mayor")
    assert result.extraction == edit(fresh)
    assert ("claim", "c2") not in result.ledger.written and result.ledger.rejected == frozenset()


def test_rule6_an_item_an_edit_refers_to_stays_marked_for_review() -> None:
    by_hand = Denial("d9", "mayor", "c2", "said July is too late", (S2,))
    edited = edit(MACHINE, denials=(*MACHINE.denials, by_hand))
    result = merge(edited, Extraction())  # the machine now finds nothing at all
    assert result.extraction.claims == (replace(MACHINE.claims[1], review="pending"),)
    assert result.extraction.actors == (replace(item(MACHINE, "mayor"), review="pending"),)
    assert result.extraction.denials == (by_hand,)
    assert result.orphans == ("claim c2", "actor mayor")


# --- the round trip: the editor's file keeps its comments and layout ---------

EDITED = """\
# Explainer sidecar: who claims what in the article, and who denies it.
# Desk: checked against the council's statement on 3 June.
schema: 1
article:
    path: river.md
    sha256: "{old_sha}"
extracted_by:
    extractor: '1'
    model: en_core_web_sm 3.8.0
    digest: sha256:{digest}
actors:
    -   id: city-council   # the council as a body
        name: City council
        kind: organization
        confidence: 0.8
    -   id: maria-lopez
        name: Maria Lopez
        kind: person
        role: chair of the campaign   # corrected
        aliases: [Lopez, "Ms Lopez"]
claims:
    -   id: c1
        claimant: city-council
        text: The river is safe for swimming.
        evidence: The city council said on Monday that the river is safe for swimming.
        confidence: 0.85
denials:
    # Lopez speaks for the group here.
    -   id: d2
        actor: maria-lopez
        denies: c1
        text: We have seen no evidence that the water is clean.
        evidence: '"We have seen no evidence that the water is clean," the group''s chair, Maria Lopez, told reporters.'
        confidence: 0.8
fingerprints:
    actors:
        city-council: {fp_council}
        maria-lopez: {fp_lopez}
    claims:
        c1: {fp_c1}
    denials:
        d1: {fp_d1}
        d2: {fp_d2}
"""


def test_refresh_rewrites_only_what_the_merge_changed(tmp_path: Path) -> None:
    # What the machine wrote; the editor then corrected Lopez's role, deleted d1
    # and commented here and there (EDITED).
    d1 = Denial("d1", "maria-lopez", "c1", "rejected the council's claim", (S3,), 0.9)
    machine = Extraction(actors=(MACHINE.actors[0], MACHINE.actors[3]), claims=MACHINE.claims[:1],
                         denials=(d1, MACHINE.denials[1]))
    ledger = sidecar.ledger_of(machine)
    values = {"old_sha": "ab" * 32, "digest": "0" * 64}
    for key, (kind, item_id) in {"fp_council": ("actor", "city-council"), "fp_lopez": ("actor", "maria-lopez"),
                                 "fp_c1": ("claim", "c1"), "fp_d1": ("denial", "d1"),
                                 "fp_d2": ("denial", "d2")}.items():
        fp = ledger.written[(kind, item_id)]
        values[key] = f"{fp.content} {fp.finding}"
    text = EDITED.format(**values)
    path = tmp_path / "river.yaml"
    loaded = sidecar.loads_for_refresh(text.encode(), path)
    fresh = Extraction(
        actors=(Actor("city-council", "City council", "organization", confidence=0.75),
                Actor("maria-lopez", "Maria Lopez", "person", "chair of Clean Water Now", confidence=0.9),
                Actor("mayor", "The mayor", "person")),
        claims=(Claim("c1", "city-council", "The river is safe to swim in.", (S1,), 0.85),
                Claim("c2", "mayor", "no", (S2, "It will\nreopen.")),),
        denials=(d1, MACHINE.denials[1]),
    )
    result = rules.merge(loaded.sidecar.extraction, loaded.fingerprints, loaded.ledger, fresh)
    merged = Sidecar(path, "river.md", "cd" * 32, result.extraction, Provenance("1.0", "en_core_web_sm 3.8.0", ""))
    out = roundtrip.rewrite(loaded.text, loaded.sidecar, merged, result.ledger)
    refresh.verify(out, merged, result.ledger)
    new = {key: f"{fp.content} {fp.finding}" for (_, key), fp in result.ledger.written.items()}
    d1_finding = ledger.written[("denial", "d1")].finding
    assert out == f"""\
# Explainer sidecar: who claims what in the article, and who denies it.
# Desk: checked against the council's statement on 3 June.
schema: 1
article:
    path: river.md
    sha256: "{'cd' * 32}"
extracted_by:
    extractor: '1.0'
    model: en_core_web_sm 3.8.0
actors:
    -   id: city-council   # the council as a body
        name: City council
        kind: organization
        confidence: 0.75
    -   id: maria-lopez
        name: Maria Lopez
        kind: person
        role: chair of the campaign   # corrected
        aliases: [Lopez, "Ms Lopez"]
    -   id: mayor
        name: The mayor
        kind: person
        review: pending
claims:
    -   id: c1
        claimant: city-council
        text: The river is safe to swim in.
        evidence: The city council said on Monday that the river is safe for swimming.
        confidence: 0.85
        review: pending
    -   id: c2
        claimant: mayor
        text: 'no'
        evidence:
            -   The mayor said the beach will reopen in July.
            -   |-
                It will
                reopen.
        review: pending
denials:
    # Lopez speaks for the group here.
    -   id: d2
        actor: maria-lopez
        denies: c1
        text: We have seen no evidence that the water is clean.
        evidence: '"We have seen no evidence that the water is clean," the group''s chair, Maria Lopez, told reporters.'
        confidence: 0.8
fingerprints:
    actors:
        city-council: {new['city-council']}
        maria-lopez: {values['fp_lopez']}
        mayor: {new['mayor']}
    claims:
        c1: {new['c1']}
        c2: {new['c2']}
    denials:
        d2: {values['fp_d2']}
    rejected:
        -   {d1_finding}
"""
    assert (result.updated, result.added, result.rejected) == (("claim c1",), ("actor mayor", "claim c2"), 1)
    assert result.kept == ("actor maria-lopez",)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_refresh_keeps_line_endings_and_an_explicit_document_start(newline: str) -> None:
    text = ("---\n# by hand\nschema: 1\narticle: {path: x.md}\nactors: []\nclaims: []\ndenials: []\n"
            ).replace("\n", newline)
    path = Path("x.yaml")
    loaded = sidecar.loads_for_refresh(text.encode(), path)
    fresh = Extraction(actors=(Actor("a", "A", "person"),))
    result = rules.merge(loaded.sidecar.extraction, loaded.fingerprints, loaded.ledger, fresh)
    merged = Sidecar(path, "x.md", "ef" * 32, result.extraction, Provenance("1.0", "m 1", ""))
    out = roundtrip.rewrite(loaded.text, loaded.sidecar, merged, result.ledger)
    refresh.verify(out, merged, result.ledger)
    assert out.startswith(f"---{newline}# by hand{newline}schema: 1{newline}")
    assert out.count(newline) == out.count("\n")  # no line left with the other ending


# Any text an article or an editor can hold survives both writers unchanged.
_PIECES = st.sampled_from(["\n", ": ", " #", "'", '"', "- ", "no", "~", "null", "1.10", "2024-01-01", "*a", "&a",
                           "!!str ", "{", "[", "%", "@", "`", "|", ">", "\t", "  ", "\u201cq\u201d", "\r\n", " \n", "\r"])
_TEXT = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                                       blacklist_characters="\ufeff\u2028\u2029\x85"), max_size=6) | _PIECES,
                 min_size=1, max_size=8).map("".join).map(str.strip).filter(bool)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(_TEXT, min_size=4, max_size=4), ident=st.sampled_from(["c1", "no", "1", "x-y"]),
       confidence=st.floats(0, 1), padding=st.sampled_from(["", " ", "\n", " \t"]))
def test_any_text_survives_the_build_writer_and_the_refresh_rewrite(texts: list[str], ident: str,
                                                                      confidence: float, padding: str) -> None:
    path = Path("x.yaml")
    name, text, evidence, comment = texts
    found = Extraction(actors=(Actor("a", name, "person", aliases=(evidence,)),),
                       claims=(Claim(ident, "a", text, (evidence, name)),))
    written = Sidecar(path, "x.md", "ab" * 32, found, Provenance("1", "m 1", ""))
    text_out = sidecar.dumps(written)
    loaded = sidecar.loads_for_refresh(text_out.encode(), path)
    assert loaded.sidecar.extraction == found and sidecar.digest_matches(text_out)
    # An editor adds a comment; a refresh then proposes findings as an extractor
    # might give them (untrimmed text, unrounded confidence).
    edited = text_out.replace("claims:\n", f"# {comment.splitlines()[0]}\nclaims:\n", 1)
    loaded = sidecar.loads_for_refresh(edited.encode(), path)
    fresh = Extraction(actors=(Actor("b", text + padding, "group", confidence=confidence),),
                       claims=(Claim("c9", "b", padding + name, (comment, evidence + " again" + padding),
                                     confidence),))
    proposed = refresh.as_written(Sidecar(path, "x.md", "cd" * 32, fresh, Provenance("1", "m 1", "")))
    result = rules.merge(loaded.sidecar.extraction, loaded.fingerprints, loaded.ledger, proposed)
    merged = Sidecar(path, "x.md", "cd" * 32, result.extraction, Provenance("1", "m 1", ""))
    out = roundtrip.rewrite(loaded.text, loaded.sidecar, merged, result.ledger)
    refresh.verify(out, merged, result.ledger)


# --- statements (announcements, opinions) follow the same rules ---------------

def test_statements_are_added_pending_and_deleted_ones_stay_deleted() -> None:
    mayor_said = Statement("s1", "mayor", "The beach will reopen in July.", (S2,), 0.6)
    with_statement = edit(MACHINE, claims=MACHINE.claims[:1], statements=(mayor_said,))
    # A refresh that newly finds the statement adds it for review, with a fresh id
    result = merge(edit(MACHINE, claims=MACHINE.claims[:1]), with_statement,
                   sidecar.ledger_of(edit(MACHINE, claims=MACHINE.claims[:1])))
    assert result.extraction.statements == (replace(mayor_said, review="pending"),)
    assert "statement s1" in result.added
    # An editor who deletes it never sees it proposed again
    ledger = sidecar.ledger_of(with_statement)
    deleted = edit(with_statement, statements=())
    again = merge(deleted, with_statement, ledger)
    assert again.extraction.statements == () and again.rejected == 1


def test_a_deleted_claim_does_not_return_as_a_statement_nor_a_filed_one_twice() -> None:
    # The editor deletes c2; a later extractor calls that sentence a statement.
    edited = edit(MACHINE, claims=MACHINE.claims[:1])
    as_statement = edit(MACHINE, claims=MACHINE.claims[:1],
                        statements=(Statement("s1", "mayor", "The beach will reopen in July.", (S2,), 0.6),))
    result = merge(edited, as_statement)
    assert result.extraction.statements == () and result.rejected == 1
    # The editor moved c2 to statements by hand; the extractor still calls it a claim: no duplicate.
    moved = edit(MACHINE, claims=MACHINE.claims[:1],
                 statements=(Statement("s1", "mayor", "The beach will reopen in July.", (S2,)),))
    again = merge(moved, MACHINE)
    assert [c.id for c in again.extraction.claims] == ["c1"]
    assert [s.id for s in again.extraction.statements] == ["s1"] and again.added == ()
