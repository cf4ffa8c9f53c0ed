"""The EDGAR XBRL viewer's rendering of the cyd disclosure ("R page"), flattened to text.

The EDGAR Renderer writes one HTML table per presentation role; flattened, every table cell starts a line with
``|`` and runs over the following lines until the next ``|``. The cells are, in order: the title, the period
header ("12 Months Ended" / "Dec. 31, 2024"), then label / value rows, and last the ``X`` definition pop-ups (in row
order, and carrying ``Name: cyd_…`` when expanded). Labels are the taxonomy's labels, ending in "[Text Block]",
"[Flag]", "[Line Items]"….
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import InputError
from ..model import Diagnostic, Disclosure, Fact, FactKind, SectionStatus, SourceLocation
from ..sources import SourceFile
from ..taxonomy import Catalogue, Element, catalogue, label_kind, loose_match
from ..text import TextBuilder, camel_name, clean_line, split_lines
from .base import Parser
from .common import empty_section, fact_value, section_from_facts

_HEADING_KINDS = {"line items", "abstract", "table", "axis", "domain", "member"}
_MONTHS_ENDED = re.compile(r"^\s*(\d{1,2})\s+Months\s+Ended\s*$", re.I)
_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),\s+(\d{4})\b")
_MONTHS = {
    m: i
    for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)
}
CYD_ROLE_TITLE = "cybersecurity risk management and strategy disclosure"


@dataclass
class _Cell:
    line: int  # 1-based line of the '|'
    lines: list[str]  # the cell's content lines: the rest of the '|' line, then continuation lines

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def _cells(text: str) -> tuple[str, list[_Cell]]:
    preamble: list[str] = []
    cells: list[_Cell] = []
    for number, line in enumerate(split_lines(text), start=1):
        if line.startswith("|"):
            cells.append(_Cell(number, [line[1:]]))
        elif cells:
            cells[-1].lines.append(line)
        else:
            preamble.append(line)
    return "\n".join(preamble).strip(), cells


def _parse_date(text: str) -> dt.date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), _MONTHS[m.group(1)[:3].title()], int(m.group(2)))
    except ValueError:
        return None


class RPageParser(Parser):
    name = "rpage"
    description = "EDGAR XBRL viewer rendering (R page) of the cyd disclosure, flattened to text"
    extensions = (".txt",)

    def sniff(self, source: SourceFile) -> int:
        head = source.head(8192)
        bracketed = re.search(r"^\|.*\[(Text Block|Flag|Line Items)\]\s*$", head, re.M) is not None
        if not bracketed:
            return 0
        return 95 if CYD_ROLE_TITLE in head.lower() else 70

    def parse(self, source: SourceFile) -> Disclosure:
        try:
            text = source.text()
        except UnicodeDecodeError as exc:
            raise InputError(f"{source.display}: cannot decode text: {exc.reason}") from None
        preamble, cells = _cells(text)
        if not cells:
            raise InputError(f"{source.display}: not an R page: no '|' table cells found")
        cat = catalogue()
        diagnostics: list[Diagnostic] = []

        title = ""
        period_end: dt.date | None = None
        rows: list[tuple[_Cell, list[_Cell]]] = []
        definitions: list[_Cell] = []
        for cell in cells:
            content = cell.text
            first = content.splitlines()[0].strip() if content else ""
            if definitions or (first == "X" and rows):
                definitions.append(cell)
            elif label_kind(content) is not None and "\n" not in content:
                rows.append((cell, []))
            elif rows:
                rows[-1][1].append(cell)
            elif _MONTHS_ENDED.match(first) or _parse_date(first):
                period_end = period_end or _parse_date(content)
            elif content and not title:
                title = " ".join(content.split())
        if not title and preamble:
            title = " ".join(preamble.split())
        if not rows:
            raise InputError(f"{source.display}: not an R page: no '[Text Block]' or '[Flag]' rows found")

        names = _definition_names(definitions, len(rows))
        facts: list[Fact] = []
        seen: dict[str, int] = {}
        for index, (label_cell, values) in enumerate(rows):
            label = " ".join(label_cell.text.split())
            kind = label_kind(label) or ""
            if kind in _HEADING_KINDS:
                continue
            element, name, known, namespace = _identify(cat, label, names[index] if names else None)
            location = SourceLocation(line=label_cell.line, column=2)
            if element is None and names is None:
                loose = loose_match(cat, label)
                if loose is not None:
                    element, name, known = loose, loose.name, True
                    diagnostics.append(
                        Diagnostic(
                            level="notice",
                            code="label.loose",
                            message=f"label '{label}' read as {loose.name} (matched loosely)",
                            location=location,
                        )
                    )
            if not known:
                diagnostics.append(
                    Diagnostic(
                        code="label.unknown",
                        message=f"unknown element label '{label}' (line {label_cell.line}); its value is kept "
                        "but no rule reads it",
                        location=location,
                    )
                )
            fact_kind = element.kind if element else (FactKind.FLAG if kind == "flag" else FactKind.TEXT)
            if not values:
                values = [_Cell(label_cell.line, [""])]
            if len(values) > 1:
                diagnostics.append(
                    Diagnostic(
                        level="notice",
                        code="rpage.columns",
                        message=f"'{label}' has {len(values)} value columns; each is kept as its own fact",
                        location=location,
                    )
                )
            for value_cell in values:
                seen[name] = seen.get(name, 0) + 1
                fact_id = name if seen[name] == 1 else f"{name}#{seen[name]}"
                fact = _fact(fact_id, name, namespace, label, known, fact_kind, value_cell, diagnostics)
                facts.append(fact)

        duplicates = sorted(n for n, count in seen.items() if count > 1)
        for name in duplicates:
            diagnostics.append(Diagnostic(code="fact.duplicate", message=f"{name} appears {seen[name]} times"))
        # Text blocks overlap (a block often repeats sentences of another); the section keeps each paragraph once.
        section_text, section_segments = section_from_facts(facts, diagnostics)
        found = any(f.known for f in facts) or CYD_ROLE_TITLE in title.lower()
        if found and (empty := empty_section(facts, section_text, diagnostics)) is not None:
            found = False  # tagged, but every text block is empty: nothing to review
            diagnostics.append(empty)
        return Disclosure(
            source=source.display,
            format=self.name,
            period_end=period_end,
            section_status=SectionStatus.FOUND if found else SectionStatus.MISSING,
            located_by="the R page's cyd text blocks" if found else None,
            facts=tuple(facts),
            text=section_text,
            text_segments=section_segments,
            diagnostics=tuple(diagnostics),
        )


def _definition_names(definitions: list[_Cell], row_count: int) -> list[str] | None:
    """Element names from expanded 'X' pop-ups ('Name: cyd_Foo'), if there is exactly one per row."""
    names: list[str] = []
    for cell in definitions:
        m = re.search(r"^\s*Name:\s*(\S+)\s*$", cell.text, re.M)
        if m:
            names.append(m.group(1))
    return names if names and len(names) == row_count else None


def _identify(cat: Catalogue, label: str, qualified: str | None) -> tuple[Element | None, str, bool, str | None]:
    """(element, local name, known?, namespace) for a row, from the pop-up's qualified name or else the label."""
    if qualified is not None:
        _, _, local = qualified.partition("_")
        element = cat.by_name(local)
        if element is not None:
            return element, element.name, True, None
        return None, local or qualified, False, None
    element = cat.by_label(label)
    if element is not None:
        return element, element.name, True, None
    return None, camel_name(label), False, None


def _fact(
    fact_id: str,
    name: str,
    namespace: str | None,
    label: str,
    known: bool,
    kind: FactKind,
    cell: _Cell,
    diagnostics: list[Diagnostic],
) -> Fact:
    builder = TextBuilder()
    for offset, raw in enumerate(cell.lines):
        line = clean_line(raw)
        column = 2 if offset == 0 else 1
        builder.add(line, SourceLocation(line=cell.line + offset, column=column + (len(raw) - len(raw.lstrip()))))
    text, segments = builder.build()
    location = segments[0].location if segments else SourceLocation(line=cell.line, column=2)
    value = fact_value(kind, text, f"'{label}'", location, diagnostics)
    return Fact(
        id=fact_id,
        name=name,
        namespace=namespace,
        label=label,
        known=known,
        kind=kind,
        value=value,
        text=text,
        location=location,
        segments=segments,
    )
