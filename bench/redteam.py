"""The red-team run of issue 19, run by hand: faults a hostile operator would
cause, and whether every promise held.

    PYTHONPATH=. .venv/bin/python bench/redteam.py [--articles 40] [--kills 30] [--interrupts 10]
                                                   [--races 5] [--pairs 5] [--seed 1]

A site of N articles from `bench/corpus.py` (its sidecars extracted once and
kept under `.cache/bench/`) is copied to a temporary folder and built. Then:

- **kills and Ctrl-Cs**: each round changes the site one way (site.yaml, so
  every page is swapped in; one sidecar, so a few pages are moved in one by
  one; one article, extracted again in a forked copy; 14 articles, extracted
  by a pool of worker processes), starts `build`, and sends SIGKILL or SIGINT
  at a random moment of it (uniform over how long that kind of build took
  when left alone). Then: is output/ exactly the old build or the new one
  (every file the bytes its manifest names, none missing, none extra; a
  commit folder left by a kill after the point of no return may be part-way,
  but never a half file), does every sidecar read, and 5 s after the kill, is
  any process of the build still running (the bench makes itself the
  subreaper, so orphans become its children and cannot hide). The next build,
  left alone, must give output/ matching its manifest again.
- **editor saves racing commands**: for `build`, `extract` and `extract
  --refresh`, an article is changed (so its machine sidecar is due to be
  written again), the command started, and an editor's save of the sidecar
  made at a random moment while it runs. The save must survive: the file
  still holds the editor's marker when the command ends (a refresh that
  finds it refuses; one that started after it merges it, keeping it).
- **two commands at once**: two builds started together after a new article
  (with its sidecar, and new actors) was added; both must succeed and leave
  output/ matching its manifest.
- at the end, output/ must be byte for byte what a fresh build of the final
  content makes.

Prints one line per round and the totals.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import corpus  # noqa: E402

from generator import sidecar  # noqa: E402
from generator.errors import SidecarError  # noqa: E402

PY = sys.executable
MANIFEST = ".explainer-manifest.json"
KINDS = ("site", "sidecar", "article", "many")


def become_subreaper() -> None:
    """Orphans of the builds become this process's children, to be counted."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def orphans() -> list[str]:
    """This process's children still running (builds are waited for before):
    what a killed build left behind. Ended ones are reaped first."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
    me = os.getpid()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if int(fields[1]) == me and fields[0] != "Z":
            found.append(f"{entry.name} {cmdline[:80]}")
    return found


def kill_orphans() -> None:
    for line in orphans():
        os.kill(int(line.split()[0]), signal.SIGKILL)
    time.sleep(0.2)
    orphans()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_of(output: Path) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): sha(p) for p in output.rglob("*")
            if p.is_file() and p.name != MANIFEST}


def bad_files(output: Path) -> list[str]:
    """Files of output/ that are not what its manifest says: wrong bytes, missing or extra."""
    if not output.exists():
        return []
    manifest = json.loads((output / MANIFEST).read_text("utf-8"))["files"]
    present = files_of(output)
    return sorted(rel for rel in set(manifest) | set(present) if manifest.get(rel) != present.get(rel))


def half_files(site: Path) -> list[str]:
    """With a commit folder left (a kill after the point of no return): files
    of output/ that are neither the old build's bytes nor the new one's."""
    output = site / "output"
    [commit] = site.glob(".output.commit-*")
    old = json.loads((output / MANIFEST).read_text("utf-8"))["files"]
    new = json.loads((commit / MANIFEST).read_text("utf-8"))["files"] if (commit / MANIFEST).exists() else old
    return sorted(rel for rel, digest in files_of(output).items() if digest not in (old.get(rel), new.get(rel)))


def unreadable_sidecars(site: Path) -> list[str]:
    broken = []
    for path in sorted((site / "content").glob("*.yaml")):
        try:
            sidecar.load(path)
        except SidecarError as exc:
            broken.append(f"{path.name}: {exc.message}")
    return broken


def build(site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PY, "-m", "generator", "build", "--site", str(site), *extra], cwd=REPO,
                          capture_output=True, text=True, timeout=900)


def start(site: Path, *command: str) -> subprocess.Popen[bytes]:
    # Output to a file, not a pipe: a process left behind would hold a pipe open.
    with open(site.parent / "command.log", "ab") as log:
        return subprocess.Popen([PY, "-m", "generator", *command, "--site", str(site)], cwd=REPO,
                                stdout=log, stderr=subprocess.STDOUT)


def log_tail(site: Path) -> str:
    """The last lines of the last command's output (and the log emptied)."""
    log = site.parent / "command.log"
    try:
        text = log.read_text("utf-8", "replace")
    except FileNotFoundError:
        return ""
    log.unlink()
    return "\n".join(text.strip().splitlines()[-3:])


@dataclass
class Site:
    root: Path
    rng: random.Random
    machine: list[str] = field(default_factory=list)  # slugs whose sidecar is still the machine's
    round: int = 0

    def change(self, kind: str) -> str:
        """Change the site one way; what was changed."""
        self.round += 1
        content = self.root / "content"
        if kind == "site":
            (self.root / "site.yaml").write_text(f"title: Red team {self.round}\n"
                                                 "base_url: https://example.org/news/\n", "utf-8")
            return "site.yaml"
        if kind == "sidecar":
            slug = self.rng.choice(sorted(p.stem for p in content.glob("*.yaml")))
            path = content / f"{slug}.yaml"
            text = path.read_text("utf-8")
            changed = text.replace("  role: ", f"  role: (r{self.round}) ", 1)
            path.write_text(changed if changed != text else text + f"# r{self.round}\n", "utf-8")
            if slug in self.machine:
                self.machine.remove(slug)
            return f"{slug}.yaml"
        count = 1 if kind == "article" else 14
        slugs = self.rng.sample(self.machine, count)
        for slug in slugs:
            path = content / f"{slug}.md"
            path.write_text(path.read_text("utf-8") + f"\nThe council said on day {self.round} that it "
                            "would review the plan.\n", "utf-8")
        return f"{count} article(s)"


@dataclass
class Tally:
    builds: int = 0
    kills: int = 0
    interrupts: int = 0
    at_start: int = 0  # Ctrl-C while Python was still importing, before the command began
    in_commit: int = 0
    bad: int = 0
    half: int = 0
    unreadable: int = 0
    orphans: int = 0
    wrong_exits: list[str] = field(default_factory=list)
    saves: int = 0
    lost: int = 0
    pairs: int = 0
    pair_failures: int = 0


def fault_round(site: Site, kind: str, sig: int, durations: dict[str, float], tally: Tally) -> None:
    output = site.root / "output"
    what = site.change(kind)
    before = files_of(output)
    if kind not in durations:  # first of its kind: left alone, to learn how long it takes
        started = time.monotonic()
        result = build(site.root)
        durations[kind] = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        print(f"  {kind:8} {what:16} left alone: {durations[kind]:.2f} s", flush=True)
        return
    proc = start(site.root, "build")
    delay = site.rng.uniform(0, durations[kind])
    time.sleep(delay)
    proc.send_signal(sig)
    code = proc.wait(timeout=900)
    tail = log_tail(site.root)
    tally.builds += 1
    if sig == signal.SIGKILL:
        tally.kills += 1
        if code not in (-signal.SIGKILL, 0):
            tally.wrong_exits.append(f"kill: exit {code}")
    else:
        tally.interrupts += 1
        if code in (-signal.SIGINT, 1) and "KeyboardInterrupt" in tail:
            tally.at_start += 1  # before the generator's code ran: Python's own traceback
        elif code not in (130, 0):
            tally.wrong_exits.append(f"Ctrl-C: exit {code}")
    time.sleep(5)
    left = orphans()
    tally.orphans += len(left)
    if left:
        kill_orphans()
    unreadable = unreadable_sidecars(site.root)
    tally.unreadable += len(unreadable)
    if list(site.root.glob(".output.commit-*")):
        state = "in commit"
        tally.in_commit += 1
        half = half_files(site.root)
        tally.half += len(half)
    else:
        half = []
        now = files_of(output)
        bad = bad_files(output)
        tally.bad += len(bad)
        state = "unchanged" if now == before else f"new ({len(bad)} bad)"
    recovery = build(site.root)
    if recovery.returncode != 0:
        tally.wrong_exits.append(f"recovery build: exit {recovery.returncode}: {recovery.stderr.strip()[-200:]}")
    after = bad_files(output)
    tally.bad += len(after)
    name = "SIGKILL" if sig == signal.SIGKILL else "SIGINT "
    print(f"  {kind:8} {what:16} {name} at {delay:5.2f} s: exit {code:4}, output {state}; "
          f"{len(left)} orphan(s), {len(half)} half file(s), {len(unreadable)} unreadable sidecar(s); "
          f"next build: {len(after)} bad file(s)", flush=True)
    for line in left + half + unreadable + after:
        print(f"      {line}")


EDIT_MARK = "# desk note {n}: checked with the agency\n"


def race_round(site: Site, command: str, n: int, durations: dict[str, float], tally: Tally) -> None:
    """An editor saves a machine sidecar (due to be written again) while
    `command` runs (at a random moment of how long it took when left alone)."""
    slug = site.rng.choice(site.machine)
    content = site.root / "content"
    article = content / f"{slug}.md"
    article.write_text(article.read_text("utf-8") + f"\nA spokesperson said on day r{n} that talks continue.\n",
                       "utf-8")
    args = {"build": ["build"], "extract": ["extract"], "refresh": ["extract", "--refresh", slug]}[command]
    proc = start(site.root, *args)
    if command not in durations:  # the first of each: left alone, to learn how long it takes
        started = time.monotonic()
        proc.wait(timeout=900)
        durations[command] = time.monotonic() - started
        print(f"  {command:8} left alone: {durations[command]:.2f} s ({log_tail(site.root).splitlines()[-1][:90]})")
        return
    delay = site.rng.uniform(0.1, durations[command])
    time.sleep(delay)
    path = content / f"{slug}.yaml"
    mark = EDIT_MARK.format(n=n)
    with open(path, "r+", encoding="utf-8") as handle:  # in place, as many editors save
        text = handle.read()
        handle.seek(0)
        handle.write(text + mark)
        handle.truncate()
    code = proc.wait(timeout=900)
    kept = mark in path.read_text("utf-8")
    tally.saves += 1
    tally.lost += not kept
    site.machine.remove(slug)
    log = log_tail(site.root).splitlines()
    print(f"  {command:8} save at {delay:4.2f} s: exit {code}, the editor's save {'kept' if kept else 'LOST'}"
          f" ({log[-1][:110] if log else ''})", flush=True)
    if command != "build":
        build(site.root)


def pair_round(site: Site, tally: Tally) -> None:
    """Two builds started together after a new article (with its sidecar) was
    added: new pages (its explainer, its actors' pages) that each build
    finds already written when it publishes, if they run at the same time."""
    site.round += 1
    content = site.root / "content"
    source = site.rng.choice(sorted(p.stem for p in content.glob("*.yaml")))
    new = f"late-{site.round:03d}"
    shutil.copy(content / f"{source}.md", content / f"{new}.md")
    text = (content / f"{source}.yaml").read_text("utf-8").replace(f"path: {source}.md", f"path: {new}.md")
    (content / f"{new}.yaml").write_text(text.replace("name: ", f"name: R{site.round} "), "utf-8")
    what = f"adding {new}"
    first, second = start(site.root, "build"), start(site.root, "build")
    codes = (first.wait(timeout=900), second.wait(timeout=900))
    bad = bad_files(site.root / "output")
    tally.pairs += 1
    failed = codes != (0, 0) or bool(bad)
    tally.pair_failures += failed
    print(f"  two builds at once after {what}: exits {codes}, {len(bad)} bad file(s)", flush=True)


def fresh_matches(site: Path, tmp: Path) -> bool:
    fresh = tmp / "fresh"
    shutil.copytree(site / "content", fresh / "content")
    shutil.copy(site / "site.yaml", fresh / "site.yaml")
    result = build(fresh)
    return result.returncode == 0 and files_of(fresh / "output") == files_of(site / "output")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--interrupts", type=int, default=10)
    parser.add_argument("--races", type=int, default=5, help="rounds per command (build, extract, refresh)")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    become_subreaper()
    rng = random.Random(args.seed)
    source = corpus.extracted_site("redteam", args.articles, 7, "Red team")
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        shutil.copytree(source / "content", root / "content")
        shutil.copy(source / "site.yaml", root / "site.yaml")
        assert build(root).returncode == 0
        site = Site(root, rng, sorted(p.stem for p in (root / "content").glob("*.md")))
        print(f"site: {args.articles} articles, {len(files_of(root / 'output'))} files in output/", flush=True)

        print("kills and Ctrl-Cs:", flush=True)
        durations: dict[str, float] = {}
        faults = [signal.SIGKILL] * args.kills + [signal.SIGINT] * args.interrupts
        rng.shuffle(faults)
        for kind in KINDS:  # each kind's duration first
            fault_round(site, kind, signal.SIGKILL, durations, tally)
        for n, sig in enumerate(faults):
            kind = KINDS[n % len(KINDS)] if len(site.machine) >= 14 or KINDS[n % len(KINDS)] != "many" else "site"
            fault_round(site, kind, sig, durations, tally)

        print("editor saves racing commands:", flush=True)
        took: dict[str, float] = {}
        for n in range(args.races + 1):
            for i, command in enumerate(("build", "extract", "refresh")):
                race_round(site, command, 3 * n + i, took, tally)

        print("two builds at once:", flush=True)
        for _ in range(args.pairs):
            pair_round(site, tally)

        same = fresh_matches(root, Path(tmp))

    print()
    print(f"{tally.builds} interrupted builds ({tally.kills} SIGKILL, {tally.interrupts} SIGINT; "
          f"{tally.in_commit} killed part-way through a commit): {tally.bad} bad file(s) in output/, "
          f"{tally.half} half file(s), {tally.unreadable} unreadable sidecar(s), "
          f"{tally.orphans} process(es) left running 5 s after a kill")
    print(f"unexpected exits: {tally.wrong_exits or 'none'} ({tally.at_start} Ctrl-C(s) landed while Python "
          "was still starting, before the generator's code ran: Python's own traceback, nothing touched)")
    print(f"{tally.saves} editor saves racing build/extract/refresh: {tally.lost} lost")
    print(f"{tally.pairs} pairs of builds at once: {tally.pair_failures} failed or left output/ off its manifest")
    print(f"final output/ is what a fresh build of the same content makes: {same}")


if __name__ == "__main__":
    main()
