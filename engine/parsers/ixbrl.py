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
from collections.abc import Callable
from typing import Any, cast

from lxml import etree

from ..errors import InputError
from ..model import Diagnostic, Disclosure, Fact, FactKind, Form, SectionStatus, SourceLocation
from ..sources import SourceFile
from ..taxonomy import catalogue, standard_taxonomies
from ..text import TextBuilder
from . import sections
from .base import Parser
from .common import FactIds, empty_section, fact_value, form_of, kind_of, parse_date, section_from_facts
from .filing import cover, signature_date
from .htmltext import Paragraph, describe, local, paragraphs
from .sourcemap import SourceMap

IX_NAMESPACES = ("http://www.xbrl.org/2013/inlineXBRL", "http://www.xbrl.org/2008/inlineXBRL")
XBRLI = "http://www.xbrl.org/2003/instance"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
DEI = re.compile(r"^http://xbrl\.sec\.gov/dei/\d{4}$")


XML_DEPTH = 256
"""libxml2's default limit on element nesting; deeper documents are read again with ``huge_tree``."""
XML_HUGE_DEPTH = 2048
"""libxml2's limit on element nesting even with ``huge_tree``: deeper documents are refused."""
MAX_ENTITY_DIAGNOSTICS = 10


def safe_xml_parser(huge: bool = False, recover: bool = False) -> etree.XMLParser:
    """No external entities, no DTD, no network; entity references stay unexpanded (no 'billion laughs').
    ``huge`` lifts libxml2's depth and text-size limits (the file size cap still bounds memory); ``recover`` reads
    past well-formedness errors."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge,
        recover=recover,
        remove_comments=False,
    )


def _too_deep(exc: etree.XMLSyntaxError) -> bool:
    return "Excessive depth" in str(exc.msg)


# "<!ENTITY" as it is written in an ASCII-compatible encoding and in UTF-16: a document that declares entities.
_ENTITY_DECLARATIONS = (b"<!ENTITY", "<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be"))


def declares_entities(data: bytes) -> bool:
    """Whether the document declares entities in its internal DTD subset (the stuff of a 'billion laughs')."""
    return any(marker in data for marker in _ENTITY_DECLARATIONS)


def _entity_failure(exc: etree.XMLSyntaxError) -> bool:
    """libxml2 stopped at its entity bounds: expansion past its amplification limit, or a reference loop."""
    message = str(exc.msg).lower()
    return "amplification" in message or "entity reference loop" in message


_POSITION = re.compile(r",? see xml\w+\.|,? line \d+, column \d+$")


def _libxml_words(failure: etree.XMLSyntaxError) -> str:
    """libxml2's message on one line, without its position (the line is given) and its advice to the programmer."""
    return _POSITION.sub("", " ".join(str(failure.msg).split()))


def _refuse_entities(display: str, failure: etree.XMLSyntaxError, declared: bool) -> None:
    """A document that declares entities and is not well-formed is never read with the recovering parser: what it
    recovers is the document with its entities' text dropped (a 'billion laughs' comes out as an empty but
    well-shaped filing, to be judged as a deficient one)."""
    line = f":{failure.lineno}" if getattr(failure, "lineno", None) else ""
    message = _libxml_words(failure)
    if _entity_failure(failure):
        raise InputError(
            f"{display}{line}: its entities expand past the XML parser's bounds ({message}); cydcheck does not read "
            "a document built to expand (a 'billion laughs')"
        ) from None
    if declared:
        raise InputError(
            f"{display}{line}: not well-formed XML ({message}) and it declares entities; cydcheck reads a damaged "
            "document only without entity declarations"
        ) from None


def parse_xml(
    source: SourceFile, diagnostics: list[Diagnostic] | None = None, roots: tuple[str, ...] = ()
) -> etree._Element:
    """Parse untrusted XML.

    A document nested deeper than libxml2's default limit is read again with ``huge_tree`` — unless it declares
    entities (``huge_tree`` must never meet an entity bomb); deeper than libxml2's hard limit, it is refused. When
    ``diagnostics`` is given, a document that is not well-formed but whose recovered root is one of ``roots`` (by
    local name) is read with libxml2's recovering parser, and the damage is reported as a warning — unless it
    declares entities or stopped at libxml2's entity bounds (a 'billion laughs'): that is refused. Anything else that
    is not well-formed is an error.
    """
    return parse_xml_bytes(source.data, source.display, diagnostics, roots)


def parse_xml_bytes(
    data: bytes, display: str, diagnostics: list[Diagnostic] | None = None, roots: tuple[str, ...] = ()
) -> etree._Element:
    huge = False
    try:
        root = etree.fromstring(data, parser=safe_xml_parser())
    except etree.XMLSyntaxError as first:
        failure: etree.XMLSyntaxError | None = first
        if _too_deep(first):
            if declares_entities(data):
                raise InputError(
                    f"{display}:{first.lineno}: nested more than {XML_DEPTH} elements deep and declares entities; "
                    "cydcheck reads deep documents only without entity declarations"
                ) from None
            huge = True
            try:
                root = etree.fromstring(data, parser=safe_xml_parser(huge=True))
                failure = None
            except etree.XMLSyntaxError as again:
                if _too_deep(again):
                    raise InputError(
                        f"{display}:{again.lineno}: elements nested more than {XML_HUGE_DEPTH} deep, past what the XML "
                        "parser reads; flatten the markup (e.g. save the document again from its authoring tool)"
                    ) from None
                failure = again
        if failure is not None:
            _refuse_entities(display, failure, declares_entities(data))
            root = _recover(data, display, failure, huge, diagnostics, roots)
    if root is None:
        raise InputError(f"{display}: empty XML document")
    return root


def _recover(
    data: bytes,
    display: str,
    failure: etree.XMLSyntaxError,
    huge: bool,
    diagnostics: list[Diagnostic] | None,
    roots: tuple[str, ...],
) -> etree._Element:
    line = failure.lineno if getattr(failure, "lineno", None) else None
    message = _libxml_words(failure)
    strict = InputError(f"{display}{f':{line}' if line else ''}: not well-formed XML: {message}")
    if diagnostics is None or not roots:
        raise strict from None
    parser = safe_xml_parser(huge=huge, recover=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None or local(root) not in roots:
        raise strict from None  # not the document we read, damaged: not XML worth recovering
    dtd: Any = root.getroottree().docinfo.internalDTD  # the stubs know no DTD.entities()
    if dtd is not None and dtd.entities():
        # Declared in an encoding the byte test above does not know (UTF-32, EBCDIC): refused all the same.
        _refuse_entities(display, failure, declared=True)
    errors = len(parser.error_log)
    diagnostics.append(
        Diagnostic(
            code="xml.recovered",
            message=f"not well-formed XML at line {line or '?'}: {message}; read with a recovering parser "
            f"({errors} error{'s' if errors != 1 else ''} in all): text near the damage may be misplaced or missing",
            location=SourceLocation(line=line),
        )
    )
    return root


def line_of(el: etree._Element) -> int | None:
    return cast("int | None", el.sourceline)


def report_entities(root: etree._Element, diagnostics: list[Diagnostic]) -> None:
    """An entity reference the parser left unexpanded (cydcheck loads no DTD, resolves no external entity) is missing
    from the text it stands in: say so, by name."""
    found: dict[str, tuple[int | None, int]] = {}
    for ref in root.iter(etree.Entity):
        name = str(ref.text or "").strip("&;")
        line, count = found.get(name, (line_of(ref), 0))
        found[name] = (line, count + 1)
    for name, (line, count) in list(found.items())[:MAX_ENTITY_DIAGNOSTICS]:
        times = f", {count} times" if count > 1 else ""
        diagnostics.append(
            Diagnostic(
                code="xml.entity",
                message=f"entity reference &{name}; (line {line}{times}) is not expanded: its text is missing",
                location=SourceLocation(line=line),
            )
        )
    if len(found) > MAX_ENTITY_DIAGNOSTICS:
        diagnostics.append(
            Diagnostic(
                code="xml.entity",
                message=f"{len(found) - MAX_ENTITY_DIAGNOSTICS} more entity names are referenced and not expanded",
            )
        )


def qualified(el: etree._Element, name: str) -> tuple[str | None, str]:
    """('namespace URI', 'LocalName') for a fact's name attribute such as 'cyd:Foo', using the in-scope prefixes."""
    prefix, _, localname = name.rpartition(":")
    return el.nsmap.get(prefix or None), localname


class Contexts:
    """Context id → the end of its period (endDate, or the instant), read when first asked for: a filing has
    thousands of contexts and the facts cydcheck reads name a few. A repeated id takes the last dated context."""

    def __init__(self, root: etree._Element) -> None:
        self._elements: dict[str, list[etree._Element]] = {}
        for ctx in root.iter(f"{{{XBRLI}}}context"):
            ident = ctx.get("id")
            if ident:
                self._elements.setdefault(ident, []).append(ctx)
        self._ends: dict[str, dt.date | None] = {}

    def get(self, ident: str) -> dt.date | None:
        if ident not in self._ends:
            self._ends[ident] = next(
                (day for ctx in reversed(self._elements.get(ident, ())) if (day := _period_end(ctx))), None
            )
        return self._ends[ident]


def _period_end(ctx: etree._Element) -> dt.date | None:
    for tag in ("endDate", "instant"):
        found = ctx.find(f".//{{{XBRLI}}}{tag}")
        if found is not None and found.text:
            day = parse_date(found.text)
            if day:
                return day
    return None


_EXCLUDE = frozenset(f"{{{ns}}}exclude" for ns in IX_NAMESPACES)
_HEADER = frozenset(f"{{{ns}}}header" for ns in IX_NAMESPACES)
_HIDDEN = frozenset(f"{{{ns}}}hidden" for ns in IX_NAMESPACES)
MAX_FACT_NESTING = 32
"""Text blocks and continuations nested inside one another deeper than this are refused: each outer fact's text
repeats every inner one's, so reading them costs (depth × size). Real filings nest up to about 6."""
MAX_FACT_TEXT_RATIO = 4
"""The facts' text, added up, may be this many times the document's size (plus 1 MiB): nested blocks repeat their
inner blocks' text, and a large inner block repeated 32 times would exhaust memory. Real filings: well under 1."""


def _scan(root: etree._Element, ix: str, display: str) -> set[etree._Element]:
    """The facts inside ix:hidden — and a refusal when text-bearing elements nest past MAX_FACT_NESTING. One walk
    over the tree, not one walk up from every fact: deep documents cost linear time."""
    text_bearing = {f"{{{ix}}}nonNumeric", f"{{{ix}}}nonFraction", f"{{{ix}}}continuation"}
    hidden: set[etree._Element] = set()
    hidden_depth = nesting = 0
    for event, el in etree.iterwalk(root, events=("start", "end"), tag=[*text_bearing, *_HIDDEN]):
        step = 1 if event == "start" else -1
        if el.tag in _HIDDEN:
            hidden_depth += step
            continue
        nesting += step
        if nesting > MAX_FACT_NESTING:
            raise InputError(
                f"{display}:{el.sourceline}: facts and continuations nested more than {MAX_FACT_NESTING} deep inside "
                "one another; cydcheck does not read such a document"
            )
        if event == "start" and hidden_depth:
            hidden.add(el)
    return hidden


class InlineXbrlParser(Parser):
    name = "ixbrl"
    description = "Inline XBRL primary document (10-K, 20-F, 8-K), with or without cyd tags"
    extensions = (".htm", ".html", ".xhtml")

    def sniff(self, source: SourceFile) -> int:
        head = source.head(65536)
        return 95 if any(ns in head for ns in IX_NAMESPACES) else 0

    def parse(self, source: SourceFile) -> Disclosure:
        diagnostics: list[Diagnostic] = []
        root = parse_xml(source, diagnostics, roots=("html",))
        report_entities(root, diagnostics)
        elements: list[etree._Element] = []  # the whole walk below records them for the source map
        locate = SourceMap(source.data, root, elements=elements).locate
        paras = paragraphs([root], skip=_HEADER, where=locate, elements=elements)
        ix = next((ns for ns in IX_NAMESPACES if any(True for _ in root.iter(f"{{{ns}}}*"))), IX_NAMESPACES[0])
        hidden = _scan(root, ix, source.display)
        ctx = Contexts(root)
        cat = catalogue()
        chains = Chains({str(c.get("id")): c for c in root.iter(f"{{{ix}}}continuation") if c.get("id")})
        ids = FactIds()
        facts: list[Fact] = []
        dei: dict[str, tuple[str, etree._Element]] = {}
        used: set[str | None] = set(root.nsmap.values())
        fact_text, text_budget = 0, MAX_FACT_TEXT_RATIO * len(source.data) + (1 << 20)
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
                    hidden=el in hidden,
                )
            )
            fact_text += len(facts[-1].text)
            if fact_text > text_budget:
                raise InputError(
                    f"{source.display}:{el.sourceline}: the tagged facts' text adds up to more than "
                    f"{MAX_FACT_TEXT_RATIO} times the document's size (text blocks nested inside one another repeat "
                    "it); cydcheck does not read such a document"
                )
        diagnostics.extend(ids.duplicates())
        form = form_of(dei.get("DocumentType", ("", None))[0])
        period_end = self._period_end(dei, facts, ctx)

        report_date = None
        if form is Form.EIGHT_K:
            # On an 8-K, dei:DocumentPeriodEndDate is the date of report, not the end of a period.
            report_date, period_end = period_end or cover(paras).report_date, None
        located, text, segments = sections.build_section(paras, prefer=form)
        status, located_by = located.status, located.how
        empty, from_facts = None, False
        if status is SectionStatus.MISSING and any(f.known for f in facts):
            # Tagged, but no recognisable heading (an exhibit, an odd layout): the tagged blocks are the section —
            # unless they hold no text: then it stays missing, and a diagnostic says why.
            tagged_text, tagged_segments = section_from_facts(facts, diagnostics)
            empty = empty_section(facts, tagged_text, diagnostics)
            if empty is None:
                text, segments, from_facts = tagged_text, tagged_segments, True
                status, located_by = SectionStatus.FOUND, "the tagged cyd text blocks (no item heading found)"
        if from_facts:
            diagnostics.append(
                Diagnostic(
                    level="notice",
                    code="section.from-facts",
                    message="no Item 1C / 16K / 1.05 heading found; the section text is the tagged text blocks",
                )
            )
            diagnostics.extend(sections.status_diagnostics(status))
        else:
            diagnostics.extend(located.diagnostics)
            if empty is not None:
                diagnostics.append(empty)
        registrant = dei.get("EntityRegistrantName", ("", None))[0] or None
        cik = dei.get("EntityCentralIndexKey", ("", None))[0] or None
        return Disclosure(
            source=source.display,
            format=self.name,
            form=form,
            issuer=registrant,
            cik=cik,
            period_end=period_end,
            report_date=report_date,
            section_status=status,
            located_by=located_by,
            facts=tuple(facts),
            text=text,
            text_segments=segments,
            diagnostics=tuple(diagnostics),
            taxonomies=standard_taxonomies(used),
            signed_on=signature_date(paras) if form is Form.EIGHT_K else None,
        )

    @staticmethod
    def _period_end(dei: dict[str, tuple[str, etree._Element]], facts: list[Fact], ctx: Contexts) -> dt.date | None:
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
        chains: Chains,
        ctx: Contexts,
        diagnostics: list[Diagnostic],
        locate: Callable[[etree._Element], SourceLocation],
        hidden: bool,
    ) -> Fact:
        parts = chains.follow(el, diagnostics)
        builder = TextBuilder()
        paras: list[Paragraph] = paragraphs(parts, skip=_EXCLUDE, where=locate)
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
            hidden=hidden,
            period_end=ctx.get(el.get("contextRef") or ""),
        )


class Chains:
    """The document's ix:continuation elements by id, each read as part of one chain only: a continuation that a
    second fact's chain also names is reported, not read again — the Inline XBRL specification lets a continuation
    belong to one fact, and reading it per fact would cost (facts × chain length)."""

    def __init__(self, continuations: dict[str, etree._Element]) -> None:
        self.continuations = continuations
        self.claimed: dict[str, int | None] = {}  # continuation id → the line of the fact whose chain read it

    def follow(self, el: etree._Element, diagnostics: list[Diagnostic]) -> list[etree._Element]:
        """The fact element, then each continuation it points to, in chain order (a loop, a dangling link or a
        continuation already read by another fact stops)."""
        parts = [el]
        seen: set[str] = set()
        target = el.get("continuedAt")
        while target:
            problem = None
            if target in seen:
                problem = "loops"
            elif target not in self.continuations:
                problem = "names no ix:continuation"
            elif target in self.claimed:
                problem = (
                    f"names a continuation already read as part of the fact at line {self.claimed[target]}; "
                    "a continuation belongs to one fact, so it is not read again here"
                )
            if problem is not None:
                diagnostics.append(
                    Diagnostic(
                        code="continuation.broken",
                        message=f"continuedAt '{target}' (from line {el.sourceline}) {problem}",
                        location=SourceLocation(line=el.sourceline, element=describe(el)),
                    )
                )
                break
            seen.add(target)
            self.claimed[target] = line_of(el)
            part = self.continuations[target]
            parts.append(part)
            target = part.get("continuedAt")
        return parts
