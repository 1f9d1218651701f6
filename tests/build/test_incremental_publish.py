"""Publishing a small change: the few changed files are moved into output/ one
atomic rename each (no relinking of the whole site), and a build killed while
it moves them leaves a commit folder that the next build or `clean` finishes,
so output/ ends as the new build, never a mix.

Real builds through the CLI in subprocesses; the kill is a real SIGKILL, sent
by the build process to itself right after its first file was moved
(`conftest.SIGNAL_AT_COMMIT`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build.site import build
from generator.config import load_config
from tests.build.test_incremental import from_nothing, outputs, snapshot
from tests.conftest import REPO, SIGNAL_AT_COMMIT, cli_with, run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Forty explainers with their sidecars (no extraction), built once."""
    root = tmp_path / "site"
    files = {}
    for i in range(40):
        files[f"river-{i:02d}.md"] = ARTICLE.replace("date: 2024-06-01", f"date: 2024-05-{1 + i % 28:02d}")
        files[f"river-{i:02d}.yaml"] = SIDECAR.replace("path: river.md", f"path: river-{i:02d}.md")
    write_site(root, files, "title: Patch\nbase_url: https://example.org/news/\n")
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    return root


def _edit_sidecar(root: Path) -> None:
    """An editor rewords one claim: its page, the site-wide lists and its
    claimant's page change; nothing is extracted."""
    sidecar = root / "content" / "river-07.yaml"
    text = sidecar.read_text("utf-8")
    assert "text: The beach will reopen in July." in text
    sidecar.write_text(text.replace("text: The beach will reopen in July.", "text: The beach reopens in August."),
                       "utf-8")


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".output."))


def test_a_small_change_moves_only_its_files_into_output(site: Path, tmp_path: Path) -> None:
    output = site / "output"
    folder = output.stat().st_ino
    before = snapshot(output)
    _edit_sidecar(site)
    report = build(load_config(site))
    assert report.ok and report.published and report.extracted == []
    after = snapshot(output)
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert "river-07/index.html" in changed and "river-08/index.html" not in changed
    assert len(changed) * 4 <= len(after)  # a small change: the case this test is about
    assert output.stat().st_ino == folder  # output/ itself was not swapped for a new folder
    for rel, (digest, inode, mtime) in after.items():
        if rel not in changed:
            assert before[rel] == (digest, inode, mtime), rel
    assert outputs(site) == from_nothing(site, tmp_path)
    assert _leftovers(site) == []


def killed_after_first_move(site: Path) -> subprocess.CompletedProcess[str]:
    """A build of `site` killed right after it moved its first file in."""
    return subprocess.run(cli_with(SIGNAL_AT_COMMIT, "replace", "SIGKILL", "build", "--site", site), cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_a_build_killed_while_moving_files_in_is_finished_by_the_next_one(site: Path, tmp_path: Path) -> None:
    _edit_sidecar(site)
    killed = killed_after_first_move(site)
    assert killed.returncode == -9, killed.stderr
    left = _leftovers(site)
    assert len(left) == 1 and left[0].startswith(".output.commit-"), left
    expected = from_nothing(site, tmp_path)
    assert outputs(site) != expected  # half moved in: what the next build must finish
    again = run_cli("build", "--site", site)
    assert again.returncode == 0, again.stderr
    assert _leftovers(site) == []
    assert outputs(site) == expected


def test_clean_finishes_a_killed_commit_before_removing_output(site: Path) -> None:
    _edit_sidecar(site)
    killed = killed_after_first_move(site)
    assert killed.returncode == -9, killed.stderr
    result = run_cli("clean", "--site", site)
    assert result.returncode == 0, result.stderr
    assert _leftovers(site) == [] and not (site / "output").exists()


def test_a_killed_commit_is_finished_even_when_another_process_has_its_pid(site: Path, tmp_path: Path) -> None:
    """The folder a killed build leaves is named by its process id; once that id
    belongs to a live process again, the folder is still known to be abandoned
    (its owner held a lock on it, which the kernel released when it died), so
    the next build finishes it, and it never comes back later to move an old
    build's pages over newer ones."""
    _edit_sidecar(site)
    killed = killed_after_first_move(site)
    assert killed.returncode == -9, killed.stderr
    [left] = _leftovers(site)
    other = subprocess.Popen(["sleep", "300"])  # a live process with an id the folder could have been named by
    try:
        (site / left).rename(site / f".output.commit-{other.pid}")
        edited = from_nothing(site, tmp_path)
        again = run_cli("build", "--site", site)
        assert again.returncode == 0, again.stderr
        assert _leftovers(site) == []
        assert outputs(site) == edited
    finally:
        other.kill()
        other.wait()
    # The editor takes the edit back: the site is as before it, and stays so.
    sidecar = site / "content" / "river-07.yaml"
    sidecar.write_text(sidecar.read_text("utf-8").replace("text: The beach reopens in August.",
                                                          "text: The beach will reopen in July."), "utf-8")
    shutil.rmtree(tmp_path / "fresh")
    reverted = from_nothing(site, tmp_path)
    for _ in range(2):
        result = run_cli("build", "--site", site)
        assert result.returncode == 0, result.stderr
        assert outputs(site) == reverted and _leftovers(site) == []
