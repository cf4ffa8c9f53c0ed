"""Untagged HTML filings (10-K, 20-F, 8-K as EDGAR ``.htm``, older or non-XHTML): the cybersecurity item found by
its heading, and the cover page's form, registrant and fiscal year end. lxml's tolerant HTML parser reads what the
XML parser would refuse (unclosed tags, ``<font>``, stray entities)."""

from __future__ import annotations

import codecs
import re

from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..model import Diagnostic, Disclosure, SourceLocation
from ..sources import SourceFile
from .base import Parser
from .filing import from_paragraphs
from .htmltext import fatal_error, html_parser, local, paragraphs
from .sourcemap import SourceMap

_HTML_HEAD = re.compile(r"<\s*(?:!doctype\s+html|html|body|div|p|table|font)\b", re.I)


_CHARSET = re.compile(rb"charset\s*=|encoding\s*=", re.I)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _encoding(data: bytes) -> str | None:
    """The encoding to read an HTML file in when it declares none: UTF-8 if it is valid UTF-8 (libxml2 would take it
    for Latin-1 and turn a no-break space into 'Â '), else Windows-1252. None when the file says (charset, BOM)."""
    if data.startswith(_BOMS) or _CHARSET.search(data[:4096]):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1252"
    return "utf-8"


_WHOLE_PAGE = re.compile(rb"<html[\s>]|<body[\s>]", re.I)
_PAGE_END = re.compile(rb"</(?:html|body)\s*>", re.I)


def truncation(data: bytes, root: etree._Element) -> Diagnostic | None:
    """A warning when the document ends inside open elements: a whole page (it opens <html> or <body>) that never
    closes them, or any document that ends in the middle of a tag. libxml2's HTML parser closes what is open at the
    end without a word, so a file cut short (a partial download, ``head -c``) would read as a complete one, its
    missing text judged as not disclosed. HTML lets a page leave out </body> and </html>, but filings and the pages
    authoring tools save close them."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", "replace").encode("utf-8")
    tail = data[-65536:].rstrip()  # the end of the document is all that is looked at, mostly
    mid_tag = tail.rfind(b"<") > tail.rfind(b">")
    closed = _PAGE_END.search(tail) or _PAGE_END.search(data)
    if not mid_tag and (closed or not _WHOLE_PAGE.search(data)):
        return None
    inside = root  # the innermost element the end of the document is in: down the last children, to text
    while True:
        children = [child for child in inside if isinstance(child.tag, str)]
        if not children or (children[-1].tail or "").strip():
            break
        inside = children[-1]
    line = inside.sourceline
    how = "in the middle of a tag, inside" if mid_tag else "inside"
    return Diagnostic(
        code="html.truncated",
        message=f"the document ends {how} <{local(inside)}>{f' at line {line}' if line else ''} without closing it: "
        "it may be cut short; text after that is missing",
        location=SourceLocation(line=line),
    )


def read_html(source: SourceFile) -> etree._Element:
    parser = html_parser(encoding=_encoding(source.data))
    try:
        root = lxml_html.document_fromstring(source.data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{source.display}: cannot read as HTML: {exc}") from None
    stopped = fatal_error(parser)
    if stopped is not None:
        raise InputError(f"{source.display}: {stopped}")
    return root


class HtmlParser(Parser):
    name = "html"
    description = "Untagged HTML filing (10-K, 20-F, 8-K): the Item 1C / 16K / 1.05 section by its heading"
    extensions = (".htm", ".html", ".xhtml")

    def sniff(self, source: SourceFile) -> int:
        return 60 if _HTML_HEAD.search(source.head(8192)) else 0

    def parse(self, source: SourceFile) -> Disclosure:
        root = read_html(source)
        cut = truncation(source.data, root)
        elements: list[etree._Element] = []  # the walk records them for the source map
        where = SourceMap(source.data, root, html=True, elements=elements).locate
        paras = paragraphs([root], where=where, elements=elements)
        return from_paragraphs(source, self.name, paras, whole_when_no_items=False, diagnostics=(cut,) if cut else ())
