"""Where extraction runs: in this process, in local worker processes, or on a Dask cluster.

Extraction is a pure function from an article's text to an `Extraction`, so it
can run anywhere the generator and the spaCy model are installed. Every
executor takes texts in batches, runs `extract.extract_batch` on each (which
loads the model once per worker process and returns small dataclasses, never
spaCy objects), and yields the results in the order of the texts, keeping only
a few batches in flight so memory stays bounded however large the archive.

- `Local(jobs)`: `jobs` worker processes (default: one per core). A handful of
  articles is extracted in this process instead: starting workers and loading
  the model in each costs more than it saves. A build that can do something
  else meanwhile asks `Local.begin` instead: the handful goes to a forked copy
  of this process at once, which imports spaCy and loads the model (about a
  second) while this one gets the rest of the build ready. A build of a site
  built before makes that copy first thing (`Local.warm`), before it knows
  whether an article changed: the copy is what a one-article build waits for,
  and it is stopped as soon as nothing turns out to need extracting.
- `Dask(scheduler)`: the workers of a running `dask.distributed` cluster
  (`pip install 'dask[distributed]==2026.8.0'`; each worker needs the generator
  and the model installed; run workers with one thread each, since a spaCy
  pipeline is not shared safely between threads).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, Self

from ..errors import ExecutorError
from ..model import Extraction
from . import split

BATCH = 8  # articles per task: large enough to keep nlp.pipe busy, small enough to spread
POOL_FROM = 12  # fewer articles than this are extracted in this process


class Executor(Protocol):
    def map(self, model: str, texts: Sequence[str]) -> Iterator[Extraction]: ...


def batches(texts: Sequence[str], size: int) -> list[list[str]]:
    return [list(texts[i:i + size]) for i in range(0, len(texts), size)]


def _in_order(submit: Any, model: str, texts: Sequence[str], window: int) -> Iterator[Extraction]:
    """Submit batches with at most `window` in flight; yield results in order."""
    from ..extract import extract_batch

    pending: deque[Future[list[Extraction]]] = deque()
    for batch in batches(texts, BATCH):
        pending.append(submit(extract_batch, model, batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


class Local:
    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._warming: Early | None = None

    def map(self, model: str, texts: Sequence[str]) -> Iterator[Extraction]:
        from ..extract import extract_batch

        if self.jobs == 1 or len(texts) < POOL_FROM:
            for batch in batches(texts, BATCH):
                yield from extract_batch(model, batch)
            return
        # spawn, not fork: the parent may hold threads (the preview server) or a
        # loaded model; each worker imports what it needs and loads the model once.
        # A worker outliving a killed build would wait for work forever (its
        # queues' pipes are open in the workers too, so it never sees the end),
        # holding its model and keeping multiprocessing's resource tracker alive:
        # each dies with the build.
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(max_workers=self.jobs, mp_context=context, initializer=split.die_with_parent,
                                     initargs=(os.getpid(),)) as pool:
                yield from _in_order(pool.submit, model, texts, window=2 * self.jobs)
        except BrokenProcessPool:
            raise ExecutorError("an extraction worker process died (out of memory?); sidecars written so far "
                                "are kept", hint="try fewer processes: --jobs 1") from None

    def begin(self, model: str, texts: Sequence[str]) -> Early | None:
        """A handful of texts extracted in a forked copy of this process (the
        one `warm` made, if any), begun now; None where that does not pay (the
        model already loaded here, as in the preview server; many texts, which
        `map` spreads over workers; one job) or is unsafe (threads, no fork)."""
        handful = 0 < len(texts) < POOL_FROM
        if not handful or (self._warming is not None and self._warming.model != model):
            self.cool()
        if not handful:
            return None
        early, self._warming = self._warming or self._early(model), None
        if early is not None:
            early.extract(list(texts))
        return early

    def warm(self, model: str) -> None:
        """Fork the copy `begin` would, now, and import spaCy and load the model
        in it, on the chance that a handful of texts will need extracting: a
        build after one article changed needs it about 0.1 s earlier than its
        articles are read. `begin` takes it, or `cool` stops it."""
        if self._warming is None:
            self._warming = self._early(model)

    def cool(self) -> None:
        """Stop the copy `warm` made, if `begin` did not take it."""
        if self._warming is not None:
            self._warming.close(kill=True)
            self._warming = None

    def _early(self, model: str) -> Early | None:
        from ..extract import nlp as nlp_module

        if self.jobs == 1 or nlp_module.loaded() or not split.can_fork():
            return None
        return Early(model)


class Early:
    """Texts being extracted in a forked copy of this process (`Local.begin`).
    Leaving the `with` block stops the copy, killing it if the block failed."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._helper = split.Split(0, None, share=0, first=(_load, model))
        self._pending: split.Pending | None = None

    def extract(self, texts: list[str]) -> None:
        self._pending = self._helper.task(_extract_all, (self.model, texts))

    def result(self) -> list[Extraction]:
        assert self._pending is not None
        try:
            found: list[Extraction] = self._pending.result()
            return found
        except split.HelperError:
            raise ExecutorError("the extraction process died (out of memory?)") from None

    def close(self, kill: bool = False) -> None:
        self._helper.close(kill=kill)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(kill=kind is not None)


def _load(_: object, __: split.Held, model: str) -> None:
    from ..extract import analyse, nlp  # noqa: F401 - the rules too: imported once, here

    nlp.load(model)


def _extract_all(_: object, __: split.Held, arg: tuple[str, list[str]]) -> list[Extraction]:
    from ..extract import extract_batch

    return extract_batch(*arg)


class Dask:
    def __init__(self, scheduler: str) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ExecutorError("--executor dask needs Dask distributed, which is not installed",
                                hint="pip install 'dask[distributed]==2026.8.0'") from None
        self.scheduler = scheduler

    def map(self, model: str, texts: Sequence[str]) -> Iterator[Extraction]:
        from distributed import Client

        try:
            client = Client(self.scheduler, timeout="20s")  # type: ignore[no-untyped-call]  # distributed has no types
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}",
                                hint="start one with `dask scheduler` and workers with "
                                     "`dask worker --nthreads 1 ADDRESS`") from None
        with client:
            workers = max(1, sum(client.nthreads().values()))  # type: ignore[no-untyped-call]

            def submit(fn: Any, *args: Any) -> Any:
                return client.submit(fn, *args, pure=False)

            yield from _in_order(submit, model, texts, window=2 * workers)


def make(kind: str = "local", scheduler: str | None = None, jobs: int | None = None) -> Executor:
    if kind == "local":
        return Local(jobs)
    if kind == "dask":
        if not scheduler:
            raise ExecutorError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
        return Dask(scheduler)
    raise ExecutorError(f"unknown executor {kind!r}; use local or dask")
