"""Word drafts (``.docx``): headings, paragraphs, lists and tables, read straight from the package's XML.

The text is the document as it would read with every tracked change accepted: insertions kept, deletions and
moved-away text left out. Comments live in their own part and are never read. A ``.docx`` is a zip: its declared
and actual decompressed sizes are capped, so a zip bomb ends as an error, not an exhausted machine.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from ..errors import InputError
from ..model import Disclosure, SourceLocation
from ..sources import SourceFile
from ..text import clean_line
from .base import Parser
from .filing import from_paragraphs
from .htmltext import Paragraph
from .ixbrl import declares_entities, parse_xml_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_NESTING = 32
# What a draft's text leaves out: deleted and moved-away text, field codes, comment and footnote marks. Annotating
# anchors on the same text (engine/annotate.py), so both read it from here.
UNREAD = frozenset(
    {f"{W}del", f"{W}moveFrom", f"{W}delText", f"{W}instrText", f"{W}commentReference", f"{W}footnoteReference"}
)


def _read_part(zf: zipfile.ZipFile, name: str, display: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise InputError(f"{display}: {name} would decompress to {info.file_size:,} bytes, over the limit")
    with zf.open(info) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise InputError(f"{display}: {name} decompresses past the {MAX_PART_BYTES:,}-byte limit")
    return data


def _text(el: etree._Element) -> str:
    """A paragraph's text: runs in order, tabs and breaks as spaces, deleted text and field codes left out."""
    out: list[str] = []
    stack = [el]
    while stack:
        node = stack.pop()
        if node.tag in UNREAD:
            continue
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            out.append(" ")
        elif node.tag == f"{W}noBreakHyphen":  # Word's non-breaking hyphen is an element, not a character
            out.append("-")
        stack.extend(reversed(node))
    return clean_line("".join(out))


class DocxParser(Parser):
    name = "docx"
    description = "Word draft (.docx): the Item 1C section, or the whole document when it is only the disclosure"
    extensions = (".docx",)

    def sniff(self, source: SourceFile) -> int:
        if not source.data.startswith(b"PK\x03\x04"):
            return 0
        return 90 if b"word/document.xml" in source.data[:65536] or source.suffix == ".docx" else 0

    def parse(self, source: SourceFile) -> Disclosure:
        try:
            zf = zipfile.ZipFile(io.BytesIO(source.data))
        except zipfile.BadZipFile as exc:
            raise InputError(f"{source.display}: not a readable .docx (zip): {exc}") from None
        with zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > MAX_TOTAL_BYTES:
                raise InputError(f"{source.display}: would decompress to {total:,} bytes, over the limit")
            if "word/document.xml" not in zf.namelist():
                raise InputError(f"{source.display}: not a Word document (no word/document.xml)")
            try:
                data = _read_part(zf, "word/document.xml", source.display)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:  # corrupt or encrypted members
                raise InputError(f"{source.display}: cannot read word/document.xml: {exc}") from None
        if declares_entities(data):
            # Word writes no DTD. A declared entity would stay unexpanded, and the run's text after it unread.
            raise InputError(
                f"{source.display}: word/document.xml declares XML entities, which Word never writes; cydcheck does "
                "not read such a draft (save it again from Word)"
            )
        root = parse_xml_bytes(data, f"{source.display}: word/document.xml")
        body = root.find(f"{W}body")
        paras = self._paragraphs(body if body is not None else root, source.display)
        return from_paragraphs(source, self.name, paras, whole_when_no_items=True)

    @staticmethod
    def _paragraphs(body: etree._Element, display: str) -> list[Paragraph]:
        """Top-level paragraphs and table rows in order; a row is one paragraph of its cells' text.

        One walk over the tree, tracking whether a paragraph stands in a row or in deleted text, instead of a walk up
        from every paragraph; paragraphs and rows nested past MAX_NESTING (tables in tables, text boxes) are refused,
        since each outer one repeats the inner ones' text."""
        out: list[Paragraph] = []
        count = blocked = nesting = 0
        blocks = (f"{W}p", f"{W}tr")
        for event, block in etree.iterwalk(body, events=("start", "end"), tag=[*blocks, *UNREAD]):
            blocking = block.tag == f"{W}tr" or block.tag in UNREAD
            if event == "end":
                blocked -= blocking
                nesting -= block.tag in blocks
                continue
            if block.tag in blocks:
                nesting += 1
                if nesting > MAX_NESTING:
                    raise InputError(
                        f"{display}: paragraphs and table rows nested more than {MAX_NESTING} deep "
                        f"(at paragraph {count + 1}); cydcheck does not read such a document"
                    )
            text = ""
            if block.tag == f"{W}p":
                count += 1
                if not blocked:  # else read as part of its table row
                    text = _text(block)
                    where = f"paragraph {count}"
            elif block.tag == f"{W}tr":
                cells = [" ".join(_text(p) for p in tc.iter(f"{W}p")) for tc in block.iter(f"{W}tc")]
                text = clean_line(" ".join(cells))
                where = f"table row at paragraph {count + 1}"
            blocked += blocking
            if text:
                out.append(Paragraph(text, SourceLocation(element=where), block))
        return out
