"""Where an element of a parsed (X)HTML tree stands in its source file: line, column and a short name.

lxml gives each element its line (``sourceline``) but no column, and inline XBRL filings are often a few lines of a
million characters each, so a line alone does not find a paragraph. :class:`SourceMap` lists the source's start tags
in one regular-expression pass and pairs them with the tree's elements in document order — both are in the order of
the source. In XML every element has exactly one start tag, so the k-th element is the k-th tag. lxml's HTML parser
may invent elements (an implied ``<body>``) or drop tags, so for HTML the pairing is by position only when the two
sequences of tag names agree, and is otherwise an alignment that pairs an element with the next tag of its name on
its line. Every pair is checked (same line, same name) when it is asked for: an element that cannot be paired gets no
column, never a wrong one. Work is done on the first question, once per document, and is linear in its size; in XML
the start tags are listed only as far as the furthest element asked for.

The element's name is its id when it has one, else a short XPath of local names from the nearest ancestor with an id
(or from the root): ``//*[@id="item1c"]/div[2]/p``.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterator
from typing import cast

from lxml import etree

from ..model import SourceLocation
from .htmltext import local_name

# Constructs that can hold a '<' that is not a tag (comments, CDATA, processing instructions, declarations with an
# internal subset) are consumed whole; each pattern ends at its terminator or at the end of the text and never fails
# once started, so nothing is scanned twice. A start tag's name is captured.
_SKIP = (
    r"<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<\?.*?(?:>|\Z)"
    r"|<![A-Za-z][^\[>]*(?:\[.*?(?:\]|\Z))?[^>]*(?:>|\Z)"
)
# XML allows no '<' in an attribute value: a start tag is '<' and its name.
_XML_TAGS = re.compile(_SKIP + r"|<(?P<name>[A-Za-z_][^\s/>]*)", re.S)
# HTML does, and has raw-text elements whose content is not markup: attribute values, and a script's or a style's
# body up to its end tag, are consumed with their tag.
_ATTRIBUTES = r"""(?:[^>"']+|"[^"]*"|'[^']*')*"""
_HTML_TAGS = re.compile(
    _SKIP + r"|<(?P<raw>(?i:script|style))(?=[\s/>])" + _ATTRIBUTES + r"(?:>.*?(?=</(?i:script|style)|\Z))?"
    r"|<(?P<name>[A-Za-z_][^\s/>]*)" + _ATTRIBUTES,
    re.S,
)


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

    def __init__(
        self, data: bytes, root: etree._Element, html: bool = False, elements: list[etree._Element] | None = None
    ) -> None:
        """``elements``: the tree's elements in document order, when a walk over the whole tree records them
        (:func:`~cydcheck.parsers.htmltext.paragraphs`) before the first question; else the map lists them itself."""
        self._data = data
        self._root = root
        self._html = html
        self._elements = elements
        self._built = False
        self._text = ""
        self._starts: list[int] = []  # offset of each start tag, in order (XML: as far as listed yet)
        self._pending: Iterator[re.Match[str]] | None = None  # XML: the rest of the start tags, not yet listed
        self._names: list[str] = []  # and its name (HTML only)
        self._lines: list[int] = []  # offset of each line break
        self._index: dict[etree._Element, int] = {}  # element -> its start tag's position in _starts
        self._paths: dict[etree._Element, str] = {}
        self._steps: dict[etree._Element, str] = {}

    def locate(self, el: etree._Element) -> SourceLocation:
        line = cast("int | None", el.sourceline)  # lxml-stubs leave sourceline untyped
        return SourceLocation(line=line, column=self._column(el, line), element=self.name(el))

    # -- columns -----------------------------------------------------------------------------------------------

    def column(self, el: etree._Element) -> int | None:
        return self._column(el, cast("int | None", el.sourceline))

    def _column(self, el: etree._Element, line: int | None) -> int | None:
        if not self._built:
            self._build()
        k = self._index.get(el)
        if k is None or line is None:
            return None
        at = self._start(k)
        if at is None:
            return None
        start = self._lines[line - 2] + 1 if line > 1 else 0
        # The pair holds only if the tag is on the element's line and spells its name.
        if not (start <= at and (line > len(self._lines) or at < self._lines[line - 1])):
            return None
        name = _qualified(el)
        end = at + 1 + len(name)
        if self._text[at + 1 : end].lower() != name.lower() or self._text[end : end + 1] not in _TAG_END:
            return None
        return at - start + 1

    def _build(self) -> None:
        self._built = True
        self._text = text = _source_text(self._data, self._root.getroottree().docinfo.encoding)
        self._lines = [m.start() for m in re.finditer("\n", text)]
        listed = self._elements or list(self._root.iter(etree.Element))
        if not self._html:
            # Start tags are listed only as far as the elements asked for: a filing's cybersecurity item and its
            # facts come early, its financial statements — most of its tags — after them.
            self._pending = _XML_TAGS.finditer(text)
            self._index = dict(zip(listed, range(len(listed)), strict=True))
            return
        tags = [(m.start(), m.group(m.lastgroup)) for m in _HTML_TAGS.finditer(text) if m.lastgroup]
        self._starts = [at for at, _ in tags]
        self._names = [name.lower() for _, name in tags]
        names = [str(el.tag).lower() for el in listed]  # lxml's HTML parser: plain tag names, no namespaces
        if names == self._names:
            self._index = dict(zip(listed, range(len(listed)), strict=True))
        else:  # the parser made up or dropped elements: align, each element to the next tag of its name on its line
            self._index = self._align(listed, names)

    def _start(self, k: int) -> int | None:
        """The offset of the k-th start tag (None when the source has fewer)."""
        starts = self._starts
        if k >= len(starts) and self._pending is not None:
            for m in self._pending:
                if m.lastgroup == "name":
                    starts.append(m.start())
                    if len(starts) > k:
                        break
            else:
                self._pending = None
        return starts[k] if k < len(starts) else None

    def _align(self, listed: list[etree._Element], names: list[str]) -> dict[etree._Element, int]:
        index: dict[etree._Element, int] = {}
        k = 0
        for el, name in zip(listed, names, strict=True):
            line = cast("int | None", el.sourceline)
            if line is None:
                continue
            while k < len(self._starts) and bisect.bisect_left(self._lines, self._starts[k]) + 1 < line:
                k += 1
            j = k
            while j < len(self._starts) and bisect.bisect_left(self._lines, self._starts[j]) + 1 == line:
                if self._names[j] == name:
                    index[el] = j
                    k = j + 1
                    break
                j += 1
        return index

    # -- names -------------------------------------------------------------------------------------------------

    def name(self, el: etree._Element) -> str:
        """``#id`` when the element has one; else a path of local names from the nearest ancestor with an id (or
        from the root): ``//*[@id="item1c"]/div[2]/p``."""
        ident = el.get("id")
        return f"#{ident}" if ident else self._path(el)

    def _path(self, el: etree._Element) -> str:
        # Up to the first ancestor whose path is known (or that has an id, or the root), then down again: each
        # element's path is built once, from its parent's.
        chain: list[etree._Element] = []
        node: etree._Element | None = el
        while node is not None and node not in self._paths:
            chain.append(node)
            parent = node.getparent()
            if parent is not None and parent.get("id"):
                self._paths[parent] = '//*[@id="{}"]'.format(str(parent.get("id")).replace('"', "&quot;"))
            node = parent
        base = self._paths[node] if node is not None else ""
        for n in reversed(chain):
            base = f"{base}/{self._step(n)}"
            self._paths[n] = base
        return base

    def _step(self, node: etree._Element) -> str:
        step = self._steps.get(node)
        if step is not None:
            return step
        parent = node.getparent()
        if parent is None:
            return local_name(str(node.tag))
        # Every child of the parent at once: one walk per parent, never one per child (flat documents).
        children = [(child, str(child.tag)) for child in parent.iterchildren(etree.Element)]
        counts: dict[str, int] = {}
        for _, tag in children:
            counts[tag] = counts.get(tag, 0) + 1
        seen: dict[str, int] = {}
        for child, tag in children:
            if counts[tag] > 1:
                seen[tag] = seen.get(tag, 0) + 1
                self._steps[child] = f"{local_name(tag)}[{seen[tag]}]"
            else:
                self._steps[child] = local_name(tag)
        return self._steps[node]


_TAG_END = frozenset(" \t\r\n/>")


def _qualified(el: etree._Element) -> str:
    """The element's name as its start tag spells it (``ix:nonNumeric``, ``p``)."""
    tag = str(el.tag)
    if not tag.startswith("{"):
        return tag
    name = tag.rsplit("}", 1)[-1]
    return f"{el.prefix}:{name}" if el.prefix else name
