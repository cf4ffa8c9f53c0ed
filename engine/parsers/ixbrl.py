"""Inline XBRL (10-K, 20-F, 8-K primary documents): the cyd facts, the dei cover facts, and the visible text of the
cybersecurity item.

Facts are matched by namespace (``http://xbrl.sec.gov/cyd/<year>``, any prefix). Text blocks follow their
``continuedAt`` chains in order, leave out ``ix:exclude`` content and keep nested facts' text (a flag tagged inside
a text block is part of it). A flag's value comes from its transformation (``ixt:fixed-true``) when it has one —
the tagged text is then a sentence, kept as the fact's text — otherwise from its content. Duplicates are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

from lxml import etree

from ..errors import InputError
from ..model import Diagnostic, Disclosure, Fact, FactKind, Form, SectionStatus, SourceLocation
from ..sources import SourceFile
from ..taxonomy import catalogue, standard_taxonomies
from ..text import TextBuilder
from . import sections
from .base import Parser
from .common import FactIds, fact_value, form_of, kind_of, parse_date, section_from_facts
from .filing import signature_date
from .htmltext import Paragraph, local, paragraphs
from .sourcemap import SourceMap

IX_NAMESPACES = ("http://www.xbrl.org/2013/inlineXBRL", "http://www.xbrl.org/2008/inlineXBRL")
XBRLI = "http://www.xbrl.org/2003/instance"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
DEI = re.compile(r"^http://xbrl\.sec\.gov/dei/\d{4}$")


def safe_xml_parser() -> etree.XMLParser:
    """No external entities, no DTD, no network; entity references stay unexpanded (no 'billion laughs')."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse_xml(source: SourceFile) -> etree._Element:
    try:
        root = etree.fromstring(source.data, parser=safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        line = f":{exc.lineno}" if getattr(exc, "lineno", None) else ""
        raise InputError(f"{source.display}{line}: not well-formed XML: {exc.msg}") from None
    if root is None:
        raise InputError(f"{source.display}: empty XML document")
    return root


def qualified(el: etree._Element, name: str) -> tuple[str | None, str]:
    """('namespace URI', 'LocalName') for a fact's name attribute such as 'cyd:Foo', using the in-scope prefixes."""
    prefix, _, localname = name.rpartition(":")
    return el.nsmap.get(prefix or None), localname


def contexts(root: etree._Element) -> dict[str, dt.date]:
    """Context id → the end of its period (endDate, or the instant)."""
    out: dict[str, dt.date] = {}
    for ctx in root.iter(f"{{{XBRLI}}}context"):
        ident = ctx.get("id")
        for tag in ("endDate", "instant"):
            found = ctx.find(f".//{{{XBRLI}}}{tag}")
            if ident and found is not None and found.text:
                day = parse_date(found.text)
                if day:
                    out[ident] = day
                    break
    return out


def _in_hidden(el: etree._Element) -> bool:
    return any(local(a) == "hidden" and a.tag.startswith("{http://www.xbrl.org/") for a in el.iterancestors())


def _is_exclude(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and el.tag in {f"{{{ns}}}exclude" for ns in IX_NAMESPACES}


def _is_header(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and el.tag in {f"{{{ns}}}header" for ns in IX_NAMESPACES}


class InlineXbrlParser(Parser):
    name = "ixbrl"
    description = "Inline XBRL primary document (10-K, 20-F, 8-K), with or without cyd tags"
    extensions = (".htm", ".html", ".xhtml")

    def sniff(self, source: SourceFile) -> int:
        head = source.head(65536)
        return 95 if any(ns in head for ns in IX_NAMESPACES) else 0

    def parse(self, source: SourceFile) -> Disclosure:
        root = parse_xml(source)
        locate = SourceMap(source.data, root).locate
        ix = next((ns for ns in IX_NAMESPACES if any(True for _ in root.iter(f"{{{ns}}}*"))), IX_NAMESPACES[0])
        ctx = contexts(root)
        cat = catalogue()
        chains = {str(c.get("id")): c for c in root.iter(f"{{{ix}}}continuation") if c.get("id")}
        diagnostics: list[Diagnostic] = []
        ids = FactIds()
        facts: list[Fact] = []
        dei: dict[str, tuple[str, etree._Element]] = {}
        used: set[str | None] = set(root.nsmap.values())
        for el in root.iter(f"{{{ix}}}nonNumeric", f"{{{ix}}}nonFraction"):
            name = el.get("name") or ""
            namespace, localname = qualified(el, name)
            used.add(namespace)
            if namespace is not None and DEI.match(namespace):
                dei.setdefault(localname, (" ".join("".join(str(t) for t in el.itertext()).split()), el))
                continue
            if not cat.is_cyd_namespace(namespace):
                continue
            element = cat.by_name(localname)
            if element is None:
                diagnostics.append(
                    Diagnostic(
                        code="element.unknown",
                        message=f"unknown cyd element {name} (line {el.sourceline}); kept, but no rule reads it",
                        location=locate(el),
                    )
                )
            kind = kind_of(element, localname)
            facts.append(
                self._fact(
                    el,
                    ids.next(localname),
                    localname,
                    namespace,
                    element is not None,
                    kind,
                    chains,
                    ctx,
                    diagnostics,
                    locate,
                )
            )
        diagnostics.extend(ids.duplicates())
        form = form_of(dei.get("DocumentType", ("", None))[0])
        period_end = self._period_end(dei, facts, ctx)

        paras = paragraphs([root], skip=_is_header, where=locate)
        located, text, segments = sections.build_section(paras, prefer=form)
        status = located.status
        if status is SectionStatus.MISSING and any(f.known for f in facts):
            # Tagged, but no recognisable heading (an exhibit, an odd layout): the tagged blocks are the section.
            text, segments = section_from_facts(facts)
            status = SectionStatus.FOUND
            diagnostics.append(
                Diagnostic(
                    level="notice",
                    code="section.from-facts",
                    message="no Item 1C / 16K / 1.05 heading found; the section text is the tagged text blocks",
                )
            )
        diagnostics.extend(sections.status_diagnostics(status))
        registrant = dei.get("EntityRegistrantName", ("", None))[0] or None
        cik = dei.get("EntityCentralIndexKey", ("", None))[0] or None
        return Disclosure(
            source=source.display,
            format=self.name,
            form=form,
            issuer=registrant,
            cik=cik,
            period_end=period_end,
            section_status=status,
            facts=tuple(facts),
            text=text,
            text_segments=segments,
            diagnostics=tuple(diagnostics),
            taxonomies=standard_taxonomies(used),
            signed_on=signature_date(paras) if form is Form.EIGHT_K else None,
        )

    @staticmethod
    def _period_end(
        dei: dict[str, tuple[str, etree._Element]], facts: list[Fact], ctx: dict[str, dt.date]
    ) -> dt.date | None:
        if "DocumentPeriodEndDate" in dei:
            day = parse_date(dei["DocumentPeriodEndDate"][0])
            if day:
                return day
        for fact in facts:
            if fact.period_end:
                return fact.period_end
        doc_type = dei.get("DocumentType")
        return ctx.get(doc_type[1].get("contextRef", "")) if doc_type else None

    @staticmethod
    def _fact(
        el: etree._Element,
        fact_id: str,
        name: str,
        namespace: str | None,
        known: bool,
        kind: FactKind,
        chains: dict[str, etree._Element],
        ctx: dict[str, dt.date],
        diagnostics: list[Diagnostic],
        locate: Callable[[etree._Element], SourceLocation],
    ) -> Fact:
        parts = list(_chain(el, chains, diagnostics))
        builder = TextBuilder()
        paras: list[Paragraph] = paragraphs(parts, skip=_is_exclude, where=locate)
        for p in paras:
            builder.add(p.text, p.location)
        text, segments = builder.build()
        location = locate(el)
        where = f"{name} (line {el.sourceline})"
        value = fact_value(kind, text, where, location, diagnostics, el.get("format"), el.get(XSI_NIL) == "true")
        return Fact(
            id=fact_id,
            name=name,
            namespace=namespace,
            label=None,
            known=known,
            kind=kind,
            value=value,
            text=text,
            location=location,
            segments=segments,
            hidden=_in_hidden(el),
            period_end=ctx.get(el.get("contextRef") or ""),
        )


def _chain(
    el: etree._Element, chains: dict[str, etree._Element], diagnostics: list[Diagnostic]
) -> Iterator[etree._Element]:
    """The fact element, then each continuation it points to, in chain order (a cycle or a dangling link stops)."""
    yield el
    seen = set()
    target = el.get("continuedAt")
    while target:
        if target in seen or target not in chains:
            diagnostics.append(
                Diagnostic(
                    code="continuation.broken",
                    message=f"continuedAt '{target}' (from line {el.sourceline}) "
                    + ("loops" if target in seen else "names no ix:continuation"),
                )
            )
            return
        seen.add(target)
        part = chains[target]
        yield part
        target = part.get("continuedAt")
