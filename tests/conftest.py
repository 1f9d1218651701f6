"""Shared fixtures: real files in temporary site folders, the real spaCy model,
the real CLI in a subprocess."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# A job started in the background by a shell without job control (a CI step
# script, `make test &`) begins with Ctrl-C ignored, and every process it starts
# inherits that: the tests of what a build does on Ctrl-C would see it do
# nothing. A handler is not inherited across exec, so the builds these tests
# start get Ctrl-C's default, as in a terminal.
signal.signal(signal.SIGINT, signal.default_int_handler)
SAMPLE = REPO / "content" / "russia-china-aid.txt"


def write_site(root: Path, articles: dict[str, str | bytes], config: str = "title: Test site\n") -> Path:
    """A site folder with site.yaml and the given content/ files."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(config, "utf-8")
    for name, text in articles.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
    return root


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ...` as a user runs it."""
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or REPO, timeout=600)


def cli_with(hook: str, *args: str | Path) -> list[str]:
    """The command line of `python -m generator ARGS` with `hook` run first in
    the same process: Python code that wraps one of the generator's functions
    to put a fault (a signal, an editor's save, a pause) at an exact point of a
    real command. A hook takes its own arguments first, with `sys.argv.pop(1)`."""
    script = f"import sys\n{hook}\nfrom generator.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return [sys.executable, "-c", script, *map(str, args)]


# A hook (`cli_with`): the build sends itself a signal right after publish.py's
# first os.<function> ("rename": the staging folder becoming the commit folder,
# the point of no return; "replace": the first file moved into output/) that
# involves a commit folder, or right after it swapped the new site in whole.
SIGNAL_AT_COMMIT = """
import os, signal
from generator.build import publish
function, sig = sys.argv.pop(1), getattr(signal, sys.argv.pop(1))
def after(real):
    def wrapped(*args):
        done = real(*args)
        if function == "exchange" or any(".output.commit-" in str(a) for a in args):
            os.kill(os.getpid(), sig)
        return done
    return wrapped
if function == "exchange":
    publish._exchange = after(publish._exchange)
else:
    setattr(publish.os, function, after(getattr(os, function)))
"""


@pytest.fixture(scope="session")
def nlp():
    from generator.extract import nlp as nlp_module

    return nlp_module.load("en_core_web_sm")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample article built once into a fresh site, extraction included."""
    root = tmp_path_factory.mktemp("sample-site")
    (root / "content").mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copy(SAMPLE, root / "content" / SAMPLE.name)
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    return root
