"""XBRL instance documents (``.xml``): cyd and dei facts as elements of the instance. Text blocks hold escaped
HTML (or plain text); the section text is the text blocks' paragraphs, each once."""

from __future__ import annotations

import re

from lxml import etree, html

from ..errors import InputError
from ..model import Diagnostic, Disclosure, Fact, Form, SectionStatus, Segment, SourceLocation
from ..sources import SourceFile
from ..taxonomy import catalogue, standard_taxonomies
from ..text import TextBuilder, clean_line
from .base import Parser
from .common import FactIds, empty_section, fact_value, form_of, kind_of, parse_date, section_from_facts
from .htmltext import fatal_error, html_parser, paragraphs
from .ixbrl import DEI, XBRLI, XSI_NIL, Contexts, parse_xml, report_entities


class XbrlInstanceParser(Parser):
    name = "xbrl"
    description = "XBRL 2.1 instance document with cyd (and dei) facts"
    extensions = (".xml",)

    def sniff(self, source: SourceFile) -> int:
        head = source.head(16384)
        return 90 if XBRLI in head and re.search(r"<(?:\w+:)?xbrl[\s>]", head) else 0

    def parse(self, source: SourceFile) -> Disclosure:
        diagnostics: list[Diagnostic] = []
        root = parse_xml(source, diagnostics, roots=("xbrl",))
        report_entities(root, diagnostics)
        ctx = Contexts(root)
        cat = catalogue()
        ids = FactIds()
        facts: list[Fact] = []
        dei: dict[str, str] = {}
        used: set[str | None] = set(root.nsmap.values())
        for el in root:
            if not isinstance(el.tag, str) or "}" not in el.tag:
                continue
            namespace, localname = el.tag[1:].split("}", 1)
            used.add(namespace)
            if DEI.match(namespace):
                dei.setdefault(localname, " ".join(_content(el).split()))
                continue
            if not cat.is_cyd_namespace(namespace):
                continue
            element = cat.by_name(localname)
            location = SourceLocation(line=el.sourceline, element=f"#{el.get('id')}" if el.get("id") else localname)
            if element is None:
                diagnostics.append(
                    Diagnostic(
                        code="element.unknown",
                        message=f"unknown cyd element {localname} (line {el.sourceline})",
                        location=location,
                    )
                )
            kind = kind_of(element, localname)
            text, segments = _text_block(_content(el), location, source.display)
            where = f"{localname} (line {el.sourceline})"
            value = fact_value(kind, text, where, location, diagnostics, nil=el.get(XSI_NIL) == "true")
            facts.append(
                Fact(
                    id=ids.next(localname),
                    name=localname,
                    namespace=namespace,
                    known=element is not None,
                    kind=kind,
                    value=value,
                    text=text,
                    location=location,
                    segments=segments,
                    period_end=ctx.get(el.get("contextRef") or ""),
                )
            )
        diagnostics.extend(ids.duplicates())
        text, segments = section_from_facts(facts, diagnostics)
        status = SectionStatus.FOUND if any(f.known for f in facts) else SectionStatus.MISSING
        if (empty := empty_section(facts, text, diagnostics)) is not None:
            status = SectionStatus.MISSING
            diagnostics.append(empty)
        elif status is SectionStatus.MISSING:
            diagnostics.append(
                Diagnostic(
                    code="section.missing", message="the instance carries no cyd facts: there is no disclosure to read"
                )
            )
        period_end = parse_date(dei.get("DocumentPeriodEndDate", "")) or next(
            (f.period_end for f in facts if f.period_end), None
        )
        form = form_of(dei.get("DocumentType"))
        report_date = None
        if form is Form.EIGHT_K:  # an 8-K's DocumentPeriodEndDate is its date of report
            report_date, period_end = period_end, None
        return Disclosure(
            source=source.display,
            format=self.name,
            form=form,
            issuer=dei.get("EntityRegistrantName") or None,
            cik=dei.get("EntityCentralIndexKey") or None,
            period_end=period_end,
            report_date=report_date,
            section_status=status,
            located_by="the tagged cyd text blocks" if status is SectionStatus.FOUND else None,
            facts=tuple(facts),
            text=text,
            text_segments=segments,
            diagnostics=tuple(diagnostics),
            taxonomies=standard_taxonomies(used),
        )


def _content(el: etree._Element) -> str:
    """A fact's whole character content: its text and every child's tail, comments and processing instructions left
    out (``el.text`` alone stops at the first of them); an unexpanded entity reference is reported by
    :func:`report_entities` and left out; markup inside (which a text block should escape) is read as text."""
    if len(el) == 0:
        return el.text or ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append("".join(str(t) for t in child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _text_block(raw: str, location: SourceLocation, display: str) -> tuple[str, tuple[Segment, ...]]:
    """An instance text block: escaped XHTML (now markup) or plain text, as paragraphs."""
    builder = TextBuilder()
    if "<" in raw and ">" in raw:
        try:
            # One wrapper element keeps text before, between and after the fragments (tails included).
            parser = html_parser()
            wrapper = html.fragment_fromstring(raw, create_parent="div", parser=parser)
        except (etree.ParserError, ValueError):
            wrapper = None
        else:
            stopped = fatal_error(parser)
            if stopped is not None:
                raise InputError(f"{display}:{location.line}: in a text block's HTML, {stopped}")
        for p in paragraphs([wrapper] if wrapper is not None else []):
            builder.add(p.text, location)
    else:
        for para in unwrap(raw.splitlines()):
            builder.add(para, location)
    return builder.build()


def unwrap(lines: list[str]) -> list[str]:
    """Paragraphs of a plain-text block that may be hard-wrapped (some filers' blocks are cut at ~130 columns): a
    line continues the previous one unless that one ended a sentence, was a heading, or a blank line stood between
    them."""
    paras: list[str] = []
    current = ""
    for line in lines:
        text = clean_line(line)
        if not text:
            if current:
                paras.append(current)
            current = ""
            continue
        current = f"{current} {text}" if current else text
        if text.endswith((".", "!", "?", ":", ";", '."', ".”")) or _heading(text):
            paras.append(current)
            current = ""
    if current:
        paras.append(current)
    return paras


def _heading(text: str) -> bool:
    """'Risk Management and Strategy': a few words, the significant ones capitalised."""
    words = [w for w in text.split() if len(w) > 3]
    return len(text.split()) <= 10 and bool(words) and all(w[0].isupper() for w in words)
