"""Issue 17: the preview's write surface. A review write is accepted only from
the preview's own pages (its per-server token, its own Origin, POST with JSON,
this computer), and only into the sidecar of an article in this site's
content/. Every refusal leaves every file as it was. Published output, and the
preview folder on disk, hold no token, and output/ no review markup or script.
A real `serve`, real HTTP, and a hostile page in real Chromium."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest

from generator.preview import guard
from tests.browser import chromium, static_server
from tests.conftest import run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR
from tests.preview.test_server import Server, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("review-security")
    root = write_site(base / "site", {"river.md": ARTICLE, "river.yaml": SIDECAR, "notes.yaml": SIDECAR,
                                      "sub/inner.md": ARTICLE, "sub/inner.yaml": SIDECAR,
                                      "linked.md": ARTICLE})
    (base / "outside.yaml").write_text(SIDECAR, "utf-8")
    os.symlink(root / "content" / "sub" / "inner.yaml", root / "content" / "linked.yaml")  # a link, inside
    return root


@pytest.fixture(scope="module")
def server(site: Path):  # noqa: ANN201
    with serving(site) as running:
        yield running


def snapshot(site: Path) -> dict[str, bytes]:
    files = [*site.rglob("*.yaml"), *site.rglob("*.md"), site.parent / "outside.yaml"]
    return {str(p): p.read_bytes() for p in files if p.is_file() and ".preview" not in p.parts}


def page_of(server: Server, path: str = "river/") -> str:
    status, _, body = send(server, "GET", "/" + path)
    assert status == 200
    return body.decode("utf-8")


def token_of(html: str) -> str:
    found = re.search(r'<script src="/_review/review\.js" data-token="([^"]+)" defer></script>', html)
    assert found, "the page in review mode carries the review script and its token"
    return found.group(1)


def version_of(html: str) -> str:
    found = re.search(r'data-version="([0-9a-f]{64})"', html)
    assert found
    return found.group(1)


def send(server: Server, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
         host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or parts.netloc)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def good_headers(server: Server, token: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Review-Token": token, "Origin": server.url.rstrip("/")}


def accept(sidecar: str, version: str) -> bytes:
    return json.dumps({"action": "accept", "kind": "claim", "id": "c1", "sidecar": sidecar,
                       "version": version}).encode()


def refused(server: Server, site: Path, body: bytes, headers: dict[str, str], host: str | None = None,
            method: str = "POST") -> tuple[int, str]:
    before = snapshot(site)
    status, _, answer = send(server, method, "/_review/api", body, headers, host)
    assert snapshot(site) == before, "a refused request changed a file"
    assert status in (400, 403, 404, 405, 409, 422), status
    try:
        return status, json.loads(answer).get("error", "")
    except ValueError:
        return status, answer.decode("utf-8", "replace")


def test_a_request_without_the_pages_token_or_from_another_origin_is_refused(server: Server, site: Path) -> None:
    html = page_of(server)
    token, body = token_of(html), accept("river.yaml", version_of(html))
    good = good_headers(server, token)
    port = urllib.parse.urlsplit(server.url).port
    cases = {
        "no token": {k: v for k, v in good.items() if k != "X-Review-Token"},
        "a wrong token": {**good, "X-Review-Token": token[:-2] + "xx"},
        "an empty token": {**good, "X-Review-Token": ""},
        "no Origin": {k: v for k, v in good.items() if k != "Origin"},
        "another site's Origin": {**good, "Origin": "http://evil.example"},
        "an Origin of another port": {**good, "Origin": f"http://127.0.0.1:{port + 1}"},
        "an https Origin": {**good, "Origin": f"https://127.0.0.1:{port}"},
        "the null Origin": {**good, "Origin": "null"},
        "a cross-site fetch": {**good, "Sec-Fetch-Site": "cross-site"},
        "a form's content type": {**good, "Content-Type": "application/x-www-form-urlencoded"},
        "a plain-text body": {**good, "Content-Type": "text/plain"},
    }
    for name, headers in cases.items():
        status, _ = refused(server, site, body, headers)
        assert status == 403, name
    assert refused(server, site, body, good, host="evil.example")[0] == 403  # DNS rebinding
    assert refused(server, site, b"", good, method="GET")[0] == 405
    assert refused(server, site, b"", good, method="PUT")[0] == 405


@pytest.mark.parametrize("named", [
    "../site.yaml", "../../outside.yaml", "/etc/passwd", str(Path("/etc/passwd")), "..%2fsite.yaml",
    "sub/../../site.yaml", "./river.yaml", "sub//inner.yaml", "river.md", "notes.yaml", "linked.yaml",
    "river.yaml\x00", "river.yaml/", "sub\\inner.yaml", "", "missing.yaml", "RIVER.YAML", ".preview/river.yaml",
])
def test_a_write_may_touch_only_an_articles_sidecar_in_content(server: Server, site: Path, named: str) -> None:
    html = page_of(server)
    status, error = refused(server, site, accept(named, version_of(html)), good_headers(server, token_of(html)))
    assert status == 403 and error, named


def test_a_write_to_another_articles_sidecar_needs_its_version(server: Server, site: Path) -> None:
    html = page_of(server)
    status, error = refused(server, site, accept("sub/inner.yaml", "0" * 64), good_headers(server, token_of(html)))
    assert status == 409 and "changed on disk since this page was rendered" in error


def test_bad_requests_are_refused_in_words(server: Server, site: Path) -> None:
    html = page_of(server)
    headers, version = good_headers(server, token_of(html)), version_of(html)
    for body, status in [(b"{", 400), (b"\xff\xfe", 400), (b"[1]", 422), (b"x" * 300_000, 422),
                         (json.dumps({"action": "format-disk", "sidecar": "river.yaml", "version": version}), 422),
                         (json.dumps({"action": "accept", "sidecar": "river.yaml", "version": version}), 422),
                         (json.dumps({"action": "accept", "kind": "claim", "id": "c99", "sidecar": "river.yaml",
                                      "version": version}), 422)]:
        got, error = refused(server, site, body if isinstance(body, bytes) else body.encode(), headers)
        assert got == status and error, body[:40]


def test_the_pages_own_request_is_accepted(server: Server, site: Path) -> None:
    """The harness is live: the same request with the page's token and Origin writes."""
    html = page_of(server, "sub-inner/")
    before = (site / "content" / "sub" / "inner.yaml").read_bytes()
    status, _, answer = send(server, "POST", "/_review/api", accept("sub/inner.yaml", version_of(html)),
                             good_headers(server, token_of(html)))
    assert status == 200 and json.loads(answer)["ok"], answer
    assert (site / "content" / "sub" / "inner.yaml").read_bytes() != before


def test_a_hostile_page_in_the_browser_can_neither_read_the_token_nor_write(server: Server, site: Path,
                                                                            tmp_path: Path) -> None:
    evil = tmp_path / "evil"
    evil.mkdir()
    api = server.url + "_review/api"
    (evil / "index.html").write_text(f"""<!doctype html><title>evil</title><body>
<form id="f" method="post" action="{api}" enctype="text/plain" target="sink">
<input name='{{"action":"accept","kind":"claim","id":"c1","sidecar":"river.yaml","x":"' value='"}}'></form>
<iframe name="sink"></iframe>
<script>
window.results = {{}};
fetch("{server.url}river/").then(r => r.text()).then(t => results.read = t.length, e => results.read = "blocked");
fetch("{api}", {{method: "POST", mode: "no-cors", headers: {{"Content-Type": "text/plain"}},
  body: JSON.stringify({{action: "accept", kind: "claim", id: "c1", sidecar: "river.yaml"}})}})
  .then(r => results.simple = r.type, e => results.simple = "blocked");
fetch("{api}", {{method: "POST", headers: {{"Content-Type": "application/json", "X-Review-Token": "guess"}},
  body: "{{}}"}}).then(r => results.preflighted = r.status, e => results.preflighted = "blocked");
document.getElementById("f").submit();
</script></body>""", "utf-8")
    before = snapshot(site)
    with static_server(evil) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url)
        page.wait_for_function("() => 'read' in results && 'simple' in results && 'preflighted' in results",
                               timeout=20_000)
        results = page.evaluate("results")
        page.wait_for_timeout(500)  # the form's POST has landed
    assert results["read"] == "blocked" and results["preflighted"] == "blocked"
    assert snapshot(site) == before


def test_no_token_on_disk_and_no_review_markup_or_script_in_output(server: Server, site: Path,
                                                                 tmp_path: Path) -> None:
    token = token_of(page_of(server))
    preview = site / ".preview"
    assert (preview / "river" / "index.html").read_text("utf-8").count("data-review-page") == 1
    assert not [p for p in preview.rglob("*") if p.is_file() and token.encode() in p.read_bytes()]
    built = tmp_path / "built"
    shutil.copytree(site, built, ignore=shutil.ignore_patterns(".preview", ".cache", "output"), symlinks=True)
    (built / "content" / "linked.yaml").unlink()
    result = run_cli("build", "--site", built)
    assert result.returncode == 0, result.stdout + result.stderr
    output = built / "output"
    assert not (output / "_review").exists()
    for path in output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for mark in (b"data-review", b"review-tools", b"review-panel", b"/_review/", b"review.js",
                         b"review.css", token.encode()):
                assert mark not in data, (path, mark)


def test_a_read_only_preview_has_no_review_controls_and_no_write_endpoint(site: Path, tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(site, root, ignore=shutil.ignore_patterns(".preview", ".cache", "output"), symlinks=True)
    with serving(root, "--no-review") as server:
        html = page_of(server)
        assert "data-review" not in html and "review.js" not in html and "/_review/" not in html
        assert send(server, "GET", "/_review/")[0] == 404
        assert send(server, "POST", "/_review/api", b"{}", {"Content-Type": "application/json"})[0] == 405


# --- the guard on its own --------------------------------------------------------------

@pytest.mark.parametrize(("origin", "ok"), [
    ("http://127.0.0.1:8000", True), ("http://localhost:8000", True), ("http://[::1]:8000", True),
    ("http://127.0.0.1:8001", False), ("http://127.0.0.1", False), ("https://127.0.0.1:8000", False),
    ("http://evil.example:8000", False), ("http://127.0.0.1.evil.example:8000", False), ("null", False),
    ("", False), ("http://user@127.0.0.1:8000", False), ("http://127.0.0.1:8000/x", False),
    ("http://[::1", False),
])
def test_own_origin(origin: str, ok: bool) -> None:
    assert guard.own_origin(origin, 8000) is ok


@pytest.mark.parametrize("peer", ["192.168.1.20", "10.0.0.1", "", "not-an-address", "2001:db8::1"])
def test_only_this_computer_may_write(peer: str) -> None:
    headers = {"x-review-token": "t", "origin": "http://127.0.0.1:8000", "content-type": "application/json"}
    guard.check_request("t", 8000, headers, "127.0.0.1")
    guard.check_request("t", 8000, headers, "::1")
    with pytest.raises(guard.Forbidden, match="only from this computer"):
        guard.check_request("t", 8000, headers, peer)
