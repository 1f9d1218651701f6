"""When a build shares its work with a forked copy of itself (`split.make`)."""

from __future__ import annotations

import pytest

from generator.build import split


def test_a_build_splits_only_between_a_few_dozen_and_a_few_thousand_articles() -> None:
    if not split.can_fork():  # (asked now: an earlier test may have left a thread running)
        pytest.skip("a split needs fork() in a process without threads")
    with split.make(split.FROM - 1, None, jobs=2) as few:
        assert type(few) is split.Serial  # not worth a second process
    with split.make(split.FROM, None, jobs=2) as some:
        assert type(some) is split.Split and some.theirs and some.mine
        assert sorted(some.theirs + some.mine) == list(range(split.FROM))
    # two copies of a big site's records cost more memory than the second core saves time
    with split.make(split.UNTIL + 1, None, jobs=2) as many:
        assert type(many) is split.Serial
    with split.make(split.FROM, None, jobs=1) as one_core:
        assert type(one_core) is split.Serial
