"""Plain text out of (X)HTML trees, paragraph by paragraph, each paragraph remembering where it came from.

Shared by the inline XBRL, XBRL instance and plain HTML parsers. Works on trees from lxml's XML parser (namespaced
XHTML, ``ix:`` elements) and from its HTML parser alike: tags are compared by local name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

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
    """What stopped the HTML parser short, if anything did — what it read is then incomplete, and must not pass for
    the document — as the words of an error: where, libxml2's message, and advice that fits it (flattening only for
    libxml2's hard depth limit of 2,048 elements; checking the file and its encoding for bytes that are no text)."""
    for entry in parser.error_log:
        if entry.level == etree.ErrorLevels.FATAL:
            message = " ".join(entry.message.replace("use XML_PARSE_HUGE option", "").split()).rstrip(" ,")
            stopped = f"the HTML parser stopped short (line {entry.line}: {message})"
            if "Excessive depth" in message:
                return (
                    f"{stopped}; cydcheck reads markup nested up to 2,048 elements deep: flatten it (e.g. save the "
                    "document again from its authoring tool)"
                )
            if "encoding" in message.lower():
                return (
                    f"{stopped}: the bytes there are not text in the document's encoding (its declared charset, else "
                    "UTF-8 or Windows-1252); check that the file is an HTML document, saved as text"
                )
            return f"{stopped}: what it read is incomplete, so cydcheck does not check it"
    return None


def local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return local_name(tag)


class Paragraph:
    """One paragraph's text, the element it starts in (None for sources without a tree) and where that is in the
    source. A parser may give ``where`` instead of the location: the location is then worked out from the element the
    first time it is asked for — a filing has tens of thousands of paragraphs, and only its headings and the section
    are ever located. Read-only once made."""

    __slots__ = ("_location", "_where", "element", "level", "text")

    def __init__(
        self,
        text: str,
        location: SourceLocation | None,
        element: etree._Element | None,
        level: int | None = None,  # outline level where the source states it (a Markdown heading's '#'s); else None
        where: Callable[[etree._Element], SourceLocation] | None = None,
    ) -> None:
        if location is None and (where is None or element is None):
            raise ValueError("a paragraph needs its location, or an element and where to locate it")
        self.text = text
        self.element = element
        self.level = level
        self._location = location
        self._where = where

    @property
    def location(self) -> SourceLocation:
        if self._location is None:
            assert self._where is not None and self.element is not None  # __init__ ensures it
            self._location = self._where(self.element)
            self._where = None
        return self._location

    def _key(self) -> tuple[object, ...]:
        return (self.text, self.location, self.element, self.level)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Paragraph) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Paragraph(text={self.text!r}, location={self.location!r}, element={self.element!r}, level={self.level!r})"
        )


def describe(el: etree._Element) -> str:
    """How a finding names an element: its id if it has one, else its tag."""
    ident = el.get("id")
    return f"#{ident}" if ident else f"<{local(el)}>"


def _where(el: etree._Element) -> SourceLocation:
    return SourceLocation(line=el.sourceline, element=describe(el))


_OTHER, _BLOCK, _CELL, _HIDDEN = 0, 1, 2, 3
_KINDS: dict[object, int] = {}  # tag (a string, or lxml's Comment / ProcessingInstruction / Entity) -> its kind
_MAX_KINDS = 4096  # distinct tags remembered; a hostile document may invent any number of them


def _kind(tag: object) -> int:
    kind = _KINDS.get(tag)
    if kind is None:
        name = local_name(tag) if isinstance(tag, str) else ""
        if not name or name in INVISIBLE:
            kind = _HIDDEN
        else:
            kind = _BLOCK if name in BLOCKS else _CELL if name in CELLS else _OTHER
        if len(_KINDS) < _MAX_KINDS:
            _KINDS[tag] = kind
    return kind


def local_name(tag: str) -> str:
    """A tag's local name, lower-case: ``{http://www.w3.org/1999/xhtml}div`` and ``ix:nonnumeric`` → div, nonnumeric."""
    return tag.rsplit("}", 1)[-1].lower() if "}" in tag else tag.lower().rsplit(":", 1)[-1]


def paragraphs(
    roots: Iterable[etree._Element],
    skip: Collection[str] = (),
    where: Callable[[etree._Element], SourceLocation] = _where,
    elements: list[etree._Element] | None = None,
) -> list[Paragraph]:
    """The paragraphs of each root's subtree, in order; ``skip`` lists tags (as lxml spells them:
    ``{namespace}local``) whose elements are dropped with everything inside them; ``where``
    locates the element a paragraph starts in (default: its line and :func:`describe`; a parser that has the source
    passes :meth:`cydcheck.parsers.sourcemap.SourceMap.locate`, which adds the column), when a paragraph's location
    is first asked for. ``elements``, when given, receives every element of the subtrees (skipped ones too) in
    document order: the walk touches each of them anyway, and the source map would otherwise walk the tree again.

    Each root starts a new paragraph (a continuation of a text block begins where the page put it).
    """
    out: list[Paragraph] = []
    kinds: dict[object, int] = {tag: _HIDDEN for tag in skip}
    for root in roots:
        _walk(root, out, kinds, where, elements)
    return out


def _walk(
    root: etree._Element,
    out: list[Paragraph],
    kinds: dict[object, int],
    where: Callable[[etree._Element], SourceLocation],
    elements: list[etree._Element] | None,
) -> None:
    # The hot loop of every parse (every element of a whole filing passes here): lxml's own walk (start and end
    # events from C; a skipped element's subtree is not entered), each tag classified once. An element's tail
    # belongs to its parent's text, after the element's end — the root's tail is outside what we were asked for.
    buffer: list[str] = []
    owner: etree._Element | None = None  # the element the paragraph's first visible text belongs to

    def flush() -> None:
        nonlocal owner
        if buffer:
            line = clean_line("".join(buffer))
            if line and owner is not None:
                out.append(Paragraph(line, None, owner, where=where))
            buffer.clear()
        owner = None

    record = elements.append if elements is not None else None
    open_kinds: list[int] = []  # the kinds of the elements started and not yet ended: an end needs no tag lookup
    push, pop = open_kinds.append, open_kinds.pop
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event == "end":
            kind = pop()
            if kind == _HIDDEN:
                continue  # done at its start
            if kind == _BLOCK:
                if buffer:  # an empty buffer has no owner either: nothing to flush
                    flush()
            elif kind == _CELL:
                buffer.append(" ")
        else:
            tag = node.tag
            known = kinds.get(tag)
            if known is None:
                known = _kind(tag)
                if len(kinds) < _MAX_KINDS:
                    kinds[tag] = known
            kind = known
            if event == "start":
                push(kind)
                if kind == _HIDDEN:
                    walker.skip_subtree()
                    if elements is not None and isinstance(tag, str):
                        elements.extend(node.iter(etree.Element))
                else:
                    if record is not None:
                        record(node)
                    if kind == _BLOCK and buffer:
                        flush()
                    text = node.text
                    if text:
                        if owner is None and text.strip():
                            owner = node
                        buffer.append(text)
                    continue
            # a hidden element's start, a comment or a processing instruction (no end event): only its tail is read
        if node is not root:
            tail = node.tail
            if tail:
                if owner is None and tail.strip():
                    owner = node.getparent()
                buffer.append(tail)
    flush()
