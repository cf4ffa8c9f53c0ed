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
