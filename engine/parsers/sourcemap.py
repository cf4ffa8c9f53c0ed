"""Where an element of a parsed (X)HTML tree stands in its source file: line, column and a short name.

lxml gives each element its line (``sourceline``) but no column, and inline XBRL filings are often a few lines of a
million characters each, so a line alone does not find a paragraph. :class:`SourceMap` reads the source text once,
lists its start tags in order, and pairs them with the tree's elements in document order (both are in the order of
the source). A pair counts only when its line and tag name agree, so an element the parser made up (an implied
``<body>``) or markup the scan misreads gets no column — never a wrong one. One linear pass, done on the first
question; the element's name is its id, else a short XPath from the nearest ancestor with an id.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import cast

from lxml import etree

from ..model import SourceLocation
from .htmltext import local

# One pass over the source: constructs that can hold a '<' that is not a tag (comments, CDATA, processing
# instructions, declarations with an internal subset, attribute values, HTML's raw-text elements) are consumed whole
# — each pattern ends at its terminator or at the end of the text, and never fails after its first characters, so
# nothing is scanned twice — and a start tag's name is captured.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<\?.*?(?:>|\Z)"
    r"|<![A-Za-z][^\[>]*(?:\[.*?(?:\]|\Z))?[^>]*(?:>|\Z)"
    r"|<(?P<name>[A-Za-z_][^\s/>]*)(?:[^>\"']+|\"[^\"]*\"|'[^']*')*",
    re.S,
)
_RAW_TEXT = {"script": re.compile(r"</script", re.I), "style": re.compile(r"</style", re.I)}


def _source_text(data: bytes, encoding: str | None) -> str:
    """The source decoded the way the parser read it (its detected encoding), so columns count its characters."""
    try:
        codec = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        codec = "utf-8"
    text = data.decode(codec, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


class SourceMap:
    """Line, column (1-based, in characters) and name of the elements of one parsed tree."""

    def __init__(self, data: bytes, root: etree._Element, html: bool = False) -> None:
        self._data = data
        self._root = root
        self._html = html
        self._columns: dict[etree._Element, int] | None = None
        self._positions: dict[etree._Element, str] = {}

    def locate(self, el: etree._Element) -> SourceLocation:
        return SourceLocation(line=el.sourceline, column=self.column(el), element=self.name(el))

    def column(self, el: etree._Element) -> int | None:
        if self._columns is None:
            self._columns = self._scan()
        return self._columns.get(el)

    def name(self, el: etree._Element) -> str:
        """``#id`` when the element has one; else a path of local names from the nearest ancestor with an id (or
        from the root): ``//*[@id="item1c"]/div[2]/p``."""
        ident = el.get("id")
        if ident:
            return f"#{ident}"
        steps: list[str] = []
        node: etree._Element | None = el
        anchor = ""
        while node is not None:
            ident = node.get("id") if node is not el else None
            if ident:
                anchor = '//*[@id="{}"]'.format(ident.replace('"', "&quot;"))
                break
            steps.append(self._step(node))
            node = node.getparent()
        return anchor + "/" + "/".join(reversed(steps))

    def _step(self, node: etree._Element) -> str:
        step = self._positions.get(node)
        if step is None:
            parent = node.getparent()
            if parent is None:
                return local(node)
            # Every child of the parent at once: one walk per parent, never one per child (flat documents).
            siblings = [c for c in parent if isinstance(c.tag, str)]
            counts: dict[str, int] = {}
            for child in siblings:
                counts[local(child)] = counts.get(local(child), 0) + 1
            seen: dict[str, int] = {}
            for child in siblings:
                name = local(child)
                seen[name] = seen.get(name, 0) + 1
                self._positions[child] = f"{name}[{seen[name]}]" if counts[name] > 1 else name
            step = self._positions[node]
        return step

    def _scan(self) -> dict[etree._Element, int]:
        text = _source_text(self._data, self._root.getroottree().docinfo.encoding)
        tags = self._start_tags(text)
        columns: dict[etree._Element, int] = {}
        current = next(tags, None)
        for el in self._root.iter(etree.Element):
            line = cast("int | None", el.sourceline)  # lxml-stubs leave it untyped
            if line is None:
                continue
            while current is not None and current[0] < line:  # markup the parser dropped
                current = next(tags, None)
            if current is None:
                break
            if current[0] == line and current[2].lower() == _qualified(el).lower():
                columns[el] = current[1]
                current = next(tags, None)
        return columns

    def _start_tags(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(line, column, name) of each start tag, in order."""
        line, line_start, counted = 1, 0, 0
        pos = 0
        while True:
            m = _MARKUP.search(text, pos)
            if m is None:
                return
            pos = m.end()
            name = m.group("name")
            if name is None:
                continue
            at = m.start()
            breaks = text.count("\n", counted, at)
            if breaks:
                line += breaks
                line_start = text.rindex("\n", counted, at) + 1
            counted = at
            yield line, at - line_start + 1, name
            raw = _RAW_TEXT.get(name.lower()) if self._html else None
            if raw is not None:
                end = raw.search(text, pos)
                pos = end.start() if end is not None else len(text)


def _qualified(el: etree._Element) -> str:
    """The element's name as its start tag spells it (``ix:nonNumeric``, ``p``)."""
    tag = str(el.tag)
    if not tag.startswith("{"):
        return tag
    return f"{el.prefix}:{local_name(tag)}" if el.prefix else local_name(tag)


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
