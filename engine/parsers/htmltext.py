"""Plain text out of (X)HTML trees, paragraph by paragraph, each paragraph remembering where it came from.

Shared by the inline XBRL, XBRL instance and plain HTML parsers. Works on trees from lxml's XML parser (namespaced
XHTML, ``ix:`` elements) and from its HTML parser alike: tags are compared by local name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from ..model import SourceLocation
from ..text import clean_line

# Elements that end a paragraph. Table cells are joined with a space inside their row; a row is a paragraph.
BLOCKS = frozenset(
    "p div li tr br h1 h2 h3 h4 h5 h6 table ul ol section article blockquote dt dd title header footer pre "
    "center hr body html".split()
)
CELLS = frozenset({"td", "th"})
INVISIBLE = frozenset({"script", "style", "head", "title", "meta", "link", "noscript", "template"})


def html_parser(encoding: str | None = None) -> lxml_html.HTMLParser:
    """lxml's tolerant HTML parser, with no network, and ``huge_tree``: without it libxml2 silently drops everything
    nested deeper than 256 elements (HTML has no entities to expand; the file size cap bounds memory). ``encoding``
    overrides the document's declared charset (None: the document's own, else libxml2's guess)."""
    return lxml_html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=True, encoding=encoding
    )


def fatal_error(parser: etree.HTMLParser) -> str | None:
    """What stopped the HTML parser short (libxml2's hard depth limit, 2,048 elements), if anything did: what it read
    is then incomplete, and must not pass for the document."""
    for entry in parser.error_log:
        if entry.level == etree.ErrorLevels.FATAL:
            message = " ".join(entry.message.replace("use XML_PARSE_HUGE option", "").split()).rstrip(" ,")
            return f"line {entry.line}: {message}"
    return None


def local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].lower() if "}" in tag else tag.lower().rsplit(":", 1)[-1]


@dataclass(frozen=True)
class Paragraph:
    text: str
    location: SourceLocation
    element: etree._Element | None
    level: int | None = None  # outline level where the source states it (a Markdown heading's '#'s); else None


def describe(el: etree._Element) -> str:
    """How a finding names an element: its id if it has one, else its tag."""
    ident = el.get("id")
    return f"#{ident}" if ident else f"<{local(el)}>"


def _where(el: etree._Element) -> SourceLocation:
    return SourceLocation(line=el.sourceline, element=describe(el))


class _Collector:
    def __init__(self, where: Callable[[etree._Element], SourceLocation] = _where) -> None:
        self.where = where
        self.paragraphs: list[Paragraph] = []
        self.buffer: list[str] = []
        self.owner: etree._Element | None = None

    def text(self, text: str | None, owner: etree._Element) -> None:
        if text:
            if self.owner is None and text.strip():
                self.owner = owner
            self.buffer.append(text)

    def flush(self) -> None:
        line = clean_line("".join(self.buffer))
        if line and self.owner is not None:
            self.paragraphs.append(Paragraph(line, self.where(self.owner), self.owner))
        self.buffer = []
        self.owner = None


def paragraphs(
    roots: Iterable[etree._Element],
    skip: Callable[[etree._Element], bool] = lambda el: False,
    where: Callable[[etree._Element], SourceLocation] = _where,
) -> list[Paragraph]:
    """The paragraphs of each root's subtree, in order; ``skip`` drops an element and everything inside it; ``where``
    locates the element a paragraph starts in (default: its line and :func:`describe`; a parser that has the source
    passes :meth:`cydcheck.parsers.sourcemap.SourceMap.locate`, which adds the column).

    Each root starts a new paragraph (a continuation of a text block begins where the page put it).
    """
    out = _Collector(where)
    for root in roots:
        _walk(root, out, skip)
        out.flush()
    return out.paragraphs


def _walk(el: etree._Element, out: _Collector, skip: Callable[[etree._Element], bool]) -> None:
    # An explicit stack, not recursion: real filings nest thousands of levels deep in places.
    stack: list[tuple[etree._Element, bool]] = [(el, False)]
    while stack:
        node, closing = stack.pop()
        name = local(node)
        tail = node.tail if node is not el else None  # the root's tail is outside what we were asked for
        parent = node.getparent()
        if closing:
            if name in BLOCKS:
                out.flush()
            elif name in CELLS:
                out.text(" ", node)
            out.text(tail, parent if parent is not None else node)
            continue
        if not name or name in INVISIBLE or skip(node):
            out.text(tail, parent if parent is not None else node)
            continue
        if name in BLOCKS:
            out.flush()
        out.text(node.text, node)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
