"""Extraction gives the same sidecars wherever it runs: in one process, in local
worker processes, or on a Dask cluster (a real `dask.distributed.LocalCluster`
with worker processes, each loading the real model). Each process has its own
hash seed, so nothing found may depend on set order.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import executor
from tests.conftest import REPO, cli_with, run_cli, write_site

# Enough articles that the local executor starts its worker pool.
SOURCES = sorted(p for p in (REPO / "tests" / "data" / "dev-set").glob("*.md") if p.name != "README.md") + [
    REPO / "content" / "russia-china-aid.txt"]


def sidecars(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "content").glob("*.yaml"))}


def new_site(root: Path, copies: int) -> Path:
    """The dev-set articles (without their reference sidecars), `copies` times over."""
    write_site(root, {}, "title: Executors\n")
    for n in range(copies):
        for source in SOURCES:
            shutil.copy(source, root / "content" / f"{source.stem}-{n}{source.suffix}")
    return root


@pytest.fixture(scope="module")
def in_process(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sidecars extracted in one process, the reference for the others."""
    root = new_site(tmp_path_factory.mktemp("one-process"), 2)
    result = run_cli("extract", "--site", root, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert f"Extracted {2 * len(SOURCES)} of {2 * len(SOURCES)}" in result.stdout
    return sidecars(root)


def test_local_worker_processes_write_the_same_sidecars(tmp_path: Path, in_process: dict[str, bytes]) -> None:
    assert 2 * len(SOURCES) >= executor.POOL_FROM  # so the pool really runs
    root = new_site(tmp_path, 2)
    result = run_cli("extract", "--site", root, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert sidecars(root) == in_process


def test_a_dask_cluster_writes_the_same_sidecars(tmp_path: Path, in_process: dict[str, bytes]) -> None:
    from distributed import LocalCluster

    root = new_site(tmp_path, 2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = run_cli("build", "--site", root, "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert result.returncode == 0, result.stderr
    assert f"extracted {2 * len(SOURCES)}" in result.stdout
    assert sidecars(root) == in_process


def test_a_build_extracts_a_few_articles_in_a_forked_copy_that_writes_the_same_sidecars(
        tmp_path: Path, in_process: dict[str, bytes]) -> None:
    """So the build itself never imports spaCy: it gets the rest ready meanwhile."""
    root = new_site(tmp_path, 1)
    for extra in sorted((root / "content").iterdir())[3:]:
        extra.unlink()
    script = ("import gc, sys\nfrom generator.config import load_config\nfrom generator.build.site import build\n"
              "from pathlib import Path\npace = gc.get_threshold()\nreport = build(load_config(Path(sys.argv[1])))\n"
              "print(len(report.extracted), report.ok, 'spacy' in sys.modules, gc.isenabled(), "
              "gc.get_freeze_count(), gc.get_threshold() == pace)\n")
    result = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, cwd=REPO, check=False,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    # and leaves the cycle collector as it found it (a build paces it and sets records aside)
    assert result.stdout.split() == ["3", "True", "False", "True", "0", "True"]
    written = sidecars(root)
    assert len(written) == 3 and written == {name: in_process[name] for name in written}


# A hook (`cli_with`): write to the file named by the first argument, at exit,
# each forked extraction copy made (its pid) and each handful of texts sent to
# one, after whether every copy had ended (been reaped) before the build returned.
WATCH_COPIES = """
import atexit, json, os
from generator.build import executor
log, where = [], sys.argv.pop(1)
made, sent = executor.Early.__init__, executor.Early.extract
def init(self, model):
    made(self, model)
    log.append(["made", self._helper.pid])
def extract(self, texts):
    log.append(["sent", self._helper.pid, len(texts)])
    sent(self, texts)
executor.Early.__init__, executor.Early.extract = init, extract
def report():
    ended = all(not os.path.exists(f"/proc/{entry[1]}") for entry in log)  # reaped by the build
    open(where, "w").write(json.dumps([ended, *log]))
atexit.register(report)
"""


def test_a_site_built_before_loads_the_model_at_once_in_the_copy_that_extracts_and_stops_it_if_unneeded(
        tmp_path: Path) -> None:
    """A build of a site built before forks its extraction copy first thing, on
    the chance that an article changed: the copy that extracts it when one did,
    stopped (not left running) when none did."""
    root = new_site(tmp_path / "site", 1)
    for extra in sorted((root / "content").iterdir())[2:]:
        extra.unlink()
    log = tmp_path / "log.json"

    def build() -> list[list[int | str]]:
        result = subprocess.run(cli_with(WATCH_COPIES, log, "build", "--site", root), cwd=REPO, capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        ended, *found = json.loads(log.read_text("utf-8"))
        assert ended, "a copy outlived its build"
        return found

    first = build()  # nothing built before: the copy is made once the articles are read
    assert [entry[0] for entry in first] == ["made", "sent"] and first[1][2] == 2
    assert [entry[0] for entry in build()] == ["made"]  # nothing changed: made, and stopped
    article = next((root / "content").glob("*.md"))
    article.write_text(article.read_text("utf-8") + "\nThe mayor said the review would take two weeks.\n", "utf-8")
    third = build()
    assert [entry[0] for entry in third] == ["made", "sent"] and third[0][1] == third[1][1] and third[1][2] == 1


def test_dask_without_a_scheduler_or_unreachable_is_one_clear_error(tmp_path: Path) -> None:
    root = new_site(tmp_path, 1)
    missing = run_cli("build", "--site", root, "--executor", "dask")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "error: --executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)"
    unreachable = run_cli("extract", "--site", root, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert unreachable.returncode == 1
    errors = [line for line in unreachable.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert "Traceback" not in unreachable.stderr
    assert not list((root / "content").glob("*.yaml"))


KILL_WHILE_WORKERS_RUN = """
import json, multiprocessing, os, signal
from multiprocessing import resource_tracker
from pathlib import Path
from generator.build import executor
pids = Path(sys.argv.pop(1))
real = executor._in_order
def in_order(*args, **kwargs):
    for n, found in enumerate(real(*args, **kwargs)):
        if n == 0:  # the first article is back: the workers are at work on the next ones
            pids.write_text(json.dumps({"workers": [p.pid for p in multiprocessing.active_children()],
                                        "tracker": resource_tracker._resource_tracker._pid}))
            os.kill(os.getpid(), signal.SIGKILL)
        yield found
executor._in_order = in_order
"""


def _gone(pid: int) -> bool:
    """Ended (a zombie waiting for whoever adopted it to reap it counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rpartition(")")[2].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_a_killed_extraction_leaves_no_worker_running(tmp_path: Path) -> None:
    """SIGKILL of the command while its worker processes extract: the workers
    and multiprocessing's resource tracker are gone within 5 s, not left
    waiting for a parent that will never read their results."""
    root = new_site(tmp_path / "site", 2)
    pids = tmp_path / "pids.json"
    with open(tmp_path / "stderr", "w") as stderr:  # not a pipe: orphans would hold it open
        killed = subprocess.run(cli_with(KILL_WHILE_WORKERS_RUN, pids, "extract", "--site", root, "--jobs", "2"),
                                cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr, timeout=600)
    assert killed.returncode == -9, (tmp_path / "stderr").read_text()
    found = json.loads(pids.read_text("utf-8"))
    children = [*found["workers"], found["tracker"]]
    assert len(found["workers"]) == 2 and found["tracker"] is not None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(map(_gone, children)):
        time.sleep(0.05)
    left = [pid for pid in children if not _gone(pid)]
    for pid in left:  # do not leave them to the rest of the suite
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"still running 5 s after the kill: {left} of workers {found['workers']}, " \
                       f"tracker {found['tracker']}"
