"""Review latency, run by hand: from an editor's click on a review button to the
page reloaded with the change.

    PYTHONPATH=. .venv/bin/python bench/bench_review.py [--articles 200] [--repeats 10] [--json out.json]

The site is `bench_serve.py`'s (a seeded corpus of N articles from
`bench/corpus.py`, sidecars extracted once, untimed, kept under `.cache/bench/`),
copied to a temporary folder; a real `python -m generator serve` runs on it
(review mode, as an editor starts it) and one explainer is open in headless
Chromium (Debian's `/usr/bin/chromium` through playwright). Then, repeatedly,
on that page as an editor works:

- **accept**: the Accept button of one claim is clicked (the sidecar is
  rewritten keeping its layout, read back, written; the article is rebuilt);
- **undo**: the Undo button puts the file back, byte for byte (rebuilt again).

Each is timed in the page's own clock, from just before the click to the
reloaded page's `DOMContentLoaded`: the request, the write, the rebuild, the
livereload message and the browser's reload, with none of the benchmark's
polling. Edits are spaced by a pause, as an editor reads between clicks.
Prints the median and min-max of each, and the server's own line per rebuild.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import corpus  # noqa: E402
from bench_serve import LOADED, connected, serving_copy, summarise  # noqa: E402

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SLUG = "story-00005"


def click_and_wait(page, selector: str) -> tuple[float, float]:  # noqa: ANN001
    """Seconds from the click on `selector` to the reloaded page's DOMContentLoaded,
    and to the moment the browser began to reload it (the server's part: the
    request, the write, the page put in place, the livereload message)."""
    page.evaluate("window.__notReloaded = true")
    started = page.evaluate("sel => { const t = Date.now(); document.querySelector(sel).click(); return t; }",
                            selector)
    page.wait_for_function("() => !window.__notReloaded && window.__loadedAt", timeout=60_000, polling=5)
    loaded, origin = page.evaluate("[window.__loadedAt, performance.timeOrigin]")
    return (loaded - started) / 1000, (origin - started) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--pause", type=float, default=0.6, help="seconds between clicks")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    source = corpus.extracted_site("serve", args.articles, args.seed, "Preview bench")  # bench_serve.py's
    results: dict[str, list[float]] = {"accept": [], "undo": []}
    began: dict[str, list[float]] = {"accept": [], "undo": []}
    with serving_copy(source) as (site, server):
        original = (site / "content" / f"{SLUG}.yaml").read_bytes()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(LOADED)
            page.goto(server.url + SLUG + "/")
            connected(page)
            claim = page.get_attribute("[data-review-item][data-kind=claim]", "data-id")
            accept = f"[data-review-item][data-kind=claim][data-id='{claim}'] button[data-do=accept]"
            undo = ".review-panel button[data-do=undo]"
            page.wait_for_selector(accept, state="visible")
            for _ in range(args.repeats):
                for kind, selector in (("accept", accept), ("undo", undo)):
                    time.sleep(args.pause)
                    shown, reload = click_and_wait(page, selector)
                    results[kind].append(shown)
                    began[kind].append(reload)
                    connected(page)
            browser.close()
        assert (site / "content" / f"{SLUG}.yaml").read_bytes() == original, "undo did not restore the file"
    load = open("/proc/loadavg").read().split()[:3]  # noqa: SIM115
    builds = [float(m.group(1)) for line in server.log if (m := re.search(r"review: .* in (\d\.\d\d) s$", line))]
    print(f"N = {args.articles} articles, {args.repeats} of each, load average {' '.join(load)}")
    summary = summarise(results, began)
    for kind, values in results.items():
        print(f"  {kind:8} click to reloaded page: median {statistics.median(values):.3f} s  "
              f"({min(values):.3f}-{max(values):.3f}); reload began after {statistics.median(began[kind]):.3f} s")
    every = results["accept"] + results["undo"]
    print(f"  all      median {statistics.median(every):.3f} s; the server's rebuilds: median "
          f"{statistics.median(builds):.3f} s ({min(builds):.2f}-{max(builds):.2f})")
    print("server log (last rebuilds):")
    for line in server.log[-4:]:
        print("  " + line)
    if args.json:
        args.json.write_text(json.dumps({"articles": args.articles, "load": load, "results": summary,
                                         "rebuild_median_s": statistics.median(builds)}, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
