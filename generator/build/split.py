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
out of a step ends the build (after the helper is stopped). Work can also be
started in the helper and collected later (`start`, `task`), so this process
does something else meanwhile: that is how the two are kept equally busy.

`Serial(n)` has the same interface in this process alone: small builds, very
big ones (two copies of a big site's records cost more memory than the second
core saves time: `UNTIL`), a machine with one core, a platform without fork,
or a process with threads (the preview server), where fork is unsafe.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe
from multiprocessing.reduction import ForkingPickler
from typing import Any

Held = dict[int, Any]  # what one process keeps of its items between steps
Step = Callable[[Any, Held, int, Any], Any]
Task = Callable[[Any, Held, Any], Any]

FROM = 64  # fewer items than this are not worth a second process
# More than this and the second process costs more memory than its time is
# worth: the copy holds its share of articles and sidecars, and each process
# what the site-wide pages need of every article. A render-only build of 10,000
# generated articles peaked at 1.49 GB in two processes (70 s) and 0.78 GB in
# one (88 s); a newsroom's CI runner has memory to spare less often than a minute.
UNTIL = 5000
HELPER_SHARE = 0.5


class Pending:
    """A result still being worked out (in the helper, or here when asked for)."""

    def __init__(self, get: Callable[[], Any]) -> None:
        self._get = get
        self._done = False
        self._value: Any = None

    def result(self) -> Any:
        if not self._done:
            self._value, self._done = self._get(), True
        return self._value


class Serial:
    def __init__(self, count: int, context: Any) -> None:
        self.count = count
        self.context = context
        self.held: Held = {}
        self.mine = list(range(count))
        self.theirs: list[int] = []

    def map(self, step: Step, arg: Any = None) -> dict[int, Any]:
        """`step` over every item, each where it is held."""
        pending = self.start(step, arg)
        out = self.here(step, arg)
        out.update(pending.result())
        return out

    def start(self, step: Step, arg: Any = None) -> Pending:
        """`step` over the helper's items, started now; their results when asked."""
        return Pending(dict)

    def here(self, step: Step, arg: Any = None) -> dict[int, Any]:
        """`step` over this process's items."""
        return {i: step(self.context, self.held, i, arg) for i in self.mine}

    def task(self, work: Task, arg: Any = None) -> Pending:
        """`work(context, held, arg)` once, in the helper when there is one (work
        that is not per item: it balances the two); here, when its result is asked."""
        return Pending(lambda: work(self.context, self.held, arg))

    def close(self, kill: bool = False) -> None:
        self.held.clear()

    def __enter__(self) -> Serial:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Split(Serial):
    def __init__(self, count: int, context: Any, share: float = HELPER_SHARE,
                 first: tuple[Task, Any] | None = None) -> None:
        """`first`: a task the helper begins with, sent nothing (its result is
        the first reply): a copy made this way starts no thread here until
        something is sent, so it leaves this process free to fork again."""
        super().__init__(count, context)
        # Interleaved, so both halves hold the same mix of long and short articles.
        stride = max(2, round(1 / share)) if share > 0 else count + 1
        self.theirs = [i for i in range(count) if i % stride == stride - 1]
        self.mine = [i for i in range(count) if i % stride != stride - 1]
        self._replies: dict[int, Any] = {}
        self._sent = self._received = 0
        here, there = Pipe()
        parent = os.getpid()
        # The copy's pages stay shared: no collection touches these objects. A
        # build that has set its objects aside already (`site._warm`) keeps them
        # so, and does not pay for a full collection first.
        frozen = gc.get_freeze_count() > 0
        if not frozen:
            gc.collect()
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the helper: never returns
            here.close()
            _helper(there, context, self.theirs, parent, first)
        if not frozen:
            gc.unfreeze()
        there.close()
        self.pid: int | None = pid
        self.conn: Connection = here
        # Work goes to the helper from a thread of its own: a big message waits
        # until the helper is free to read it, and this process must not.
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._sender = threading.Thread(target=self._send_all, name="split-send", daemon=True)
        if first is None:
            self._sender.start()
        else:
            self._sent = 1  # its reply is the first; a failure in it is raised by the next `result`

    def _send_all(self) -> None:
        while True:
            message = self._outbox.get()
            try:
                self.conn.send_bytes(_pickled(None) if message is None else message)
            except (OSError, ValueError):  # the helper is gone; the reply says so
                return
            if message is None:
                return

    def start(self, step: Step, arg: Any = None) -> Pending:
        return self._send(("items", step, arg))

    def task(self, work: Task, arg: Any = None) -> Pending:
        return self._send(("task", work, arg))

    def _send(self, message: tuple[str, Callable[..., Any], Any]) -> Pending:
        # Pickled here, not in the sending thread: work that cannot be sent
        # fails in the caller, instead of leaving it waiting for a reply.
        self._outbox.put(_pickled(message))
        if not self._sender.is_alive():
            self._sender.start()
        number = self._sent
        self._sent += 1
        return Pending(lambda: self._reply(number))

    def _reply(self, number: int) -> Any:
        while number not in self._replies:  # replies come in the order the work was sent
            try:
                status, value = self.conn.recv()
            except EOFError:
                raise HelperError("the helper process died") from None
            if status != "ok":
                raise value
            self._replies[self._received] = value
            self._received += 1
        return self._replies.pop(number)

    def close(self, kill: bool = False) -> None:
        super().close()
        if self.pid is None:
            return
        if kill:
            os.kill(self.pid, signal.SIGKILL)
        self._outbox.put(None)
        if self._sender.is_alive():
            self._sender.join(timeout=5)
        elif not kill:
            self._sender.start()  # to say goodbye
            self._sender.join(timeout=5)
        self.conn.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = None

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)  # on an error or Ctrl-C, the helper's work is not wanted


class HelperError(RuntimeError):
    pass


def _pickled(message: object) -> bytes:
    return bytes(ForkingPickler.dumps(message))


def make(count: int, context: Any, jobs: int | None = None) -> Serial:
    """A Split when it pays and is safe, else a Serial."""
    if pays(count, jobs or os.cpu_count() or 1) and can_fork():
        return Split(count, context)
    return Serial(count, context)


def pays(count: int, cores: int) -> bool:
    """Is a second process worth it for `count` items: between `FROM` and `UNTIL`, with a core for it?"""
    return FROM <= count <= UNTIL and cores > 1


def can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _helper(conn: Connection, context: Any, indexes: list[int], parent: int,
            first: tuple[Task, Any] | None) -> None:
    code = 0
    try:
        die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
        held: Held = {}
        if first is not None:
            _answer(conn, ("task", *first), context, held, indexes)
        while (message := conn.recv()) is not None:
            _answer(conn, message, context, held, indexes)
    except BaseException:  # noqa: BLE001 - a helper never prints or unwinds into the parent's code
        code = 1
    finally:
        os._exit(code)


def _answer(conn: Connection, message: tuple[str, Any, Any], context: Any, held: Held, indexes: list[int]) -> None:
    kind, work, arg = message
    result: tuple[str, Any]
    try:
        if kind == "items":
            result = ("ok", {i: work(context, held, i, arg) for i in indexes})
        else:
            result = ("ok", work(context, held, arg))
    except Exception as exc:  # noqa: BLE001 - sent to the parent, which raises it
        result = ("error", exc)
    try:
        conn.send(result)
    except Exception as exc:  # noqa: BLE001 - could not be pickled
        conn.send(("error", HelperError(f"{type(exc).__name__}: {exc}")))


def die_with_parent(parent: int) -> None:
    """This process (a helper, a worker) is killed with the build `parent` (even
    by SIGKILL), never left writing or waiting for work that will not come.
    Called first thing in the child. (Linux sends the signal when the thread
    that started the child ends: children are started by the thread that
    waits for them.)"""
    name = ctypes.util.find_library("c")
    if name:
        libc = ctypes.CDLL(name, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)
