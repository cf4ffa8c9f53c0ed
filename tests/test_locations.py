"""Evidence in HTML and inline XBRL points at the sentence's paragraph: line AND column of its element's start tag
in the source, and the element's id or a short XPath that finds it — computed in one linear pass, never wrong."""

from __future__ import annotations

import html
import re
from pathlib import Path

import cidocs
import cydcheck
import pytest
from cydcheck.model import Disclosure, SourceLocation
from cydcheck.parsers.htmltext import local
from cydcheck.parsers.ixbrl import parse_xml
from cydcheck.parsers.sourcemap import SourceMap
from cydcheck.sources import SourceFile
from cydcheck.text import clean_line
from helpers import CORPUS, best_time
from lxml import etree
from lxml import html as lxml_html

_STEP = re.compile(r"(?P<name>[\w.-]+)(?:\[(?P<n>\d+)\])?")


def resolve(root: etree._Element, name: str) -> etree._Element:
    """The element a location's name designates: '#id', or '//*[@id="x"]/div[2]/p', or '/html/body/p[3]'."""
    if name.startswith("#"):
        (found,) = [el for el in root.iter() if el.get("id") == name[1:]]
        return found
    node = root
    path = name
    if path.startswith("//*[@id="):
        anchor, _, path = path.partition("]/")
        (node,) = [el for el in root.iter() if el.get("id") == anchor[len('//*[@id="') : -1]]
    else:
        first, _, path = path.lstrip("/").partition("/")
        assert local(root) == first
    for step in path.split("/") if path else []:
        m = _STEP.fullmatch(step)
        assert m is not None, step
        same = [c for c in node if isinstance(c.tag, str) and local(c) == m["name"]]
        node = same[int(m["n"] or 1) - 1]
        if m["n"] is None:
            assert len(same) == 1, name
    return node


def check_locations(doc: Disclosure, data: bytes, root: etree._Element) -> int:
    """Every section segment's location: its column is a start tag on its line, of the element its name finds."""
    lines = data.decode("utf-8").split("\n")
    checked = 0
    for seg in doc.text_segments:
        loc = seg.location
        assert loc.line is not None and loc.element, loc
        el = resolve(root, loc.element)
        assert el.sourceline == loc.line
        if loc.column is not None:
            tag = lines[loc.line - 1][loc.column - 1 :]
            assert re.match(r"<([\w:.-]+)", tag) is not None
            assert re.match(r"<(?:[\w.-]+:)?" + re.escape(local(el)) + r"\b", tag, re.I), (loc, tag[:40])
            checked += 1
        # The paragraph's first word stands right after that tag (markup and entities between are allowed).
        after = lines[loc.line - 1][(loc.column or 1) - 1 :][:20000]
        shown = clean_line(html.unescape(re.sub(r"<[^>]*>", "", after)))
        assert shown.startswith(doc.text[seg.start : seg.end].split()[0]), (loc, shown[:60])
    return checked


def test_one_line_inline_xbrl_gets_columns_and_paths(tmp_path: Path) -> None:
    data = cidocs.ixbrl(cidocs.STRONG).encode()
    path = tmp_path / "calder.htm"
    path.write_bytes(data)
    doc = cydcheck.parse(path)
    assert doc.format == "ixbrl" and len({s.location.line for s in doc.text_segments}) == 1  # all on one line
    root = parse_xml(SourceFile(str(path), data))
    assert check_locations(doc, data, root) == len(doc.text_segments)
    names = {s.location.element for s in doc.text_segments}
    assert "#s2" in names  # an element with an id is named by it
    assert any(n and n.startswith('//*[@id="item1c"]/div[') for n in names)  # else a path from the nearest id
    assert len({s.location.column for s in doc.text_segments}) == len(doc.text_segments)


def test_html_with_comments_scripts_and_implied_elements(tmp_path: Path) -> None:
    source = cidocs.html(cidocs.STRONG, one_line=True)
    # An implied <tbody>-like case: text before <html> makes the parser invent elements; a stray end tag; '<' in an
    # attribute value. None of them may shift a column.
    source = "<!DOCTYPE html>\n" + source.replace('<div id="item1c">', '<div id="item1c" title="a<b">')
    data = source.encode()
    path = tmp_path / "calder.htm"
    path.write_bytes(data)
    doc = cydcheck.parse(path)
    assert doc.format == "html"
    root = lxml_html.document_fromstring(data)
    assert check_locations(doc, data, root) == len(doc.text_segments) > 10


def test_evidence_points_at_its_paragraph_not_the_line(tmp_path: Path) -> None:
    path = tmp_path / "calder.htm"
    path.write_text(cidocs.ixbrl(cidocs.draft_2025()), encoding="utf-8")
    report = cydcheck.check([path], config=None)
    located = [ev.location for f in report.documents[0].findings for ev in f.evidence if ev.location is not None]
    assert located and all(loc.line is not None and loc.column is not None and loc.element for loc in located)
    assert len({loc.column for loc in located}) > 3  # different sentences, different places on the one line


def test_a_misread_tag_gives_no_column_never_a_wrong_one() -> None:
    # The scan sees '<b' inside the comment-like text of a processing instruction as nothing, and a made-up element
    # (lxml's implied <html>/<body>) has no tag in the source: both must come out without a column.
    data = b"text before any tag <p>One.</p><p id='x'>Two.</p>"
    root = lxml_html.document_fromstring(data)
    smap = SourceMap(data, root, html=True)
    cols = {el.tag: smap.column(el) for el in root.iter()}
    assert cols["html"] is None and cols["body"] is None
    for el in root.iter("p"):
        col = smap.column(el)
        assert col is None or data.decode()[col - 1 :].startswith("<p")


@pytest.mark.parametrize("as_html", [False, True])
def test_the_walk_records_every_element_the_map_would_list(as_html: bool) -> None:
    """The paragraph walk hands the source map the elements it passes (skipped subtrees, comments, processing
    instructions and script bodies among them): the same elements, in the same order, as the map's own listing,
    so every location is the same."""
    from cydcheck.parsers.htmltext import paragraphs

    body = (
        '<div id="a"><!-- c <p> --><p>One <span>two</span></p><?pi x?>tail</div>'
        '<script>var x = "a &lt; b";</script><ix:header><ix:hidden><p>hidden</p></ix:hidden></ix:header>'
        "<table><tr><td>cell</td><td><p>deep <b>bold</b></p></td></tr></table>"
    )
    xml = f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"><body>{body}</body></html>'
    data = xml.encode()
    root = lxml_html.document_fromstring(data) if as_html else etree.fromstring(data)
    skip = {"{http://www.xbrl.org/2013/inlineXBRL}header"}
    recorded: list[etree._Element] = []
    paragraphs([root], skip=skip, elements=recorded)
    assert recorded == list(root.iter(etree.Element))
    walked = SourceMap(data, root, html=as_html, elements=recorded)
    listed = SourceMap(data, root, html=as_html)
    assert [walked.locate(el) for el in root.iter(etree.Element)] == [
        listed.locate(el) for el in root.iter(etree.Element)
    ]


def test_an_element_the_source_spells_no_tag_for_gets_no_column() -> None:
    """libxml2's recovering parser can make more elements than the source has start tags ('<text<x:y>' is read as
    two): the elements past the last tag are located without a column, not a crash."""
    data = b'<html xmlns:x="urn:x"><body><b>\n><x:y><text<x:y><td></b><&</body></html>'
    root = etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    elements = list(root.iter(etree.Element))
    smap = SourceMap(data, root)
    located = [smap.locate(el) for el in elements]
    assert located[-1].column is None and located[0].column == 1


def test_the_scan_is_linear() -> None:
    def build(n: int) -> tuple[bytes, etree._Element]:
        data = (
            "<html><body>" + "".join(f"<p>Paragraph {i}.</p><!-- a <p> -->" for i in range(n)) + "</body></html>"
        ).encode()
        return data, lxml_html.document_fromstring(data)

    def timed(n: int) -> float:
        data, root = build(n)
        paras = list(root.iter("p"))

        def locate_all() -> None:
            smap = SourceMap(data, root, html=True)  # a fresh map each round: its one scan is what is timed
            for el in paras:
                smap.locate(el)

        return best_time(locate_all)

    small, large = timed(4000), timed(16000)
    assert large < small * 4 * 2.5, (small, large)  # 4x the input: ~4x the time (quadratic would be 16x)
    data, root = build(50)
    smap = SourceMap(data, root, html=True)
    last = list(root.iter("p"))[-1]
    assert smap.locate(last) == SourceLocation(
        line=1, column=data.decode().rindex("<p>Paragraph") + 1, element="/html/body/p[50]"
    )


@pytest.mark.shared
@pytest.mark.parametrize("folder", ["ixbrl", "html"])
def test_every_corpus_paragraph_has_a_true_column(folder: str) -> None:
    checked = 0
    for path in sorted((CORPUS / folder).glob("*.htm")):
        data = path.read_bytes()
        doc = cydcheck.parse(path)
        ixbrl = doc.format == "ixbrl"
        root = parse_xml(SourceFile(str(path), data)) if ixbrl else lxml_html.document_fromstring(data)
        assert check_locations(doc, data, root) == len(doc.text_segments), path.name  # every one has a column
        checked += len(doc.text_segments)
    assert checked > 50
