"""Real pages in a real browser: Debian's chromium driven by Python playwright, and
a real HTTP server over a built output/ folder."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _HostHandler(_QuietHandler):
    """Like a static host (GitHub Pages, Netlify, S3): the site lives under a
    subpath, and a missing page gets the site's 404.html with status 404."""

    subpath = "/"
    output: Path = Path()

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.subpath):
            return str(self.output / ".no-such-file")
        return super().translate_path("/" + path[len(self.subpath):])

    def list_directory(self, path):  # noqa: ANN001, ANN201 - hosts list no folders
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.output / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def static_server(root: Path, subpath: str = "/") -> Iterator[str]:
    """Serve `root` on a free loopback port under `subpath`, as a static host
    would; yields the URL of the site (ending in `subpath`)."""
    handler = type("Handler", (_HostHandler,), {"subpath": subpath, "output": root})
    handler = functools.partial(handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{subpath}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
