"""The sample article end to end with the real model: what issue #2 promises a new
user sees on `output/russia-china-aid/index.html`."""

from __future__ import annotations

from pathlib import Path

from generator import sidecar
from tests.htmlcheck import parse_html


def _actor(loaded, actor_id: str):  # noqa: ANN001, ANN202
    return next(a for a in loaded.actors if a.id == actor_id)


def test_sample_sidecar_has_the_disputed_claim_and_three_named_denials(sample_site: Path) -> None:
    path = sample_site / "content" / "russia-china-aid.yaml"
    assert sidecar.state_of(path) is sidecar.State.MACHINE
    loaded, warnings = sidecar.load(path)
    assert warnings == []
    claims = {c.id: c for c in loaded.claims}
    # The US officials' claim that Russia asked China for military and economic help
    asked = [c for c in loaded.claims if "asked China for military support" in " ".join(c.evidence)]
    assert len(asked) == 1
    claim = asked[0]
    claimant = _actor(loaded, claim.claimant)
    assert "officials" in claimant.name.lower() and claimant.kind == "group"
    # Denials by Peskov, Zhao and the embassy spokesperson, each linked to that claim
    wanted = {"Peskov": False, "Zhao": False, "embassy": False}
    for denial in loaded.denials:
        actor = _actor(loaded, denial.actor)
        label = " ".join([actor.name, actor.role or "", *actor.aliases])
        for key in wanted:
            if key in label:
                assert denial.denies == claim.id, (key, denial)
                assert claims[denial.denies] is claim
                wanted[key] = True
    assert wanted == {"Peskov": True, "Zhao": True, "embassy": True}
    peskov = next(a for a in loaded.actors if "Peskov" in a.name)
    assert peskov.name == "Dmitry Peskov" and peskov.role == "Kremlin spokesman" and peskov.kind == "person"


def test_sample_page_shows_the_table_linked_to_sentences(sample_site: Path) -> None:
    html = (sample_site / "output" / "russia-china-aid" / "index.html").read_text("utf-8")
    doc = parse_html(html)
    rows = list(doc.find("table", class_="claims-table").find("tbody").iter("tr"))
    row = next(r for r in rows if "asked China for military support" in r.find("th").text
               or "officials" in r.find("th").text.lower())
    denial_text = row.find("td").text
    for name in ("Peskov", "Zhao", "embassy"):
        assert name in denial_text, name
    for link in row.find_all("a", class_="source-link"):
        target = link.attrs["href"].lstrip("#")
        mark = doc.find("mark", id=target) or doc.find("span", id=target)
        assert mark is not None, target


def test_rebuild_reextracts_nothing_and_writes_nothing(sample_site: Path) -> None:
    from tests.conftest import run_cli

    sidecar_path = sample_site / "content" / "russia-china-aid.yaml"
    before = sidecar_path.stat().st_mtime_ns
    result = run_cli("build", "--site", sample_site)
    assert result.returncode == 0
    assert "extracted" not in result.stdout and "Loading spaCy" not in result.stderr
    assert sidecar_path.stat().st_mtime_ns == before
