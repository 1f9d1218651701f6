"""Site-wide files made in a forked copy of the build while this process plans
and renders the pages. The search index is made again from every record
whenever one changes: in a build of one changed article it was the most work
left once the model had run.

The copy writes the files into the staging folder (made before the fork, so
both write into the same one) and sends back only paths and digests. Where a
copy is not worth it (a small site, an archive past `split.UNTIL` records) or
cannot be made (threads, as in the preview server and a split build; one
core; no fork), the files are made here when they are asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from . import cache, split
from .publish import Publisher

if TYPE_CHECKING:
    from ..pages.sitewide import FileSpec

Made = list[tuple[str, str, bool]]  # each file: its path under output/, sha256, and whether it was written


class Aside:
    """`files` made in a forked copy when `records` (the site's) make it worth
    it and safe (`split.pays`: a copy of an archive's records would cost more
    memory than the second core saves time), else here."""

    def __init__(self, files: Callable[[], Iterable[FileSpec]], records: int, out: Publisher) -> None:
        self.files = files
        self.out = out
        self._helper: split.Split | None = None
        if split.pays(records, os.cpu_count() or 1) and split.can_fork():
            out.stage  # noqa: B018 - made before the fork, so both processes write into the same one
            self._helper = split.Split(0, self, share=0)
            self._pending = self._helper.task(_make, None)

    def result(self) -> Made:
        """The files, each counted in the build's output (`Publisher`)."""
        if self._helper is None:
            return _make(self, {}, None)
        made: Made = self._pending.result()
        self._helper.close()
        for path, digest, written in made:
            self.out.adopt(path, digest, written)
        return made

    def __enter__(self) -> Aside:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if self._helper is not None:
            self._helper.close(kill=kind is not None)  # on an error, its work is not wanted


def _make(aside: Aside, _: split.Held, __: object) -> Made:
    return [(spec.output, cache.sha(spec.data), aside.out.put(spec.output, spec.data)) for spec in aside.files()]
