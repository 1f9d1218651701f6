"""One command at a time per site: the lock every command that writes into the
site takes (`build/lock.py`).

The first command is a real build through the CLI, held at an exact point
(just before it publishes, with its staging folder ready) by a hook, so the
second command always meets it there; the second is a plain CLI run, or a
preview rebuild. The lock is the kernel's: a SIGKILL of its holder frees it.
"""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from generator.build.site import build
from generator.config import load_config
from generator.preview.rebuild import Rebuilder
from tests.conftest import REPO, cli_with, run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR

HOLD_BEFORE_PUBLISHING = """
import time
from pathlib import Path
from generator.build import publish
flags = Path(sys.argv.pop(1))
real = publish.Publisher.commit
def commit(self):
    (flags / "held").touch()
    while not (flags / "go").exists():
        time.sleep(0.01)
    return real(self)
publish.Publisher.commit = commit
"""


def _site(root: Path) -> Path:
    """Forty explainers with their sidecars, built once; then a new article
    (with its sidecar) that the next build adds: a few files, moved into
    output/ one by one."""
    files = {}
    for i in range(40):
        files[f"river-{i:02d}.md"] = ARTICLE
        files[f"river-{i:02d}.yaml"] = SIDECAR.replace("path: river.md", f"path: river-{i:02d}.md")
    write_site(root, files, "title: Lock\nbase_url: https://example.org/news/\n")
    assert run_cli("build", "--site", root).returncode == 0
    (root / "content" / "late.md").write_text(ARTICLE, "utf-8")
    (root / "content" / "late.yaml").write_text(SIDECAR.replace("path: river.md", "path: late.md"), "utf-8")
    return root


class Held:
    """A CLI build held just before it publishes, until `release`."""

    def __init__(self, site: Path, flags: Path) -> None:
        flags.mkdir()
        self.flags = flags
        self.proc = subprocess.Popen(cli_with(HOLD_BEFORE_PUBLISHING, flags, "build", "--site", site), cwd=REPO,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while not (flags / "held").exists():
            assert self.proc.poll() is None and time.monotonic() < deadline, self.proc.communicate()
            time.sleep(0.01)

    def release(self) -> tuple[int, str, str]:
        (self.flags / "go").touch()
        out, err = self.proc.communicate(timeout=120)
        return self.proc.returncode, out, err


class Lines:
    """A process's stderr, read as it comes."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert proc.stderr is not None
        self._thread = threading.Thread(target=self._read, args=(proc.stderr,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.append(line)

    def wait_for(self, text: str, proc: subprocess.Popen[str], seconds: float = 60) -> bool:
        """True once a line holds `text`; False if the process ended first."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return True
            if proc.poll() is not None:
                self._thread.join(5)
                return any(text in line for line in self.lines)
            time.sleep(0.01)
        return False


def _matches_its_manifest(output: Path) -> None:
    """Every file in output/ is one the manifest names, with exactly its bytes, and no file is missing."""
    files = json.loads((output / ".explainer-manifest.json").read_text("utf-8"))["files"]
    present = {p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
               for p in output.rglob("*") if p.is_file() and p.name != ".explainer-manifest.json"}
    assert present == files


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    first = Held(site, tmp_path / "flags")
    second = subprocess.Popen([sys.executable, "-m", "generator", "build", "--site", str(site)], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = Lines(second)
    assert lines.wait_for("waiting for another command on this site to finish", second), \
        (second.returncode, lines.lines)  # without the lock: it built, and published, alongside the first
    assert f"(pid {first.proc.pid}: python" in lines.lines[0]  # whom it waits for
    assert len(lines.lines) == 1
    time.sleep(0.5)
    assert second.poll() is None  # still waiting
    code, out, err = first.release()
    assert code == 0, err
    assert "file(s) written" in out
    out2, _ = second.communicate(timeout=120)
    assert second.returncode == 0, lines.lines
    assert "nothing changed" in out2  # it saw what the first one published
    _matches_its_manifest(site / "output")
    fresh = tmp_path / "fresh"
    write_site(fresh, {p.name: p.read_text("utf-8") for p in (site / "content").iterdir()},
               (site / "site.yaml").read_text("utf-8"))
    assert build(load_config(fresh)).ok
    assert {p.relative_to(site / "output").as_posix(): p.read_bytes() for p in (site / "output").rglob("*")
            if p.is_file()} == {p.relative_to(fresh / "output").as_posix(): p.read_bytes()
                                 for p in (fresh / "output").rglob("*") if p.is_file()}


@pytest.mark.parametrize("command", [["build"], ["extract"], ["extract", "--refresh", "river-00"], ["clean"],
                                     ["deploy"]])
def test_every_command_that_writes_takes_the_lock_and_no_wait_says_who_has_it(tmp_path: Path,
                                                                             command: list[str]) -> None:
    site = _site(tmp_path / "site")
    first = Held(site, tmp_path / "flags")
    try:
        started = time.monotonic()
        result = run_cli(*command, "--site", site, "--no-wait")
        assert time.monotonic() - started < 30
        assert result.returncode == 1, result.stdout + result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("error: another command is working on this site "
                                   f"(pid {first.proc.pid}: python") and lines[0].endswith(
            "; not waiting (--no-wait)"), lines
    finally:
        code, _, err = first.release()
    assert code == 0, err
    _matches_its_manifest(site / "output")


def test_the_kernel_frees_the_lock_of_a_killed_build(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    first = Held(site, tmp_path / "flags")
    first.proc.send_signal(signal.SIGKILL)
    first.proc.communicate(timeout=60)
    started = time.monotonic()
    result = run_cli("build", "--site", site, "--no-wait")
    assert result.returncode == 0, result.stderr
    assert "waiting" not in result.stderr and time.monotonic() - started < 60
    _matches_its_manifest(site / "output")
    assert (site / "output" / "late" / "index.html").is_file()


def test_a_preview_rebuild_waits_for_a_build_of_the_same_site(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    log: list[str] = []
    rebuilder = Rebuilder(site, log.append, lambda state: None)
    first = Held(site, tmp_path / "flags")
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(rebuilder.build_now({site / "content" / "late.md"},
                                                                             "content/late.md changed")))
    worker.start()
    deadline = time.monotonic() + 60
    while not any("waiting for another command on this site" in line for line in log):
        assert time.monotonic() < deadline and worker.is_alive(), log
        time.sleep(0.01)
    assert f"(pid {first.proc.pid}: python" in log[0]
    time.sleep(0.3)
    assert worker.is_alive() and not done  # no build while the other one works on the site
    code, _, err = first.release()
    assert code == 0, err
    worker.join(120)
    assert done and not rebuilder.state.errors, log
    assert (site / ".preview" / "late" / "index.html").is_file()
