"""Values worked out from one article record, remembered between builds.

Site-wide pages and files are functions of every record (the actor directory,
claims.json, the search index), and most of that work is per record: one
article's statements, its claims.json items, its search entry. The preview
server keeps records in memory from one build to the next (`site.Memory`), so
it keeps these too: after an edit only the changed record's values are worked
out again. Records are frozen, so a value is looked up by the record object
itself (its identity: a changed article has a new record), and every value is
a pure function of the record and the arguments named in its key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class Derived:
    """`keep`: remember what is worked out (the preview server, which builds
    again and again). A single build keeps only what it asks to (`kept`): what
    it works out while the model loads; holding every record's values to the
    end would only cost memory (a gigabyte on an archive)."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._values: dict[int, tuple[object, dict[Hashable, Any]]] = {}
        self._across: dict[Hashable, tuple[tuple[object, ...], Any]] = {}
        self._latest: dict[str, tuple[Hashable, Any]] = {}

    def get(self, record: object, key: Hashable, make: Callable[[], T]) -> T:
        held = self._values.get(id(record))
        if held is not None and held[0] is record and key in held[1]:
            found: T = held[1][key]
            return found
        value = make()
        if self.keep:
            if held is None or held[0] is not record:
                held = (record, {})
                self._values[id(record)] = held
            held[1][key] = value
        return value

    @contextmanager
    def kept(self) -> Iterator[None]:
        """Remember what is worked out inside the block, whatever `keep` says."""
        keep, self.keep = self.keep, True
        try:
            yield
        finally:
            self.keep = keep

    def across(self, records: tuple[object, ...], key: Hashable, make: Callable[[], T]) -> T:
        """A value worked out from several records (an actor merged over articles)."""
        at = (tuple(id(r) for r in records), key)
        held = self._across.get(at)
        if held is None or any(a is not b for a, b in zip(held[0], records)):
            held = (records, make())
            self._across[at] = held
        return held[1]

    def latest(self, name: str, key: Hashable, make: Callable[[], T]) -> T:
        """One value per `name`, worked out again when its `key` (what it is a
        function of, by value) is not the last one's."""
        held = self._latest.get(name)
        if held is None or held[0] != key:
            held = (key, make())
            self._latest[name] = held
        return held[1]

    def keep_only(self, records: Iterable[object]) -> None:
        """Forget the values of records no longer in the site."""
        alive = {id(r): r for r in records}
        for dead in [k for k, (r, _) in self._values.items() if alive.get(k) is not r]:
            del self._values[dead]
        for gone in [k for k, (rs, _) in self._across.items() if any(alive.get(id(r)) is not r for r in rs)]:
            del self._across[gone]
