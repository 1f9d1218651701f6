"""Issue 8, point 5: the preview server, run as a user runs it (a real
`python -m generator serve` process on a free port), answers only inside its
preview folder however a path is encoded, never redirects to another host,
listens on loopback only unless told otherwise, answers only to this
computer's names, and keeps serving while files are deleted or renamed in the
middle of a rebuild."""

from __future__ import annotations

import http.client
import socket
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, write_site
from tests.pages.test_render import ARTICLE, SIDECAR
from tests.preview.test_server import Server, edit_all_and_wait_for_the_build, serving

SECRET = "SECRET-MARKER-7f3a"


def get(server: Server, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request with the path sent exactly as written (no client-side cleaning)."""
    parts = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or parts.netloc)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    root = write_site(tmp_path_factory.mktemp("serve") / "site", {"river.md": ARTICLE, "river.yaml": SIDECAR})
    (root / "secret.txt").write_text(SECRET, "utf-8")
    (root / ".preview-evil").mkdir()  # a sibling whose name starts like the served folder
    (root / ".preview-evil" / "secret.html").write_text(SECRET, "utf-8")
    with serving(root) as running:
        yield running


TRAVERSALS = [
    "/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt",
    "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/river/..%2f..%2fsecret.txt", "/river/%2e%2e/%2e%2e/secret.txt",
    "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/..%5csecret.txt", "/..\\secret.txt",
    "/%2e%2e/.preview-evil/secret.html", "/../.preview-evil/secret.html", "/%2e%2e%2f.preview-evil%2fsecret.html",
    "/river%00/../../secret.txt", "/%c0%ae%c0%ae/secret.txt", "/%uff0e%uff0e/secret.txt",
    "//" + "etc/passwd", "/%2fetc%2fpasswd", "/" + "%2e%2e/" * 8 + "etc/passwd", "/..;/secret.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_leads_out_of_the_preview_folder(server: Server, path: str) -> None:
    status, headers, body = get(server, path)
    assert status in (400, 404), (path, status)
    assert SECRET.encode() not in body and b"root:" not in body
    assert "location" not in headers


@pytest.mark.parametrize("path", ["//actors", "///actors", "/%2factors", "/%2F%2Factors", "//river", "/river",
                                  "/./actors", "/actors/../river"])
def test_folder_redirects_stay_on_this_server(server: Server, path: str) -> None:
    status, headers, _ = get(server, path)
    if status == 404:  # "/actors/../river" is refused outright: fine
        assert ".." in path
        return
    assert status == 302, (path, status)
    location = headers["location"]
    target = urllib.parse.urlsplit(urllib.parse.urljoin(server.url, location))
    assert (target.scheme, target.netloc) == ("http", urllib.parse.urlsplit(server.url).netloc), location
    assert target.path in ("/actors/", "/river/")


def test_it_still_serves_what_is_inside(server: Server) -> None:
    status, headers, body = get(server, "/river/")
    assert status == 200 and b"claims-table" in body and headers["cache-control"] == "no-store"
    assert get(server, "/%72iver/")[0] == 200  # an encoded letter is still that letter


def _listening(port: int) -> set[str]:
    """Local addresses of sockets listening on `port`, from the kernel's own tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, _, state = line.split()[1:4]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


def _outward_address() -> str | None:
    """This machine's address on its network, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for UDP connect
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_it_listens_on_loopback_only(server: Server) -> None:
    port = urllib.parse.urlsplit(server.url).port
    assert _listening(port) == {"0100007F"}  # 127.0.0.1, and nothing else
    outward = _outward_address()
    if outward is not None:
        with pytest.raises(OSError), socket.create_connection((outward, port), timeout=2):
            pass


@pytest.mark.parametrize(("host", "status"), [
    ("evil.example", 403), ("evil.example:8000", 403), ("127.0.0.1.evil.example", 403), ("[bad", 403),
    ("localhost", 200), ("localhost:9999", 200), ("127.0.0.1", 200), ("[::1]:8000", 200),
])
def test_it_answers_only_to_this_computers_names(server: Server, host: str, status: int) -> None:
    """A web page that points its own domain at 127.0.0.1 (DNS rebinding) must
    not be able to read the preview, drafts included."""
    got, _, body = get(server, "/river/", host=host)
    assert got == status
    if status == 403:
        assert b"claims-table" not in body
        assert get(server, "/_preview/status", host=host)[0] == 403


def test_it_survives_files_deleted_and_renamed_during_a_rebuild(tmp_path: Path) -> None:
    text = SAMPLE.read_text("utf-8")
    site = write_site(tmp_path / "site", {f"copy-{i}.txt": text for i in range(6)})
    (site / "static").mkdir()
    (site / "static" / "extra.css").write_text("p{}", "utf-8")
    with serving(site) as server:
        first = server.status()["generation"]
        edit_all_and_wait_for_the_build(site, server, text, 6)
        # ...and while it runs, files vanish and move under it
        (site / "content" / "copy-0.txt").unlink()
        (site / "content" / "copy-1.txt").rename(site / "content" / "renamed.txt")
        (site / "static" / "extra.css").unlink()
        (site / "site.yaml").rename(site / "site.yaml.bak")
        answers = [get(server, "/copy-3/")[0] for _ in range(5)]
        (site / "site.yaml.bak").rename(site / "site.yaml")
        assert set(answers) <= {200, 503}
        status = _settled(server, first + 1)
        assert status["errors"] == [], status
        assert get(server, "/renamed/")[0] == 200
        assert get(server, "/copy-0/")[0] == 404 and get(server, "/copy-1/")[0] == 404
        assert get(server, "/copy-5/")[0] == 200
        # The watcher lives on: one more save, one more build.
        generation = status["generation"]
        (site / "content" / "copy-2.txt").write_text(text + "\nOnce more.\n", "utf-8")
        assert _settled(server, generation + 1)["errors"] == []
        assert server.process.poll() is None


def _settled(server: Server, generation: int, timeout: float = 120) -> dict:
    """The status once builds reach `generation` and stop for a second."""
    deadline = time.monotonic() + timeout
    last = None
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        status = server.status()
        if status != last:
            last, quiet_since = status, time.monotonic()
        elif status["generation"] >= generation and not status["building"] and time.monotonic() - quiet_since > 1:
            return status
        time.sleep(0.05)
    raise AssertionError(f"builds did not settle: {last}")
