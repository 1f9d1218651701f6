"""`deploy`: commit output/ to a branch (gh-pages by default), optionally push it.

GitHub Pages (and any host that serves a branch) then publishes it. The commit
is made with git plumbing through a temporary index, so the working tree, the
current branch and the real index are never touched; the branch only gets a
new commit when the site changed. The generator's manifest stays out of it.

The branch must be a deploy branch: one that does not exist yet, or whose
every commit is a built site (`claims.json` and `.nojekyll` at its top, as
every build writes them), as `deploy` makes them and as a host leaves them when
it adds a file (GitHub's "Create CNAME"). Anything else (the branch checked
out, the source branch, a hand-made site) would get the built site committed
over it, so it is refused. With `--push`, the remote's branch is fetched first:
a commit the host made there (a CNAME for a custom domain) is built on, never
pushed over, and a `CNAME` the branch has is kept when the site has none of its
own.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..build.publish import MANIFEST, read_manifest
from ..config import SiteConfig
from ..errors import GeneratorError
from ..urls import FEED, SITEMAP

SITE_MARKS = ("claims.json", ".nojekyll")  # at the top of every built site
KEPT = "CNAME"  # a host's own file on the branch, kept when the site has none


class DeployError(GeneratorError):
    """The site could not be committed or pushed."""


@dataclass(frozen=True)
class Deployed:
    branch: str
    commit: str
    changed: bool  # False: the branch already held this site
    pushed_to: str | None
    warnings: tuple[GeneratorError, ...] = field(default=())


def _git(args: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None,
         doing: str | None = None) -> str:
    """git's output, or a DeployError with git's own reason (after `doing`, what
    the user asked for, when that says more than the git command does)."""
    try:
        result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
                                input=stdin)
    except FileNotFoundError:
        raise DeployError("git is not installed; install git to deploy to a branch") from None
    if result.returncode != 0:
        raise DeployError(f"{doing or f'git {args[0]} failed'}: {git_message(result.stderr)}",
                          hint="`git remote -v` lists the remotes" if args[0] in ("push", "fetch", "ls-remote")
                          else None)
    return result.stdout.strip()


def git_message(stderr: str) -> str:
    """What git said went wrong: its first `fatal:` or `error:` line (the lines
    after it are advice, "Please make sure you have the correct access rights"),
    else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        for prefix in ("fatal: ", "error: "):
            if line.startswith(prefix):
                return line[len(prefix):]
    return lines[-1] if lines else "no message"


def to_branch(config: SiteConfig, branch: str = "gh-pages", remote: str | None = None,
              message: str = "Publish explainers", strict: bool = False) -> Deployed:
    """Commit output/ to `branch` (and push it to `remote`). `strict`: a
    warning (a build without a full base_url) stops it before anything is written."""
    site_root, output_dir = config.root, config.output_dir
    files = read_manifest(output_dir)
    if files is None:
        raise DeployError("there is no built site to deploy", output_dir,
                          hint=f"run `{config.command('build')}` first")
    if branch.startswith("-") or not branch.strip():
        raise DeployError(f"not a usable branch name: {branch!r}")
    try:
        git_dir = _git(["rev-parse", "--absolute-git-dir"], site_root)
    except DeployError as exc:
        raise DeployError("the site folder is not in a git repository", site_root,
                          hint="run `git init` there, or publish output/ another way (see the README)") from exc
    ref = f"refs/heads/{branch}"
    _git(["check-ref-format", ref], site_root)
    _refuse_checked_out(ref, branch, site_root)
    parent = _parent(ref, branch, remote, site_root)
    if parent is not None:
        _refuse_other_history(parent, branch, site_root)
    warnings = _without_full_url(files, parent, branch, config)
    if strict and warnings:
        raise DeployError(f"{warnings[0].message}; nothing deployed (--strict)", hint=warnings[0].hint)
    tree = _tree(output_dir, git_dir, files, parent, site_root)
    if parent and _git(["rev-parse", f"{parent}^{{tree}}"], site_root) == tree:
        commit, changed = parent, False
    else:
        commit = _git(["commit-tree", tree, *(["-p", parent] if parent else []), "-m", message], site_root)
        changed = True
    old = _local(ref, site_root)
    if commit != old:
        _git(["update-ref", "-m", f"deploy: {message}", ref, commit, *([old] if old else [])], site_root)
    if remote is not None:
        _git(["push", "--quiet", remote, f"{ref}:{ref}"], site_root, doing=f"cannot push to {remote}")
    return Deployed(branch=branch, commit=commit, changed=changed, pushed_to=remote, warnings=tuple(warnings))


def _refuse_checked_out(ref: str, branch: str, site_root: Path) -> None:
    """The branch of any working tree holds someone's files: the built site
    committed over it would show every source file as deleted."""
    listing = _git(["worktree", "list", "--porcelain"], site_root)
    if f"branch {ref}" in listing.splitlines():
        raise DeployError(f"branch {branch} is checked out, and holds your files; deploy commits the built site "
                          "to a branch of its own", hint="leave out --branch to use gh-pages, or name a branch "
                          "that only deploy writes to")


def _local(ref: str, site_root: Path) -> str | None:
    try:
        return _git(["rev-parse", "--verify", "-q", f"{ref}^{{commit}}"], site_root) or None
    except DeployError:
        return None


def _parent(ref: str, branch: str, remote: str | None, site_root: Path) -> str | None:
    """The commit the new one goes on: the local branch's, or the remote's when
    it is ahead (a host added a commit there: building on it keeps it, and the
    push goes through)."""
    local = _local(ref, site_root)
    if remote is None:
        return local
    listed = _git(["ls-remote", "--heads", remote, ref], site_root, doing=f"cannot push to {remote}")
    if not listed:
        return local
    theirs = listed.split()[0]
    _git(["fetch", "--quiet", "--no-tags", remote, ref], site_root, doing=f"cannot fetch {branch} from {remote}")
    if local is None or local == theirs or _is_ancestor(local, theirs, site_root):
        return theirs
    if _is_ancestor(theirs, local, site_root):
        return local
    raise DeployError(f"branch {branch} here and on {remote} have each commits the other has not; "
                      "nothing deployed", hint=f"look at both (`git log {branch} FETCH_HEAD`), and keep the one "
                      "to build on")


def _is_ancestor(older: str, newer: str, site_root: Path) -> bool:
    try:
        _git(["merge-base", "--is-ancestor", older, newer], site_root)
    except DeployError:
        return False
    return True


def _refuse_other_history(parent: str, branch: str, site_root: Path) -> None:
    """Every commit on the branch must be a built site (`SITE_MARKS`)."""
    commits = _git(["rev-list", parent], site_root).split()
    asked = "".join(f"{c}:{mark}\n" for c in commits for mark in SITE_MARKS)
    answers = _git(["cat-file", "--batch-check"], site_root, stdin=asked).splitlines()
    if any(line.endswith(" missing") for line in answers):
        raise DeployError(f"branch {branch} was not made by deploy: it holds commits that are not a built site "
                          f"(no {' or '.join(SITE_MARKS)} at their top), which the site would be committed over",
                          hint=f"choose another branch with --branch, or if {branch} is yours to replace, "
                               f"delete it first (`git branch -D {branch}`)")


def _without_full_url(files: dict[str, str], parent: str | None, branch: str,
                      config: SiteConfig) -> list[GeneratorError]:
    """A build without a full base_url has no sitemap.xml or feed.xml: say so,
    and that deploying takes them off the branch if it has them."""
    if SITEMAP in files:
        return []
    shown = config.output_dir.name
    had = [name for name in (SITEMAP, FEED) if parent and _has(parent, name, config.root)]
    loses = f"; deploying removes {' and '.join(had)} from {branch}" if had else ""
    return [GeneratorError(f"{shown}/ was built without a full base_url, so it has no {SITEMAP}, {FEED} or "
                           f"canonical links{loses}",
                           hint=f"build with `{config.command('build', '--base-url', 'https://...')}` first")]


def _has(commit: str, name: str, site_root: Path) -> bool:
    return bool(_git(["ls-tree", "--name-only", commit, "--", name], site_root))


def _tree(output_dir: Path, git_dir: str, files: dict[str, str], parent: str | None, site_root: Path) -> str:
    """The tree of output/ (without the manifest), with the branch's CNAME when
    the site has none of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index"), "GIT_DIR": git_dir,
               "GIT_WORK_TREE": str(output_dir)}
        # -f: the site's own .gitignore usually ignores output/ and must not here.
        _git(["add", "-A", "-f", "--", ".", f":(exclude){MANIFEST}"], output_dir, env)
        if KEPT not in files and parent is not None:
            entry = _git(["ls-tree", parent, "--", KEPT], site_root)
            if entry:  # "<mode> blob <sha>\tCNAME"
                mode, _, sha = entry.split("\t")[0].split()
                _git(["update-index", "--add", "--cacheinfo", f"{mode},{sha},{KEPT}"], output_dir, env)
        return _git(["write-tree"], output_dir, env)
