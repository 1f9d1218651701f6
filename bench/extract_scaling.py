#!/usr/bin/env python
"""How extraction time grows with the length of an article: spaCy and the rules apart.

    PYTHONPATH=. .venv/bin/python bench/extract_scaling.py [--sizes 10 50 100 200]
        [--sentence-tokens 5000 10000 20000] [--model en_core_web_sm]

Articles are synthetic, made at run time from the paragraphs of the sample article
(`content/russia-china-aid.txt`) and the development set (`tests/data/dev-set/`),
drawn in a seeded random order until the article reaches each size in KB (the build
accepts articles up to 256 KiB). The long sentences are one reported-speech
sentence each ("Officials said that A, and that B, and that ..."), of about the
given number of tokens. The unpunctuated inputs are those articles without any
punctuation and in one paragraph, as an automatic transcript comes (every
sentence unit then runs to the end of the paragraph). For each input it prints the seconds spaCy takes to parse it
(`nlp(text)`) and the seconds the extraction rules take over the parse
(`generator.extract.analyse`), so a rule that grows faster than the text shows
apart from the parser. Writes nothing.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from generator.extract import analyse
from generator.extract import nlp as nlp_module
from generator.source.article import read_article
from generator.source.discover import SourceFile, article_slug

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "content" / "russia-china-aid.txt", *sorted((ROOT / "tests" / "data" / "dev-set").glob("*.md"))]

# Clauses of the long sentence: reported speech, denials and nested sources, so
# that every rule family has something to look at.
CLAUSES = (
    "the minister told reporters on Monday that the plan had failed",
    "a spokesperson for the company denied the report",
    "he said the figures were wrong",
    "critics claimed the vote had been rigged",
    "according to two officials, the talks had stalled",
    "the committee called the allegations baseless",
    "she added that the government would not stand by",
    "the report said officials had warned of delays",
    'a spokesman called the story "a hoax from start to finish"',
)


def paragraphs() -> list[str]:
    out = []
    for path in SOURCES:
        article = read_article(SourceFile(path, path.name, article_slug(path.stem)))
        out.extend(b.text for b in article.blocks if len(b.text.split()) >= 8)
    return out


def article_of(size_kb: int, pool: list[str], seed: int = 1) -> str:
    rng = random.Random(seed)
    target = size_kb * 1000
    parts = ["Officials: A Long Article Made Of Many Reports"]
    length = len(parts[0])
    while length < target:
        order = pool[:]
        rng.shuffle(order)
        for p in order:
            parts.append(p)
            length += len(p.encode("utf-8")) + 2
            if length >= target:
                break
    return "\n\n".join(parts)


def unpunctuated(size_kb: int, pool: list[str]) -> str:
    body = article_of(size_kb, pool).split("\n\n", 1)[1]
    words = re.sub(r"[^\w\s'’-]+", " ", body).split()
    return "Transcript\n\n" + " ".join(words)


def long_sentence(tokens: int) -> str:
    clauses = []
    count = 3
    n = 0
    while count < tokens:
        c = CLAUSES[n % len(CLAUSES)]
        clauses.append(c)
        count += len(c.split()) + 3  # the words, a comma, "and", "that"
        n += 1
    return "Long sentence\n\nOfficials said that " + ", and that ".join(clauses) + "."


def timed(nlp, text: str) -> tuple[int, float, float]:
    start = time.perf_counter()
    doc = nlp(text)
    parsed = time.perf_counter()
    analyse(doc)
    done = time.perf_counter()
    return len(doc), parsed - start, done - parsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 50, 100, 200], help="article sizes in KB")
    parser.add_argument("--sentence-tokens", type=int, nargs="*", default=[5000, 10000, 20000],
                        help="lengths of the one-sentence inputs, in tokens")
    parser.add_argument("--unpunctuated", type=int, nargs="*", default=[20, 50],
                        help="sizes in KB of the inputs without punctuation")
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()

    nlp = nlp_module.load(args.model)
    nlp("Warm up: the minister said the plan had failed.")
    pool = paragraphs()
    print(f"{'input':<24}{'tokens':>8}{'spaCy s':>10}{'rules s':>10}{'rules ms/1k tok':>17}")
    inputs = [(f"article {kb} KB", article_of(kb, pool)) for kb in args.sizes]
    inputs += [(f"unpunctuated {kb} KB", unpunctuated(kb, pool)) for kb in args.unpunctuated]
    inputs += [(f"sentence {n} tokens", long_sentence(n)) for n in args.sentence_tokens]
    for label, text in inputs:
        n, spacy_s, rules_s = timed(nlp, text)
        print(f"{label:<24}{n:>8}{spacy_s:>10.2f}{rules_s:>10.2f}{1000 * rules_s / n * 1000:>17.1f}", flush=True)


if __name__ == "__main__":
    main()
