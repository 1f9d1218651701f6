"""An editor's save racing each command that writes sidecars: the save is never
lost. The race is made exact: the CLI runs with a hook that makes the editor's
save at one chosen moment, while the real model extracts the article, or after
the command has decided to write and is writing (between its last look at the
file and the rename that replaces it).

The sidecar starts as the generator wrote it (nobody has edited it yet) and
its article has changed since, so every command means to write it again.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, cli_with
from tests.sidecar.test_edits import ARTICLE, CHANGED_ARTICLE, new_site

SAVE_DURING = """
from pathlib import Path
from generator import files
from generator.build import extraction

sidecar, moment, saved = Path(sys.argv.pop(1)), sys.argv.pop(1), Path(sys.argv.pop(1)).read_bytes()

def save():
    sidecar.write_bytes(saved)  # in place, as many editors save

if moment == "model":  # the save lands while the model works on the article
    real_run = extraction.run
    def run(*args, **kwargs):
        for found in real_run(*args, **kwargs):
            save()
            yield found
    extraction.run = run
else:  # the save lands after the command looked at the file, before its rename
    real_mkstemp = files.tempfile.mkstemp
    def mkstemp(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        if kwargs.get("prefix") == f".{sidecar.name}.":
            save()
        return made
    files.tempfile.mkstemp = mkstemp
"""

COMMANDS = {"build": ["build"], "extract": ["extract"], "refresh": ["extract", "--refresh", "river"]}


@pytest.mark.parametrize("moment", ["model", "write"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_editors_save_during_a_command_is_never_written_over(tmp_path: Path, command: str, moment: str) -> None:
    site = new_site(tmp_path / "site")
    path = site / "content" / "river.yaml"
    machine = path.read_text("utf-8")
    (site / "content" / "river.md").write_text(CHANGED_ARTICLE, "utf-8")
    assert ARTICLE in CHANGED_ARTICLE
    edited = machine.replace("  role: chair of Clean Water Now\n", "  role: chair of the campaign  # by the desk\n")
    assert edited != machine
    saved = tmp_path / "saved.yaml"
    saved.write_text(edited, "utf-8")
    result = subprocess.run(cli_with(SAVE_DURING, path, moment, saved, *COMMANDS[command], "--site", site),
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert path.read_text("utf-8") == edited, result.stdout + result.stderr  # the save is kept, byte for byte
    if command == "refresh":  # it was asked to write this very file: it says it did not, in one sentence
        assert result.returncode == 1, result.stdout + result.stderr
        errors = [line for line in result.stderr.splitlines() if not line.startswith("Extracting")]
        assert errors == ["error: content/river.yaml: the sidecar changed while it was being refreshed; "
                          "nothing was written, run the refresh again"]
        assert "written" not in result.stdout
    else:  # a build or extract keeps the editor's file and goes on with it
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    if command == "build":
        assert "chair of the campaign" in (site / "output" / "river" / "index.html").read_text("utf-8")
