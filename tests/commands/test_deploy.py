"""`deploy`: output/ committed to a gh-pages branch with real git, and pushed to
a real (local, bare) remote; the working tree and current branch untouched."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.build.test_publish import built
from tests.conftest import run_cli
from tests.newsroom import ARTICLES, PUBLIC


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()


def make_repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Desk")
    git(root, "config", "user.email", "desk@example.org")
    (root / ".gitignore").write_text("/output/\n", "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Site")
    return root


def test_deploy_commits_output_to_gh_pages_and_pushes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    built(site, dict(ARTICLES))
    make_repo(site)
    head, status = git(site, "rev-parse", "HEAD"), git(site, "status", "--porcelain")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(site, "remote", "add", "origin", str(remote))

    first = run_cli("deploy", "--site", site, "--push", "origin")
    assert first.returncode == 0, first.stderr
    assert "Deployed output/ to branch gh-pages: committed" in first.stdout and "pushed to origin" in first.stdout
    files = set(git(site, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    published = {p.relative_to(site / "output").as_posix() for p in (site / "output").rglob("*") if p.is_file()}
    assert files == published - {".explainer-manifest.json"}
    assert {".nojekyll", "index.html", "river/index.html", "feed.xml", "sitemap.xml"} <= files
    assert git(site, "show", "gh-pages:river/index.html") == (site / "output/river/index.html").read_text().strip()
    # nothing else moved: same branch, same commit, same working tree
    assert git(site, "rev-parse", "HEAD") == head and git(site, "status", "--porcelain") == status
    assert git(site, "branch", "--show-current") == "main"
    assert git(remote, "rev-parse", "gh-pages") == git(site, "rev-parse", "gh-pages")

    again = run_cli("deploy", "--site", site)
    assert again.returncode == 0 and "already up to date" in again.stdout
    assert git(site, "rev-list", "--count", "gh-pages") == "1"

    (site / "site.yaml").write_text(f"base_url: {PUBLIC}\ntitle: Renamed\n", "utf-8")
    assert run_cli("build", "--site", site).returncode == 0
    third = run_cli("deploy", "--site", site)
    assert third.returncode == 0 and "committed" in third.stdout
    assert git(site, "rev-list", "--count", "gh-pages") == "2"
    assert "Renamed" in git(site, "show", "gh-pages:index.html")


def test_deploy_needs_a_built_site_and_a_repository(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_text("title: x\n", "utf-8")
    unbuilt = run_cli("deploy", "--site", tmp_path)
    assert unbuilt.returncode == 1 and "there is no built site to deploy" in unbuilt.stderr
    built(tmp_path, dict(ARTICLES))
    no_repo = run_cli("deploy", "--site", tmp_path)
    assert no_repo.returncode == 1 and "error: " in no_repo.stderr and "is not in a git repository" in no_repo.stderr


def test_a_push_that_fails_says_what_git_said(tmp_path: Path) -> None:
    """Issue 16, point 10: git's own reason, not its closing advice."""
    built(tmp_path, dict(ARTICLES))
    make_repo(tmp_path)
    result = run_cli("deploy", "--site", tmp_path, "--push", "nosuch")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: git push failed: 'nosuch' does not appear to be a git repository (`git remote -v` lists the remotes)"]
