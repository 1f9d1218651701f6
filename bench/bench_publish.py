"""Benchmark, run by hand: a full build, a no-change build, and the size of the
site-wide files, for N hand-written articles whose actors and tags overlap.

    PYTHONPATH=. python bench/bench_publish.py [N]   (default 500)

No spaCy: every article has its sidecar, as after extraction.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.build.site import build
from generator.config import load_config
from tests.conftest import write_site
from tests.pages.test_render import ARTICLE, SIDECAR

TAGS = ["Water", "Health", "Council", "Elections", "Climate", "Courts", "Transport", "Housing"]


def make(root: Path, n: int) -> None:
    files = {}
    for i in range(n):
        article = ARTICLE.replace("date: 2024-06-01", f"date: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
                                                      f"tags: [{TAGS[i % 8]}, {TAGS[(i * 3) % 8]}]")
        sidecar = SIDECAR.replace("path: river.md", f"path: a{i:05d}.md")
        # a few hundred distinct people, each speaking in several articles
        sidecar = sidecar.replace("name: Maria Lopez", f"name: Maria Lopez {i % 300}")
        sidecar = sidecar.replace("name: The mayor", f"name: Mayor {i % 150}")
        files[f"a{i:05d}.md"] = article
        files[f"a{i:05d}.yaml"] = sidecar
    write_site(root, files, "title: Bench\nbase_url: https://example.org/explainers/\n")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make(root, n)
        config = load_config(root)
        t = time.perf_counter()
        first = build(config)
        full = time.perf_counter() - t
        t = time.perf_counter()
        second = build(config)
        again = time.perf_counter() - t
        out = config.output_dir
        files = [p for p in out.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(f"{n} articles: full build {full:.2f} s ({first.changed_files} files, {size / 1e6:.1f} MB); "
              f"no-change build {again:.2f} s, {second.changed_files} files written")
        for rel in ("index.html", "search/index.html", "claims.json", "sitemap.xml", "feed.xml",
                    "actors/index.html"):
            print(f"  {rel}: {(out / rel).stat().st_size / 1e3:.0f} kB")
        print(f"  actor pages: {len(list((out / 'actors').glob('*/index.html')))}")


if __name__ == "__main__":
    main()
