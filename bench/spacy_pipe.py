"""Raw spaCy throughput on a site's articles: the yardstick for extraction.

    PYTHONPATH=. python bench/spacy_pipe.py CONTENT_DIR [--processes 2] [--batch-size 32] [--model en_core_web_sm]

Reads every article with the generator's own reader (untimed), then times what
any spaCy user would write: `import spacy`, `spacy.load` with the components the
extractor needs (the rest excluded, as `generator.extract.nlp` does), and
`list(nlp.pipe(texts, n_process=N))`. No rule runs, nothing is written. Prints
one JSON line: articles, words, load and pipe seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.extract import nlp as nlp_module  # noqa: E402
from generator.source.article import read_article  # noqa: E402
from generator.source.discover import discover


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()
    texts = [read_article(source).text for source in discover(args.content).articles]
    words = sum(len(t.split()) for t in texts)
    package = nlp_module.find_package(args.model)

    started = time.perf_counter()
    import spacy

    meta = json.loads((spacy.util.get_package_path(package) / "meta.json").read_text("utf-8"))
    exclude = [p for p in meta.get("pipeline", []) if p not in nlp_module.NEEDED]
    nlp = spacy.load(package, exclude=exclude)
    loaded = time.perf_counter()
    docs = 0
    for _doc in nlp.pipe(texts, n_process=args.processes, batch_size=args.batch_size):
        docs += 1
    done = time.perf_counter()
    print(json.dumps({"articles": docs, "words": words, "processes": args.processes,
                      "load_s": loaded - started, "pipe_s": done - loaded}))


if __name__ == "__main__":
    main()
