"""Sidecar files: stable round trip, edit detection, and precise validation errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator import sidecar
from generator.errors import SidecarError
from generator.model import Actor, Claim, Denial, Extraction, Provenance, Sidecar
from generator.sidecar.format import FINGERPRINTS_COMMENT

GOOD = """\
schema: 1
article:
  path: x.md
actors:
  - id: peskov
    name: Dmitry Peskov
    kind: person
    role: Kremlin spokesman
claims:
  - id: c1
    claimant: peskov
    text: Something happened.
    evidence: Something happened, Peskov said.
denials:
  - id: d1
    actor: peskov
    denies: c1
    text: no
    evidence: [He said no.]
"""


def machine_sidecar(path: Path) -> Sidecar:
    return Sidecar(
        path=path, article_path="x.md", article_sha256="ab" * 32,
        extraction=Extraction(
            actors=(Actor("us-officials", "US officials", "group", "two US officials", ("two US officials",), 0.9),),
            claims=(Claim("c1", "us-officials", "Russia asked China for help.",
                          ("Russia asked China for help, two US officials said.", "Russia made the request."), 0.8),),
            denials=(Denial("d1", "us-officials", None, "no: there wasn't", ("“No, there wasn't,” he said.",), 0.4),),
        ),
        provenance=Provenance("1", "en_core_web_sm 3.8.0", ""),
    )


def test_round_trip_is_stable_and_recognised_as_machine_written(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    original = machine_sidecar(path)
    sidecar.write(original)
    text = path.read_text("utf-8")
    assert "&" not in text and "*" not in text  # no anchors or aliases
    loaded, warnings = sidecar.load(path)
    assert warnings == []
    assert loaded.extraction == original.extraction
    assert sidecar.state_of(path) is sidecar.State.MACHINE
    sidecar.write(loaded)  # writing what was read gives the same bytes
    assert path.read_text("utf-8") == text
    # Key order is the contract's order, so diffs stay readable.
    assert text.index("schema:") < text.index("article:") < text.index("actors:") < text.index("claims:") \
        < text.index("denials:")


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("Kremlin", "Kremlin") + "# a comment\n",
    lambda t: t.replace("two US officials", "three US officials", 1),
    lambda t: t.replace("  digest: sha256:", "  digest: sha256:0", 1)[:-1],
])
def test_any_edit_marks_the_sidecar_edited(tmp_path: Path, edit) -> None:  # noqa: ANN001
    path = tmp_path / "x.yaml"
    sidecar.write(machine_sidecar(path))
    path.write_text(edit(path.read_text("utf-8")), "utf-8")
    assert sidecar.state_of(path) is sidecar.State.EDITED


def test_hand_written_sidecar_without_digest_is_edited(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD, "utf-8")
    assert sidecar.state_of(path) is sidecar.State.EDITED
    assert sidecar.state_of(tmp_path / "none.yaml") is sidecar.State.MISSING


# Every mistake an editor can make, with the exact line they are shown
# (`describe` relative to the site folder, as the CLI prints it). GOOD's lines:
#  1 schema  4 actors  5 - id: peskov  10 - id: c1  12 text  15 - id: d1  17 denies  19 evidence
INVALID = [
    # dangling references
    ("denies: c1", "denies: c9", "x.yaml:17:13: denial d1 denies 'c9', which is not a claim in this file"),
    ("claimant: peskov", "claimant: putin",
     "x.yaml:11:15: claim c1 has claimant 'putin', which is not an actor in this file"),
    ("    actor: peskov", "    actor: kremlin",
     "x.yaml:16:12: denial d1 has actor 'kremlin', which is not an actor in this file"),
    # duplicate ids
    ("  - id: d1", "  - id: c1", "x.yaml:15:9: denials[0].id: 'c1' is already the id of claims[0] (line 10); "
     "claim, denial and statement ids must be unique"),
    ("claims:\n", "  - id: peskov\n    name: Peskov\n    kind: person\nclaims:\n",
     "x.yaml:9:9: actors[1].id: 'peskov' is already the id of actors[0] (line 5); actor ids must be unique"),
    # wrong types and values
    ("kind: person", "kind: robot",
     "x.yaml:7:11: actors[0].kind: must be one of person, organization, country, group; found 'robot'"),
    ("    name: Dmitry Peskov", "    name: [Dmitry, Peskov]", "x.yaml:6:11: actors[0].name: expected text, found a list"),
    ("    role: Kremlin spokesman\n", "    role: Kremlin spokesman\n    confidence: high\n",
     "x.yaml:9:17: actors[0].confidence: expected a number, found 'high'"),
    ("    role: Kremlin spokesman\n", "    role: Kremlin spokesman\n    confidence: 1.5\n",
     "x.yaml:9:17: actors[0].confidence: must be between 0 and 1, found 1.5"),
    ("    evidence: Something", "    evidence: {a: 1}\n    x: Something",
     "x.yaml:13:15: claims[0].evidence: expected text or a list of text, found a mapping"),
    ("actors:\n  - id: peskov\n    name: Dmitry Peskov\n    kind: person\n    role: Kremlin spokesman\n",
     "actors: peskov\n", "x.yaml:4:9: actors: expected a list, found a single value"),
    ("    claimant: peskov\n", "    claimant: peskov\n    review: maybe\n",
     "x.yaml:12:13: claims[0].review: must be one of pending, done; found 'maybe'"),
    ("schema: 1", "schema: 2", "x.yaml:1:9: schema: version 2 is not supported; this generator reads schema 1"),
    ("schema: 1", "schema: one", "x.yaml:1:9: schema: expected a whole number, found 'one'"),
    # required fields missing or empty
    ("schema: 1\n", "", "x.yaml:1:1: schema: is required (schema: 1)"),
    ("text: Something happened.", "text: ''", "x.yaml:12:11: claims[0].text: must not be empty"),
    ("    name: Dmitry Peskov", "    name:", "x.yaml:6:10: actors[0].name: must not be empty"),
    ("    text: no\n", "", "x.yaml:15:5: denials[0].text: is required"),
    ("    claimant: peskov\n", "",
     "x.yaml:10:5: claims[0].claimant: is required (an actor id, or null for an unnamed accuser)"),
    ("evidence: [He said no.]", "evidence: []", "x.yaml:19:15: denials[0].evidence: must not be empty "
     "(the sentence or sentences it rests on, quoted verbatim from the article)"),
    # what safe YAML refuses
    ("  - id: peskov\n", "  - &a\n    id: peskov\n",
     "x.yaml:5:5: YAML anchors (&name) are not allowed; write the value out in full"),
    ("text: Something happened.", "text: *a",
     "x.yaml:12:11: YAML aliases (*name) are not allowed; write the value out in full"),
    ("text: Something happened.", "text: !!python/object/apply:os.system [ls]",
     "x.yaml:12:11: YAML tag '!!python/object/apply:os.system' is not allowed; remove it (only plain values are read)"),
    ("schema: 1\n", "schema: 1\n---\nschema: 1\n",
     "x.yaml:2:1: only one YAML document is allowed here (found a second '---')"),
    # YAML syntax
    ("text: Something happened.", 'text: "Something happened.',
     "x.yaml:12:11: invalid YAML: the quoted text that starts at line 12, column 11 is never closed"),
    ("role: Kremlin spokesman", "role: Kremlin: spokesman",
     "x.yaml:8:18: invalid YAML: mapping values are not allowed in this context "
     "(put a value that contains ': ' in quotes, or check this line's indentation)"),
    ("    kind: person\n", "\tkind: person\n",
     "x.yaml:7:1: invalid YAML: found a tab character that violates indentation (YAML is indented with spaces, not tabs)"),
    ("    role: Kremlin spokesman\n", "   role: Kremlin spokesman\n",
     "x.yaml:8:4: invalid YAML: did not find expected '-' indicator (in the list that starts at line 5, column 3) "
     "(check that this line is indented like the lines around it)"),
    ("    text: no\n", "    text: no\n    text: yes\n", "x.yaml:19:5: duplicate key 'text'"),
]


@pytest.mark.parametrize(("old", "new", "expected"), INVALID, ids=[line.split(": ", 1)[1][:40] for *_, line in INVALID])
def test_every_mistake_is_one_exact_line_naming_file_line_column_and_field(tmp_path: Path, old: str, new: str,
                                                                           expected: str) -> None:
    path = tmp_path / "x.yaml"
    assert old in GOOD
    path.write_text(GOOD.replace(old, new, 1), "utf-8")
    with pytest.raises(SidecarError) as caught:
        sidecar.load(path)
    assert caught.value.describe(tmp_path) == expected


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "x.yaml:1: the sidecar is empty; delete it to have it extracted again"),
    (b"- a\n", "x.yaml:1:1: a sidecar must be a mapping with schema, article, actors, claims and denials"),
    (b"schema: 1\narticle:\n  path: caf\xe9\n", "x.yaml:3: not valid UTF-8 text; save the file as UTF-8"),
    (b"schema: 1\n\x00", "x.yaml:2: contains a NUL byte; this is not a text file"),
    (GOOD.encode() + b"#" * sidecar.MAX_SIDECAR_BYTES,
     f"x.yaml: YAML file is {len(GOOD) + sidecar.MAX_SIDECAR_BYTES:,} bytes, over the 1,048,576-byte limit"),
])
def test_files_that_are_not_sidecars_at_all(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    with pytest.raises(SidecarError) as caught:
        sidecar.load(path)
    assert caught.value.describe(tmp_path) == expected


def test_yaml_11_words_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD.replace("Something happened.", "yes").replace("text: no", "text: 1.10"), "utf-8")
    loaded, _ = sidecar.load(path)
    assert loaded.claims[0].text == "yes"
    assert loaded.denials[0].text == "1.10"


def test_unknown_keys_are_warnings_with_positions(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD.replace("    role: Kremlin spokesman\n", "    role: Kremlin spokesman\n    rank: 3\n"),
                    "utf-8")
    loaded, warnings = sidecar.load(path)
    assert loaded.actors[0].role == "Kremlin spokesman"
    assert [w.describe(tmp_path) for w in warnings] == ["x.yaml:9:5: actors[0].rank: unknown key (ignored)"]


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n" + "".join(
        f"d{i}: &d{i} [*c, *c]\n" for i in range(30))
    path = tmp_path / "x.yaml"
    path.write_text(bomb, "utf-8")
    with pytest.raises(SidecarError, match="anchors"):
        sidecar.load(path)


def test_oversize_sidecar_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD + "#" * (sidecar.MAX_SIDECAR_BYTES + 1), "utf-8")
    with pytest.raises(SidecarError, match="over the"):
        sidecar.load(path)


# --- fingerprints: what the machine wrote, item by item -----------------------

def test_a_machine_sidecar_records_a_fingerprint_for_every_item_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    written = machine_sidecar(path)
    sidecar.write(written)
    text = path.read_text("utf-8")
    assert text.index("denials:") < text.index(FINGERPRINTS_COMMENT) < text.index("fingerprints:")
    loaded = sidecar.load_for_refresh(path)
    assert loaded.ledger == sidecar.ledger_of(written.extraction)
    assert set(loaded.ledger.written) == {("actor", "us-officials"), ("claim", "c1"), ("denial", "d1")}
    assert {key: fp.content for key, fp in loaded.ledger.written.items()} == dict(loaded.fingerprints)


def test_reformatting_an_item_is_not_an_edit_of_it_but_a_key_of_ones_own_is(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    sidecar.write(machine_sidecar(path))
    text = path.read_text("utf-8")
    before = sidecar.load_for_refresh(path).fingerprints
    reformatted = (text.replace("  text: Russia asked China for help.\n", "  text: \"Russia asked China for help.\"\n")
                   .replace("  aliases:\n  - two US officials\n", "  aliases: [two US officials]  # as in the lede\n"))
    path.write_text(reformatted, "utf-8")
    assert sidecar.state_of(path) is sidecar.State.EDITED  # the file was touched...
    assert sidecar.load_for_refresh(path).fingerprints == before  # ...but no item means anything new
    path.write_text(text.replace("  confidence: 0.8\n", "  confidence: 0.8\n  checked_by: desk\n"), "utf-8")
    after = sidecar.load_for_refresh(path).fingerprints
    assert after[("claim", "c1")] != before[("claim", "c1")]
    assert {k: v for k, v in after.items() if k != ("claim", "c1")} == {
        k: v for k, v in before.items() if k != ("claim", "c1")}


def test_a_finding_is_its_first_sentence_however_it_is_typed() -> None:
    claim = Claim("c1", None, "x", ("“No,” he said — it wasn’t.",))
    same = [replace(claim, id="c7", text="y", evidence=('"no,"  HE said — it wasn\'t.', "more"))]
    assert sidecar.findings("claim", [claim]) == sidecar.findings("claim", same)
    assert sidecar.findings("denial", [claim]) != sidecar.findings("claim", [claim])  # kinds apart
    two = sidecar.findings("claim", [claim, replace(claim, id="c2")])
    assert len(set(two)) == 2  # two claims in one sentence are two findings


def test_builds_ignore_the_fingerprints_but_accept_them_as_known(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    sidecar.write(machine_sidecar(path))
    path.write_text(path.read_text("utf-8").replace("    c1: ", "    c1: damaged "), "utf-8")
    _, warnings = sidecar.load(path)
    assert warnings == []
    with pytest.raises(SidecarError, match="fingerprints.claims.c1: is not a fingerprint pair"):
        sidecar.load_for_refresh(path)
