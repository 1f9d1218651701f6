"""Sidecar writes are atomic and stable.

Atomic: a process killed in the middle of writing leaves the old file or the new
one, never a truncated one. The kill is real and lands mid-write every time: the
child runs under RLIMIT_FSIZE, so the kernel stops it with SIGXFSZ as its write
crosses the limit (or, with that signal ignored, fails the write with EFBIG).
The same harness with a plain `write_bytes` leaves a truncated file, so it does
catch a write that is not atomic.

Stable: a rebuild with nothing changed rewrites no file, so `git status` stays clean.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli, write_site
from tests.sidecar.test_edits import ARTICLE, CHANGED_ARTICLE, edit_by_hand, new_site

LIMIT = 64 * 1024
OLD = b"schema: 1\n# the old file\n"
NEW = b"# the new file\n" + b"x: 1\n" * (LIMIT // 2)  # well past the limit

# Python ignores SIGXFSZ (a write past the limit then fails with EFBIG); the
# default action, restored here, kills the process on the spot.
KILLABLE = "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); "
CHILD = """
import sys
from pathlib import Path
from generator.files import atomic_write
path, how = Path(sys.argv[1]), sys.argv[2]
data = b"# the new file\\n" + b"x: 1\\n" * ({limit} // 2)
atomic_write(path, data) if how == "atomic" else path.write_bytes(data)
"""


def limited(limit: int, on_limit: str):  # noqa: ANN201
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return {"preexec_fn": cap, "capture_output": True, "text": True, "cwd": REPO, "timeout": 600,
            "env": {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}}


def run_limited(path: Path, how: str, on_limit: str) -> subprocess.CompletedProcess[str]:
    code = (KILLABLE if on_limit == "killed" else "") + CHILD.format(limit=LIMIT)
    return subprocess.run([sys.executable, "-c", code, str(path), how], **limited(LIMIT, on_limit))


@pytest.mark.parametrize("on_limit", ["killed", "error"])
def test_a_write_cut_short_leaves_the_old_file_whole(tmp_path: Path, on_limit: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(OLD)
    result = run_limited(path, "atomic", on_limit)
    if on_limit == "killed":
        assert result.returncode == -signal.SIGXFSZ, result.stderr
    else:
        assert result.returncode == 1 and "File too large" in result.stderr
        assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]  # the temporary file is cleaned up
    assert path.read_bytes() == OLD


def test_the_harness_catches_a_write_that_is_not_atomic(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(OLD)
    result = run_limited(path, "plain", "killed")
    assert result.returncode == -signal.SIGXFSZ
    assert path.read_bytes() not in (OLD, NEW) and len(path.read_bytes()) == LIMIT  # truncated


def limited_cli(limit: int, on_limit: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real CLI, stopped by the kernel as it writes past `limit` bytes into one file."""
    code = (KILLABLE if on_limit == "killed" else "") + "import runpy; runpy.run_module('generator', run_name='__main__')"
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], **limited(limit, on_limit))


@pytest.mark.parametrize("on_limit", ["killed", "error"])
def test_a_refresh_cut_short_while_writing_leaves_the_edited_sidecar_as_it_was(tmp_path: Path, on_limit: str) -> None:
    root = new_site(tmp_path)
    path = root / "content" / "river.yaml"
    path.write_text(edit_by_hand(path.read_text("utf-8")), "utf-8")
    (root / "content" / "river.md").write_text(CHANGED_ARTICLE, "utf-8")
    edited = path.read_bytes()
    result = limited_cli(len(edited) // 2, on_limit, "extract", "--refresh", "river", "--site", root)
    if on_limit == "killed":
        assert result.returncode == -signal.SIGXFSZ, result.stderr
    else:
        assert result.returncode == 1
        assert result.stderr.splitlines()[-1] == ("error: content/river.yaml: cannot write the sidecar "
                                                  "(File too large); the file on disk is unchanged")
        assert sorted(p.name for p in path.parent.iterdir()) == ["river.md", "river.yaml"]
    assert path.read_bytes() == edited
    # and once it can write, it does
    assert run_cli("extract", "--refresh", "river", "--site", root).returncode == 0
    assert path.read_bytes() != edited


def test_an_extraction_killed_while_writing_leaves_no_half_sidecar(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE})
    result = limited_cli(512, "killed", "extract", "--site", root)
    assert result.returncode == -signal.SIGXFSZ, result.stderr
    content = root / "content"
    assert not (content / "river.yaml").exists()
    assert [p.name.startswith(".river.yaml.") for p in content.iterdir() if p.name != "river.md"] == [True]
    # the killed writer's temporary file is hidden from the build, which extracts afresh
    built = run_cli("build", "--site", root)
    assert built.returncode == 0, built.stderr
    assert (root / "content" / "river.yaml").is_file()


# --- stable: nothing changed, nothing written ---------------------------------

def test_a_sidecar_that_cannot_be_written_is_one_clear_error(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE})
    result = limited_cli(512, "error", "extract", "--site", root)
    assert result.returncode == 1
    assert "error: content/river.yaml: cannot write the sidecar (File too large); the file on disk is unchanged" \
        in result.stderr.splitlines()
    assert "internal error" not in result.stderr


def snapshot(root: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=root,
                          capture_output=True, text=True, check=True).stdout


def test_a_rebuild_with_nothing_changed_rewrites_no_file_and_leaves_git_clean(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE, "lake.md": ARTICLE.replace("river", "lake")})
    (root / "content" / "lake.yaml").write_text("# hand-written, never extracted\n" + "schema: 1\narticle:\n"
                                                "  path: lake.md\nactors: []\nclaims: []\ndenials: []\n", "utf-8")
    assert run_cli("build", "--site", root).returncode == 0  # extracts river.yaml
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first build")
    before = snapshot(root)
    for args in (["build"], ["extract"], ["build", "--drafts"]):
        result = run_cli(*args, "--site", root)
        assert result.returncode == 0, result.stderr
        assert "Loading spaCy" not in result.stderr
        assert snapshot(root) == before, args
        assert git(root, "status", "--porcelain") == ""


def test_an_edit_shows_in_git_as_just_that_edit_through_builds(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "machine")
    path = root / "content" / "river.yaml"
    path.write_text(path.read_text("utf-8").replace("  role: chair of Clean Water Now\n",
                                                    "  role: chair of the campaign\n"), "utf-8")
    diff = git(root, "diff", "--", "content/river.yaml")
    assert run_cli("build", "--site", root).returncode == 0
    assert git(root, "diff", "--", "content/river.yaml") == diff
    assert [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-  role: chair of Clean Water Now", "+  role: chair of the campaign"]
