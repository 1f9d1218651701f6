"""Sidecar files: stable round trip, edit detection, and precise validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import sidecar
from generator.errors import SidecarError
from generator.model import Actor, Claim, Denial, Extraction, Provenance, Sidecar

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


@pytest.mark.parametrize(("change", "message", "line", "column"), [
    (("denies: c1", "denies: c9"), "denial d1 denies 'c9', which is not a claim in this file", 17, 13),
    (("claimant: peskov", "claimant: putin"), "claim c1 has claimant 'putin', which is not an actor in this file",
     11, 15),
    (("kind: person", "kind: robot"), "actors[0].kind: must be one of person, organization, country, group", 7, 11),
    (("text: Something happened.", "text: ''"), "claims[0].text: must not be empty", 12, 11),
    (("evidence: [He said no.]", "evidence: []"), "denials[0].evidence: is required", 19, 15),
    (("    evidence: Something", "    evidence: {a: 1}\n    x: Something"),
     "claims[0].evidence: expected text or a list of text, found a mapping", 13, 15),
    (("schema: 1", "schema: 2"), "schema: version 2 is not supported", 1, 9),
    (("  - id: d1", "  - id: c1"), "id 'c1' is used twice", 15, 9),
    (("  - id: peskov\n", "  - &a\n    id: peskov\n"), "YAML anchors (&name) are not allowed", 5, 5),
    (("text: no\n", "text: no\n  bad: [\n"), "invalid YAML", 19, 3),
])
def test_validation_errors_name_file_line_column_and_field(tmp_path: Path, change, message, line, column) -> None:  # noqa: ANN001
    path = tmp_path / "x.yaml"
    old, new = change
    assert old in GOOD
    path.write_text(GOOD.replace(old, new, 1), "utf-8")
    with pytest.raises(SidecarError) as caught:
        sidecar.load(path)
    assert message in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column), caught.value.describe()
    assert caught.value.describe().startswith(f"{path}:{line}:{column}: ")


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
    assert [(w.line, w.column, w.message) for w in warnings] == [(9, 5, "actors[0].rank: unknown key (ignored)")]


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
