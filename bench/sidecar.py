"""What sidecars cost a build, and what a refresh costs.

    PYTHONPATH=. .venv/bin/python bench/sidecar.py [--article content/russia-china-aid.txt] [--repeat 200]

Extracts the article once with the real model, then times, per sidecar:
- build path, untouched sidecar: `state_of` + `load` (what every build does for
  each sidecar it keeps), with the fingerprints block and with it stripped, so
  the block's cost to builds shows;
- refresh path: `load_for_refresh`, `merge`, the ruamel.yaml round-trip rewrite,
  and reading the result back (`_verify`), on a copy edited by hand.
Writes only into a temporary folder.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from generator import sidecar
from generator.build import reading
from generator.build.extraction import machine_sidecar
from generator.config import load_config
from generator.extract import extract
from generator.extract import nlp as nlp_module
from generator.sidecar import merge as rules
from generator.sidecar import refresh, roundtrip
from generator.sidecar.format import FINGERPRINTS_COMMENT


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median milliseconds per call."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--article", type=Path, default=Path("content/russia-china-aid.txt"))
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        (root / "site.yaml").write_text(f"model: {args.model}\n", "utf-8")
        (root / "content" / args.article.name).write_bytes(args.article.read_bytes())
        config = load_config(root)
        entry = reading.read_all(config)[0]
        nlp = nlp_module.load(args.model)
        [(article, found)] = list(extract([entry.article], nlp))
        path = entry.source.sidecar_path
        sidecar.write(machine_sidecar(article, found, config))
        text = path.read_text("utf-8")
        bare = root / "bare.yaml"
        bare.write_text(text[: text.index(FINGERPRINTS_COMMENT)], "utf-8")

        def keep(p: Path) -> Callable[[], object]:
            return lambda: (sidecar.state_of(p), sidecar.load(p))

        items = len(found.actors) + len(found.claims) + len(found.denials)
        print(f"{args.article.name}: {items} items, sidecar {len(text.encode()):,} bytes "
              f"({len(bare.read_bytes()):,} without fingerprints)")
        print(f"build, untouched sidecar (state_of + load): {timed(keep(path), args.repeat):.2f} ms; "
              f"without the fingerprints block {timed(keep(bare), args.repeat):.2f} ms")

        edited = re.sub(r"(?m)^(  role: .*)$", r"\1  # checked", text, count=1)
        edited = re.sub(r"(?m)^- id: c2\n(?:  .*\n)+", "", edited)
        path.write_text(edited, "utf-8")
        loaded = sidecar.load_for_refresh(path)
        result = rules.merge(loaded.sidecar.extraction, loaded.fingerprints, loaded.ledger, found)
        merged = replace(machine_sidecar(article, found, config), extraction=result.extraction)
        out = roundtrip.rewrite(loaded.text, loaded.sidecar, merged, result.ledger)
        repeat = max(args.repeat // 10, 5)
        print(f"refresh: load_for_refresh {timed(lambda: sidecar.load_for_refresh(path), args.repeat):.2f} ms, "
              f"merge {timed(lambda: rules.merge(loaded.sidecar.extraction, loaded.fingerprints, loaded.ledger, found), args.repeat):.2f} ms, "  # noqa: E501
              f"ruamel rewrite {timed(lambda: roundtrip.rewrite(loaded.text, loaded.sidecar, merged, result.ledger), repeat):.2f} ms, "  # noqa: E501
              f"read-back check {timed(lambda: refresh._verify(out, merged, result.ledger), args.repeat):.2f} ms")


if __name__ == "__main__":
    main()
