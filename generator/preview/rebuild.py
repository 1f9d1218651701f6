"""Builds for the preview, one at a time on a worker thread; a change during a
build schedules exactly one more. State is kept between builds (`Memory`):
records, compiled templates, per-article values of the site-wide pages, and the
spaCy model, so a save redoes only what depends on the saved file.

The terminal gets one line per save, and the warnings a build finds (a stale
sidecar, an unknown key) as a build in the terminal shows them: all of them at
first, then each new one once. A sidecar the build itself wrote (an article was
extracted) or moved (an article was renamed) is not a save: it starts no build
and no line of its own.

A review write (`review.py`) is built at once, with no quiet time to wait for:
its page is first put in place from what the last build knows
(`build/ahead.py`) and the tabs showing it reload; the build that follows lets
them go first, then updates the pages listing the article, without reloading
those tabs again. The write is no save of the user's when the watcher sees it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..build.ahead import put_ahead
from ..build.cache import file_sha
from ..build.site import BuildReport, Memory, build
from ..config import SiteConfig, load_config
from ..errors import GeneratorError
from ..pages.render import THEME_DIR
from ..source.discover import SourceFile
from .sharedlock import SharedLock
from .watcher import QUIET_SECONDS

Log = Callable[[str], None]
RELOAD_SECONDS = 0.3  # how long a build after a review write waits for the tab showing it to reload


def describe_changes(paths: set[Path], config: SiteConfig) -> str:
    """`content/x.yaml changed`, `3 files changed (template, article)`."""
    names = sorted(_relative(p, config.root) for p in paths)
    if len(names) == 1:
        return f"{names[0]} changed"
    kinds = sorted({_kind(p, config) for p in paths})
    return f"{len(names)} files changed ({', '.join(kinds)})"


def _kind(path: Path, config: SiteConfig) -> str:
    if path == config.config_path:
        return "site.yaml"
    if config.content_dir in path.parents:
        return "sidecar" if path.suffix == ".yaml" else "article"
    if config.static_dir in path.parents:
        return "static file"
    if config.root_files_dir in path.parents:
        return "root file"
    return "template"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class BuildState:
    """What the server knows about the latest build (read by request handlers)."""

    generation: int = 0
    errors: tuple[str, ...] = ()  # one line each, file:line: message
    reload: bool = False  # the browser should reload: pages or errors changed
    # Pages (under the preview folder) a review write put in place ahead of this
    # build (`build/ahead.py`) that it left as they were: open, they show it already.
    shown: frozenset[str] = frozenset()


class Rebuilder:
    """Runs builds one at a time on a worker thread; a change during a build
    schedules exactly one more."""

    def __init__(self, site: Path, log: Log, on_built: Callable[[BuildState], None], named: str | None = None,
                 review: bool = False, on_ahead: Callable[[frozenset[str]], bool] | None = None) -> None:
        self.site = site
        self.review = review  # review mode: pages carry the controls that edit their sidecar
        # Told the pages a review write put in place before its build; True if a tab shows one.
        self.on_ahead = on_ahead
        self.reloaded = threading.Event()  # a page reloaded after it has fetched its review script
        self.named = named  # the site folder as the user named it (`--site`), for the commands hints suggest
        self.log = log
        self.on_built = on_built
        self.state = BuildState()
        self._wake = threading.Event()
        self._pending: set[Path] = set()
        self._urgent: list[str] = []  # review writes waiting to be built, said as the terminal says them
        self._reviewed: dict[Path, str] = {}  # files review writes made (their sha256), not saves of the user's
        self._ahead: dict[Path, SourceFile] = {}  # the articles of those files, their pages to put in place first
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.building = False
        self.config = self._load_config()
        # Kept from one build to the next: records, compiled templates, and
        # (in the extractor's own cache) the spaCy model once loaded.
        self.memory = Memory()
        self.last_report: BuildReport | None = None
        self.ours: dict[Path, str | None] = {}  # files the last build wrote (sha256) or moved away (None)
        self.warned: set[str] = set()  # the warnings shown, as shown
        # One command at a time per site; the preview's build and review threads share it.
        self.lock = SharedLock(self.config.root, self._waiting)
        self._thread = threading.Thread(target=self._run, name="preview-build", daemon=True)
        self.quiet = QUIET_SECONDS  # the watcher shortens it when inotify wakes it

    def _load_config(self) -> SiteConfig:
        config = load_config(self.site, named=self.named)
        return replace(config, output_dir=config.preview_dir, review=self.review)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def request(self, paths: set[Path]) -> None:
        with self._lock:
            self._pending |= paths
        self._wake.set()

    def request_now(self, path: Path, written: str, reason: str, source: SourceFile) -> None:
        """A review write (`review.py`) of the sidecar of `source`: its page put in
        place at once (`build/ahead.py`), then built, without waiting for the
        watcher or a quiet moment; not taken for a save of the user's when the
        watcher sees it after the build."""
        with self._lock:
            self._pending.add(path)
            self._reviewed[path] = written
            self._ahead[path] = source
            self._urgent.append(reason)
        self._wake.set()

    def _put_ahead(self, sources: list[SourceFile]) -> dict[str, str]:
        """Each review write's page in place before the build, and the browsers
        showing it told; {path under the preview folder: sha256 of its bytes}."""
        shown = {}
        with self.lock.hold():
            for source in sources:
                put = put_ahead(self.config, self.memory, source)
                if put is not None:
                    shown[put[0]] = put[1]
        if shown and self.on_ahead is not None:
            self.reloaded.clear()
            if self.on_ahead(frozenset(shown)):
                # The build waits (a moment at most) for the tab to reload: in
                # the same interpreter it would slow the page being served.
                self.reloaded.wait(RELOAD_SECONDS)
        return shown

    def watched(self) -> list[Path]:
        """site.yaml, content, static files and templates (the site's own, even
        before its folder exists, and the default theme); never the output."""
        c = self.config
        return [c.config_path, c.content_dir, c.static_dir, c.root_files_dir, c.templates_dir, THEME_DIR]

    def build_now(self, paths: set[Path], reason: str, shown: dict[str, str] | None = None) -> BuildState:
        """Build now. `shown`: pages put in place ahead of this build (path under
        the preview folder -> sha256), whose open tabs need no second reload if
        the build leaves them as they are."""
        started = time.perf_counter()
        published = False
        self.building = True
        notes: list[str] = []
        try:
            if self.config.config_path in paths:
                self.config = self._load_config()
            # The preview writes sidecars into content/: one command at a time per site.
            with self.lock.hold():
                report = self.last_report = build(self.config, drafts=True, memory=self.memory)
            errors = tuple(e.describe(self.config.root) for e in report.errors)
            summary = _summary(report)
            published = report.published
            self.ours = dict(report.wrote)
            notes = self._notes(report)
        except GeneratorError as exc:
            errors = tuple(e.describe(self.config.root) for e in exc.each())
            summary = "failed"
        except Exception as exc:  # noqa: BLE001 - a bug must not take the preview down
            errors = (f"internal error: {type(exc).__name__}: {exc}",)
            summary = "failed"
        finally:
            self.building = False
        previous = self.state
        kept = frozenset(p for p, sha in (shown or {}).items() if file_sha(self.config.output_dir / p) == sha)
        self.state = BuildState(previous.generation + 1, errors, published or errors != previous.errors,
                                kept if errors == previous.errors else frozenset())
        seconds = time.perf_counter() - started
        stamp = time.strftime("%H:%M:%S")
        if errors:
            self.log(f"{stamp} {reason}: build failed in {seconds:.2f} s: {errors[0]}"
                     + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""))
        else:
            self.log(f"{stamp} {reason}: {summary} in {seconds:.2f} s")
        for line in notes:
            self.log(line)
        self.on_built(self.state)
        return self.state

    def _waiting(self, line: str) -> None:
        self.log(f"{time.strftime('%H:%M:%S')} {line}")

    def _notes(self, report: BuildReport) -> list[str]:
        """What else the terminal is told of a build: sidecars moved, and each
        warning not shown before (site.yaml's included)."""
        root = self.config.root
        lines = [f"  {_relative(m.old, root)}: moved to {_relative(m.new, root)}, beside its renamed article "
                 f"{_relative(m.article, root)}" for m in report.moved]
        now = [f"  warning: {w.describe(root)}" for w in (*self.config.warnings, *report.warnings)]
        lines += [line for line in dict.fromkeys(now) if line not in self.warned]
        self.warned = set(now)
        return lines

    def unmade(self, paths: set[Path]) -> set[Path]:
        """The changes among `paths` that the last build did not make itself."""
        return {p for p in paths if p not in self.ours or file_sha(p) != self.ours[p]}

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            if self._stop.is_set():
                return
            # Debounce: wait until saves stop arriving for a moment (a review
            # write is one write, made by us: no need to wait).
            while not self._urgent:
                self._wake.clear()
                if not self._wake.wait(self.quiet):
                    break
            self._wake.clear()
            with self._lock:
                paths, self._pending = self._pending, set()
                urgent, self._urgent = self._urgent, []
                reviewed, self._reviewed = self._reviewed, {}
                ahead, self._ahead = list(self._ahead.values()), {}
            shown = self._put_ahead(ahead)
            paths = self.unmade(paths - reviewed.keys()) | reviewed.keys()
            if paths:
                self.build_now(paths, "; ".join(urgent) if urgent else describe_changes(paths, self.config), shown)
            self.ours.update(reviewed)  # seen by the watcher later: not a save


def _summary(report: BuildReport) -> str:
    parts = []
    if report.extracted:
        parts.append(f"extracted {len(report.extracted)}")
    parts.append(f"{report.changed_files} file(s) updated" if report.published else "no page changed")
    return "rebuilt: " + ", ".join(parts)
