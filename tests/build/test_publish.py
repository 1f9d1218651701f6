"""Publishing output/: all at once or not at all, and never over files that are
not ours. Every failure here is a real one: a broken template, a signal sent
to a running build, a write refused by the kernel, a foreign file."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SIGNAL_AT_COMMIT, cli_with, run_cli, write_site
from tests.newsroom import ARTICLES, PUBLIC, RIVER_SIDECAR
from tests.pages.test_render import ARTICLE, SIDECAR


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and folder with its content hash, inode and mtime: byte-identical
    and untouched means this does not change."""
    out = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[path.relative_to(folder).as_posix()] = (digest, st.st_ino, st.st_mtime_ns)
    return out


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".output."))


def built(root: Path, articles: dict[str, str] | None = None, config: str = f"base_url: {PUBLIC}\n") -> Path:
    write_site(root, articles if articles is not None else dict(ARTICLES), config)
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    return root / "output"


def test_a_broken_template_publishes_nothing(tmp_path: Path) -> None:
    out = built(tmp_path)
    before = snapshot(out)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "actor.html").write_text('{% extends "base.html" %}{% block main %}'
                                                       '{{ person.no_such_field }}{% endblock %}', "utf-8")
    (tmp_path / "content" / "river.md").write_text(ARTICLE.replace("Monday", "Tuesday"), "utf-8")
    result = run_cli("build", "--site", tmp_path)
    assert result.returncode == 1
    assert "templates/actor.html:1: template error:" in result.stderr and "no_such_field" in result.stderr
    assert "nothing published; output/ is unchanged" in result.stdout
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_build_that_publishes_beside_a_failed_article_does_not_say_nothing_was_published(tmp_path: Path) -> None:
    """Issue 16, point 9: "nothing published" is what an aborted build says; a
    build that went through with one failed article says what it did."""
    out = built(tmp_path)
    (tmp_path / "content" / "river.yaml").write_text(RIVER_SIDECAR.replace("kind: group", "kind: robot"), "utf-8")
    for _ in range(2):  # the second build has nothing new to publish
        result = run_cli("build", "--site", tmp_path)
        assert result.returncode == 1
        assert "content/river.yaml:10:11: actors[1].kind: must be one of" in result.stderr
        assert "nothing published" not in result.stdout and "is unchanged" not in result.stdout
        assert "1 error(s); kept as the last good build had them: river" in result.stdout
    assert "article(s) into output/: nothing changed (" in result.stdout.splitlines()[0]
    assert (out / "river" / "index.html").is_file()


@pytest.mark.parametrize("output", [".", "content", "./", "content/../."])
def test_output_over_the_site_or_content_is_refused_before_anything_is_deleted(tmp_path: Path,
                                                                                 output: str) -> None:
    write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": SIDECAR}, f"output: {output}\n")
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    before = snapshot(tmp_path)
    for command in ("build", "clean"):
        result = run_cli(command, "--site", tmp_path)
        assert result.returncode == 1, command
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: site.yaml:1:9: output must"), lines
    assert snapshot(tmp_path) == before


def test_a_folder_with_files_we_did_not_write_is_never_replaced_or_cleaned(tmp_path: Path) -> None:
    out = built(tmp_path)
    (out / "river" / "notes.txt").write_text("an editor's file", "utf-8")
    before = snapshot(out)
    build = run_cli("build", "--site", tmp_path, "--base-url", "https://other.example/")
    clean = run_cli("clean", "--site", tmp_path)
    for result, doing in ((build, "replace"), (clean, "delete")):  # issue 16, point 10: clean says what it refuses
        assert result.returncode == 1
        assert f"holds river/notes.txt, which this generator did not write; refusing to {doing} it" in result.stderr
    assert snapshot(out) == before
    # a folder that never was ours (no manifest) is refused too
    foreign = tmp_path / "elsewhere"
    foreign.mkdir()
    (foreign / "index.html").write_text("someone else's site", "utf-8")
    (tmp_path / "site.yaml").write_text("output: elsewhere\n", "utf-8")
    for command, doing in (("build", "replace"), ("clean", "delete")):
        result = run_cli(command, "--site", tmp_path)
        assert result.returncode == 1
        assert f"holds files this generator did not write; refusing to {doing} it" in result.stderr
    assert (foreign / "index.html").read_text("utf-8") == "someone else's site"


def test_clean_removes_our_output_and_what_killed_builds_left(tmp_path: Path) -> None:
    out = built(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale = tmp_path / f".output.staging-{dead}"
    (stale / "river").mkdir(parents=True)
    (tmp_path / "content" / "keep.txt").write_text("x", "utf-8")
    result = run_cli("clean", "--site", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Removed output/" in result.stdout
    assert not out.exists() and not stale.exists()
    assert (tmp_path / "content" / "river.md").is_file() and (tmp_path / "content" / "keep.txt").is_file()
    assert run_cli("clean", "--site", tmp_path).stdout.strip() == "Nothing to clean"


def test_a_build_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    out = built(tmp_path)
    assert (out / "feed.xml").is_file() and (out / "sitemap.xml").is_file()
    before = snapshot(tmp_path)
    result = run_cli("build", "--site", tmp_path)
    assert result.returncode == 0 and "nothing changed" in result.stdout
    assert snapshot(tmp_path) == before


def test_strict_publishes_nothing_unless_everything_succeeded(tmp_path: Path) -> None:
    out = built(tmp_path)
    before = snapshot(out)
    broken = SIDECAR.replace("denies: c1", "denies: c9", 1)
    (tmp_path / "content" / "river.yaml").write_text(broken, "utf-8")
    (tmp_path / "content" / "followup.md").write_text(ARTICLES["followup.md"].replace("dry days", "wet days"),
                                                      "utf-8")
    (tmp_path / "content" / "followup.yaml").write_text(ARTICLES["followup.yaml"].replace("dry days", "wet days"),
                                                        "utf-8")
    strict = run_cli("build", "--site", tmp_path, "--strict")
    assert strict.returncode == 1 and "denies 'c9'" in strict.stderr
    assert snapshot(out) == before
    relaxed = run_cli("build", "--site", tmp_path)
    assert relaxed.returncode == 1  # CI notices ...
    assert "wet days" in (out / "followup" / "index.html").read_text("utf-8")  # ... the rest is published ...
    kept = hashlib.sha256((out / "river" / "index.html").read_bytes()).hexdigest()
    assert kept == before["river/index.html"][0]  # ... and the failed one keeps its last good page


def test_strict_treats_warnings_as_errors(tmp_path: Path) -> None:
    out = built(tmp_path)
    before = snapshot(out)
    (tmp_path / "site.yaml").write_text(f"base_url: {PUBLIC}\ntitle: New title\nthemes: dark\n", "utf-8")
    strict = run_cli("build", "--site", tmp_path, "--strict")
    assert strict.returncode == 1 and "themes: unknown key" in strict.stderr
    assert snapshot(out) == before
    relaxed = run_cli("build", "--site", tmp_path)
    assert relaxed.returncode == 0 and "New title" in (out / "index.html").read_text("utf-8")


def _many_articles(root: Path, n: int) -> Path:
    articles = {}
    for i in range(n):
        articles[f"river-{i:03d}.md"] = ARTICLE
        articles[f"river-{i:03d}.yaml"] = SIDECAR.replace("path: river.md", f"path: river-{i:03d}.md")
    return built(root, articles)


def _start_build(root: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--site", str(root)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def _signal_mid_publish(root: Path, proc: subprocess.Popen, sig: int) -> None:
    """Send `sig` once the build is writing its staging folder."""
    stage = root / f".output.staging-{proc.pid}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if stage.is_dir() and sum(1 for _ in stage.rglob("*.html")) >= 5:
            proc.send_signal(sig)
            return
        time.sleep(0.005)
    pytest.fail(f"the build ended (exit {proc.returncode}) before it could be interrupted")


@pytest.fixture
def big_site(tmp_path: Path) -> Path:
    _many_articles(tmp_path, 250)
    # change every page, so the next build has a lot to write
    (tmp_path / "site.yaml").write_text(f"base_url: {PUBLIC}\ntitle: Renamed site\n", "utf-8")
    return tmp_path


def test_ctrl_c_during_a_build_leaves_output_byte_identical(big_site: Path) -> None:
    before = snapshot(big_site / "output")
    proc = _start_build(big_site)
    _signal_mid_publish(big_site, proc, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted; output/ is unchanged" in stderr
    assert snapshot(big_site / "output") == before
    assert leftovers(big_site) == []


def test_a_killed_build_leaves_output_intact_and_the_next_build_tidies_up(big_site: Path) -> None:
    before = snapshot(big_site / "output")
    proc = _start_build(big_site)
    _signal_mid_publish(big_site, proc, signal.SIGKILL)
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(big_site / "output") == before
    assert leftovers(big_site) == [f".output.staging-{proc.pid}"]  # nobody could clean up after SIGKILL
    again = run_cli("build", "--site", big_site)
    assert again.returncode == 0, again.stderr
    assert leftovers(big_site) == []
    assert "Renamed site" in (big_site / "output" / "index.html").read_text("utf-8")


def _limit_file_size() -> None:
    # Writing past the limit fails with EFBIG, as a full disk fails with ENOSPC:
    # the kernel refuses the write part-way through the build.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_write_refused_part_way_leaves_output_byte_identical(tmp_path: Path) -> None:
    out = built(tmp_path)
    before = snapshot(out)
    (tmp_path / "site.yaml").write_text(f"base_url: {PUBLIC}\ntitle: Renamed site\n", "utf-8")
    proc = _start_build(tmp_path, preexec_fn=_limit_file_size)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write the new site: File too large; the previous output is unchanged" \
        in lines[0], lines
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []
    assert os.access(out / "index.html", os.R_OK)


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "deleted":
        path.unlink()
    elif how == "truncated":
        path.write_bytes(data[:100])
    else:  # one byte changed in place: same size, only the mtime tells (and then the hash)
        at = data.index(b"<title>") + len(b"<title>")
        path.write_bytes(data[:at] + (b"X" if data[at:at + 1] != b"X" else b"Y") + data[at + 1:])


def _marks(root: Path) -> dict[str, list]:
    [path] = (root / ".cache" / "explainer").glob("*.marks.json")
    return json.loads(path.read_text("utf-8"))["marks"]


@pytest.mark.parametrize("how", ["truncated", "same-size", "deleted"])
@pytest.mark.parametrize("then", ["nothing-changed", "another-article-changed", "cache-deleted"])
def test_a_damaged_page_is_written_again_by_the_next_build(tmp_path: Path, how: str, then: str) -> None:
    """Whether the damaged file's size and mtime are on record (river/index.html:
    unchanged by the second build, and older than the clock's tick) or not
    (followup/index.html: written a moment ago, so it must be hashed), and
    whatever the next build has to do."""
    out = built(tmp_path)
    time.sleep(1.1)
    followup = tmp_path / "content" / "followup.yaml"
    followup.write_text(followup.read_text("utf-8").replace("dry days", "wet days"), "utf-8")
    assert run_cli("build", "--site", tmp_path).returncode == 0
    marks = _marks(tmp_path)
    assert "river/index.html" in marks and "followup/index.html" not in marks
    good = {rel: digest for rel, (digest, _, _) in snapshot(out).items()}
    _damage(out / "river" / "index.html", how)
    _damage(out / "followup" / "index.html", how)
    if then == "another-article-changed":
        followup.write_text(followup.read_text("utf-8").replace("wet days", "damp days"), "utf-8")
    elif then == "cache-deleted":
        shutil.rmtree(tmp_path / ".cache")
    result = run_cli("build", "--site", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "nothing changed" not in result.stdout
    now = {rel: digest for rel, (digest, _, _) in snapshot(out).items()}
    assert now["river/index.html"] == good["river/index.html"]
    if then != "another-article-changed":
        assert now == good
    again = run_cli("build", "--site", tmp_path)
    assert again.returncode == 0 and "nothing changed" in again.stdout


@pytest.mark.parametrize("how", ["truncated", "same-size"])
def test_clean_refuses_a_page_someone_changed_and_names_it(tmp_path: Path, how: str) -> None:
    out = built(tmp_path)
    _damage(out / "index.html", how)
    before = snapshot(out)
    result = run_cli("clean", "--site", tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "holds index.html, which was changed after this generator wrote it; " \
        "refusing to delete it" in lines[0], lines
    assert snapshot(out) == before
    # once it is moved away (or the build writes it again), clean goes ahead
    assert run_cli("build", "--site", tmp_path).returncode == 0
    assert run_cli("clean", "--site", tmp_path).returncode == 0 and not out.exists()


def test_a_write_refused_in_the_first_build_says_nothing_was_published(tmp_path: Path) -> None:
    write_site(tmp_path, dict(ARTICLES), f"base_url: {PUBLIC}\n")
    proc = _start_build(tmp_path, preexec_fn=_limit_file_size)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(
        "cannot write the new site: File too large; nothing was published (there was no previous output)"), lines
    assert not (tmp_path / "output").exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("way", ["patch", "swap"])
def test_ctrl_c_after_the_point_of_no_return_says_the_site_was_published(tmp_path: Path, way: str) -> None:
    """The build publishes everything (correctly: half a site is never left),
    and says so, rather than that output/ is unchanged."""
    site = tmp_path / "site"
    out = _many_articles(site, 40)
    if way == "patch":  # one claim reworded: its page and a few lists, moved in one by one
        (site / "content" / "river-007.yaml").write_text(
            SIDECAR.replace("path: river.md", "path: river-007.md").replace("will reopen in July", "reopens in August"),
            "utf-8")
    else:  # every page changes: the new site is swapped in whole
        (site / "site.yaml").write_text(f"base_url: {PUBLIC}\ntitle: Renamed site\n", "utf-8")
    assert "will reopen in July" in SIDECAR
    # right after the staging folder became the commit folder, or the new site was swapped in whole
    hook = cli_with(SIGNAL_AT_COMMIT, "rename" if way == "patch" else "exchange", "SIGINT", "build", "--site", site)
    result = subprocess.run(hook, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "interrupted after publishing: output/ holds the new build"
    fresh = tmp_path / "fresh"
    write_site(fresh, {p.name: p.read_text("utf-8") for p in (site / "content").iterdir()},
               (site / "site.yaml").read_text("utf-8"))
    assert run_cli("build", "--site", fresh).returncode == 0
    assert {rel: d for rel, (d, _, _) in snapshot(out).items()} == \
        {rel: d for rel, (d, _, _) in snapshot(fresh / "output").items()}
    assert leftovers(site) == []
    again = run_cli("build", "--site", site)
    assert again.returncode == 0 and "nothing changed" in again.stdout
