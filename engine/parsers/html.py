"""Untagged HTML filings (10-K, 20-F, 8-K as EDGAR ``.htm``, older or non-XHTML): the cybersecurity item found by
its heading, and the cover page's form, registrant and fiscal year end. lxml's tolerant HTML parser reads what the
XML parser would refuse (unclosed tags, ``<font>``, stray entities)."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..model import Disclosure
from ..sources import SourceFile
from .base import Parser
from .filing import from_paragraphs
from .htmltext import paragraphs
from .sourcemap import SourceMap

_HTML_HEAD = re.compile(r"<\s*(?:!doctype\s+html|html|body|div|p|table|font)\b", re.I)


def read_html(source: SourceFile) -> etree._Element:
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(source.data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{source.display}: cannot read as HTML: {exc}") from None
    return root


class HtmlParser(Parser):
    name = "html"
    description = "Untagged HTML filing (10-K, 20-F, 8-K): the Item 1C / 16K / 1.05 section by its heading"
    extensions = (".htm", ".html", ".xhtml")

    def sniff(self, source: SourceFile) -> int:
        return 60 if _HTML_HEAD.search(source.head(8192)) else 0

    def parse(self, source: SourceFile) -> Disclosure:
        root = read_html(source)
        where = SourceMap(source.data, root, html=True).locate
        return from_paragraphs(source, self.name, paragraphs([root], where=where), whole_when_no_items=False)
