"""`deploy`: output/ committed to a gh-pages branch with real git, and pushed to
a real (local, bare) remote; the working tree and current branch untouched."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.build.test_publish import built
from tests.conftest import run_cli
from tests.newsroom import ARTICLES, PUBLIC, RIVER


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
        "error: cannot push to nosuch: 'nosuch' does not appear to be a git repository (`git remote -v` lists the "
        "remotes)"]


def branch_state(site: Path) -> tuple[str, str, str]:
    return git(site, "rev-parse", "HEAD"), git(site, "status", "--porcelain"), git(site, "branch", "-a", "-v")


def test_deploy_refuses_a_branch_that_holds_someone_elses_files(tmp_path: Path) -> None:
    """Issue 16, point 1: the checked-out branch, or any branch whose history is
    not a built site, is refused in one sentence, and nothing moves."""
    site = tmp_path / "site"
    site.mkdir()
    built(site, dict(ARTICLES))
    make_repo(site)
    git(site, "branch", "docs")  # a branch of the sources, not checked out
    before = branch_state(site)
    checked_out = run_cli("deploy", "--site", site, "--branch", "main")
    assert checked_out.returncode == 1 and checked_out.stderr.splitlines() == [
        "error: branch main is checked out, and holds your files; deploy commits the built site to a branch of its "
        "own (leave out --branch to use gh-pages, or name a branch that only deploy writes to)"]
    sources = run_cli("deploy", "--site", site, "--branch", "docs")
    assert sources.returncode == 1 and sources.stderr.splitlines() == [
        "error: branch docs was not made by deploy: it holds commits that are not a built site (no claims.json or "
        ".nojekyll at their top), which the site would be committed over (choose another branch with --branch, or "
        "if docs is yours to replace, delete it first (`git branch -D docs`))"]
    assert branch_state(site) == before
    # a branch deploy made is fine, again and again
    assert run_cli("deploy", "--site", site).returncode == 0
    git(site, "worktree", "add", "-q", str(tmp_path / "pages"), "gh-pages")  # checked out elsewhere: refused too
    again = run_cli("deploy", "--site", site)
    assert again.returncode == 1 and "branch gh-pages is checked out" in again.stderr


def test_deploying_a_build_without_a_full_base_url_says_what_it_removes(tmp_path: Path) -> None:
    """Issue 16, point 5: a build without a full base_url has no sitemap.xml or
    feed.xml; deploying it says so (and that the branch loses them), and
    --strict deploys nothing."""
    site = tmp_path / "site"
    site.mkdir()
    built(site, dict(ARTICLES))  # with base_url: sitemap and feed
    make_repo(site)
    assert run_cli("deploy", "--site", site).returncode == 0
    assert {"sitemap.xml", "feed.xml"} <= set(git(site, "ls-tree", "--name-only", "gh-pages").splitlines())
    (site / "site.yaml").write_text("title: Path only\nbase_url: /explainers/\n", "utf-8")
    assert run_cli("build", "--site", site).returncode == 0
    warning = ("output/ was built without a full base_url, so it has no sitemap.xml, feed.xml or canonical links; "
               "deploying removes sitemap.xml and feed.xml from gh-pages")
    hint = f"(build with `python -m generator build --site {site} --base-url https://...` first)"
    strict = run_cli("deploy", "--site", site, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [f"error: {warning}; nothing deployed (--strict) {hint}"]
    assert git(site, "rev-list", "--count", "gh-pages") == "1"
    plain = run_cli("deploy", "--site", site)
    assert plain.returncode == 0 and plain.stderr.splitlines() == [f"warning: {warning} {hint}"]
    assert "committed" in plain.stdout and git(site, "rev-list", "--count", "gh-pages") == "2"


def test_deploy_builds_on_the_hosts_commit_and_keeps_its_cname(tmp_path: Path) -> None:
    """Issue 16, point 14: GitHub writes CNAME to gh-pages when a custom domain
    is set; the next deploy builds on that commit (so the push goes through) and
    keeps the file."""
    site = tmp_path / "site"
    site.mkdir()
    built(site, dict(ARTICLES))
    make_repo(site)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(site, "remote", "add", "origin", str(remote))
    assert run_cli("deploy", "--site", site, "--push", "origin").returncode == 0
    host = tmp_path / "host"
    subprocess.run(["git", "clone", "-q", "-b", "gh-pages", str(remote), str(host)], check=True)
    (host / "CNAME").write_text("explainers.example.org\n", "utf-8")
    git(host, "add", "CNAME")
    git(host, "-c", "user.name=GitHub", "-c", "user.email=gh@example.org", "commit", "-q", "-m", "Create CNAME")
    git(host, "push", "-q", "origin", "gh-pages")
    hosts = git(remote, "rev-parse", "gh-pages")

    (site / "content" / "river.md").write_text(RIVER.replace("on Monday", "on Monday morning"), "utf-8")
    assert run_cli("build", "--site", site).returncode == 0
    deployed = run_cli("deploy", "--site", site, "--push", "origin")
    assert deployed.returncode == 0, deployed.stderr
    tip = git(remote, "rev-parse", "gh-pages")
    assert tip != hosts and git(remote, "merge-base", "--is-ancestor", hosts, tip) == ""
    assert git(remote, "show", "gh-pages:CNAME") == "explainers.example.org"
    assert "on Monday morning" in git(remote, "show", "gh-pages:river/index.html")
