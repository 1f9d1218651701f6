"""Sharing a big build between this process and one forked copy of it.

Reading sidecars and rendering pages is pure Python, so a second core helps
only through a second process. `fork()` gives one for nothing: the copy
inherits the loaded modules, the compiled templates and every entry found so
far, so no work is repeated and nothing is sent over to start it. Each process
takes a fixed share of the items and keeps what it read about its items
between steps (`held`), so only small results cross back (records, page
digests), never articles, sidecars or pages.

`Split(n)` runs each step over items `0..n-1`: the helper's share in the copy,
the rest here, at the same time. A step is a module-level function
`step(context, held, index, arg)`; `context` is the object given when the copy
was made (the build's state), `held` a dict private to each process. A step
must catch the errors of one item and return them as its result: an exception
out of a step ends the build (after the helper is stopped). A map can also run
one `extra` task in the helper (work that is not per item: some of the
site-wide pages), which balances the two processes.

`Serial(n)` has the same interface in this process alone: small builds, a
machine with one core, a platform without fork, or a process with threads (the
preview server), where fork is unsafe.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe
from typing import Any

Step = Callable[[Any, dict, int, Any], Any]
Extra = Callable[[Any, dict, Any], Any]

FROM = 64  # fewer items than this are not worth a second process
HELPER_SHARE = 0.5


class Serial:
    def __init__(self, count: int, context: Any) -> None:
        self.count = count
        self.context = context
        self.held: dict = {}

    def map(self, step: Step, arg: Any = None, extra: Extra | None = None) -> tuple[dict[int, Any], Any]:
        """`step` over every item; and `extra(context, held, arg)` once, in the
        helper when there is one (work that is not per item, to balance the two)."""
        out = {i: step(self.context, self.held, i, arg) for i in range(self.count)}
        return out, extra(self.context, self.held, arg) if extra is not None else None

    def close(self, kill: bool = False) -> None:
        self.held.clear()

    def __enter__(self) -> Serial:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Split(Serial):
    def __init__(self, count: int, context: Any, share: float = HELPER_SHARE) -> None:
        super().__init__(count, context)
        # Interleaved, so both halves hold the same mix of long and short articles.
        stride = max(2, round(1 / share)) if share > 0 else count + 1
        self.theirs = [i for i in range(count) if i % stride == stride - 1]
        self.mine = [i for i in range(count) if i % stride != stride - 1]
        here, there = Pipe()
        parent = os.getpid()
        gc.collect()
        gc.freeze()  # the copy's pages stay shared: no collection touches these objects
        pid = os.fork()
        if pid == 0:  # the helper: never returns
            here.close()
            _helper(there, context, self.theirs, parent)
        gc.unfreeze()
        there.close()
        self.pid: int | None = pid
        self.conn: Connection = here

    def map(self, step: Step, arg: Any = None, extra: Extra | None = None) -> tuple[dict[int, Any], Any]:
        self.conn.send((step, arg, extra))
        out = {i: step(self.context, self.held, i, arg) for i in self.mine}
        try:
            status, value = self.conn.recv()
        except EOFError:
            raise HelperError("the helper process died") from None
        if status != "ok":
            raise value
        theirs, more = value
        out.update(theirs)
        return out, more

    def close(self, kill: bool = False) -> None:
        super().close()
        if self.pid is None:
            return
        if kill:
            os.kill(self.pid, signal.SIGKILL)
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.conn.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.pid = None

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(kill=kind is not None)  # on an error or Ctrl-C, the helper's work is not wanted


class HelperError(RuntimeError):
    pass


def make(count: int, context: Any, jobs: int | None = None) -> Serial:
    """A Split when it pays and is safe, else a Serial."""
    cores = jobs or os.cpu_count() or 1
    if count >= FROM and cores > 1 and can_fork():
        return Split(count, context)
    return Serial(count, context)


def can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _helper(conn: Connection, context: Any, indexes: list[int], parent: int) -> None:
    code = 0
    try:
        _die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
        held: dict = {}
        while True:
            message = conn.recv()
            if message is None:
                break
            step, arg, extra = message
            try:
                result = ("ok", ({i: step(context, held, i, arg) for i in indexes},
                                 extra(context, held, arg) if extra is not None else None))
            except Exception as exc:  # noqa: BLE001 - sent to the parent, which raises it
                result = ("error", exc)
            try:
                conn.send(result)
            except Exception as exc:  # noqa: BLE001 - could not be pickled
                conn.send(("error", HelperError(f"{type(exc).__name__}: {exc}")))
    except BaseException:  # noqa: BLE001 - a helper never prints or unwinds into the parent's code
        code = 1
    finally:
        os._exit(code)


def _die_with_parent(parent: int) -> None:
    """The helper is killed with the build (even by SIGKILL), never left writing."""
    name = ctypes.util.find_library("c")
    if name:
        libc = ctypes.CDLL(name, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)
