"""`cydcheck serve` in a real browser (Debian's Chromium driven by Playwright, as tests/test_browser.py does): upload
the seed, a Word draft and a broken file; the report appears in the page, an error is one clear line, each download
is the same bytes the command line writes; the page works with scripts off and takes a dropped file with scripts on.

With CYDCHECK_SCREENSHOTS=1 the tests also write the README's pictures to docs/img/ (a normal run writes nothing
there): the page with a Word draft's report, and the annotated draft as Word shows it with its comments (rendered by
tests/docxview.py). Skips without Chromium or Playwright; with CYDCHECK_REQUIRE_BROWSER=1 (CI) fails instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cydcheck.annotate import own_comments
from cydcheck.cli import cli
from docxview import render
from test_browser import browser  # noqa: F401  (the module's Chromium)
from worddraft import EXAMPLE, REVIEWER_COMMENT

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "img"
CLI_FORMATS = {"html": "html", "json": "json", "sarif": "sarif", "markdown": "markdown"}


def screenshots_wanted() -> bool:
    return os.environ.get("CYDCHECK_SCREENSHOTS", "") not in ("", "0")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("serve")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cydcheck", "serve", "--port", "0", "--no-config"],
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"serving on (http://127\.0\.0\.1:\d+/)", line)
        assert found, line + (proc.stderr.read() if proc.stderr else "")
        yield found[1]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class Session:
    """A fresh browser context on the page, with every console error it caused."""

    def __init__(self, chromium: Any, url: str, javascript: bool = True) -> None:
        self.context = chromium.new_context(
            java_script_enabled=javascript, accept_downloads=True, viewport={"width": 1280, "height": 1000}
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)

    def upload(self, path: Path) -> None:
        self.page.set_input_files("#file", str(path))
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")

    def download(self, kind: str) -> bytes:
        with self.page.expect_download() as info:
            self.page.click(f"a[data-kind={kind}]")
        return Path(info.value.path()).read_bytes()

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def session(browser: Any, server: str) -> Iterator[Session]:  # noqa: F811
    opened = Session(browser, server)
    yield opened
    opened.close()


def cli_bytes(tmp_path: Path, path: Path, *args: str) -> bytes:
    """What the command line writes for ``path``, run in a folder holding a copy under the same name."""
    work = tmp_path / f"cli-{len(list(tmp_path.iterdir()))}"
    work.mkdir()
    (work / path.name).write_bytes(path.read_bytes())
    out = work / "out.bin"
    cwd = Path.cwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(cli, [*args, path.name, "--no-config", "-o", str(out)])
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    return out.read_bytes()


def test_seed_report_appears_and_downloads_are_the_command_lines(
    session: Session, seed_path: Path, tmp_path: Path
) -> None:
    session.upload(seed_path)
    assert re.search(r"/r/[\w-]+$", session.page.url), session.page.locator("#error").inner_text()
    report = session.page.frame_locator("#report")
    assert "Cybersecurity disclosure review" in report.locator("header.masthead").inner_text()
    assert report.locator("section.checklist").first.is_visible()
    assert report.locator("#filter").is_visible()  # the report's own script runs in its sandboxed frame
    kinds = session.page.locator("nav.downloads a").evaluate_all("links => links.map(a => a.dataset.kind)")
    assert kinds == ["html", "json", "sarif", "markdown"]  # no Word draft for an R page
    for kind, fmt in CLI_FORMATS.items():
        assert session.download(kind) == cli_bytes(tmp_path, seed_path, "check", "--format", fmt)
    assert session.errors == []


def test_word_draft_comes_back_with_comments(session: Session, tmp_path: Path) -> None:
    session.upload(EXAMPLE)
    assert session.page.locator("h2#result-title").inner_text() == EXAMPLE.name
    summary = session.page.locator("ul.summary").inner_text()
    assert "10 of 16 requirements met" in summary
    annotated = session.download("docx")
    assert annotated == cli_bytes(tmp_path, EXAMPLE, "annotate")
    assert len(own_comments(annotated)) == 7
    assert session.download("json") == cli_bytes(tmp_path, EXAMPLE, "check", "--format", "json")
    assert session.errors == []
    if screenshots_wanted():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        session.page.frame_locator("#report").locator("body").evaluate("b => window.scrollTo(0, 0)")
        session.page.screenshot(path=str(SCREENSHOTS / "serve.png"))


def test_a_broken_file_is_one_clear_line(session: Session, tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is no Word file")
    session.upload(broken)
    error = session.page.locator("#error")
    assert error.is_visible()
    text = error.inner_text()
    assert text.startswith("cydcheck: error: broken.docx: not a readable .docx (zip)") and "\n" not in text
    assert session.page.locator("#report").count() == 0
    assert session.page.locator("#file").is_visible()  # the form is there to try another file


def test_without_scripts_a_file_is_checked_and_its_report_shown(browser: Any, server: str) -> None:  # noqa: F811
    quiet = Session(browser, server, javascript=False)
    try:
        quiet.upload(EXAMPLE)
        report = quiet.page.frame_locator("#report")
        assert "Item 1C" in report.locator("body").inner_text()
        assert quiet.page.locator("a[data-kind=docx]").get_attribute("download") == "larkspur-draft.reviewed.docx"
    finally:
        quiet.close()


def test_a_dropped_file_is_checked(session: Session) -> None:
    text = (ROOT / "examples" / "northwind-deficient.txt").read_text(encoding="utf-8")
    with session.page.expect_navigation():
        session.page.evaluate(
            """text => {
                const data = new DataTransfer();
                data.items.add(new File([text], "dropped.txt", {type: "text/plain"}));
                document.body.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true}));
                document.body.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
            }""",
            text,
        )
    assert session.page.locator("h2#result-title").inner_text() == "dropped.txt"
    assert session.page.locator("form.again").is_visible()  # an R page does not say its form
    with session.page.expect_navigation():
        session.page.select_option("#again-form", "8-K")
        session.page.click("form.again button")
    assert "Form 8-K" in session.page.locator("ul.summary").inner_text()
    assert session.errors == []


def test_a_file_over_the_limit_is_refused_before_it_is_sent(session: Session) -> None:
    session.page.evaluate("() => document.getElementById('file').setAttribute('data-max-bytes', '100')")
    requests: list[str] = []
    session.page.on("request", lambda r: requests.append(r.method))
    session.page.set_input_files("#file", str(EXAMPLE))
    session.page.click("button[type=submit]")
    error = session.page.locator("#error")
    assert error.inner_text().startswith("cydcheck: error: larkspur-draft.docx: file is ")
    assert "over the 100-byte limit (--max-size)" in error.inner_text()
    assert "POST" not in requests


def test_annotated_draft_renders_with_its_comments_beside_the_text(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "larkspur-draft.reviewed.docx"
    result = CliRunner().invoke(cli, ["annotate", str(EXAMPLE), "-o", str(out), "--no-config"])
    assert result.exit_code == 1, result.output
    page_html = render(out.read_bytes(), "larkspur-draft.reviewed.docx")
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    try:
        page = context.new_page()
        page.set_content(page_html)
        balloons = page.locator(".balloon")
        assert balloons.count() == 8  # cydcheck's seven and the reviewer's one
        assert REVIEWER_COMMENT in page.locator(".balloon.person").inner_text()
        marked = page.locator("mark").evaluate_all("marks => marks.map(m => m.textContent)")
        assert "We have not experienced any material cybersecurity incidents." in marked
        assert "[NTD: confirm the CISO's certifications with HR.]" in marked
        tops = balloons.evaluate_all("bs => bs.map(b => b.getBoundingClientRect().top)")
        assert tops == sorted(tops)  # laid out beside their passages, in order, none on top of another
        if screenshots_wanted():
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "annotated-draft.png"), full_page=True)
    finally:
        context.close()
