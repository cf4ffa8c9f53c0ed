"""`cydcheck serve` over HTTP (Starlette's TestClient, and the real server in a subprocess): the token, the Host
check, the size limit, nothing written to disk, and every download the same bytes the command line writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.pipeline import prepare
from cydcheck.web.app import PAGE_CSP, ServeSettings, create_app, host_allowed
from cydcheck.web.upload import UploadError, read_form, safe_name
from starlette.testclient import TestClient
from worddraft import EXAMPLE

BASE = "http://127.0.0.1:8765"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CLI_FORMATS = {"html": "html", "json": "json", "sarif": "sarif", "markdown": "markdown"}


def client(**settings: Any) -> TestClient:
    app = create_app(ServeSettings(setup=prepare(None), **settings))
    return TestClient(app, base_url=BASE)


@pytest.fixture(scope="module")
def web() -> Iterator[TestClient]:
    with client() as c:
        yield c


def token(c: TestClient) -> str:
    page = c.get("/")
    found = re.search(r'name="token" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found[1]


def upload(c: TestClient, name: str, data: bytes, form: str = "", with_token: bool = True, **kw: Any) -> Any:
    fields = {"token": token(c)} if with_token else {}
    fields["form"] = form
    return c.post("/check", data=fields, files={"file": (name, data)}, follow_redirects=False, **kw)


def error_line(page: str) -> str:
    found = re.search(r'<p class="error" id="error" role="alert">([^<]*)</p>', page)
    assert found, page[:1000]
    return found[1]


def cli_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, *args: str) -> bytes:
    """What the command line writes for a file called ``name`` holding ``data``, run where it lies."""
    work = tmp_path / f"cli-{len(list(tmp_path.iterdir()))}"
    work.mkdir()
    (work / name).write_bytes(data)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(cli, [*args, "-o", "out.bin"])
    assert result.exit_code in (0, 1), result.output
    return (work / "out.bin").read_bytes()


# --- the page --------------------------------------------------------------------------------------------------


def test_page_has_a_token_a_plain_form_and_a_strict_policy(web: TestClient) -> None:
    page = web.get("/")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["cache-control"] == "no-store"
    assert '<form id="upload" class="upload" method="post" action="/check" enctype="multipart/form-data">' in page.text
    assert len(token(web)) >= 40
    assert "<script>" not in page.text and '<script src="/static/serve.js" defer></script>' in page.text
    assert web.get("/static/serve.js").headers["content-type"].startswith("text/javascript")
    assert web.get("/static/nothing.js").status_code == 404


def test_token_differs_per_start() -> None:
    with client() as a, client() as b:
        assert token(a) != token(b)


@pytest.mark.parametrize(
    ("host", "remote", "bound", "ok"),
    [
        ("127.0.0.1:8765", False, "127.0.0.1", True),
        ("localhost:8765", False, "127.0.0.1", True),
        ("[::1]:8765", False, "::1", True),
        ("127.0.0.2", False, "127.0.0.1", True),
        ("evil.example:8765", False, "127.0.0.1", False),  # a DNS-rebinding page names its own host
        ("localhost.evil.example", False, "127.0.0.1", False),
        ("192.168.1.20:8765", False, "127.0.0.1", False),
        ("", False, "127.0.0.1", False),
        ("192.168.1.20:8765", True, "0.0.0.0", True),
        ("review-box:8765", True, "review-box", True),
        ("evil.example", True, "review-box", False),
    ],
)
def test_host_check(host: str, remote: bool, bound: str, ok: bool) -> None:
    assert host_allowed(host, bound, remote) is ok


def test_a_request_for_another_host_is_refused(web: TestClient) -> None:
    refused = web.get("/", headers={"host": "evil.example:8765"})
    assert refused.status_code == 421 and refused.text.startswith("cydcheck: error: ")
    assert "token" not in refused.text


# --- posting ----------------------------------------------------------------------------------------------------


def test_a_post_without_the_token_is_refused(web: TestClient) -> None:
    data = (EXAMPLES / "northwind-deficient.txt").read_bytes()
    for response in (
        upload(web, "a.txt", data, with_token=False),
        web.post("/check", data={"token": "forged"}, files={"file": ("a.txt", data)}, follow_redirects=False),
        web.post("/check", files={"file": ("a.txt", data)}, headers={"x-cydcheck-token": "forged"}),
    ):
        assert response.status_code == 403
        assert error_line(response.text).startswith("cydcheck: error: this form is not from this page")


def test_a_post_from_another_site_is_refused(web: TestClient) -> None:
    data = (EXAMPLES / "northwind-deficient.txt").read_bytes()
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        response = upload(web, "a.txt", data, headers=headers)
        assert response.status_code == 403


def test_the_token_may_come_as_a_header(web: TestClient) -> None:
    data = (EXAMPLES / "northwind-deficient.txt").read_bytes()
    response = web.post(
        "/check", files={"file": ("a.txt", data)}, headers={"x-cydcheck-token": token(web)}, follow_redirects=False
    )
    assert response.status_code == 303


def test_a_broken_file_is_one_line(web: TestClient) -> None:
    response = upload(web, "broken.docx", b"PK\x03\x04 not a zip at all")
    assert response.status_code == 400
    line = error_line(response.text)
    assert line.startswith("cydcheck: error: broken.docx: not a readable .docx (zip)") and "\n" not in line
    assert error_line(upload(web, "notes.bin", b"\x00\x01\x02").text).startswith(
        "cydcheck: error: notes.bin: binary content, not a format cydcheck reads"
    )
    for data in (b"", b" \n\t\n"):  # as `cydcheck check` says it, never a report of "not a disclosure"
        empty = upload(web, "draft.md", data)
        assert empty.status_code == 400 and error_line(empty.text).startswith(
            "cydcheck: error: draft.md: the file is empty"
        )
    missing = web.post("/check", data={"token": token(web)}, files={"file": ("", b"")}, follow_redirects=False)
    assert missing.status_code == 400 and "no file was chosen" in error_line(missing.text)


def test_uploaded_names_are_shown_safely() -> None:
    assert safe_name("C:\\Users\\me\\draft.docx") == "draft.docx"
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("a\x1b[31mb.txt") == "a[31mb.txt"
    assert safe_name("") == "upload" and safe_name("...") == "upload"
    assert len(safe_name("x" * 500 + ".docx")) <= 200 and safe_name("x" * 500 + ".docx").endswith(".docx")


# --- the size limit ---------------------------------------------------------------------------------------------


def test_over_the_size_limit_is_refused() -> None:
    with client(max_bytes=1000) as small:
        response = upload(small, "big.txt", b"cybersecurity " * 200)
        assert response.status_code == 413
        assert error_line(response.text) == "cydcheck: error: big.txt: file is over the 1,000-byte limit (--max-size)"


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    read: list[bytes] = []

    async def body() -> AsyncIterator[bytes]:
        for chunk in (b"x" * 1000,) * 10:
            read.append(chunk)
            yield chunk

    headers = {"content-type": "multipart/form-data; boundary=b", "content-length": str(10**9)}
    import asyncio

    with pytest.raises(UploadError) as raised:
        asyncio.run(read_form(headers, body(), 1000, "t"))
    assert raised.value.status == 413 and read == []


# --- results and downloads ----------------------------------------------------------------------------------------


def result_page(c: TestClient, response: Any) -> tuple[str, str]:
    assert response.status_code == 303, response.text[:2000]
    location = response.headers["location"]
    assert re.fullmatch(r"/r/[\w-]{20,}", location)
    return location, c.get(location).text


def downloads(page: str) -> dict[str, str]:
    """kind → link of each download the result page offers."""
    return {kind: href for href, kind in re.findall(r'<a href="(/r/[^"]+)" download="[^"]*" data-kind="(\w+)"', page)}


def test_each_download_is_what_the_command_line_writes(
    web: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, data = "northwind-deficient.txt", (EXAMPLES / "northwind-deficient.txt").read_bytes()
    location, page = result_page(web, upload(web, name, data))
    links = downloads(page)
    assert set(links) == {"html", "json", "sarif", "markdown"}  # no Word draft for a text file
    # the terminal's line for the document, without the terminal's hints about -v
    assert re.search(r"northwind-deficient\.txt: form unknown, period 2025-12-31: 13 of 19 requirements met", page)
    assert "-v shows" not in page
    for kind, fmt in CLI_FORMATS.items():
        got = web.get(links[kind])
        assert got.headers["content-disposition"].startswith('attachment; filename="cydcheck-report.')
        assert got.content == cli_bytes(
            tmp_path, monkeypatch, name, data, "check", name, "--format", fmt, "--no-config"
        )
    shown = web.get(f"{location}/report.html")
    assert shown.content == web.get(links["html"]).content
    assert shown.headers["content-security-policy"].startswith("sandbox allow-scripts")
    assert f'src="{location}/report.html" sandbox="allow-scripts"' in page


def test_a_word_draft_comes_back_annotated(web: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name, data = "larkspur-draft.docx", EXAMPLE.read_bytes()
    _, page = result_page(web, upload(web, name, data))
    links = downloads(page)
    assert set(links) == {"html", "json", "sarif", "markdown", "docx"}
    got = web.get(links["docx"])
    assert got.headers["content-disposition"] == 'attachment; filename="larkspur-draft.reviewed.docx"'
    assert got.content == cli_bytes(tmp_path, monkeypatch, name, data, "annotate", name, "--no-config")
    assert web.get(links["json"]).content == cli_bytes(
        tmp_path, monkeypatch, name, data, "check", name, "--format", "json", "--no-config"
    )


def test_author_and_date_are_the_servers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name, data = "larkspur-draft.docx", EXAMPLE.read_bytes()
    with client(author="Firm Review", as_of="2025-06-30") as c:
        links = downloads(result_page(c, upload(c, name, data))[1])
        served = c.get(links["docx"]).content
    args = ("annotate", name, "--no-config", "--author", "Firm Review", "--as-of", "2025-06-30")
    assert served == cli_bytes(tmp_path, monkeypatch, name, data, *args)


def test_the_form_can_be_chosen_when_the_file_does_not_say(web: TestClient) -> None:
    data = (EXAMPLES / "northwind-deficient.txt").read_bytes()  # an R page: no form on it
    location, page = result_page(web, upload(web, "nw.txt", data))
    assert "does not say which form it is" in page
    fields = {"token": (None, token(web)), "form": (None, "20-F")}  # multipart, as the page's form posts it
    again = web.post(f"{location}/form", files=fields, follow_redirects=False)
    _, page = result_page(web, again)
    assert "Form 20-F" in page and "does not say which form" not in page
    chosen = upload(web, "nw.txt", data, form="10-K")
    assert "Checked as Form 10-K, as chosen." in result_page(web, chosen)[1]
    bad = upload(web, "nw.txt", data, form="10-Q")
    assert bad.status_code == 400 and "unknown form" in error_line(bad.text)


def test_results_are_kept_in_memory_and_bounded() -> None:
    data = (EXAMPLES / "northwind-deficient.txt").read_bytes()
    with client(keep=2) as c:
        first, _ = result_page(c, upload(c, "a.txt", data))
        result_page(c, upload(c, "b.txt", data))
        result_page(c, upload(c, "c.txt", data))
        gone = c.get(first)
        assert gone.status_code == 404 and "no longer kept" in error_line(gone.text)
        assert c.get(f"{first}/json").status_code == 404
    assert client().get("/r/not-a-result").status_code == 404


# --- the real server: nothing on disk -------------------------------------------------------------------------------


# Every file the server process opens for writing, reported on stderr as it happens (Python's audit hooks see each
# open, including tempfile's anonymous files that leave no name in a directory).
WRITE_AUDIT = """
import os, sys
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | getattr(os, "O_TMPFILE", 0)
def hook(event, args):
    if event == "open":
        path, mode, flags = args
        if (isinstance(mode, str) and set(mode) & set("wax+")) or (isinstance(flags, int) and flags & WRITE):
            os.write(2, ("WRITE-OPEN %r\\n" % (path,)).encode())
sys.addaudithook(hook)
from cydcheck.cli import main
main(sys.argv[1:])
"""


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, Path], subprocess.Popen[str]]]:
    """`cydcheck serve --port 0` in an empty directory, with empty TMPDIR and HOME, reporting every file it opens for
    writing."""
    dirs = {name: tmp_path / name for name in ("cwd", "tmp", "home")}
    for d in dirs.values():
        d.mkdir()
    env = {**os.environ, "TMPDIR": str(dirs["tmp"]), "HOME": str(dirs["home"]), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITE_AUDIT, "serve", "--port", "0", "--no-config"],
        cwd=dirs["cwd"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"serving on (http://127\.0\.0\.1:\d+/)", line)
        assert found, line + (proc.stderr.read() if proc.stderr else "")
        yield found[1], dirs, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_served_uploads_touch_no_disk(server: tuple[str, dict[str, Path], subprocess.Popen[str]]) -> None:
    import httpx

    url, dirs, proc = server
    page = httpx.get(url, timeout=30)
    secret = re.search(r'name="token" value="([^"]+)"', page.text)
    assert secret
    # Larger than Starlette's 1 MB spooling threshold, so a spooled upload would have reached TMPDIR.
    big = (EXAMPLES / "northwind-deficient.txt").read_bytes() + b"\n" + b"We maintain cyber controls.\n" * 120_000
    assert len(big) > 3 * 1024 * 1024
    response = httpx.post(
        url + "check", data={"token": secret[1]}, files={"file": ("big.txt", big)}, timeout=120, follow_redirects=True
    )
    assert response.status_code == 200 and "big.txt" in response.text
    docx_page = httpx.post(
        url + "check",
        data={"token": secret[1]},
        files={"file": ("d.docx", EXAMPLE.read_bytes())},
        timeout=120,
        follow_redirects=True,
    )
    link = re.search(r'<a href="(/r/[^"]+/docx)"', docx_page.text)
    assert link and httpx.get(url + link[1].lstrip("/"), timeout=30).content[:2] == b"PK"
    for name, d in dirs.items():
        assert list(d.iterdir()) == [], f"{name} is not empty: {list(d.iterdir())}"
    proc.terminate()
    _, err = proc.communicate(timeout=30)
    assert "WRITE-OPEN" not in err, err[-2000:]


def test_serve_refuses_another_interface_unless_told(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--no-config"])
    assert result.exit_code == 2 and "--allow-remote" in result.stderr and len(result.stderr.splitlines()) == 1


def test_serve_warns_when_allowed_on_another_interface(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cydcheck",
            "serve",
            "--host",
            "0.0.0.0",
            "--allow-remote",
            "--port",
            "0",
            "--no-config",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        assert "serving on http://0.0.0.0:" in proc.stdout.readline()
        assert proc.stderr.readline().startswith("cydcheck: warning: serving on 0.0.0.0, not loopback")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_busy_port_is_one_line(tmp_path: Path) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--no-config"])
        assert result.exit_code == 2 and f"cannot listen on 127.0.0.1 port {port}" in result.stderr
    finally:
        taken.close()
