"""What cydcheck reads and what it writes over, when the files it is given were made by someone else (issue 14):
directory scans do not follow symbolic links out of the tree, ``--output`` never destroys what is there, and
cydcheck's own reports are never read as disclosures."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.plugins import registry
from cydcheck.sources import SourceFile
from helpers import EXAMPLES, write_docx

STRONG = EXAMPLES / "northwind-strong.txt"
# A file outside the scanned tree that must never reach a report: it reads as a disclosure, so if a scan followed
# the link, it would be checked and quoted.
SECRET = "Item 1C. Cybersecurity\n\nOur board oversees cybersecurity. The vault password is SECRET-TOKEN-4471.\n"

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="POSIX file semantics")


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """A scanned folder with one real draft, and a secret beside it, outside the folder."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    root = tmp_path / "drafts"
    root.mkdir()
    shutil.copy(STRONG, root / "draft.txt")
    return root


def sources_and_skipped(runner: CliRunner, *args: str) -> tuple[list[str], dict[str, str], str]:
    code, out, err = run(runner, "check", *args, "--format", "json", "--fail-on", "never")
    assert code == 0, err
    data = json.loads(out)
    return [d["source"] for d in data["documents"]], {s["source"]: s["reason"] for s in data["skipped"]}, err


# -- 1. symbolic links in a directory scan ---------------------------------------------------------------------------


def test_a_scan_does_not_follow_a_link_to_a_file_outside(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    (tree / "notes.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    html = tmp_path / "report.html"
    code, _, err = run(runner, "check", str(tree), "--format", "html", "-o", str(html), "--fail-on", "never")
    assert code == 0, err
    assert "SECRET-TOKEN-4471" not in html.read_text(encoding="utf-8")
    assert "1 file skipped" in err  # the log says a file was passed over; -v (and the JSON report) say which and why
    _, _, err = run(runner, "check", str(tree), "-v", "--format", "html", "-o", str(html), "--fail-on", "never")
    assert f"{tree.as_posix()}/notes.txt: symbolic link, not followed" in err
    sources, skipped, _ = sources_and_skipped(runner, str(tree))
    assert sources == [f"{tree.as_posix()}/draft.txt"]
    assert skipped == {f"{tree.as_posix()}/notes.txt": "symbolic link, not followed"}


def test_a_scan_does_not_follow_a_link_to_a_directory(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    (tree / "more").symlink_to(tmp_path / "outside", target_is_directory=True)
    sources, skipped, _ = sources_and_skipped(runner, str(tree))
    assert sources == [f"{tree.as_posix()}/draft.txt"]
    assert skipped == {f"{tree.as_posix()}/more": "symbolic link, not followed"}


def test_only_links_is_no_input(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "links"
    root.mkdir()
    (root / "a.txt").symlink_to(STRONG)
    code, _, err = run(runner, "check", str(root))
    assert code == 2 and "no supported files in this directory" in err and "1 symbolic link not followed" in err


def test_follow_symlinks_follows_links_that_stay_inside(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    # kept.data is not a supported suffix, so only the link makes it an input; the link out of the tree and the
    # links to directories (one of them a loop) are not followed.
    shutil.copy(STRONG, tree / "kept.data")
    (tree / "current.txt").symlink_to("kept.data")
    (tree / "leak.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (tree / "sub").mkdir()
    (tree / "sub" / "up").symlink_to("..", target_is_directory=True)
    (tree / "away").symlink_to(tmp_path / "outside", target_is_directory=True)
    sources, skipped, _ = sources_and_skipped(runner, str(tree), "--follow-symlinks")
    t = tree.as_posix()
    assert sources == [f"{t}/current.txt", f"{t}/draft.txt"]
    directory = "symbolic link to a directory, not followed (what it holds inside this one is read under its own name)"
    assert skipped == {
        f"{t}/away": "symbolic link to outside the scanned directory, not followed",
        f"{t}/leak.txt": "symbolic link to outside the scanned directory, not followed",
        f"{t}/sub/up": directory,
    }
    # Without the option none of the links is followed.
    sources, skipped, _ = sources_and_skipped(runner, str(tree))
    assert sources == [f"{t}/draft.txt"]
    assert skipped == {f"{t}/{n}": "symbolic link, not followed" for n in ("away", "current.txt", "leak.txt", "sub/up")}


def test_follow_symlinks_reads_a_file_once(tree: Path) -> None:
    from cydcheck.inputs import expand

    (tree / "docs").mkdir()
    shutil.copy(STRONG, tree / "docs" / "b.txt")
    shutil.copy(STRONG, tree / "notes.data")
    (tree / "a-link.txt").symlink_to("docs/b.txt")  # sorts before the file itself: still read under its own name
    (tree / "x1.txt").symlink_to("notes.data")
    (tree / "x2.txt").symlink_to("notes.data")
    items = expand([str(tree)], registry().parsers, follow_symlinks=True)
    t = tree.as_posix()
    assert [(i.display, i.skip) for i in items] == [
        (f"{t}/a-link.txt", f"the same file as {t}/docs/b.txt, read once"),
        (f"{t}/docs/b.txt", None),
        (f"{t}/draft.txt", None),
        (f"{t}/x1.txt", None),
        (f"{t}/x2.txt", f"the same file as {t}/x1.txt, read once"),
    ]
    assert items[3].path == (tree / "notes.data").resolve()  # a followed link is read through its resolved target


def test_a_link_named_on_the_command_line_is_read(runner: CliRunner, tmp_path: Path) -> None:
    link = tmp_path / "chosen.txt"
    link.symlink_to(STRONG)
    sources, skipped, _ = sources_and_skipped(runner, str(link))
    assert sources == [str(link)] and skipped == {}


def test_a_fifo_in_a_scan_is_not_opened(runner: CliRunner, tree: Path) -> None:
    os.mkfifo(tree / "pipe.txt")  # opening it would block the run forever
    sources, skipped, _ = sources_and_skipped(runner, str(tree))
    assert sources == [f"{tree.as_posix()}/draft.txt"]
    assert skipped == {f"{tree.as_posix()}/pipe.txt": "not a regular file (a FIFO, socket or device), not read"}


def test_every_file_a_scan_skips_is_a_notice_on_stderr(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    """The README promised `cydcheck: notice: drafts/notes.md: symbolic link, not followed` on stderr; it was only in
    the JSON `skipped` list and, with -v, in the text report."""
    (tree / "notes.md").symlink_to(tmp_path / "outside" / "secret.txt")
    (tree / "README.md").write_text("# About these drafts\n")
    (tree / "ci.yml").write_text("jobs:\n  build: {}\n")
    (tree / "lunch.txt").write_text("Soup on Tuesday.\n")  # read, and no disclosure at all
    os.mkfifo(tree / "pipe.txt")
    t = tree.as_posix()
    expected = {
        f"cydcheck: notice: {t}/README.md: not a disclosure (by its name), skipped",
        f"cydcheck: notice: {t}/ci.yml: no input format recognises its content, skipped",
        f"cydcheck: notice: {t}/lunch.txt: not a disclosure: the file says nothing about cybersecurity; skipped",
        f"cydcheck: notice: {t}/notes.md: symbolic link, not followed",
        f"cydcheck: notice: {t}/pipe.txt: not a regular file (a FIFO, socket or device), not read",
    }
    for extra in (("--format", "json"), ("--format", "text"), ("-v",)):
        code, out, err = run(runner, "check", str(tree), *extra, "--fail-on", "never")
        assert code == 0, err
        assert set(err.splitlines()) == expected  # stderr: the notices, nothing else
        assert "cydcheck: notice" not in out  # stdout: the report alone
    data = json.loads(run(runner, "check", str(tree), "--format", "json", "--fail-on", "never")[1])
    assert len(data["skipped"]) == len(expected)
    code, _, err = run(runner, "check", str(tree), "-q", "-o", str(tmp_path / "r.json"), "--fail-on", "never")
    assert code == 0 and "notice" not in err and err.startswith("1 document: ")  # --quiet: the total alone
    _, out, err = run(runner, "parse", str(tree))
    assert set(err.splitlines()) == expected - {next(n for n in expected if "lunch.txt" in n)} and json.loads(out)


def test_max_size_applies_to_what_a_scan_would_read(runner: CliRunner, tree: Path) -> None:
    """`cydcheck check examples/ --max-size 1000` failed on examples/ci/cydcheck.yml, a file the scan skips anyway."""
    limit = str((tree / "draft.txt").stat().st_size + 10)
    (tree / "ci.yml").write_text("jobs:\n" + "  - run: make test\n" * 2000)  # 38 KB, read whole to be judged
    (tree / "old.txt").write_text("x\n" * 60_000 + "1 document: 19 of 19 requirements met\n")  # a text report: its tail
    (tree / "old.md").write_text("<!-- generator: cydcheck 0.1.0 -->\n" + "y\n" * 60_000)  # a Markdown report: its head
    sources, skipped, err = sources_and_skipped(runner, str(tree), "--max-size", limit)
    t = tree.as_posix()
    assert sources == [f"{t}/draft.txt"], err
    assert skipped == {
        f"{t}/ci.yml": "no input format recognises its content, skipped",
        f"{t}/old.md": "a report cydcheck wrote (by its content), skipped",
        f"{t}/old.txt": "a report cydcheck wrote (by its content), skipped",
    }
    # What the scan would read is refused for its size: exit 2, or with -k an unreadable document.
    (tree / "big.md").write_text("# Cybersecurity\n" + "We manage risk.\n" * 2000)
    code, _, err = run(runner, "check", str(tree), "--max-size", limit)
    assert code == 2 and err.startswith(
        f"cydcheck: error: {t}/big.md: file is 32,016 bytes, over the {int(limit):,}-byte"
    )
    code, out, _ = run(runner, "check", str(tree), "--max-size", limit, "-k", "--format", "json")
    status = {d["source"]: d["status"] for d in json.loads(out)["documents"]}
    assert code == 1 and status == {f"{t}/big.md": "unreadable", f"{t}/draft.txt": "reviewed"}


# -- 2. what --output will not write over ----------------------------------------------------------------------------


def refused(runner: CliRunner, target: str, *extra: str, inputs: tuple[str, ...] = (str(STRONG),)) -> str:
    code, out, err = run(runner, "check", *inputs, "--format", "json", *extra, "-o", target)
    assert code == 2, (code, err)
    assert err.startswith("cydcheck: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert out == ""
    return err


def test_output_onto_a_fifo_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    err = refused(runner, str(fifo))
    assert f"{fifo}: is a FIFO, not a regular file" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_onto_a_socket_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        err = refused(runner, str(path))
    assert f"{path}: is a socket" in err and stat.S_ISSOCK(os.lstat(path).st_mode)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="making a device node needs root")
def test_output_onto_a_device_is_refused_even_for_root(runner: CliRunner, tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null, never the real one
    err = refused(runner, str(device))
    assert f"{device}: is a device, not a regular file" in err
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_output_onto_a_read_only_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    kept = tmp_path / "signed-off.json"
    kept.write_text("{}\n")
    kept.chmod(0o444)
    err = refused(runner, str(kept))
    assert f"{kept}: is read-only" in err
    assert kept.read_text() == "{}\n" and stat.S_IMODE(kept.stat().st_mode) == 0o444


def test_output_onto_a_symbolic_link_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("keep\n")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    err = refused(runner, str(link))
    assert f"{link}: is a symbolic link" in err
    assert link.is_symlink() and real.read_text() == "keep\n"


def test_output_onto_an_input_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    shutil.copy(STRONG, draft)
    before = draft.read_bytes()
    err = refused(runner, str(draft), inputs=(str(draft),))
    assert f"{draft}: is one of this run's inputs" in err
    twin = tmp_path / "twin.txt"  # the same file under another name
    os.link(draft, twin)
    assert f"{twin}: is one of this run's inputs" in refused(runner, str(twin), inputs=(str(draft),))
    scanned = tmp_path / "folder"  # a file a directory scan reads
    scanned.mkdir()
    shutil.copy(STRONG, scanned / "inner.txt")
    err = refused(runner, str(scanned / "inner.txt"), inputs=(str(scanned),))
    assert "inner.txt: is one of this run's inputs" in err
    assert draft.read_bytes() == before == (scanned / "inner.txt").read_bytes()


def test_an_earlier_report_in_a_scanned_folder_is_rewritten(runner: CliRunner, tree: Path) -> None:
    review = tree / "review.md"
    for _ in range(2):  # the second run finds the first run's report among its inputs, skips it and replaces it
        code, _, err = run(
            runner, "check", str(tree), "-v", "--format", "markdown", "-o", str(review), "--fail-on", "never"
        )
        assert code == 0, err
    assert f"{review.as_posix()}: a report cydcheck wrote (by its content), skipped" in err


def test_a_report_set_is_rewritten_into_the_scanned_folder(runner: CliRunner, tree: Path) -> None:
    formats = ("--format", "html", "--format", "json", "--format", "markdown", "--format", "text")
    (tree / "cydcheck-report.txt").write_text("whatever an older version wrote\n")  # a set's name: never an input
    for _ in range(2):
        code, _, err = run(runner, "check", str(tree), *formats, "-o", str(tree), "--fail-on", "never")
        assert code == 0, err
    assert len(list(tree.glob("cydcheck-report.*"))) == 4
    assert (tree / "cydcheck-report.txt").read_text().splitlines()[-1].startswith("1 document: ")  # its total line


def test_empty_output_is_refused(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert "--output is empty" in refused(runner, "")
    assert list(tmp_path.iterdir()) == []


def test_a_directory_where_a_report_goes_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "cydcheck-report.json").mkdir()
    err = refused(runner, str(tmp_path), "--format", "html")
    assert "cydcheck-report.json: is a directory" in err
    assert not (tmp_path / "cydcheck-report.html").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert f"{blocker}: not a directory" in refused(runner, str(blocker), "--format", "html")


def test_output_into_an_existing_directory_and_through_missing_parents(runner: CliRunner, tmp_path: Path) -> None:
    """Both are useful and kept; the README now says so (it listed "a directory where a file is meant" as refused)."""
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = run(runner, "check", str(STRONG), "-o", str(out))
    assert code == 0 and stdout == "", err
    assert [p.name for p in out.iterdir()] == ["cydcheck-report.txt"]
    deep = tmp_path / "reports" / "2025" / "q4.json"
    code, _, err = run(runner, "check", str(STRONG), "-o", str(deep))
    assert code == 0 and json.loads(deep.read_text())["documents"], err


def test_replacing_a_report_keeps_its_permissions(runner: CliRunner, tmp_path: Path) -> None:
    private = tmp_path / "private.json"
    private.write_text("old\n")
    private.chmod(0o600)
    code, _, err = run(runner, "check", str(STRONG), "--format", "json", "-o", str(private))
    assert code in (0, 1), err
    assert json.loads(private.read_text())["documents"] and stat.S_IMODE(private.stat().st_mode) == 0o600


def test_stdout_is_still_a_dash(runner: CliRunner) -> None:
    code, out, _ = run(runner, "check", str(STRONG), "--format", "json", "-o", "-", "--fail-on", "never")
    assert code == 0 and json.loads(out)["documents"]


@pytest.mark.parametrize("name", ["README.md", "CHANGELOG.md", "SECURITY.md", "MANIFEST.md", "notice.txt"])
def test_a_scan_skips_a_projects_own_papers_by_name(runner: CliRunner, tree: Path, name: str) -> None:
    # They may well talk about cybersecurity (a SECURITY.md does), but they are not the company's disclosure.
    shutil.copy(STRONG, tree / name)
    sources, skipped, _ = sources_and_skipped(runner, str(tree))
    assert sources == [f"{tree.as_posix()}/draft.txt"]
    assert skipped == {f"{tree.as_posix()}/{name}": "not a disclosure (by its name), skipped"}
    code, out, _ = run(runner, "check", str(tree / name), "--format", "json", "--fail-on", "never")
    assert code == 0 and json.loads(out)["documents"][0]["status"] == "reviewed"  # named explicitly: checked


@pytest.mark.parametrize("name", ["governance.md", "security.docx", "readme-draft.md"])
def test_a_draft_named_like_a_part_of_item_1c_is_read(runner: CliRunner, tree: Path, name: str) -> None:
    if name.endswith(".docx"):
        write_docx(tree / name, ["Governance", "Our Board oversees cybersecurity risk through its Audit Committee."])
    else:
        shutil.copy(STRONG, tree / name)
    sources, skipped, _ = sources_and_skipped(runner, str(tree))
    assert f"{tree.as_posix()}/{name}" in sources and not skipped


# -- 5. cydcheck's own reports are never inputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "renamed"),
    [
        ("html", "old.htm"),
        ("json", "data.json"),
        ("markdown", "notes.md"),
        ("text", "summary.txt"),
        ("sarif", "scan.json"),
        ("junit", "results.xml"),
        ("github", "annotations.txt"),
    ],
)
def test_a_renamed_report_in_a_scanned_folder_is_skipped(runner: CliRunner, tree: Path, fmt: str, renamed: str) -> None:
    code, out, err = run(runner, "check", str(STRONG), "--format", fmt, "--fail-on", "never")
    assert code == 0, err
    (tree / renamed).write_text(out, encoding="utf-8")
    sources, skipped, _ = sources_and_skipped(runner, str(tree))
    assert sources == [f"{tree.as_posix()}/draft.txt"]
    assert skipped == {f"{tree.as_posix()}/{renamed}": "a report cydcheck wrote (by its content), skipped"}


@pytest.mark.parametrize(
    ("fmt", "renamed"), [("text", "fy25-vs-fy24.txt"), ("markdown", "fy25-vs-fy24.md"), ("json", "fy25-vs-fy24.json")]
)
def test_a_diff_in_a_scanned_folder_is_skipped(runner: CliRunner, tree: Path, fmt: str, renamed: str) -> None:
    code, out, err = run(runner, "diff", str(STRONG), str(STRONG), "--format", fmt)
    assert code == 0, err
    (tree / renamed).write_text(out, encoding="utf-8")
    sources, skipped, _ = sources_and_skipped(runner, str(tree))
    assert sources == [f"{tree.as_posix()}/draft.txt"]
    assert skipped == {f"{tree.as_posix()}/{renamed}": "a report cydcheck wrote (by its content), skipped"}


def test_a_report_named_explicitly_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    _, out, _ = run(runner, "check", str(STRONG), "--format", "html")
    report = tmp_path / "filing.htm"
    report.write_text(out, encoding="utf-8")
    code, _, err = run(runner, "check", str(report))
    assert code == 2 and f"{report}: a report cydcheck wrote, not a disclosure" in err


@pytest.mark.parametrize(
    "head",
    [
        '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{"tool": '
        '{"driver": {"name": "cydcheck", "version": "1"}}}]}',
        '<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="cydcheck" tests="3">',
        "<!-- generator: cydcheck 0.1.0 -->\n# Anything",
    ],
)
def test_report_markers_of_other_formats(head: str) -> None:
    from cydcheck.inputs import is_cydcheck_report

    assert is_cydcheck_report(SourceFile("r", head.encode()))


def test_disclosures_are_not_taken_for_reports() -> None:
    from cydcheck.inputs import Input, is_cydcheck_report, skip_own_report

    for path in sorted(p for p in EXAMPLES.rglob("*") if p.is_file()):
        source = SourceFile(path.name, path.read_bytes())
        assert not is_cydcheck_report(source), path.name
        assert skip_own_report(Input(path, path.name, scanned=True), source) is None


@pytest.mark.shared
def test_real_filings_are_not_taken_for_reports() -> None:
    from cydcheck.inputs import is_cydcheck_report
    from helpers import CORPUS

    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        assert not is_cydcheck_report(SourceFile(path.name, path.read_bytes())), path.name
