"""The command line: parse arguments, call one function, print, exit.

This is the only module that prints or exits. Exit codes: 0 success, 1 the work
failed (errors were printed), 2 the command line was wrong.
"""

from __future__ import annotations

import argparse
import gc
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__, urls
from .errors import GeneratorError, Interrupted

if TYPE_CHECKING:  # commands import what they need when they run: `--help` stays quick
    from .build.executor import Executor
    from .build.site import BuildReport
    from .config import SiteConfig

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class Console:
    """Messages for people: errors and warnings to stderr, results to stdout."""

    def __init__(self, root: Path | None = None, verbose: bool = False) -> None:
        self.root = root
        self.verbose = verbose
        self.interactive = sys.stderr.isatty()

    def error(self, exc: GeneratorError) -> None:
        print(f"error: {exc.describe(self.root)}", file=sys.stderr)

    def warning(self, exc: GeneratorError) -> None:
        print(f"warning: {exc.describe(self.root)}", file=sys.stderr)

    def info(self, text: str) -> None:
        print(text)

    def live(self, text: str) -> None:
        """A line of a long-running command's log, shown at once."""
        print(text, flush=True)

    def notice(self, text: str) -> None:
        """A line about the command itself (not its results), shown at once."""
        self.end_progress()
        print(text, file=sys.stderr, flush=True)

    def progress(self, text: str) -> None:
        if self.interactive:
            print(f"\r\033[K{text}", end="", file=sys.stderr, flush=True)
        else:
            print(text, file=sys.stderr, flush=True)

    def end_progress(self) -> None:
        if self.interactive:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _site_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=None, metavar="DIR",
                        help="the site folder, holding site.yaml and content/ (default: the current folder, "
                             "or the nearest one above it with a site.yaml)")


def _wait_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-wait", action="store_true",
                        help="if another command is working on this site, stop at once instead of waiting for it")


def _executor_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="where extraction runs: local worker processes (default) or a Dask cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="the Dask scheduler for --executor dask, e.g. tcp://host:8786")
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="local extraction processes (default: one per core)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="Build explainer pages: who claims what, and who denies it.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("build", help="extract what is new, then render the site into output/")
    _site_arg(p)
    p.add_argument("--base-url", metavar="URL", help="override base_url from site.yaml")
    p.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    p.add_argument("--strict", action="store_true",
                   help="publish nothing unless every article succeeds, and treat warnings as errors")
    _executor_args(p)
    _wait_arg(p)

    p = sub.add_parser("clean", help="delete output/ (only if this generator wrote everything in it)")
    _site_arg(p)
    _wait_arg(p)

    p = sub.add_parser("deploy", help="commit output/ to a git branch for GitHub Pages, optionally push it")
    _site_arg(p)
    p.add_argument("--branch", default="gh-pages", help="the branch to commit to (default: gh-pages)")
    p.add_argument("--push", metavar="REMOTE", help="push the branch to this remote afterwards (e.g. origin)")
    p.add_argument("--message", default="Publish explainers", help="the commit message")
    p.add_argument("--strict", action="store_true",
                   help="deploy nothing with a warning (a build without a full base_url, which has no sitemap "
                        "or feed)")
    _wait_arg(p)

    p = sub.add_parser("extract", help="bring every sidecar up to date without rendering")
    _site_arg(p)
    _executor_args(p)
    p.add_argument("--refresh", action="append", default=[], metavar="SLUG",
                   help="propose a fresh extraction for this article's sidecar, keeping every edit in it "
                        "(new findings are marked review: pending); the article's or sidecar's file name does "
                        "as well as its slug; repeat for more articles")
    _wait_arg(p)

    p = sub.add_parser("check", help="validate site.yaml, articles and sidecars; list stale sidecars")
    _site_arg(p)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = sub.add_parser("serve", help="preview the site, rebuilding and reloading the browser on every save")
    _site_arg(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, help="port (default: 8000, or the next free one)")
    p.add_argument("--open", action="store_true", help="open the preview in a web browser")
    p.add_argument("--no-review", dest="review", action="store_false",
                   help="a read-only preview: no buttons to accept, edit or reject items on the pages")

    p = sub.add_parser("eval", help="score the site's sidecars against reference sidecars")
    _site_arg(p)
    p.add_argument("--gold", type=Path, required=True, metavar="DIR",
                   help="folder of reference sidecars, named like the site's")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")

    p = sub.add_parser("new", help="create a new site folder that builds")
    p.add_argument("dir", type=Path, metavar="DIR")

    for p in sub.choices.values():
        p.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                       help="show tracebacks for errors")
    return parser


def run() -> NoReturn:
    """The command line, as a process that ends when it returns."""
    code = main()
    # Set aside for the exit: Python would walk a build's million objects once
    # more in its last collection (0.2 s after a one-article build of 1,000).
    gc.freeze()
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    verbose = getattr(args, "verbose", False)
    console = Console(getattr(args, "site", None) or Path("."), verbose)
    try:
        return COMMANDS[args.command](args, console)
    except GeneratorError as exc:
        console.end_progress()
        for one in exc.each():
            console.error(one)
        if verbose:
            traceback.print_exc()
        return EXIT_FAILED
    except KeyboardInterrupt as exc:
        console.end_progress()
        print("interrupted after publishing: output/ holds the new build" if isinstance(exc, Interrupted)
              else "interrupted; output/ is unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: say so in one line, details behind --verbose
        console.end_progress()
        print(f"internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback)",
              file=sys.stderr)
        if verbose:
            traceback.print_exc()
        return EXIT_FAILED


def _config(args: argparse.Namespace, console: Console, warn: bool = True) -> SiteConfig:
    """site.yaml, its warnings printed (`warn`; the preview logs them with each build's)."""
    from .config import CONFIG_NAME, find_site, load_config

    if args.site is None:  # run inside a site (in content/, say): the site is found above
        site = find_site(Path("."))
        if not (site / CONFIG_NAME).is_file():
            raise GeneratorError(f"no {CONFIG_NAME} in this folder or any folder above it",
                                 hint="give the site folder with --site DIR, or create a site with "
                                      "`python -m generator new DIR`")
        config = load_config(site, base_url=getattr(args, "base_url", None))
    else:
        config = load_config(args.site, base_url=getattr(args, "base_url", None), named=str(args.site))
    console.root = config.root
    for warning in config.warnings if warn else ():
        console.warning(warning)
    return config


@contextmanager
def _locked(args: argparse.Namespace, config: SiteConfig, console: Console) -> Iterator[None]:
    """The site's lock (`build/lock.py`), held by every command that writes into the site."""
    from .build.lock import site_lock

    with site_lock(config.root, wait=not args.no_wait, waiting=console.notice):
        yield


def _executor(args: argparse.Namespace) -> Executor:
    from .build.executor import make

    return make(args.executor, args.scheduler, args.jobs)


def cmd_build(args: argparse.Namespace, console: Console) -> int:
    from .build.site import build

    config = _config(args, console)
    with _locked(args, config, console):
        report = build(config, drafts=args.drafts, strict=args.strict, progress=console.progress,
                       executor=_executor(args))
    console.end_progress()
    _say_moved(report, config, console)
    for warning in report.warnings:
        console.warning(warning)
    for error in report.errors:
        console.error(error)
    out = _shown(config.output_dir, config.root)
    extracted = f", extracted {len(report.extracted)}" if report.extracted else ""
    extracted += f", rendered {len(report.rendered)} page(s)" if report.rendered else ""
    failed = report.failed
    if report.published:
        state = f"{report.changed_files} file(s) written, {report.removed_files} removed"
    elif report.aborted:
        state = f"nothing published; {out}/ is unchanged"
    else:
        state = "nothing changed"
    console.info(f"Built {report.pages} of {report.articles} article(s){extracted} into {out}/: {state} "
                 f"({report.seconds:.2f} s)")
    if report.errors and not report.aborted:
        kept = f"; kept as the last good build had them: {', '.join(report.kept)}" if report.kept else ""
        console.info(f"{len(report.errors)} error(s){kept}")
    elif args.strict and failed and not report.errors:
        console.info("--strict: warnings count as errors, so nothing was published")
    if not report.errors and not urls.is_absolute(config.base_url):
        console.info("Note: base_url is not a full URL, so sitemap.xml, feed.xml, canonical links and "
                     "og:url were left out (set base_url: https://... in site.yaml, or --base-url)")
    return EXIT_FAILED if failed else EXIT_OK


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if root in path.parents else path


def _say_moved(report: BuildReport, config: SiteConfig, console: Console) -> None:
    for moved in report.moved:
        console.info(f"{_shown(moved.old, config.root)}: moved to {_shown(moved.new, config.root)}, beside "
                     f"{_shown(moved.article, config.root)}: the article was renamed, and the sidecar goes with it")


def cmd_clean(args: argparse.Namespace, console: Console) -> int:
    from .build.cache import marks_path
    from .build.publish import clean

    config = _config(args, console)
    with _locked(args, config, console):
        removed = clean(config.output_dir, marks_path(config))
    console.info(f"Removed {_shown(config.output_dir, config.root)}/ ({removed} file(s))" if removed
                 else "Nothing to clean")
    return EXIT_OK


def cmd_deploy(args: argparse.Namespace, console: Console) -> int:
    from .commands.deploy import to_branch

    config = _config(args, console)
    with _locked(args, config, console):  # a build must not replace output/ while it is committed
        done = to_branch(config, branch=args.branch, remote=args.push, message=args.message, strict=args.strict)
    for warning in done.warnings:
        console.warning(warning)
    state = f"committed {done.commit[:12]}" if done.changed else f"already up to date at {done.commit[:12]}"
    pushed = f"; pushed to {done.pushed_to}" if done.pushed_to else ""
    console.info(f"Deployed {_shown(config.output_dir, config.root)}/ to branch {done.branch}: {state}{pushed}")
    return EXIT_OK


def cmd_extract(args: argparse.Namespace, console: Console) -> int:
    config = _config(args, console)
    with _locked(args, config, console):
        return _refresh(args, config, console) if args.refresh else _extract(args, config, console)


def _extract(args: argparse.Namespace, config: SiteConfig, console: Console) -> int:
    from .build.site import BuildReport, prepare

    report = BuildReport()
    prepare(config, report, drafts=True, progress=console.progress, executor=_executor(args))
    console.end_progress()
    _say_moved(report, config, console)
    for warning in report.warnings:
        console.warning(warning)
    for error in report.errors:
        console.error(error)
    console.info(f"Extracted {len(report.extracted)} of {report.articles} article(s); "
                 f"the other sidecars are up to date or edited by hand")
    return EXIT_FAILED if report.errors else EXIT_OK


def _refresh(args: argparse.Namespace, config: SiteConfig, console: Console) -> int:
    from .commands.refresh import refresh

    outcomes = refresh(config, args.refresh, progress=console.progress)
    console.end_progress()
    for outcome in outcomes:
        shown = _shown(outcome.path, config.root).as_posix()
        if outcome.merge is None:
            state = "written" if outcome.written else "unchanged"
            console.info(f"{shown}: {outcome.action} (nobody had edited it): {state}")
            continue
        m = outcome.merge
        parts = [f"{len(m.added)} new finding(s) marked review: pending{_ids(m.added)}" if m.added
                 else "no new findings"]
        if m.updated:
            parts.append(f"{len(m.updated)} item(s) nobody had edited updated and marked review: pending"
                         f"{_ids(m.updated)}")
        if m.removed:
            parts.append(f"{len(m.removed)} item(s) nobody had edited no longer found and removed{_ids(m.removed)}")
        if m.orphans:
            parts.append(f"{len(m.orphans)} item(s) no longer found but kept because your edits refer to them, "
                         f"marked review: pending{_ids(m.orphans)}")
        parts.append(f"{len(m.kept)} item(s) you edited or added kept as they are")
        if m.rejected:
            parts.append(f"{m.rejected} finding(s) you deleted not proposed again")
        if m.unattributed:
            parts.append(f"{m.unattributed} new finding(s) by actors you deleted left out")
        state = "refreshed" if outcome.written else "refreshed, no change to the file"
        console.info(f"{shown}: {state}: " + "; ".join(parts))
    return EXIT_OK


def _ids(labels: tuple[str, ...]) -> str:
    return f" ({', '.join(labels)})" if labels else ""


def cmd_check(args: argparse.Namespace, console: Console) -> int:
    from .commands.check import check_site

    config = _config(args, console)
    result = check_site(config)
    for warning in result.warnings:
        console.warning(warning)
    for error in result.errors:
        console.error(error)
    for line in result.notes:
        console.info(line)
    if result.stale:
        console.info("Stale (edited, and the article changed since): " + ", ".join(result.stale)
                     + f"; `{config.command('extract', '--refresh', 'SLUG')}` proposes updates")
    # The counts are of what was printed: site.yaml's warnings (printed by `_config`) too.
    warnings = len(config.warnings) + len(result.warnings)
    failed = bool(result.errors) or (args.strict and warnings > 0)
    console.info(f"Checked {result.articles} article(s): {len(result.errors)} error(s), {warnings} warning(s)"
                 + (" (fatal with --strict)" if args.strict and warnings else ""))
    return EXIT_FAILED if failed else EXIT_OK


def cmd_new(args: argparse.Namespace, console: Console) -> int:
    from .commands.new import create_site

    created = create_site(args.dir)
    console.info(f"Created a new site in {args.dir}: {', '.join(created)}")
    console.info(f"Build it with: python -m generator build --site {args.dir}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, console: Console) -> int:
    from .preview.server import serve

    config = _config(args, console, warn=False)  # a missing or broken site.yaml stops here, before any port is taken
    try:
        serve(config.root, host=args.host, port=args.port, open_browser=args.open, log=console.live,
              named=config.named, review=args.review)
    except KeyboardInterrupt:
        console.info("Stopped.")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, console: Console) -> int:
    import json

    from .commands.evaluate import evaluate, format_text, to_json

    config = _config(args, console)
    report = evaluate(args.gold, config.content_dir)
    console.info(json.dumps(to_json(report), indent=2) if args.json else format_text(report))
    return EXIT_OK


COMMANDS = {
    "build": cmd_build,
    "extract": cmd_extract,
    "check": cmd_check,
    "clean": cmd_clean,
    "deploy": cmd_deploy,
    "serve": cmd_serve,
    "eval": cmd_eval,
    "new": cmd_new,
}
