"""When a build shares its work with a forked copy of itself (`split`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.build import split
from tests import searchindex
from tests.build.test_incremental import from_nothing, outputs
from tests.conftest import REPO, cli_with, run_cli, write_site
from tests.pages.test_archive import article, sidecar


def test_a_build_splits_only_between_a_few_dozen_and_a_few_thousand_articles() -> None:
    assert not split.pays(split.FROM - 1, cores=2)  # not worth a second process
    assert split.pays(split.FROM, cores=2) and split.pays(split.UNTIL, cores=2)
    # two copies of a big site's records cost more memory than the second core saves time
    assert not split.pays(split.UNTIL + 1, cores=2)
    assert not split.pays(split.FROM, cores=1)


def test_a_split_shares_the_items_between_the_two_processes() -> None:
    # (in a fresh interpreter: a test before this one may have left a thread, and
    # a process with threads never forks)
    code = ("from generator.build import split\n"
            "with split.make(split.FROM, None, jobs=2) as work:\n"
            "    assert type(work) is split.Split, type(work)\n"
            "    assert work.theirs and work.mine and sorted(work.theirs + work.mine) == list(range(split.FROM))\n"
            "with split.make(split.UNTIL + 1, None, jobs=2) as work:\n"
            "    assert type(work) is split.Serial, type(work)\n")
    in_fresh_interpreter(code)


def in_fresh_interpreter(code: str) -> str:
    """Run `code` in a new Python process (a test before may have left a
    thread, and a process with threads never forks); what it printed."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


# A hook (`cli_with`): touch the file named by the first argument when the
# search index is made in a process other than the build's own.
MARK_IF_ASIDE = """
import os
from generator.build import aside
mark, parent, real = sys.argv.pop(1), os.getpid(), aside._make
def spy(*args):
    if os.getpid() != parent:
        open(mark, "w").close()
    return real(*args)
aside._make = spy
"""


def test_a_one_article_build_makes_the_search_index_aside_and_the_site_of_a_full_build(tmp_path: Path) -> None:
    files = {}
    for n in range(split.FROM + 6):
        files[f"report-{n:03d}.md"] = article(n)
        files[f"report-{n:03d}.yaml"] = sidecar(n)
    root = write_site(tmp_path / "site", files, "title: Archive\nbase_url: https://news.example.org/\n")
    assert run_cli("build", "--site", root).returncode == 0
    reworded = root / "content" / "report-007.yaml"
    reworded.write_text(sidecar(7).replace("ignored cracks in berth 7.", "patched the crumbling quay wall."), "utf-8")
    mark = tmp_path / "aside"
    result = subprocess.run(cli_with(MARK_IF_ASIDE, mark, "build", "--site", root), cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert mark.exists(), "the search index was made in the build's own process"
    docs = searchindex.docs(root / "output")
    found = [docs[i][2] for i in searchindex.terms(root / "output")["crumbling"]]
    assert found == ["Harbour report 7: the pier inspector under fire", "The pier inspector patched the crumbling quay wall."]
    assert outputs(root) == from_nothing(root, tmp_path)


def test_work_that_cannot_be_sent_to_the_helper_fails_at_once_instead_of_waiting_for_a_reply() -> None:
    code = ("import pickle\n"
            "from generator.build import split\n"
            "def step(context, held, arg):\n"
            "    return arg\n"
            "with split.Split(0, None, share=0) as work:\n"
            "    try:\n"
            "        work.task(step, lambda: 0)\n"
            "    except (pickle.PicklingError, AttributeError) as exc:\n"
            "        print('refused:', type(exc).__name__)\n"
            "    assert work.task(step, 41).result() == 41  # the helper still answers what can be sent\n")
    printed = in_fresh_interpreter(code)
    assert printed.startswith("refused:"), printed


def test_a_copy_made_with_a_first_task_starts_no_thread_and_raises_its_failure_at_the_next_result() -> None:
    """A build forks its extraction copy first thing (`Local.warm`): that must
    leave it free to fork its reading helper after, and a model that fails to
    load in the copy must fail the extraction that follows."""
    code = ("import threading\n"
            "from generator.build import split\n"
            "def fail(context, held, arg):\n"
            "    raise ValueError(arg)\n"
            "def step(context, held, arg):\n"
            "    return arg\n"
            "with split.Split(0, None, share=0, first=(fail, 'no model')) as warm:\n"
            "    assert threading.active_count() == 1 and split.can_fork()\n"
            "    with split.make(split.FROM, None, jobs=2) as work:\n"
            "        assert type(work) is split.Split, type(work)\n"
            "    pending = warm.task(step, 41)\n"
            "    try:\n"
            "        pending.result()\n"
            "    except ValueError as exc:\n"
            "        print('raised:', exc)\n"
            "with split.Split(0, None, share=0, first=(step, 1)) as quiet:\n"
            "    pid = quiet.pid\n"
            "import os\n"
            "try:\n"
            "    os.kill(pid, 0)\n"
            "    print('left running')\n"
            "except ProcessLookupError:\n"
            "    print('gone')\n")
    assert in_fresh_interpreter(code).split("\n")[:2] == ["raised: no model", "gone"]
