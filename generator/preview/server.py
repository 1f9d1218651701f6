"""`serve`: a live preview that rebuilds on save and reloads the browser.

The `livereload` package supplies the browser side (livereload.js and its
WebSocket protocol). What it does not give, and this module adds:
- builds run on a worker thread, so pages keep being served while one runs, and
  a build publishes only once it has finished, each file replaced whole
  (`build/publish.py`), so no request sees a half-written page;
- our own watcher (`watcher.py`, woken by Linux inotify as a file is saved, polling
  elsewhere): a burst of saves becomes one rebuild (debounced), a save during a
  build triggers another build afterwards, and nothing is ignored for "3
  seconds after a reload" as livereload's own watcher does;
- state kept between builds (`build.site.Memory`, `rebuild.py`): records, compiled templates,
  per-article values of the site-wide pages, and the spaCy model, so a save
  redoes only what depends on the saved file;
- the preview goes to its own folder (`SiteConfig.preview_dir`), never `output/`;
- a failed build keeps the last good pages and shows the error, escaped, in a
  banner on every page until a build succeeds;
- the site's own 404 page; paths confined to the preview folder;
- 127.0.0.1 by default; a busy port is a clear error, or the next free port when
  no port was asked for;
- review mode (`review.py`, on a preview of this computer only): pages with
  review controls get the review script and this server's token as they are
  served, and `/_review/api` takes their edits; reloads go to the tabs whose
  page changed when a review write has shown its page already.
"""

from __future__ import annotations

import html
import json
import mimetypes
import socket
import threading
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import PathError
from .guard import LOOPBACK
from .rebuild import BuildState, Log, Rebuilder
from .review import ASSETS, Reviews, asset
from .watcher import Watcher

DEFAULT_PORT = 8000
PORT_TRIES = 20
REVIEW_PAGE = b"data-review-page"  # the mark of a page with review controls (theme/_review.html)


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


def _inject(page: bytes, port: int, state: BuildState, token: str | None = None) -> bytes:
    # async: the page is shown without waiting for the script (it finds its own tag by its src)
    script = f'<script async src="/livereload.js?port={port}"></script>'.encode()
    extra = banner(state).encode("utf-8") + script
    if token is not None and REVIEW_PAGE in page:
        # The review token goes only into pages being served, and only into those
        # with review controls: never into a file of the preview folder.
        extra += f'<script src="/_review/review.js" data-token="{html.escape(token)}" defer></script>'.encode()
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


def make_app(rebuilder: Rebuilder, port: int, host: str = "127.0.0.1",
             reviews: Reviews | None = None) -> Any:  # a tornado Application
    """The preview's HTTP side; with `reviews`, review mode's endpoint and files too."""
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from tornado import web
    from tornado.ioloop import IOLoop

    preview = rebuilder.config.preview_dir
    token = reviews.token if reviews is not None else None

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
                self.finish(_inject(body, port, rebuilder.state, token))
                return
            try:
                data = target.read_bytes()
            except OSError:  # replaced by a build between resolve and read
                self.set_status(503)
                self.finish(b"Rebuilding, reload in a moment")
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind == "text/html":
                data = _inject(data, port, rebuilder.state, token)
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

    class ReviewHandler(Handler):
        """A review edit (`review.py`): POST only; written on the review thread."""

        async def post(self) -> None:
            assert reviews is not None
            headers = {k.lower(): v for k, v in self.request.headers.get_all()}
            answer = await IOLoop.current().run_in_executor(
                reviews.writer, reviews.answer, self.request.body, headers, self.request.remote_ip or "")
            self.set_status(answer.status)
            self.set_header("Cache-Control", "no-store")
            await self.finish(answer.body)
            if answer.after is not None:
                answer.after()

    class ReviewFileHandler(Handler):
        def get(self, name: str) -> None:
            self.set_header("Content-Type", ASSETS[name])
            self.set_header("Cache-Control", "no-store")
            self.finish(asset(name))
            if name == "review.js":  # the last thing a reloading page waits for (`Rebuilder._put_ahead`)
                rebuilder.reloaded.set()

    class ReloadHandler(LiveReloadHandler):  # type: ignore[misc]  # livereload has no type hints
        """livereload's socket, remembering which page it serves, so a reload
        can be sent to the pages that changed (`reload_browsers`)."""

        def on_message(self, message: str | bytes) -> None:
            super().on_message(message)
            try:
                said = json.loads(message)
            except ValueError:
                return
            if isinstance(said, dict) and said.get("command") == "info" and isinstance(said.get("url"), str):
                self.page_url = said["url"]

    review_routes = [(r"/_review/api", ReviewHandler), (r"/_review/(review\.js|review\.css)", ReviewFileHandler)]
    return web.Application([
        (r"/_preview/status", StatusHandler),
        *(review_routes if reviews is not None else []),
        (r"/livereload", ReloadHandler),
        (r"/livereload\.js", LiveReloadJSHandler),
        (r"/(.*)", PageHandler),
    ])


def reload_browsers(preview: Path, only: frozenset[str] | None = None, but: frozenset[str] = frozenset()) -> None:
    """Tell the connected pages to reload (livereload's protocol, sent directly:
    its own `reload_waiters` needs its watcher, which we replace): every page, or
    `only` those showing these files of the preview folder, `but` those showing
    these (a review write's page, shown already: `build/ahead.py`)."""
    from livereload.handlers import LiveReloadHandler

    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    for waiter in _tabs(preview, only, but):
        try:
            waiter.write_message(message)
        except Exception:  # noqa: BLE001 - a closed tab; it reconnects on its own if it comes back
            LiveReloadHandler.waiters.discard(waiter)


def _tabs(preview: Path, only: frozenset[str] | None, but: frozenset[str]) -> list[Any]:
    """The connected pages (livereload sockets) `reload_browsers` would tell."""
    from livereload.handlers import LiveReloadHandler

    tabs = []
    for waiter in list(LiveReloadHandler.waiters):
        shows = showing(preview, getattr(waiter, "page_url", ""))
        if (only is None or shows in only) and (shows is None or shows not in but):
            tabs.append(waiter)
    return tabs


def showing(preview: Path, url: str) -> str | None:
    """The file of the preview folder a page at `url` shows (its path under
    the folder), or None when unknown."""
    if not url:
        return None
    try:
        target = resolve(preview, urllib.parse.urlsplit(url).path)
        return target.relative_to(preview.resolve()).as_posix() if target is not None else None
    except ValueError:
        return None


def serve(site: Path, host: str = "127.0.0.1", port: int | None = None, open_browser: bool = False,
          log: Log = print, ready: Callable[[str], None] | None = None, named: str | None = None,
          review: bool = True) -> None:
    """Build, serve and watch until interrupted. `review`: review mode (editing
    sidecars from the pages), only ever for a preview on this computer."""
    import logging

    from tornado import ioloop

    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # one line per rebuild, not per request
    chosen = free_port(host, port)
    loop_holder: dict[str, ioloop.IOLoop] = {}

    def on_built(state: BuildState) -> None:
        loop = loop_holder.get("loop")
        if loop is not None and state.reload:
            loop.add_callback(reload_browsers, rebuilder.config.preview_dir, None, state.shown)

    def on_ahead(pages: frozenset[str]) -> bool:
        loop = loop_holder.get("loop")
        if loop is None:
            return False
        loop.add_callback(reload_browsers, rebuilder.config.preview_dir, pages)
        return bool(_tabs(rebuilder.config.preview_dir, pages, frozenset()))

    shared = host not in LOOPBACK
    rebuilder = Rebuilder(site, log, on_built, named, review=review and not shared, on_ahead=on_ahead)
    rebuilder.build_now(set(), "first build")
    reviews = Reviews(rebuilder, chosen) if rebuilder.review else None
    app = make_app(rebuilder, chosen, host, reviews)
    server = app.listen(chosen, address=host)
    loop = ioloop.IOLoop.current()
    loop_holder["loop"] = loop
    watcher = Watcher(rebuilder)
    rebuilder.start()
    watcher.start()
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{chosen}/"
    log(f"Serving the preview of {rebuilder.config.root.name} at {url} (Ctrl-C to stop)")
    if review and shared:
        log("  Review in the browser is off: this preview is shared with the network (--host), and only a "
            "preview on this computer may write sidecars.")
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
        if reviews is not None:
            reviews.writer.shutdown(wait=True)  # a write under way ends whole
