"""The package as a user installs it: a wheel built from this checkout, installed
into a fresh virtual environment, gives an `explainer` command that creates,
builds, checks and serves a site in a folder far from the repository.

The wheel is installed without its dependencies, which the new environment
reads from the project's own (pinned) environment through a path file: the
test runs offline, and what it checks is the wheel itself (its modules, its
theme, its entry point), which is what a registry install would add.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv with the wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so building leaves the checkout untouched
    source.mkdir()
    shutil.copy(REPO / "pyproject.toml", source)
    shutil.copy(REPO / "README.md", source)
    shutil.copytree(REPO / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", work / "dist",
                source, cwd=work)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("explainer_generator-*.whl")
    venv = work / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=work).returncode == 0
    pip = run(venv / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel, cwd=work)
    assert pip.returncode == 0, pip.stderr
    target = Path(run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                      cwd=work).stdout.strip())
    # The dependencies, from the project's environment: appended to sys.path, so
    # the wheel's own `generator` (in the venv's site-packages) comes first.
    (target / "project-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", "utf-8")
    return venv / "bin"


def test_the_wheel_carries_the_theme_and_the_command(installed: Path, tmp_path: Path) -> None:
    where = run(installed / "python", "-c", "import generator.pages.render as r; print(r.THEME_DIR)", cwd=tmp_path)
    theme = Path(where.stdout.strip())
    assert REPO not in theme.parents and installed.parent in theme.parents, theme
    assert (theme / "explainer.html").is_file() and (theme / "static" / "style.css").is_file()
    assert (installed / "explainer").is_file()


def test_an_installed_explainer_makes_builds_and_checks_a_site_anywhere(installed: Path, tmp_path: Path) -> None:
    explainer = installed / "explainer"
    made = run(explainer, "new", "newsroom", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    site = tmp_path / "newsroom"
    built = run(explainer, "build", "--site", site, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    page = (site / "output" / "example" / "index.html").read_text("utf-8")
    assert "Clean Water Now" in page and 'rel="stylesheet"' in page
    assert list((site / "output" / "static").glob("style.*.css"))
    assert (site / "content" / "example.yaml").is_file()  # extracted by the installed package
    checked = run(explainer, "check", "--site", site, cwd=site / "content")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_installed_explainer_serves_a_preview(installed: Path, tmp_path: Path) -> None:
    assert run(installed / "explainer", "new", "site", cwd=tmp_path).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(installed / "explainer"), "serve", "--site", "site", "--port", str(port)],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/example/", timeout=5) as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the preview did not start"
                time.sleep(0.2)
        assert "Clean Water Now" in body and "livereload.js" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
