"""Untagged HTML filings (10-K, 20-F, 8-K as EDGAR ``.htm``, older or non-XHTML): the cybersecurity item found by
its heading, and the cover page's form, registrant and fiscal year end. lxml's tolerant HTML parser reads what the
XML parser would refuse (unclosed tags, ``<font>``, stray entities)."""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree
from lxml import html as lxml_html

from engine.errors import InputError
from engine.model import Disclosure, Form
from engine.parsers import sections
from engine.parsers.base import Parser
from engine.parsers.common import form_of, parse_date
from engine.parsers.htmltext import Paragraph, paragraphs
from engine.sources import SourceFile

_HTML_HEAD = re.compile(r"<\s*(?:!doctype\s+html|html|body|div|p|table|font)\b", re.I)
_FORM = re.compile(r"^\s*form\s+(10-k|20-f|8-k)\b", re.I)
_REGISTRANT_NOTE = re.compile(r"exact\s+name\s+of\s+registrant", re.I)
_FISCAL_YEAR = re.compile(
    r"(?:fiscal\s+year\s+ended|period\s+ended)\s*:?\s*([A-Za-z]{3,9}\.?\s+\d{1,2}\s*,?\s*\d{4})", re.I
)
_REPORT_DATE = re.compile(r"date\s+of\s+report[^:]*:?\s*\)?\s*([A-Za-z]{3,9}\.?\s+\d{1,2}\s*,?\s*\d{4})", re.I)
COVER_PARAGRAPHS = 120


def read_html(source: SourceFile) -> etree._Element:
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(source.data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{source.display}: cannot read as HTML: {exc}") from None
    return root


def cover(paras: list[Paragraph]) -> tuple[Form, str | None, dt.date | None]:
    """(form, registrant, period end) from the cover page: 'FORM 10-K', the line above '(Exact name of registrant
    as specified in its charter)', 'For the fiscal year ended December 31, 2024' (or an 8-K's date of report)."""
    head = paras[:COVER_PARAGRAPHS]
    form = next((form_of(m.group(1)) for p in head if (m := _FORM.match(p.text))), Form.UNKNOWN)
    registrant = None
    for i, p in enumerate(head):
        note = _REGISTRANT_NOTE.search(p.text)
        if note:
            # The name stands before the note, in the same row or in the paragraph above it.
            before = p.text[: note.start()].strip(" (")
            registrant = before if len(before) > 2 else (head[i - 1].text if i > 0 else None)
            break
    period = None
    for p in head:
        m = _FISCAL_YEAR.search(p.text) or _REPORT_DATE.search(p.text)
        if m:
            period = parse_date(m.group(1))
            if period:
                break
    return form, registrant, period


class HtmlParser(Parser):
    name = "html"
    description = "Untagged HTML filing (10-K, 20-F, 8-K): the Item 1C / 16K / 1.05 section by its heading"
    extensions = (".htm", ".html", ".xhtml")

    def sniff(self, source: SourceFile) -> int:
        return 60 if _HTML_HEAD.search(source.head(8192)) else 0

    def parse(self, source: SourceFile) -> Disclosure:
        root = read_html(source)
        paras = paragraphs([root])
        form, registrant, period_end = cover(paras)
        located, text, segments = sections.build_section(paras, prefer=form)
        return Disclosure(
            source=source.display,
            format=self.name,
            form=form if form is not Form.UNKNOWN else (located.form if located.heading >= 0 else Form.UNKNOWN),
            issuer=registrant,
            period_end=period_end,
            section_status=located.status,
            text=text,
            text_segments=segments,
            diagnostics=tuple(sections.status_diagnostics(located.status)),
        )
