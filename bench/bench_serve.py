"""Preview latency, run by hand: from a file saved to the browser showing the new text.

    PYTHONPATH=. .venv/bin/python bench/bench_serve.py [--articles 200] [--repeats 10] [--json out.json]

Builds a site of N articles from `bench/corpus.py` (seeded; its sidecars are
extracted once, untimed, and kept under `.cache/bench/serve-N/`), copies it to
a temporary folder, starts a real `python -m generator serve` process on a
free port, and opens one explainer in headless Chromium (Debian's
`/usr/bin/chromium` through playwright, as the tests do). Then, repeatedly:

- **sidecar edit**: the role of an actor in that article's sidecar is changed
  to a new word; no NLP runs;
- **article edit**: a new sentence is appended to the article; its sidecar is
  the machine's, so the article is extracted again (the model stays loaded in
  the server; the first article edit, which loads it, is reported apart).

Each time the page is marked, the file is written (the time taken just before
the write is t0), and the benchmark waits until the page has reloaded by
itself (livereload) and its text holds the new word. Latency is the time at
which the reloaded page's `DOMContentLoaded` fired (read from the page,
`Date.now()`, the same clock) minus t0: save to new text on screen, without
the benchmark's own polling. Edits are spaced by a pause so each is one
rebuild. Prints the median and min-max of each kind, and the server's own
line per rebuild.
"""

from __future__ import annotations

import argparse
import json
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import corpus  # noqa: E402

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PY = sys.executable
SIDECAR_SLUG = "story-00005"  # its sidecar is edited (so it becomes an editor's)
ARTICLE_SLUG = "story-00006"  # its article is edited; its sidecar stays the machine's, so it is extracted again
# Every document the page loads records when its content was ready.
LOADED = "document.addEventListener('DOMContentLoaded', () => { window.__loadedAt = Date.now(); });"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, site: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen([PY, "-m", "generator", "serve", "--site", str(site), "--port",
                                         str(self.port)], cwd=REPO, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env={"PYTHONPATH": str(REPO)})
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(x.rstrip()) for x in self.process.stdout], daemon=True).start()
        self.log: list[str] = []
        deadline = time.monotonic() + 300
        while "Serving the preview" not in self.next_line(deadline - time.monotonic()):
            pass
        self.url = f"http://127.0.0.1:{self.port}/"

    def next_line(self, timeout: float) -> str:
        line = self.lines.get(timeout=max(0.1, timeout))
        self.log.append(line)
        return line

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        time.sleep(0.2)
        while not self.lines.empty():
            self.log.append(self.lines.get())


@contextmanager
def serving_copy(source: Path) -> Iterator[tuple[Path, Server]]:
    """A copy of the bench site `source` in a temporary folder, served by a real
    `serve`; on an error, the server's last lines go to stderr."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(source / "content", site / "content")
        shutil.copy(source / "site.yaml", site / "site.yaml")
        server = Server(site)
        try:
            yield site, server
        except Exception:
            print("\n".join(server.log[-20:]), file=sys.stderr)
            raise
        finally:
            server.stop()


def measure(page, path: Path, text: str, marker: str) -> tuple[float, float]:  # noqa: ANN001
    """Seconds from the save to the new page's DOMContentLoaded, and to the
    moment the browser started loading it (the reload: save seen, rebuilt, told)."""
    page.evaluate("window.__notReloaded = true")
    started = time.time()
    path.write_text(text, "utf-8")
    page.wait_for_function("m => !window.__notReloaded && document.body && document.body.textContent.includes(m)",
                           arg=marker, timeout=60_000, polling=5)
    loaded, origin = page.evaluate("[window.__loadedAt, performance.timeOrigin]")
    return loaded / 1000 - started, origin / 1000 - started


def connected(page) -> None:  # noqa: ANN001
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && "
                           "window.LiveReload.connector._isSocketConnected && "
                           "window.LiveReload.connector._isSocketConnected()", timeout=20_000)


def summarise(results: dict[str, list[float]], reloads: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Each kind's latencies as the JSON output gives them (seconds)."""
    return {kind: {"runs": len(values), "median_s": round(statistics.median(values), 3),
                   "min_s": round(min(values), 3), "max_s": round(max(values), 3),
                   "reload_began_median_s": round(statistics.median(reloads[kind]), 3)}
            for kind, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--pause", type=float, default=0.6, help="seconds between edits")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    source = corpus.extracted_site("serve", args.articles, args.seed, "Preview bench")
    with serving_copy(source) as (site, server):
        sidecar = site / "content" / f"{SIDECAR_SLUG}.yaml"
        article = site / "content" / f"{ARTICLE_SLUG}.md"
        sidecar_text, article_text = sidecar.read_text("utf-8"), article.read_text("utf-8")
        assert "\n  role: " in sidecar_text, "the bench article needs an actor with a role"
        kinds = ("sidecar edit", "article edit", "article edit, model load")
        results: dict[str, list[float]] = {k: [] for k in kinds}
        reloads: dict[str, list[float]] = {k: [] for k in kinds}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # One tab at a time, as an editor works: every open page reloads on every rebuild.
            page = None
            runs = [("article edit, model load", 0)] + [("article edit", i) for i in range(args.repeats)] + [
                ("sidecar edit", i) for i in range(args.repeats)]
            for n, (kind, _) in enumerate(runs):
                slug = SIDECAR_SLUG if kind == "sidecar edit" else ARTICLE_SLUG
                if page is None or not page.url.endswith(f"/{slug}/"):
                    if page is not None:
                        page.close()
                    page = browser.new_page()
                    page.add_init_script(LOADED)
                    page.goto(server.url + slug + "/")
                    connected(page)
                time.sleep(args.pause)
                marker = f"Quillfeather{n}x"
                if kind == "sidecar edit":
                    path, edited = sidecar, sidecar_text.replace("\n  role: ", f"\n  role: {marker} ", 1)
                else:
                    path = article
                    edited = article_text + f"\n{marker} said the count would be published on Monday.\n"
                shown, reloaded = measure(page, path, edited, marker)
                results[kind].append(shown)
                reloads[kind].append(reloaded)
                connected(page)
            browser.close()
    load = open("/proc/loadavg").read().split()[:3]  # noqa: SIM115
    print(f"N = {args.articles} articles, {args.repeats} edits of each kind, load average {' '.join(load)}")
    summary = summarise(results, reloads)
    for kind, values in results.items():
        print(f"  {kind:28} median {statistics.median(values):.3f} s  ({min(values):.3f}-{max(values):.3f});"
              f" reload began after {statistics.median(reloads[kind]):.3f} s")
    print("server log (last rebuilds):")
    for line in server.log[-6:]:
        print("  " + line)
    if args.json:
        args.json.write_text(json.dumps({"articles": args.articles, "load": load, "results": summary}, indent=1)
                             + "\n", "utf-8")


if __name__ == "__main__":
    main()
