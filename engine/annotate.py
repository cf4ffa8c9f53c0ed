"""A check's verdicts written into a copy of the Word draft as comments, where counsel work (``cydcheck annotate``).

Each requirement that is not met or needs review becomes a Word comment — the requirement, its citation, why it is not
met and what to add — anchored on the sentence its evidence quotes (the evidence's location names the paragraph; the
quote is found inside it and the runs around it are split at the sentence's edges, text and formatting unchanged), or,
where nothing in the draft answers it, on the section's heading. One summary comment on the heading counts them.

What is never changed: the draft's text, formatting, tracked changes and everyone else's comments. Comments are
written with python-docx (``Document.add_comment``); the package is then rebuilt from the original: every part the
comments do not touch is copied byte for byte, and the new or changed parts (the document, the comments, and — when
the draft had no comments — their relationship and content type) carry fixed timestamps and no comment date, so the
same draft and check give the same bytes.

cydcheck's own comments are recognised by their author and their last line, a marker such as ``[cydcheck 106.b.2]``:
annotating an annotated draft replaces them instead of adding a second set. Comments by anyone else — a reviewer who
uses the same name included, unless the marker is there too — are kept as they are.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .errors import ConfigError, InputError
from .model import TEXT_FIELD, DocumentResult, Evidence, RequirementVerdict, Segment
from .parsers.docx import UNREAD
from .parsers.ixbrl import safe_xml_parser
from .text import clean_line, fold_hyphens

DEFAULT_AUTHOR = "cydcheck"
ANNOTATED = ("fail", "warning", "notice", "review")
"""Requirement states that become comments: not met (at any severity) and needs review."""
LABEL = {"fail": "Not met", "warning": "Not met (warning)", "notice": "Notice", "review": "Needs review"}
MARKER = re.compile(r"^\[cydcheck(?: [^\]\s]+)?\]$")
"""The last line of every comment cydcheck writes: with the author, how its own comments are told from others'."""
SUMMARY_KEY = "summary"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every zip member annotate writes (the earliest a zip can hold): no clock in the output."""

_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{_NS}}}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Text that reads as removed (tracked deletions, moved-away text) or is no text (field codes, note marks): the same
# elements the docx parser leaves out, so a quote is looked for in the text the check read.
_TRACKED_INSERTION = {f"{W}ins", f"{W}moveTo"}
_SPACE = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u200a\u3000\u200b]")  # what clean_line folds (engine/text.py)
_PARAGRAPH = re.compile(r"^(?:table row at )?paragraph (\d+)$")
_HEADING_AT = re.compile(r"heading at (?:table row at )?paragraph (\d+)")
# Parts Word keeps beside comments.xml, keyed by the paraId of a comment's paragraphs: entries of removed comments go.
_COMMENT_SIDE_PARTS = {
    "commentsExtended": ("{http://schemas.microsoft.com/office/word/2012/wordml}", "paraId", "paraIdParent"),
    "commentsIds": ("{http://schemas.microsoft.com/office/word/2016/wordml/cid}", "paraId", None),
    # Keyed by the durable id that commentsIds gives each paragraph id (Word 365 writes it).
    "commentsExtensible": ("{http://schemas.microsoft.com/office/word/2018/wordml/cex}", "durableId", None),
}


@dataclass(frozen=True)
class Note:
    """One comment to write: its paragraphs (the last is the marker) and where it is anchored."""

    paragraphs: tuple[str, ...]
    paragraph: int | None  # 1-based body paragraph number; None: the heading
    quote: str = ""
    offset: int | None = None  # where the quote starts within its paragraph's text, as the check read it
    row: bool = False  # the location was a table row (the quote may stand in any of its cells)


@dataclass(frozen=True)
class Annotated:
    """The annotated draft and what was written."""

    data: bytes
    comments: int
    replaced: int


# What XML 1.0 cannot hold (C0 controls other than tab and line ends, lone surrogates, U+FFFE/U+FFFF): a comment's
# author is an attribute of comments.xml, so a name with one could not be written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def author_name(given: str | None, configured: str | None = None) -> str:
    """The comments' author: ``--author``, else the configuration's ``author``, else ``cydcheck`` — its whitespace
    folded. An empty name, or one Word's XML cannot hold, is a :class:`~cydcheck.errors.ConfigError` (one line)."""
    raw = given if given is not None else (configured or DEFAULT_AUTHOR)
    name = " ".join(raw.split())
    if not name:
        raise ConfigError("--author is empty: give the name the comments are to carry")
    bad = _NOT_XML.search(name)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        raise ConfigError(f"the comments' author {name!r} holds a control character ({code}) Word cannot store")
    return name


def annotate(
    data: bytes,
    result: DocumentResult,
    version: str,
    rules: int,
    author: str = DEFAULT_AUTHOR,
    as_of: str | None = None,
) -> Annotated:
    """The draft ``data`` (a .docx package) with ``result``'s verdicts as comments. ``version`` and ``rules`` (how many
    ran) go into the summary comment, with ``as_of`` when the check was pinned to a date."""
    author = author_name(author)
    display = result.disclosure.source
    document = _open(data, display)
    body = document.element.body
    had_comments = _has_comments(document)
    removed, removed_para_ids = _remove_own(document, body, author)
    paragraphs = list(body.iter(f"{W}p"))
    heading = _heading(result, paragraphs)
    if heading is None:
        raise InputError(f"{display}: the draft has no text to anchor a comment on")
    notes = [summary_note(result, version, rules, as_of), *requirement_notes(result)]
    for note in notes:
        first, last = _anchor(note, paragraphs, heading, result)
        _comment(document, first, last, note.paragraphs, author)
    out = io.BytesIO()
    document.save(out)
    changed = {_member(document.part.partname)}
    changed.add(_member(_comments_part(document).partname))  # created by the first comment if the draft had none
    if not had_comments:
        changed |= {_member(document.part.partname.rels_uri), "[Content_Types].xml"}
    return Annotated(_rebuild(data, out.getvalue(), changed, removed_para_ids, display), len(notes), removed)


# -- what the comments say -----------------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_note(result: DocumentResult, version: str, rules: int, as_of: str | None = None) -> Note:
    """The comment on the heading: how many requirements are not met and to review, which, and what checked them."""
    states = [r.status for r in result.requirements]
    unmet = [r.key for r in result.requirements if r.status in ("fail", "warning", "notice")]
    review = [r.key for r in result.requirements if r.status == "review"]
    waived = [r.key for r in result.requirements if r.status == "waived"]
    met = states.count("pass")
    counted = met + len(unmet) + len(review) + len(waived)
    if not result.reviewed:
        headline = f"cydcheck: {result.status_note or 'not reviewed'}"
    elif unmet or review:
        parts = [f"{_plural(len(unmet), 'requirement')} not met"] if unmet else []
        parts += [f"{len(review)} to review"] if review else []
        if not unmet:
            parts[0] = f"{_plural(len(review), 'requirement')} to review"
        headline = "cydcheck: " + ", ".join(parts)
    else:
        headline = f"cydcheck: all {_plural(met, 'requirement')} met"
    lines = [headline]
    if result.reviewed:
        lines.append(f"{met} of {_plural(counted, 'requirement')} met.")
    if unmet:
        lines.append("Not met: " + ", ".join(unmet) + ".")
    if review:
        lines.append("To review: " + ", ".join(review) + ".")
    if waived:
        lines.append("Waived: " + ", ".join(waived) + ".")
    if unmet or review:
        lines.append("Each is a comment where the text is, or here where the draft does not answer it.")
    stamp = f"cydcheck {version}, {_plural(rules, 'rule')}"
    lines.append(stamp + (f", as of {as_of}." if as_of else "."))
    lines.append(f"[cydcheck {SUMMARY_KEY}]")
    return Note(tuple(lines), None)


def _comment_lines(verdict: RequirementVerdict, quoted: bool, evidence: Evidence | None) -> tuple[str, ...]:
    lines = [f"{LABEL[verdict.status]}: {verdict.title}", verdict.citation]
    why = verdict.summary
    label = f"{LABEL[verdict.status]}: "
    if why.lower().startswith(label.lower()) and len(why) > len(label):  # the headline says it already
        why = why[len(label)].upper() + why[len(label) + 1 :]
    if why:
        lines.append(f"Why: {why}")
    if verdict.fix:
        lines.append(f"What to add: {verdict.fix}")
    if quoted and evidence is not None:
        lines.append(f"Quoted: “{evidence.quote}”")
    lines.append(f"[cydcheck {verdict.key}]")
    return tuple(" ".join(line.split()) for line in lines)


def requirement_notes(result: DocumentResult) -> list[Note]:
    """One comment for each place a requirement that is not met or needs review points to: each sentence its evidence
    quotes in the draft (several for drafting notes and hedged sentences), else the heading."""
    notes: list[Note] = []
    segments = result.disclosure.text_segments
    for verdict in result.requirements:
        if verdict.status not in ANNOTATED:
            continue
        placed: list[Note] = []
        for ev in verdict.evidence:
            at = _paragraph_of(ev)
            if at is None:
                continue
            number, row = at
            note = Note(_comment_lines(verdict, False, ev), number, ev.quote, _offset_in(segments, ev), row)
            if all((n.paragraph, n.quote) != (note.paragraph, note.quote) for n in placed):
                placed.append(note)
        if not placed:  # nothing in the draft answers it (or its evidence is not in the body): on the heading
            first = verdict.evidence[0] if verdict.evidence else None
            placed.append(Note(_comment_lines(verdict, first is not None, first), None))
        notes.extend(placed)
    return notes


def _paragraph_of(ev: Evidence) -> tuple[int, bool] | None:
    """The body paragraph a docx evidence location names ("paragraph 12", "table row at paragraph 12")."""
    if ev.field != TEXT_FIELD or ev.location is None or ev.location.element is None:
        return None
    m = _PARAGRAPH.match(ev.location.element)
    return (int(m[1]), ev.location.element.startswith("table")) if m else None


def _offset_in(segments: Sequence[Segment], ev: Evidence) -> int | None:
    """Where the quote starts within its paragraph's text (to choose among repeats of a sentence)."""
    for seg in segments:
        if seg.start <= ev.start < seg.end:
            return ev.start - seg.start
    return None


# -- opening, and what is cydcheck's ---------------------------------------------------------------------------------


def _open(data: bytes, display: str) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError) as exc:
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputError(f"{display}: cannot open as a Word document to comment on: {detail}") from None


def _has_comments(document: Any) -> bool:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return any(rel.reltype == RT.COMMENTS for rel in document.part.rels.values())


def _comments_part(document: Any) -> Any:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return document.part.part_related_by(RT.COMMENTS)


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def is_own(comment: etree._Element, author: str) -> bool:
    """Whether a ``w:comment`` is one cydcheck wrote under ``author``: that author, and the marker as its last line."""
    if comment.get(f"{W}author") != author:
        return False
    paras = [p for p in comment.iter(f"{W}p") if _text(p).strip()]
    return bool(paras) and MARKER.match(_text(paras[-1]).strip()) is not None


def _remove_own(document: Any, body: etree._Element, author: str) -> tuple[int, set[str]]:
    """Remove cydcheck's earlier comments and their anchors. Returns how many, and their paragraphs' paraIds (for
    Word's side parts)."""
    if not _has_comments(document):
        return 0, set()
    comments = _comments_part(document).element
    own = [c for c in comments.iter(f"{W}comment") if is_own(c, author)]
    ids = {c.get(f"{W}id") for c in own}
    para_ids = {p.get(f"{W14}paraId") for c in own for p in c.iter(f"{W}p")} - {None}
    for c in own:
        c.getparent().remove(c)
    if ids:
        for tag in ("commentRangeStart", "commentRangeEnd"):
            for el in list(body.iter(f"{W}{tag}")):
                if el.get(f"{W}id") in ids:
                    _drop(el)
        for ref in list(body.iter(f"{W}commentReference")):
            if ref.get(f"{W}id") in ids:
                run = ref.getparent()
                _drop(ref)
                if run is not None and run.tag == f"{W}r" and all(c.tag == f"{W}rPr" for c in run):
                    _drop(run)
    return len(own), {p for p in para_ids if p is not None}


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


# -- anchoring ---------------------------------------------------------------------------------------------------


def _heading(result: DocumentResult, paragraphs: list[etree._Element]) -> int | None:
    """The paragraph (0-based) the summary and the unanswered requirements are anchored on: the section's heading as
    the check found it, else the section's first paragraph (a draft that is the disclosure alone), else the draft's
    first paragraph with text."""
    doc = result.disclosure
    candidates: list[int] = []
    found = _HEADING_AT.findall(doc.located_by or "")
    if found:
        candidates.append(int(found[-1]) - 1)  # a cross-reference's target heading is named last
    if doc.text_segments:
        m = _PARAGRAPH.match(doc.text_segments[0].location.element or "")
        if m:
            candidates.append(int(m[1]) - 1)
    candidates.append(0)
    for start in candidates:
        for i in range(max(start, 0), len(paragraphs)):
            if _visible_runs(paragraphs[i]):
                return i
    return None


def _visible_runs(p: etree._Element) -> list[etree._Element]:
    """The paragraph's runs with text that reads (not deleted, not in a nested text box), in order."""
    return [r for r in _own_runs(p) if any(c.tag == f"{W}t" and c.text for c in r)]


def _own_runs(p: etree._Element) -> Iterator[etree._Element]:
    stack = list(reversed(p))
    while stack:
        node = stack.pop()
        if node.tag in UNREAD or node.tag == f"{W}p":
            continue
        if node.tag == f"{W}r":
            yield node
            continue
        stack.extend(reversed(node))


def _chars(p: etree._Element) -> tuple[str, list[tuple[etree._Element, int] | None]]:
    """The paragraph's text as the check read it (folded as clean_line folds it: spaces, hyphens), and for each
    character the ``w:t`` and offset it comes from (None for a tab or break, which read as a space)."""
    raw: list[tuple[str, tuple[etree._Element, int] | None]] = []
    for run in _own_runs(p):
        for child in run:
            if child.tag == f"{W}t":
                raw.extend((ch, (child, i)) for i, ch in enumerate(fold_hyphens(child.text or "")))
            elif child.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
                raw.append((" ", None))
            elif child.tag == f"{W}noBreakHyphen":  # read as "-" by the docx parser
                raw.append(("-", None))
    text: list[str] = []
    where: list[tuple[etree._Element, int] | None] = []
    for ch, at in raw:
        if _SPACE.match(ch):
            if text and text[-1] != " ":
                text.append(" ")
                where.append(at)
            continue
        text.append(ch)
        where.append(at)
    if text and text[-1] == " ":
        text.pop()
        where.pop()
    return "".join(text), where


def _find(text: str, quote: str, hint: int | None) -> int:
    """Where ``quote`` stands in ``text`` (the occurrence nearest ``hint`` when it repeats), or -1."""
    hits = [m.start() for m in re.finditer(re.escape(quote), text)] if quote else []
    if not hits:
        return -1
    return min(hits, key=lambda at: abs(at - hint)) if hint is not None else hits[0]


def _anchor(
    note: Note, paragraphs: list[etree._Element], heading: int, result: DocumentResult
) -> tuple[etree._Element, etree._Element]:
    """The first and last run of the text a note comments on."""
    if note.paragraph is None or not 0 < note.paragraph <= len(paragraphs):
        return _whole(paragraphs[heading])
    target = paragraphs[note.paragraph - 1]
    pool = [target]
    if note.row:  # the row's paragraphs, the one named first
        row = next((a for a in target.iterancestors(f"{W}tr")), None)
        if row is not None:
            pool = [target, *(p for p in row.iter(f"{W}p") if p is not target)]
    quote = clean_line(note.quote)
    for p in pool:
        text, where = _chars(p)
        at = _find(text, quote, note.offset if p is target else None)
        if at >= 0 and all(where[i] is not None for i in (at, at + len(quote) - 1)):
            return _split_range(where[at], where[at + len(quote) - 1])  # type: ignore[arg-type]
    for p in pool:
        if _visible_runs(p):
            return _whole(p)
    return _whole(paragraphs[heading])


def _whole(p: etree._Element) -> tuple[etree._Element, etree._Element]:
    runs = _visible_runs(p)
    return runs[0], runs[-1]


def _split_range(
    first: tuple[etree._Element, int], last: tuple[etree._Element, int]
) -> tuple[etree._Element, etree._Element]:
    """Split runs so that one run starts at ``first`` and one ends after ``last`` (each a ``w:t`` and an offset); the
    later cut first, so the earlier position still holds. Returns the first and the last run of the range."""
    t_last, i_last = last
    end_run = _split_after(t_last, i_last)
    t_first, i_first = first
    first_run = t_first.getparent()
    start_run = _split_before(t_first, i_first)
    if first_run is end_run and start_run is not first_run:  # both in one run: the range's end moved with its start
        end_run = start_run
    return start_run, end_run


def _split_before(t: etree._Element, i: int) -> etree._Element:
    """The run that starts with character ``i`` of ``t`` (the run is cut there if it does not already start there)."""
    run = _run_of(t)
    content = [c for c in run if c.tag != f"{W}rPr"]
    if i == 0 and content and content[0] is t:
        return run
    return _cut(run, t, i)


def _split_after(t: etree._Element, i: int) -> etree._Element:
    """The run that ends with character ``i`` of ``t`` (the run is cut after it if it does not already end there)."""
    run = _run_of(t)
    content = [c for c in run if c.tag != f"{W}rPr"]
    if i == len(t.text or "") - 1 and content and content[-1] is t:
        return run
    _cut(run, t, i + 1)
    return run


def _run_of(t: etree._Element) -> etree._Element:
    run = t.getparent()
    if run is None:  # a w:t is always in a run: _chars only maps characters of runs
        raise ValueError("a w:t outside a run")
    return run


def _cut(run: etree._Element, t: etree._Element, i: int) -> etree._Element:
    """Cut ``run`` before character ``i`` of its ``w:t`` ``t``: the run keeps what comes before, a new run with the same
    properties gets the rest. Returns the new run."""
    from docx.oxml.parser import OxmlElement

    tail = OxmlElement("w:r")
    for name, value in run.attrib.items():
        tail.set(name, value)
    rpr = run.find(f"{W}rPr")
    if rpr is not None:
        tail.append(copy.deepcopy(rpr))
    text = t.text or ""
    moved = list(t.itersiblings())
    if i <= 0:
        moved.insert(0, t)
    elif i < len(text):
        preserve = t.get(_XML_SPACE) == "preserve"
        rest = OxmlElement("w:t")
        rest.text = text[i:]
        t.text = text[:i]
        for piece in (t, rest):  # a space now at a cut must still read
            if preserve or piece.text != (piece.text or "").strip():
                piece.set(_XML_SPACE, "preserve")
        tail.append(rest)
    for el in moved:
        tail.append(el)  # moves it
    run.addnext(tail)
    return tail


def _comment(document: Any, first: etree._Element, last: etree._Element, lines: Sequence[str], author: str) -> None:
    from docx.text.run import Run

    story: Any = None  # a Run needs its story part only for properties annotate does not use
    runs = [Run(first, story), Run(last, story)]  # type: ignore[arg-type]  # a w:r parsed by python-docx is its CT_R
    comment = document.add_comment(runs, text="\n".join(lines), author=author, initials=_initials(author))
    element = _comments_part(document).element.get_comment_by_id(comment.comment_id)
    element.attrib.pop(f"{W}date", None)  # no clock in the output: the same check gives the same bytes
    first_paragraph = comment.paragraphs[0]
    if first_paragraph.runs:
        first_paragraph.runs[-1].bold = True
    _reference_outside_insertion(first.getparent(), last)


def _reference_outside_insertion(container: etree._Element | None, last: etree._Element) -> None:
    """python-docx puts the comment's reference mark right after the last run. Inside a tracked insertion it would
    itself read as inserted text, and rejecting the insertion would drop the comment: it goes after the insertion."""
    end = last.getnext()  # w:commentRangeEnd, then the reference run
    ref = end.getnext() if end is not None else None
    if ref is None or ref.find(f"{W}commentReference") is None:
        return
    outer = None
    for ancestor in ref.iterancestors():
        if ancestor.tag == f"{W}p":
            break
        if ancestor.tag in _TRACKED_INSERTION:
            outer = ancestor
    if outer is not None:
        outer.addnext(ref)


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.split() if word[:1].isalnum()).upper()[:4] or "C"


# -- the package ----------------------------------------------------------------------------------------------------


def _member(partname: Any) -> str:
    return str(partname).lstrip("/")


def _rebuild(original: bytes, saved: bytes, changed: set[str], removed_para_ids: set[str], display: str) -> bytes:
    """The output package: the original's members in their order, byte for byte, except those annotate changed (taken
    from python-docx's save) and Word's comment side parts (entries of removed comments dropped); new members after.
    Every member annotate writes gets a fixed timestamp."""
    with zipfile.ZipFile(io.BytesIO(original)) as old, zipfile.ZipFile(io.BytesIO(saved)) as new:
        new_names = set(new.namelist())
        ids = _side_ids(old, removed_para_ids)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            written = set()
            for info in old.infolist():
                if info.filename in written:
                    continue
                written.add(info.filename)
                if info.filename == _CONTENT_TYPES and info.filename in changed:
                    data = _add_content_types(old.read(info.filename), new.read(info.filename), display)
                elif info.filename in changed and info.filename in new_names:
                    data = new.read(info.filename)
                else:
                    data = old.read(info.filename)
                    data = _drop_side_entries(info.filename, data, ids)
                    if info.filename not in changed and data == old.read(info.filename):
                        zf.writestr(_copy_info(info), data)
                        continue
                zf.writestr(_fixed_info(info.filename, info.compress_type), data)
            for name in new.namelist():
                if name not in written and name in changed:
                    zf.writestr(_fixed_info(name, zipfile.ZIP_DEFLATED), new.read(name))
                    written.add(name)
    return out.getvalue()


_CONTENT_TYPES = "[Content_Types].xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _add_content_types(original: bytes, saved: bytes, display: str) -> bytes:
    """The original ``[Content_Types].xml`` with only what python-docx's save adds (the comments part's override):
    python-docx rewrites it from the parts it loaded, which would drop the types of members it did not load."""
    try:
        old = etree.fromstring(original, parser=safe_xml_parser())
        new = etree.fromstring(saved, parser=safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{display}: [Content_Types].xml is not readable XML: {exc}") from None
    known = {(e.tag, (e.get("PartName") or e.get("Extension") or "").lower()) for e in old}
    added = [e for e in new if (e.tag, (e.get("PartName") or e.get("Extension") or "").lower()) not in known]
    if not added:
        return original
    for element in added:
        element.tail = None
        old.append(element)
    return bytes(etree.tostring(old, xml_declaration=True, encoding="UTF-8", standalone=True))


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """An untouched member as it was: name, time, compression, attributes."""
    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    copy.comment = info.comment
    return copy


def _fixed_info(name: str, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = compress_type if compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) else 8
    info.external_attr = 0o644 << 16
    return info


def _side_ids(package: zipfile.ZipFile, para_ids: set[str]) -> dict[str, set[str]]:
    """The ids of the removed comments in each side part: their paragraph ids, and the durable ids commentsIds gives
    those paragraph ids (which key commentsExtensible)."""
    ns, key, _ = _COMMENT_SIDE_PARTS["commentsIds"]
    durable: set[str] = set()
    for name in package.namelist():
        if para_ids and name.rsplit("/", 1)[-1] == "commentsIds.xml":
            try:
                root = etree.fromstring(package.read(name), safe_xml_parser())
            except etree.XMLSyntaxError:
                continue
            durable |= {e.get(f"{ns}durableId", "") for e in root if e.get(f"{ns}{key}") in para_ids}
    return {"commentsExtended": para_ids, "commentsIds": para_ids, "commentsExtensible": durable - {""}}


def _drop_side_entries(name: str, data: bytes, side_ids: dict[str, set[str]]) -> bytes:
    """Word's commentsExtended / commentsIds / commentsExtensible parts without the entries of removed comments (a
    reply to one of them is kept, as a comment of its own)."""
    stem = name.rsplit("/", 1)[-1].removesuffix(".xml")
    para_ids = side_ids.get(stem, set())
    if not para_ids or stem not in _COMMENT_SIDE_PARTS:
        return data
    ns, key, parent_key = _COMMENT_SIDE_PARTS[stem]
    try:
        root = etree.fromstring(data, safe_xml_parser())
    except etree.XMLSyntaxError:
        return data  # not ours to repair
    changed = False
    for entry in list(root):
        if entry.get(f"{ns}{key}") in para_ids:
            root.remove(entry)
            changed = True
        elif parent_key and entry.get(f"{ns}{parent_key}") in para_ids:
            del entry.attrib[f"{ns}{parent_key}"]
            changed = True
    if not changed:
        return data
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def own_comments(data: bytes, author: str = DEFAULT_AUTHOR) -> list[str]:
    """The text of each comment cydcheck wrote into ``data`` (a .docx) under ``author``, in order — for tests and
    for tools that read an annotated draft back."""
    document = _open(data, "draft")
    if not _has_comments(document):
        return []
    comments = _comments_part(document).element
    return ["\n".join(_text(p) for p in c.iter(f"{W}p")) for c in comments.iter(f"{W}comment") if is_own(c, author)]
