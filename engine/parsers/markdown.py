"""Markdown and plain-text drafts: headings such as "Risk Management and Strategy" / "Governance" structure the
text; markup is dropped, line numbers are kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Disclosure, SourceLocation
from ..sources import SourceFile, is_binary
from ..text import clean_line, split_lines
from .base import Parser
from .filing import from_paragraphs
from .htmltext import Paragraph

if TYPE_CHECKING:
    from markdown_it.token import Token

_BLOCK_CLOSE = {"paragraph_close", "heading_close", "tr_close"}


def _inline_text(token: Token) -> str:
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(child.content)
    return "".join(out)


class MarkdownParser(Parser):
    name = "markdown"
    description = "Markdown or plain-text draft (.md, .markdown, .txt)"
    extensions = (".md", ".markdown", ".txt")

    def sniff(self, source: SourceFile) -> int:
        if is_binary(source):  # no text draft, whatever its name (and standard input's junk is no Markdown)
            return 0
        if source.suffix in (".md", ".markdown"):
            return 80
        if source.suffix == ".txt":
            return 20  # below the R-page parser, which recognises its own .txt files
        return 0

    def parse(self, source: SourceFile) -> Disclosure:
        try:
            text = source.text()
        except UnicodeDecodeError as exc:
            raise InputError(f"{source.display}: cannot decode text: {exc.reason}") from None
        if "\x00" in text:
            raise InputError(f"{source.display}: binary content, not a text draft")
        lines = split_lines(text)  # numbered as markdown-it numbers them: at line feeds only
        from markdown_it import MarkdownIt  # here, not at import: a check of other formats never needs it

        md = MarkdownIt("commonmark", {"html": False}).enable("table")
        paras: list[Paragraph] = []
        pending: list[str] = []
        first_line: int | None = None
        level: int | None = None
        for token in md.parse(text):
            if token.type == "heading_open":
                level = int(token.tag[1:]) if token.tag[1:].isdigit() else None
            elif token.type == "inline":
                pending.append(_inline_text(token))
                if first_line is None and token.map:
                    first_line = token.map[0]
            elif token.type in ("th_close", "td_close"):
                pending.append(" ")
            elif token.type in _BLOCK_CLOSE and pending:
                para = clean_line("".join(pending))
                if para and first_line is not None:
                    raw = lines[first_line] if first_line < len(lines) else ""
                    column = max(raw.find(para.partition(" ")[0]), 0) + 1
                    where = SourceLocation(line=first_line + 1, column=column)
                    paras.append(Paragraph(para, where, None, level if token.type == "heading_close" else None))
                pending, first_line, level = [], None, None
        return from_paragraphs(source, self.name, paras, whole_when_no_items=True)
