"""`cydcheck annotate`: the findings as Word comments where the text is, and nothing else of the draft changed.

The drafts are fictional and built here (tests/worddraft.py and the builders below). What is checked, on every draft:
every paragraph's text (tracked insertions and deletions included) and every character's formatting read back
identical; everyone else's comments and their anchors identical; every other part of the package identical; each
comment on the sentence its evidence quotes, or on the heading; re-annotating replaces cydcheck's own comments.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import cydcheck
import docx
import pytest
from click.testing import CliRunner
from cydcheck.annotate import MARKER, annotate, own_comments
from cydcheck.api import check_bytes
from cydcheck.cli import cli
from lxml import etree
from worddraft import EXAMPLE, HEDGED, MATERIAL, NOTE, REVIEWER, REVIEWER_COMMENT, build

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
CEX = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
TEXT_TAGS = (f"{W}t", f"{W}delText", f"{W}instrText")


def annotated(data: bytes, name: str = "draft.docx", author: str = "cydcheck", **options: Any) -> bytes:
    report = check_bytes(data, name, config=None, **options)
    return annotate(data, report.documents[0], cydcheck.__version__, len(report.rules), author).data


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def comments_of(data: bytes) -> list[etree._Element]:
    part = members(data).get("word/comments.xml")
    return [] if part is None else list(etree.fromstring(part).iter(f"{W}comment"))


def own_ids(data: bytes, author: str = "cydcheck") -> set[str]:
    out = set()
    for c in comments_of(data):
        paras = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p")]
        if c.get(f"{W}author") == author and paras and MARKER.match(paras[-1].strip()):
            out.add(c.get(f"{W}id") or "")
    return out


def c14n(el: etree._Element | None) -> bytes:
    return b"" if el is None else etree.tostring(el, method="c14n", exclusive=True)


def stream(data: bytes, drop: set[str]) -> list[tuple[Any, ...]]:
    """The body as a stream a run split cannot change: every character with its run's formatting and the tracked
    change or field it stands in, every other element with its attributes — cydcheck's comment markup (ids ``drop``)
    left out."""
    body = etree.fromstring(members(data)["word/document.xml"]).find(f"{W}body")
    out: list[tuple[Any, ...]] = []

    def walk(el: etree._Element) -> None:
        if el.tag in (f"{W}commentRangeStart", f"{W}commentRangeEnd") and el.get(f"{W}id") in drop:
            return
        if el.tag == f"{W}r":
            if any(c.tag == f"{W}commentReference" and c.get(f"{W}id") in drop for c in el):
                return
            fmt = c14n(el.find(f"{W}rPr"))
            for child in el:
                if child.tag == f"{W}rPr":
                    continue
                if child.tag in TEXT_TAGS:
                    out.extend((child.tag, ch, fmt) for ch in child.text or "")
                else:
                    out.append(("in-run", c14n(child), fmt))
            return
        out.append(("start", el.tag, tuple(sorted(el.attrib.items()))))
        for child in el:
            walk(child)
        out.append(("end", el.tag))

    assert body is not None
    walk(body)
    return out


def paragraph_texts(data: bytes) -> list[str]:
    """Every paragraph's text as written, deleted and inserted text alike (what Word shows with all markup)."""
    body = etree.fromstring(members(data)["word/document.xml"])
    return ["".join(t.text or "" for t in p.iter(*TEXT_TAGS)) for p in body.iter(f"{W}p")]


def ranges(data: bytes) -> dict[str, str]:
    """Comment id → the text its range covers (deleted text left out, as the check reads it)."""
    body = etree.fromstring(members(data)["word/document.xml"]).find(f"{W}body")
    assert body is not None
    open_: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for el in body.iter():
        if el.tag == f"{W}commentRangeStart":
            open_[el.get(f"{W}id") or ""] = []
        elif el.tag == f"{W}commentRangeEnd":
            cid = el.get(f"{W}id") or ""
            done[cid] = "".join(open_.pop(cid, []))
        elif el.tag == f"{W}t" and not any(a.tag == f"{W}del" for a in el.iterancestors()):
            for parts in open_.values():
                parts.append(el.text or "")
    return done


def comment_text(el: etree._Element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in el.iter(f"{W}p"))


def by_key(data: bytes) -> dict[str, list[tuple[str, str]]]:
    """Requirement key (or 'summary') → [(comment text, anchored text)] of cydcheck's comments."""
    spans = ranges(data)
    out: dict[str, list[tuple[str, str]]] = {}
    for c in comments_of(data):
        cid = c.get(f"{W}id") or ""
        if cid in own_ids(data):
            text = comment_text(c)
            key = text.rsplit("[cydcheck ", 1)[1].rstrip("]")
            out.setdefault(key, []).append((text, spans[cid]))
    return out


def assert_untouched(before: bytes, after: bytes) -> None:
    """The draft as it was, but for cydcheck's comments: text, formatting, tracked changes, others' comments, and
    every part the comments do not need."""
    drop = own_ids(after)
    assert drop, "no comment was written"
    assert stream(after, drop) == stream(before, set())
    assert paragraph_texts(after) == paragraph_texts(before)
    theirs_before = [c14n(c) for c in comments_of(before)]
    theirs_after = [c14n(c) for c in comments_of(after) if (c.get(f"{W}id") or "") not in drop]
    assert theirs_after == theirs_before
    old, new = members(before), members(after)
    needed = {"word/document.xml", "word/comments.xml"}
    if "word/comments.xml" not in old:  # a first comment also needs its relationship and content type
        needed |= {"word/_rels/document.xml.rels", "[Content_Types].xml"}
    assert set(new) == set(old) | needed
    assert {name for name in old if old[name] != new[name]} <= needed


# --- the example draft -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def draft() -> bytes:
    return EXAMPLE.read_bytes()


@pytest.fixture(scope="module")
def reviewed(draft: bytes) -> bytes:
    return annotated(draft, "larkspur-draft.docx")


def test_example_draft_is_what_the_builder_writes(draft: bytes) -> None:
    committed = check_bytes(draft, "d.docx", config=None).documents[0].disclosure
    built = check_bytes(build(), "d.docx", config=None).documents[0].disclosure
    assert committed.text == built.text and committed.located_by == built.located_by
    assert paragraph_texts(draft) == paragraph_texts(build())


def test_nothing_of_the_draft_changes_but_the_comments(draft: bytes, reviewed: bytes) -> None:
    assert_untouched(draft, reviewed)
    # The reviewer's comment is still there, on the same sentence, with its author and text.
    theirs = [c for c in comments_of(reviewed) if c.get(f"{W}author") == REVIEWER]
    assert [comment_text(c) for c in theirs] == [REVIEWER_COMMENT]
    assert ranges(reviewed)[theirs[0].get(f"{W}id") or ""] == MATERIAL
    # python-docx reads it back: the same paragraphs, and the tracked changes where they were.
    text = [p.text for p in docx.Document(io.BytesIO(reviewed)).paragraphs]
    assert text == [p.text for p in docx.Document(io.BytesIO(draft)).paragraphs]
    body = members(reviewed)["word/document.xml"].decode()
    assert body.count("<w:ins ") == 1 and body.count("<w:del ") == 1 and "every business day" in body


def test_each_comment_stands_where_its_evidence_is(reviewed: bytes) -> None:
    comments = by_key(reviewed)
    heading = "Item 1C. Cybersecurity"
    # Unanswered requirements and the summary: on the section's heading.
    assert [anchor for _, anchor in comments["summary"]] == [heading]
    assert [anchor for _, anchor in comments["106.b.1.iii"]] == [heading]
    assert [anchor for _, anchor in comments["106.c.2.i.expertise"]] == [heading]
    # Requirements whose evidence quotes a sentence: on that sentence.
    assert [anchor for _, anchor in comments["106.b.2"]] == [MATERIAL]
    assert [anchor for _, anchor in comments["doc.specific"]] == [HEDGED]
    assert [anchor for _, anchor in comments["106.b.1.ii"]] == [HEDGED]
    assert [anchor for _, anchor in comments["doc.drafting-notes"]] == [NOTE]
    assert set(comments) == {
        "summary", "106.b.1.ii", "106.b.1.iii", "106.b.2", "106.c.2.i.expertise", "doc.drafting-notes", "doc.specific"
    }  # fmt: skip


def test_what_the_comments_say(reviewed: bytes) -> None:
    comments = by_key(reviewed)
    summary = comments["summary"][0][0].split("\n")
    assert summary[0] == "cydcheck: 5 requirements not met, 1 to review"
    assert "Not met: 106.b.1.iii, 106.b.2, 106.c.2.i.expertise, doc.drafting-notes, doc.specific." in summary
    assert "To review: 106.b.1.ii." in summary
    assert summary[-2] == f"cydcheck {cydcheck.__version__}, 40 rules." and summary[-1] == "[cydcheck summary]"
    providers = comments["106.b.1.iii"][0][0].split("\n")
    assert providers[0].startswith("Not met: Whether there are processes to oversee and identify risks from third")
    assert providers[1] == "Reg. S-K Item 106(b)(1)(iii) (Form 10-K Part I, Item 1C)"
    assert providers[2].startswith("Why: The disclosure does not describe processes to oversee")
    assert providers[3].startswith("What to add: State whether the company has processes")
    review = comments["106.b.1.ii"][0][0].split("\n")
    assert (
        review[0].startswith("Needs review: ")
        and review[2] == "Why: The only statement that would answer it is hypothetical."
    )
    # Authored, bold headline, no date (the same draft gives the same bytes).
    ours = [c for c in comments_of(reviewed) if c.get(f"{W}id") in own_ids(reviewed)]
    assert {c.get(f"{W}author") for c in ours} == {"cydcheck"} and all(c.get(f"{W}date") is None for c in ours)
    assert all(c.find(f".//{W}b") is not None for c in ours)


def test_same_draft_same_bytes(draft: bytes, reviewed: bytes) -> None:
    assert annotated(draft, "larkspur-draft.docx") == reviewed


def test_annotating_again_replaces_cydcheck_comments(draft: bytes, reviewed: bytes) -> None:
    again = annotated(reviewed, "larkspur-draft.docx")
    assert own_comments(again) == own_comments(reviewed)
    assert len(comments_of(again)) == len(comments_of(reviewed)) == 1 + len(own_comments(reviewed))
    assert_untouched(draft, again)
    assert by_key(again) == by_key(reviewed)
    assert annotated(again, "larkspur-draft.docx") == again  # a fixed point after the first pass


def test_only_cydcheck_own_comments_are_replaced(draft: bytes) -> None:
    document = docx.Document(io.BytesIO(draft))
    runs = document.paragraphs[4].runs
    document.add_comment(runs, text="cydcheck said so, but check it", author="cydcheck")  # no marker: a person's
    document.add_comment(runs, text="copied\n[cydcheck 106.b.2]", author="A. Lawyer")  # marker, another author
    saved = io.BytesIO()
    document.save(saved)
    twice = annotated(annotated(saved.getvalue()))
    texts = [(c.get(f"{W}author"), comment_text(c)) for c in comments_of(twice)]
    assert ("cydcheck", "cydcheck said so, but check it") in texts
    assert ("A. Lawyer", "copied\n[cydcheck 106.b.2]") in texts
    assert len(texts) == 3 + len(own_comments(twice))


def test_another_author_name(draft: bytes) -> None:
    signed = annotated(draft, author="Review Bot")
    assert own_ids(signed, "Review Bot") and not own_ids(signed, "cydcheck")
    assert {c.get(f"{W}initials") for c in comments_of(signed) if c.get(f"{W}author") == "Review Bot"} == {"RB"}
    again = annotated(signed, author="Review Bot")
    assert own_comments(again, "Review Bot") == own_comments(signed, "Review Bot")
    assert len(comments_of(again)) == len(comments_of(signed))


def test_words_side_parts_lose_the_entries_of_replaced_comments(reviewed: bytes) -> None:
    """Word keeps, beside comments.xml, a part keyed by each comment's paragraph id (done / reply state). The entries
    of cydcheck's replaced comments go with them; a person's reply to one stays, as a comment of its own."""
    parts = members(reviewed)
    root = etree.fromstring(parts["word/comments.xml"])
    ours = [c for c in root.iter(f"{W}comment") if c.get(f"{W}id") in own_ids(reviewed)]
    theirs = [c for c in root.iter(f"{W}comment") if c.get(f"{W}author") == REVIEWER]
    ids = {}
    for n, c in enumerate(ours + theirs):
        for p in c.iter(f"{W}p"):
            p.set(f"{W14}paraId", f"{n:08X}")
        ids[c.get(f"{W}id")] = f"{n:08X}"
    parts["word/comments.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    mine, person = ids[ours[1].get(f"{W}id")], ids[theirs[0].get(f"{W}id")]
    parts["word/commentsExtended.xml"] = (
        f'<w15:commentsEx xmlns:w15="{W15}"><w15:commentEx w15:paraId="{mine}" w15:done="0"/>'
        f'<w15:commentEx w15:paraId="{person}" w15:paraIdParent="{mine}" w15:done="0"/></w15:commentsEx>'
    ).encode()
    # Word 365 also gives each paragraph id a durable id (commentsIds), which keys commentsExtensible.
    parts["word/commentsIds.xml"] = (
        f'<w16cid:commentsIds xmlns:w16cid="{CID}">'
        f'<w16cid:commentId w16cid:paraId="{mine}" w16cid:durableId="1A2B3C4D"/>'
        f'<w16cid:commentId w16cid:paraId="{person}" w16cid:durableId="5E6F7A8B"/></w16cid:commentsIds>'
    ).encode()
    parts["word/commentsExtensible.xml"] = (
        f'<w16cex:commentsExtensible xmlns:w16cex="{CEX}"><w16cex:commentExtensible w16cex:durableId="1A2B3C4D"/>'
        f'<w16cex:commentExtensible w16cex:durableId="5E6F7A8B"/></w16cex:commentsExtensible>'
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    again = members(annotated(out.getvalue()))
    extended = etree.fromstring(again["word/commentsExtended.xml"])
    assert [(e.get(f"{{{W15}}}paraId"), e.get(f"{{{W15}}}paraIdParent")) for e in extended] == [(person, None)]
    ids_part = etree.fromstring(again["word/commentsIds.xml"])
    assert [e.get(f"{{{CID}}}durableId") for e in ids_part] == ["5E6F7A8B"]
    extensible = etree.fromstring(again["word/commentsExtensible.xml"])
    assert [e.get(f"{{{CEX}}}durableId") for e in extensible] == ["5E6F7A8B"]


# --- drafts built for one point each -------------------------------------------------------------------------------

BODY = (
    "We maintain a cybersecurity risk management program designed to identify, assess and manage material risks from "
    "cybersecurity threats. Our security team monitors our network and endpoints around the clock, runs quarterly "
    "vulnerability scans and tests our incident response plan each year."
)
GOVERNANCE = (
    "Our Board of Directors oversees cybersecurity risk through its Audit Committee, which our Chief Information "
    "Security Officer briefs each quarter."
)


def word(*blocks: tuple[str, object]) -> bytes:
    """A draft from (kind, content) blocks: ("h1"/"h2", text), ("p", [(text, {"bold": True, ...}), ...]),
    ("xml", raw paragraph XML), ("table", [[cell, ...], ...]). No comments unless a block carries them."""
    from docx.oxml import parse_xml

    document = docx.Document()
    for kind, content in blocks:
        if kind in ("h1", "h2"):
            document.add_heading(str(content), level=int(kind[1]))
        elif kind == "p":
            p = document.add_paragraph()
            for text, fmt in content:  # type: ignore[attr-defined]
                run = p.add_run(text)
                for name, value in fmt.items():
                    setattr(run.font, name, value)
        elif kind == "xml":
            document.element.body.append(parse_xml(str(content)))
        elif kind == "table":
            rows = content  # type: ignore[assignment]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[arg-type]
            for row, cells in zip(table.rows, rows, strict=True):  # type: ignore[call-overload]
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


W_DECL = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_sentence_inside_a_run_is_cut_out_of_it_with_its_formatting() -> None:
    hedged = "We may, from time to time, engage third-party consultants to assess our program."
    mixed = [
        (BODY[:60], {"italic": True}),
        (BODY[60:] + " " + hedged[:20], {"bold": True, "italic": True}),  # the sentence starts inside this run…
        (hedged[20:] + " Our CISO reports to the board.", {"underline": True}),  # …and ends inside this one
    ]
    draft = word(("h1", "Item 1C. Cybersecurity"), ("p", mixed), ("p", [(GOVERNANCE, {})]))
    out = annotated(draft)
    assert_untouched(draft, out)
    assert [anchor for _, anchor in by_key(out)["doc.specific"]] == [hedged]
    # The runs were cut at the sentence's edges, each piece keeping its run's formatting.
    paragraph = etree.fromstring(members(out)["word/document.xml"]).findall(f".//{W}p")[1]
    pieces = [
        ("".join(t.text or "" for t in r.iter(f"{W}t")), c14n(r.find(f"{W}rPr"))) for r in paragraph.iter(f"{W}r")
    ]
    texts = [t for t, _ in pieces if t]
    assert hedged[:20] in texts and hedged[20:] in texts and BODY[60:] + " " in texts


def test_a_sentence_in_a_tracked_insertion_is_anchored_there_and_its_mark_stays_outside() -> None:
    hedged = "We may, from time to time, engage third-party consultants to assess our program."
    insertion = (
        f'<w:p {W_DECL}><w:r><w:t xml:space="preserve">{BODY} </w:t></w:r>'
        f'<w:ins w:id="7" w:author="Counsel" w:date="2025-01-02T00:00:00Z"><w:r><w:t>{hedged}</w:t></w:r></w:ins>'
        f'<w:del w:id="8" w:author="Counsel" w:date="2025-01-02T00:00:00Z"><w:r><w:delText> Removed.</w:delText>'
        "</w:r></w:del></w:p>"
    )
    draft = word(("h1", "Item 1C. Cybersecurity"), ("xml", insertion), ("p", [(GOVERNANCE, {})]))
    out = annotated(draft)
    assert_untouched(draft, out)
    assert [anchor for _, anchor in by_key(out)["doc.specific"]] == [hedged]
    body = etree.fromstring(members(out)["word/document.xml"])
    for ref in body.iter(f"{W}commentReference"):  # rejecting the insertion must not delete a comment's mark
        assert not any(a.tag == f"{W}ins" for a in ref.iterancestors())
    (ins,) = body.iter(f"{W}ins")
    inside = [c.tag.rpartition("}")[2] for c in ins]
    assert inside == ["commentRangeStart", "commentRangeStart", "r", "commentRangeEnd", "commentRangeEnd"]


def test_a_note_in_a_table_cell_is_anchored_in_that_cell() -> None:
    note = "[TBD: name the committee]"
    draft = word(
        ("h1", "Item 1C. Cybersecurity"),
        ("p", [(BODY, {})]),
        ("table", [["Oversight", f"The Audit Committee oversees cybersecurity risk. {note}"]]),
        ("p", [(GOVERNANCE, {})]),
    )
    out = annotated(draft)
    assert_untouched(draft, out)
    assert [anchor for _, anchor in by_key(out)["doc.drafting-notes"]] == [note]


def test_a_draft_without_comments_gets_its_comments_part() -> None:
    draft = word(("h1", "Item 1C. Cybersecurity"), ("p", [(BODY, {})]))
    assert "word/comments.xml" not in members(draft)
    out = annotated(draft)
    assert_untouched(draft, out)  # also: only the relationship and the content type besides the two parts
    assert b"comments+xml" in members(out)["[Content_Types].xml"]
    assert docx.Document(io.BytesIO(out)).comments  # python-docx finds them through the relationship


def test_a_draft_without_the_item_gets_one_comment_saying_so() -> None:
    draft = word(("h1", "Item 1A. Risk Factors"), ("p", [("Cyber attacks could harm our business.", {})]),
                 ("h1", "Item 2. Properties"), ("p", [("We lease offices.", {})]))  # fmt: skip
    out = annotated(draft)
    assert_untouched(draft, out)
    comments = by_key(out)
    assert comments["summary"][0][0].startswith("cydcheck: not reviewed: no Item 1C / 16K / 1.05")
    assert [anchor for _, anchor in comments["doc.located"]] == ["Item 1A. Risk Factors"]  # the first paragraph


def test_a_clean_draft_gets_the_summary_alone() -> None:
    strong = (Path(__file__).resolve().parent.parent / "examples" / "northwind-strong.txt").read_text()
    lines = [ln.lstrip("|").strip() for ln in strong.splitlines() if len(ln) > 80]
    draft = word(("h1", "Item 1C. Cybersecurity"), *(("p", [(ln, {})]) for ln in lines))
    report = check_bytes(draft, "strong.docx", config=None)
    unmet = [r.key for r in report.documents[0].requirements if r.status in ("fail", "warning", "notice", "review")]
    out = annotated(draft)
    assert_untouched(draft, out)
    assert sorted(by_key(out)) == sorted(["summary", *unmet])
    if not unmet:
        assert by_key(out)["summary"][0][0].startswith("cydcheck: all ")


# --- the command ------------------------------------------------------------------------------------------------


def test_command_writes_the_annotated_copy_with_check_exit_codes(tmp_path: Path, draft: bytes) -> None:
    runner = CliRunner()
    src = tmp_path / "larkspur-draft.docx"
    src.write_bytes(draft)
    out = tmp_path / "larkspur-draft.reviewed.docx"
    result = runner.invoke(cli, ["annotate", str(src), "-o", str(out), "--no-config"])
    assert result.exit_code == 1, result.output  # errors found: as `check` exits
    assert "wrote 7 comments into" in result.stderr
    assert own_comments(out.read_bytes()) == own_comments(annotated(draft, str(src)))
    assert src.read_bytes() == draft
    again = tmp_path / "again.docx"
    result = runner.invoke(cli, ["annotate", str(out), "-o", str(again), "--no-config", "--fail-on", "never"])
    assert result.exit_code == 0 and "replacing 7 earlier" in result.stderr
    assert len(comments_of(again.read_bytes())) == len(comments_of(out.read_bytes()))


def test_command_author_from_option_and_config(tmp_path: Path, draft: bytes) -> None:
    runner = CliRunner()
    src = tmp_path / "d.docx"
    src.write_bytes(draft)
    config = tmp_path / "c.yaml"
    config.write_text("author: Firm Review\n", encoding="utf-8")
    runner.invoke(cli, ["annotate", str(src), "-o", str(tmp_path / "a.docx"), "--config", str(config)])
    assert own_ids((tmp_path / "a.docx").read_bytes(), "Firm Review")
    runner.invoke(cli, ["annotate", str(src), "-o", str(tmp_path / "b.docx"), "--config", str(config), "--author", "X"])
    assert own_ids((tmp_path / "b.docx").read_bytes(), "X")


@pytest.mark.parametrize(
    ("option", "config", "message"),
    [
        (["--author", "Bad\x01Name"], None, "control character (U+0001)"),
        (["--author", "   "], None, "--author is empty"),
        ([], 'author: "Bad\\x02Name"\n', "control character (U+0002)"),
    ],
)
def test_command_refuses_an_author_word_cannot_store(
    tmp_path: Path, draft: bytes, option: list[str], config: str | None, message: str
) -> None:
    src = tmp_path / "d.docx"
    src.write_bytes(draft)
    settings = ["--no-config"]
    if config is not None:
        (tmp_path / "c.yaml").write_text(config, encoding="utf-8")
        settings = ["--config", str(tmp_path / "c.yaml")]
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(cli, ["annotate", str(src), "-o", str(out), *settings, *option])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert not out.exists()


def test_command_summary_names_the_date_only_when_pinned(tmp_path: Path, draft: bytes) -> None:
    runner = CliRunner()
    src = tmp_path / "d.docx"
    src.write_bytes(draft)
    runner.invoke(cli, ["annotate", str(src), "-o", str(tmp_path / "a.docx"), "--no-config", "--as-of", "2025-06-30"])
    summary = by_key((tmp_path / "a.docx").read_bytes())["summary"][0][0]
    assert ", as of 2025-06-30." in summary


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("draft.md", b"# Item 1C. Cybersecurity\nWe manage cyber risk.\n", "draft.md: not a Word .docx draft"),
        ("broken.docx", b"PK\x03\x04 this is no zip", "broken.docx: not a readable .docx (zip)"),
        ("empty.docx", b"", "empty.docx: the file is empty"),  # on every route, as `check` says it
        ("blank.md", b" \n\t\n", "blank.md: the file is empty (whitespace only)"),
    ],
)
def test_command_refuses_what_is_no_word_draft(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(cli, ["annotate", str(src), "-o", str(out), "--no-config"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cydcheck: error: ") and message in lines[0], result.stderr
    assert not out.exists()


def test_command_output_safety(tmp_path: Path, draft: bytes) -> None:
    runner = CliRunner()
    src = tmp_path / "d.docx"
    src.write_bytes(draft)
    for output, message in ((str(src), "is one of this run's inputs"), (str(tmp_path), "is a directory")):
        result = runner.invoke(cli, ["annotate", str(src), "-o", output, "--no-config"])
        assert result.exit_code == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert src.read_bytes() == draft
    readonly = tmp_path / "ro.docx"
    readonly.write_bytes(b"keep")
    readonly.chmod(0o444)
    result = runner.invoke(cli, ["annotate", str(src), "-o", str(readonly), "--no-config"])
    assert result.exit_code == 2 and "read-only" in result.stderr and readonly.read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.docx", "ro.docx"]  # no temporary file left


def test_command_writes_to_standard_output_when_asked(tmp_path: Path, draft: bytes) -> None:
    src = tmp_path / "d.docx"
    src.write_bytes(draft)
    result = CliRunner().invoke(cli, ["annotate", str(src), "-o", "-", "--no-config"])
    assert result.exit_code == 1 and result.stdout_bytes[:2] == b"PK"
    assert own_comments(result.stdout_bytes) == own_comments(annotated(draft, str(src)))


def test_content_types_python_docx_did_not_load_are_kept(tmp_path: Path) -> None:
    # A package member no relationship reaches (python-docx never loads it) keeps its content type, and so does an
    # extension default; only the comments part's type is added.
    plain = word(("h1", "Item 1C. Cybersecurity"), ("p", [(BODY, {})]), ("p", [(GOVERNANCE, {})]))
    extra = b'<Default Extension="xyz" ContentType="application/x-acme"/>'
    extra += b'<Override PartName="/custom/orphan.xml" ContentType="application/x-orphan+xml"/>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", extra + b"</Types>")
            new.writestr(info, data)
        new.writestr("custom/orphan.xml", b"<a/>")
        new.writestr("custom/data.xyz", b"zz")
    with zipfile.ZipFile(io.BytesIO(annotated(out.getvalue()))) as package:
        types = etree.fromstring(package.read("[Content_Types].xml"))
        assert package.read("custom/orphan.xml") == b"<a/>" and package.read("custom/data.xyz") == b"zz"
    declared = {(e.get("PartName") or e.get("Extension")): e.get("ContentType") for e in types}
    assert declared["/custom/orphan.xml"] == "application/x-orphan+xml" and declared["xyz"] == "application/x-acme"
    assert declared["/word/comments.xml"].endswith("wordprocessingml.comments+xml")
