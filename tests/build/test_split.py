"""When a build shares its work with a forked copy of itself (`split`)."""

from __future__ import annotations

import subprocess
import sys

from generator.build import split


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
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
