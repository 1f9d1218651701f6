"""`serve` with a real server process and a real headless Chromium: the page
reloads by itself after each kind of save, errors show in the browser, and the
server keeps answering while it rebuilds."""

from __future__ import annotations

import json
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.conftest import REPO, SAMPLE, write_site
from tests.pages.test_render import ARTICLE, SIDECAR

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, process: subprocess.Popen[str], url: str, lines: queue.Queue[str],
                 startup: list[str] | None = None) -> None:
        self.process, self.url, self.lines = process, url, lines
        self.startup = startup or []  # what it printed before it was serving

    def status(self) -> dict:
        with urllib.request.urlopen(self.url + "_preview/status", timeout=5) as response:
            return json.load(response)

    def wait_for_generation(self, generation: int, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status["generation"] >= generation and not status["building"]:
                return status
            time.sleep(0.05)
        raise AssertionError(f"no build {generation} within {timeout} s")


@contextmanager
def serving(site: Path, *extra: str) -> Iterator[Server]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port),
                                *extra], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        startup = []
        while True:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            startup.append(line.rstrip("\n"))
            if "Serving the preview" in line:
                break
        yield Server(process, f"http://127.0.0.1:{port}/", lines, startup)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture()
def river(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"river.md": ARTICLE, "river.yaml": SIDECAR})


def arm(page) -> None:  # noqa: ANN001
    """Mark the loaded page, so a reload (which clears the mark) can be told apart."""
    page.evaluate("window.__notReloaded = true")


def wait_reloaded_with(page, text: str, timeout: float = 20_000) -> None:  # noqa: ANN001
    page.wait_for_function("t => !window.__notReloaded && document.body && document.body.textContent.includes(t)",
                           arg=text, timeout=timeout)


def connected(page) -> None:  # noqa: ANN001
    """livereload.js has opened its socket (saves before that would be missed by the page)."""
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && "
                           "window.LiveReload.connector._isSocketConnected && "
                           "window.LiveReload.connector._isSocketConnected()", timeout=10_000)


def open_connected(server: Server, browser, path: str):
    """A page at `path` whose livereload socket is open (saves before that would be missed)."""
    page = browser.new_page()
    page.goto(server.url + path)
    connected(page)
    return page


def edit_all_and_wait_for_the_build(site: Path, server: Server, text: str, count: int) -> None:
    """Change every one of `count` copies of `text`, so the rebuild re-extracts
    them all and stays busy for seconds; return once it has started."""
    for i in range(count):
        (site / "content" / f"copy-{i}.txt").write_text(text + f"\nEdited {i}.\n", "utf-8")
    deadline = time.monotonic() + 30
    while not server.status()["building"]:
        assert time.monotonic() < deadline, "the rebuild never started"
        time.sleep(0.01)


def test_reloads_after_sidecar_article_and_template_edits(river: Path) -> None:
    with serving(river) as server, chromium() as browser:
        page = open_connected(server, browser, "river/")
        assert "Clean Water Now" in page.inner_text("table")

        # (a) a sidecar edit: no NLP, the page shows the new role
        arm(page)
        sidecar = river / "content" / "river.yaml"
        sidecar.write_text(sidecar.read_text("utf-8").replace("role: campaign group", "role: pressure group"),
                           "utf-8")
        wait_reloaded_with(page, "pressure group")
        connected(page)

        # (b) an article edit: the article is re-extracted... but its sidecar is an
        # editor's, so only the text changes
        arm(page)
        article = river / "content" / "river.md"
        article.write_text(article.read_text("utf-8").replace("The mayor said", "The deputy mayor said"), "utf-8")
        wait_reloaded_with(page, "The deputy mayor said")
        connected(page)

        # (c) a template edit in the site's own templates/ (created while serving)
        arm(page)
        (river / "templates").mkdir()
        theme = (REPO / "generator" / "theme" / "explainer.html").read_text("utf-8")
        (river / "templates" / "explainer.html").write_text(
            theme.replace('<p class="kicker">Explainer</p>', '<p class="kicker">Preview kicker</p>'), "utf-8")
        wait_reloaded_with(page, "Preview kicker")
        assert not (river / "output").exists()  # preview never touches the publishable output


def test_two_saves_half_a_second_apart_both_show(river: Path) -> None:
    with serving(river) as server, chromium() as browser:
        page = open_connected(server, browser, "river/")
        sidecar = river / "content" / "river.yaml"
        original = sidecar.read_text("utf-8")
        arm(page)
        sidecar.write_text(original.replace("name: The mayor", "name: First save"), "utf-8")
        time.sleep(0.5)
        sidecar.write_text(original.replace("name: The mayor", "name: Second save"), "utf-8")
        wait_reloaded_with(page, "Second save")
        connected(page)
        arm(page)
        time.sleep(0.5)
        sidecar.write_text(original.replace("name: The mayor", "name: Third save"), "utf-8")
        wait_reloaded_with(page, "Third save")


def test_yaml_error_shows_in_browser_and_fixing_recovers(river: Path) -> None:
    with serving(river) as server, chromium() as browser:
        page = open_connected(server, browser, "river/")
        sidecar = river / "content" / "river.yaml"
        good = sidecar.read_text("utf-8")
        arm(page)
        sidecar.write_text(good.replace("denies: c1", "denies: [c1", 1), "utf-8")
        page.wait_for_selector("#preview-error", timeout=20_000)
        banner = page.inner_text("#preview-error")
        assert "content/river.yaml:" in banner and "invalid YAML" in banner
        assert "Clean Water Now" in page.inner_text("table")  # still the last good page
        # the server keeps serving, the 404 page too
        with urllib.request.urlopen(server.url + "river/", timeout=5) as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(server.url + "no-such-page/", timeout=5)
        assert missing.value.code == 404 and b"Page not found" in missing.value.read()
        # hostile text in the error is shown escaped, not run
        arm(page)  # the first error's banner also names river.yaml: wait for the reload of this one
        sidecar.write_text(good + "<script>window.__pwned = 1</script>: [\n", "utf-8")
        page.wait_for_function("() => !window.__notReloaded && document.querySelector('#preview-error') && "
                               "document.querySelector('#preview-error').innerText.includes('river.yaml')",
                               timeout=20_000)
        assert page.evaluate("window.__pwned === undefined")
        connected(page)
        sidecar.write_text(good, "utf-8")
        page.wait_for_function("() => !document.querySelector('#preview-error')", timeout=20_000)
        assert "Clean Water Now" in page.inner_text("table")


def test_answers_while_rebuilding(tmp_path: Path) -> None:
    text = SAMPLE.read_text("utf-8")
    site = write_site(tmp_path / "site", {f"copy-{i}.txt": text for i in range(12)})
    with serving(site) as server:
        first = server.status()["generation"]
        edit_all_and_wait_for_the_build(site, server, text, 12)
        started = time.monotonic()
        with urllib.request.urlopen(server.url + "copy-3/", timeout=10) as response:
            assert response.status == 200 and b"claims-table" in response.read()
        assert server.status()["building"], "the build finished before the request was answered"
        assert time.monotonic() - started < 5
        server.wait_for_generation(first + 1)


def test_busy_port_is_a_clear_error(river: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "serve", "--site", str(river), "--port",
                                 str(port)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr
