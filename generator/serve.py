"""`serve`: a live preview that rebuilds on save and reloads the browser.

The `livereload` package supplies the browser side (livereload.js and its
WebSocket protocol). What it does not give, and this module adds:
- builds run on a worker thread, so pages keep being served while one runs, and
  a build publishes only once it has finished, each file replaced whole
  (publish.py), so no request sees a half-written page;
- our own watcher (woken by Linux inotify as a file is saved, polling
  elsewhere): a burst of saves becomes one rebuild (debounced), a save during a
  build triggers another build afterwards, and nothing is ignored for "3
  seconds after a reload" as livereload's own watcher does;
- state kept between builds (`site.Memory`): records, compiled templates,
  per-article values of the site-wide pages, and the spaCy model, so a save
  redoes only what depends on the saved file;
- the preview goes to its own folder (`SiteConfig.preview_dir`), never `output/`;
- a failed build keeps the last good pages and shows the error, escaped, in a
  banner on every page until a build succeeds;
- the site's own 404 page; paths confined to the preview folder;
- 127.0.0.1 by default; a busy port is a clear error, or the next free port when
  no port was asked for.
"""

from __future__ import annotations

import html
import mimetypes
import os
import socket
import stat
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .config import SiteConfig, load_config
from .errors import GeneratorError, PathError
from .inotify import Inotify
from .site import BuildReport, Memory, build

DEFAULT_PORT = 8000
PORT_TRIES = 20
POLL_SECONDS = 0.05  # without inotify
SLOW_POLL_SECONDS = 1.0  # with inotify, which wakes the watcher at once: a poll now and then all the same
# A burst of saves closer than this becomes one rebuild. Polling sees a save up
# to a poll late, so the quiet time must be longer than a poll.
QUIET_SECONDS = 0.08
QUIET_SECONDS_NOTIFIED = 0.01  # an editor's write-and-rename, a checkout: well under this apart

Log = Callable[[str], None]


# --- watching ------------------------------------------------------------------

def _ignored(name: str) -> bool:
    """Editor droppings and hidden files never trigger a rebuild."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part"))
            or name == "__pycache__")


def snapshot(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    """(mtime, size) of every watched file."""
    seen: dict[Path, tuple[int, int]] = {}
    for root in paths:
        try:  # one stat: site.yaml may be deleted or renamed at any moment
            st = root.stat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            seen[root] = (st.st_mtime_ns, st.st_size)
            continue
        if not stat.S_ISDIR(st.st_mode):
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not _ignored(d)]
            for name in filenames:
                if _ignored(name):
                    continue
                path = Path(dirpath) / name
                try:
                    st = path.stat()
                except OSError:  # deleted between listing and stat
                    continue
                seen[path] = (st.st_mtime_ns, st.st_size)
    return seen


def changed(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]) -> set[Path]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


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
    return "template"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


# --- building ------------------------------------------------------------------

@dataclass(frozen=True)
class BuildState:
    """What the server knows about the latest build (read by request handlers)."""

    generation: int = 0
    errors: tuple[str, ...] = ()  # one line each, file:line: message
    reload: bool = False  # the browser should reload: pages or errors changed


class Rebuilder:
    """Runs builds one at a time on a worker thread; a change during a build
    schedules exactly one more."""

    def __init__(self, site: Path, log: Log, on_built: Callable[[BuildState], None]) -> None:
        self.site = site
        self.log = log
        self.on_built = on_built
        self.state = BuildState()
        self._wake = threading.Event()
        self._pending: set[Path] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.building = False
        self.config = self._load_config()
        # Kept from one build to the next: records, compiled templates, and
        # (in the extractor's own cache) the spaCy model once loaded.
        self.memory = Memory()
        self.last_report: BuildReport | None = None
        self._thread = threading.Thread(target=self._run, name="preview-build", daemon=True)
        self.quiet = QUIET_SECONDS  # the watcher shortens it when inotify wakes it

    def _load_config(self) -> SiteConfig:
        config = load_config(self.site)
        return replace(config, output_dir=config.preview_dir)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def request(self, paths: set[Path]) -> None:
        with self._lock:
            self._pending |= paths
        self._wake.set()

    def watched(self) -> list[Path]:
        """site.yaml, content, static files and templates (the site's own, even
        before its folder exists, and the default theme); never the output."""
        from .render import THEME_DIR

        c = self.config
        return [c.config_path, c.content_dir, c.static_dir, c.templates_dir, THEME_DIR]

    def build_now(self, paths: set[Path], reason: str) -> BuildState:
        started = time.perf_counter()
        published = False
        self.building = True
        try:
            if self.config.config_path in paths:
                self.config = self._load_config()
            report = self.last_report = build(self.config, drafts=True, memory=self.memory)
            errors = tuple(e.describe(self.config.root) for e in report.errors)
            summary = _summary(report)
            published = report.published
        except GeneratorError as exc:
            errors = (exc.describe(self.config.root),)
            summary = "failed"
        except Exception as exc:  # a bug must not take the preview down
            errors = (f"internal error: {type(exc).__name__}: {exc}",)
            summary = "failed"
        finally:
            self.building = False
        previous = self.state
        self.state = BuildState(previous.generation + 1, errors, published or errors != previous.errors)
        seconds = time.perf_counter() - started
        stamp = time.strftime("%H:%M:%S")
        if errors:
            self.log(f"{stamp} {reason}: build failed in {seconds:.2f} s: {errors[0]}"
                     + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""))
        else:
            self.log(f"{stamp} {reason}: {summary} in {seconds:.2f} s")
        self.on_built(self.state)
        return self.state

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            if self._stop.is_set():
                return
            # Debounce: wait until saves stop arriving for a moment.
            while True:
                self._wake.clear()
                if not self._wake.wait(self.quiet):
                    break
            with self._lock:
                paths, self._pending = self._pending, set()
            if paths:
                self.build_now(paths, describe_changes(paths, self.config))


def _summary(report: BuildReport) -> str:
    parts = []
    if report.extracted:
        parts.append(f"extracted {len(report.extracted)}")
    parts.append(f"{report.changed_files} file(s) updated" if report.published else "no page changed")
    return "rebuilt: " + ", ".join(parts)


class Watcher:
    """Compares snapshots of the watched files, each time inotify says something
    changed (or every POLL_SECONDS without it), and hands changes to the
    rebuilder. A sidecar the build itself writes shows up as a change too; the
    build it causes finds nothing to do and publishes nothing, so the browser
    is not reloaded twice."""

    def __init__(self, rebuilder: Rebuilder) -> None:
        self.rebuilder = rebuilder
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="preview-watch", daemon=True)
        self.known = snapshot(rebuilder.watched())

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        notify = Inotify.open(self.rebuilder.watched())
        if notify is not None:
            self.rebuilder.quiet = QUIET_SECONDS_NOTIFIED
        try:
            while not self._stop.is_set():
                if notify is not None:
                    notify.wait(SLOW_POLL_SECONDS)
                elif self._stop.wait(POLL_SECONDS):
                    return
                now = snapshot(self.rebuilder.watched())
                diff = changed(self.known, now)
                self.known = now
                if diff:
                    self.rebuilder.request(diff)
        finally:
            if notify is not None:
                notify.close()


# --- serving -------------------------------------------------------------------

def free_port(host: str, wanted: int | None) -> int:
    """The port to listen on: `wanted` if free (else a clear error), or the first
    free one from DEFAULT_PORT when none was asked for."""
    candidates = [wanted] if wanted is not None else list(range(DEFAULT_PORT, DEFAULT_PORT + PORT_TRIES))
    for port in candidates:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    if wanted is not None:
        raise PathError(f"port {wanted} on {host} is already in use; choose another with --port, "
                        "or leave --port out to use the next free one")
    raise PathError(f"no free port between {DEFAULT_PORT} and {DEFAULT_PORT + PORT_TRIES - 1} on {host}; "
                    "choose one with --port")


def banner(state: BuildState) -> str:
    """The error banner shown on every page while the last build failed."""
    if not state.errors:
        return ""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in state.errors[:20])
    more = f"<li>and {len(state.errors) - 20} more</li>" if len(state.errors) > 20 else ""
    return ('<div id="preview-error" role="alert" style="position:fixed;z-index:2147483647;left:0;right:0;top:0;'
            "max-height:50vh;overflow:auto;background:#7a0b0b;color:#fff;font:15px/1.45 system-ui,sans-serif;"
            'padding:12px 16px;box-shadow:0 2px 8px rgba(0,0,0,.4)">'
            "<strong>The preview could not be rebuilt.</strong> The pages below are from the last good build. "
            "Fix the file and save; this message goes away on the next good build."
            f'<ul style="margin:.5em 0 0;padding-left:1.2em">{items}{more}</ul></div>')


def _inject(page: bytes, port: int, state: BuildState) -> bytes:
    # async: the page is shown without waiting for the script (it finds its own tag by its src)
    script = f'<script async src="/livereload.js?port={port}"></script>'.encode()
    extra = banner(state).encode("utf-8") + script
    lower = page.lower()
    at = lower.rfind(b"</body>")
    return page[:at] + extra + page[at:] if at >= 0 else page + extra


def resolve(root: Path, url_path: str) -> Path | None:
    """The file a URL path names inside root, or None (missing or outside root)."""
    decoded = urllib.parse.unquote(url_path.split("?", 1)[0].split("#", 1)[0])
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    real_root = root.resolve()
    candidate = real_root.joinpath(*parts) if parts else real_root
    try:
        target = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if target != real_root and real_root not in target.parents:
        return None
    if target.is_dir():
        if not decoded.endswith("/") and parts:
            return target  # caller redirects to the slash form
        target = target / "index.html"
    return target if target.is_file() else None


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def host_allowed(bound: str, host_header: str) -> bool:
    """A preview bound to this computer answers only to this computer's names.
    Otherwise a web page could point its own domain at 127.0.0.1 (DNS rebinding)
    and read the preview, drafts included. Any port: ssh -L may forward one."""
    if bound not in LOOPBACK:
        return True  # the user chose to share it (--host)
    try:
        name = urllib.parse.urlsplit("//" + host_header).hostname
    except ValueError:  # not even a host name
        return False
    return name in LOOPBACK


def make_app(rebuilder: Rebuilder, port: int, host: str = "127.0.0.1"):  # noqa: ANN201 - a tornado Application
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from tornado import web

    preview = rebuilder.config.preview_dir

    class Handler(web.RequestHandler):
        def prepare(self) -> None:
            if not host_allowed(host, self.request.host):
                self.set_status(403)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish("This preview answers only to 127.0.0.1 and localhost.\n")

    class PageHandler(Handler):
        def compute_etag(self) -> None:  # never let a browser keep a stale preview
            return None

        def get(self, path: str) -> None:
            self.set_header("Cache-Control", "no-store")
            # The raw path: tornado's decoded `path` would be decoded twice by resolve.
            target = resolve(preview, self.request.path)
            if target is not None and target.is_dir():
                # From where the folder really is, so no request can make the
                # address start with "//" (another host) or carry anything else.
                where = target.relative_to(preview.resolve()).as_posix()
                self.redirect("/" + urllib.parse.quote(where) + "/", permanent=False)
                return
            if target is None:
                self.set_status(404)
                not_found = preview / "404.html"
                body = not_found.read_bytes() if not_found.is_file() else b"<!doctype html><title>Not found</title>" \
                    b"<body><h1>Not found</h1></body>"
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(_inject(body, port, rebuilder.state))
                return
            try:
                data = target.read_bytes()
            except OSError:  # replaced by a build between resolve and read
                self.set_status(503)
                self.finish(b"Rebuilding, reload in a moment")
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind == "text/html":
                data = _inject(data, port, rebuilder.state)
                kind = "text/html; charset=utf-8"
            self.set_header("Content-Type", kind)
            self.finish(data)

        def head(self, path: str) -> None:
            self.get(path)

    class StatusHandler(Handler):
        """For tools and tests: is a build running, and how did the last one end."""

        def get(self) -> None:
            self.set_header("Cache-Control", "no-store")
            self.finish({"building": rebuilder.building, "generation": rebuilder.state.generation,
                         "errors": list(rebuilder.state.errors)})

    return web.Application([
        (r"/_preview/status", StatusHandler),
        (r"/livereload", LiveReloadHandler),
        (r"/livereload\.js", LiveReloadJSHandler),
        (r"/(.*)", PageHandler),
    ])


def reload_browsers() -> None:
    """Tell every connected page to reload (livereload's protocol, sent directly:
    its own `reload_waiters` needs its watcher, which we replace)."""
    from livereload.handlers import LiveReloadHandler

    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except Exception:  # a closed tab; it reconnects on its own if it comes back
            LiveReloadHandler.waiters.discard(waiter)


def serve(site: Path, host: str = "127.0.0.1", port: int | None = None, open_browser: bool = False,
          log: Log = print, ready: Callable[[str], None] | None = None) -> None:
    """Build, serve and watch until interrupted."""
    import logging

    from tornado import ioloop

    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # one line per rebuild, not per request
    chosen = free_port(host, port)
    loop_holder: dict[str, ioloop.IOLoop] = {}

    def on_built(state: BuildState) -> None:
        loop = loop_holder.get("loop")
        if loop is not None and state.reload:
            loop.add_callback(reload_browsers)

    rebuilder = Rebuilder(site, log, on_built)
    rebuilder.build_now(set(), "first build")
    app = make_app(rebuilder, chosen, host)
    server = app.listen(chosen, address=host)
    loop = ioloop.IOLoop.current()
    loop_holder["loop"] = loop
    watcher = Watcher(rebuilder)
    rebuilder.start()
    watcher.start()
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{chosen}/"
    log(f"Serving the preview of {rebuilder.config.root.name} at {url} (Ctrl-C to stop)")
    if ready is not None:
        ready(url)
    if open_browser:
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        loop.start()
    finally:
        watcher.stop()
        rebuilder.stop()
        server.stop()
