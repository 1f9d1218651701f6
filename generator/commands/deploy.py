"""`deploy`: commit output/ to a branch (gh-pages by default), optionally push it.

GitHub Pages (and any host that serves a branch) then publishes it. The commit
is made with git plumbing through a temporary index, so the working tree, the
current branch and the real index are never touched; the branch only gets a
new commit when the site changed. The generator's manifest stays out of it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..build.publish import MANIFEST, read_manifest
from ..errors import GeneratorError


class DeployError(GeneratorError):
    """The site could not be committed or pushed."""


@dataclass(frozen=True)
class Deployed:
    branch: str
    commit: str
    changed: bool  # False: the branch already held this site
    pushed_to: str | None


def _git(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    except FileNotFoundError:
        raise DeployError("git is not installed; install git to deploy to a branch") from None
    if result.returncode != 0:
        raise DeployError(f"git {args[0]} failed: {git_message(result.stderr)}",
                          hint="`git remote -v` lists the remotes" if args[0] in ("push", "fetch") else None)
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


def to_branch(site_root: Path, output_dir: Path, branch: str = "gh-pages", remote: str | None = None,
              message: str = "Publish explainers") -> Deployed:
    if read_manifest(output_dir) is None:
        raise DeployError("there is no built site to deploy", output_dir,
                          hint="run `python -m generator build` first")
    if branch.startswith("-") or not branch.strip():
        raise DeployError(f"not a usable branch name: {branch!r}")
    try:
        git_dir = _git(["rev-parse", "--absolute-git-dir"], site_root)
    except DeployError as exc:
        raise DeployError("the site folder is not in a git repository", site_root,
                          hint="run `git init` there, or publish output/ another way (see the README)") from exc
    ref = f"refs/heads/{branch}"
    _git(["check-ref-format", ref], site_root)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index"), "GIT_DIR": git_dir,
               "GIT_WORK_TREE": str(output_dir)}
        # -f: the site's own .gitignore usually ignores output/ and must not here.
        _git(["add", "-A", "-f", "--", ".", f":(exclude){MANIFEST}"], output_dir, env)
        tree = _git(["write-tree"], output_dir, env)
    try:
        parent: str | None = _git(["rev-parse", "--verify", "-q", ref], site_root)
    except DeployError:
        parent = None
    if parent and _git(["rev-parse", f"{parent}^{{tree}}"], site_root) == tree:
        commit, changed = parent, False
    else:
        commit = _git(["commit-tree", tree, *(["-p", parent] if parent else []), "-m", message], site_root)
        _git(["update-ref", "-m", f"deploy: {message}", ref, commit, *([parent] if parent else [])], site_root)
        changed = True
    if remote is not None:
        _git(["push", "--quiet", remote, f"{ref}:{ref}"], site_root)
    return Deployed(branch=branch, commit=commit, changed=changed, pushed_to=remote)
