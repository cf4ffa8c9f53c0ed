"""How a heading looks, so that a section found by its title can end at the next heading of the same rank.

A filing that has no "Item 1C" heading (a cross-reference-index layout, an annual report) marks its sections with
titles in a house style: a 14pt blue line, a bold all-capitals line, a Word "Heading 2", a Markdown "##". The
:class:`HeadingStyle` of a paragraph is what the source says about that look — the outline level when the source has
one (HTML h1–h6, Word "Heading N"/"Title", Markdown '#'s), else the font size, weight, slant, colour and capitals
read from the element and its nearest ancestors — and :meth:`HeadingStyle.closes` says whether a later heading ends
a section opened by an earlier one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .htmltext import BLOCKS, Paragraph, local

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ANCESTORS = 8  # how far up a style is inherited from (a span in a div in a td is as far as real layouts go)
_FONT_SIZES = {"1": 7.5, "2": 10.0, "3": 12.0, "4": 13.5, "5": 18.0, "6": 24.0, "7": 36.0}  # <font size=N>
_CSS_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)\s*(pt|px|em|rem|%)?", re.I)
_CSS_WEIGHT = re.compile(r"font-weight\s*:\s*(bold(?:er)?|[6-9]00)\b", re.I)
_CSS_NORMAL_WEIGHT = re.compile(r"font-weight\s*:\s*(normal|lighter|[1-5]00)\b", re.I)
_CSS_ITALIC = re.compile(r"font-style\s*:\s*(italic|oblique)", re.I)
_CSS_COLOR = re.compile(r"(?<![-\w])color\s*:\s*([#\w]+)", re.I)
_CSS_CAPS = re.compile(r"text-transform\s*:\s*uppercase", re.I)
_WORD_HEADING = re.compile(r"^(?:heading|berschrift|titre)\s*(\d)$", re.I)


@dataclass(frozen=True)
class HeadingStyle:
    level: int | None = None  # outline level: 0 for a title, 1 for h1 / Heading 1 / '#', …; smaller ranks higher
    size: float | None = None  # font size in points
    bold: bool = False
    italic: bool = False
    color: str | None = None
    caps: bool = False  # written or shown in capitals

    def closes(self, later: HeadingStyle) -> bool:
        """Whether a heading that looks like ``later`` ends the section this heading opened: an outline level as
        high or higher, a larger font, or (without either) the very same look."""
        if self.level is not None and later.level is not None:
            return later.level <= self.level
        if self.size is not None and later.size is not None and later.size > self.size + 0.25:
            return True
        return later == self and self != HeadingStyle()  # a look the source never set says nothing


def _points(value: str, unit: str | None) -> float | None:
    number = float(value) if value.replace(".", "", 1).isdigit() else None
    if number is None:
        return None
    unit = (unit or "px").lower()
    return {"pt": number, "px": number * 0.75, "em": number * 12, "rem": number * 12, "%": number * 0.12}[unit]


def _html_style(el: etree._Element, text: str) -> HeadingStyle:
    level: int | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    caps = text.upper() == text and any(c.isalpha() for c in text)
    node: etree._Element | None = el
    for _ in range(ANCESTORS):
        if node is None:
            break
        name = local(node)
        if name in ("body", "html", "table", "tr"):
            break
        if level is None and len(name) == 2 and name[0] == "h" and name[1] in "123456":
            level = int(name[1])
        if bold is None and name in ("b", "strong"):
            bold = True
        if italic is None and name in ("i", "em"):
            italic = True
        if name == "font":
            if size is None and (node.get("size") or "") in _FONT_SIZES:
                size = _FONT_SIZES[node.get("size") or ""]
            color = color or node.get("color")
        css = node.get("style") or ""
        if css:
            if size is None and (m := _CSS_SIZE.search(css)):
                size = _points(m.group(1), m.group(2))
            if bold is None:
                bold = True if _CSS_WEIGHT.search(css) else (False if _CSS_NORMAL_WEIGHT.search(css) else None)
            if italic is None and _CSS_ITALIC.search(css):
                italic = True
            if color is None and (m := _CSS_COLOR.search(css)):
                color = m.group(1).lower()
            caps = caps or _CSS_CAPS.search(css) is not None
        if name in BLOCKS:  # past the paragraph's own block only its cell can still style it
            parent = node.getparent()
            node = parent if parent is not None and local(parent) in ("td", "th") else None
            continue
        node = node.getparent()
    return HeadingStyle(level, size, bool(bold), bool(italic), color, caps)


def _word_style(p: etree._Element, text: str) -> HeadingStyle:
    level: int | None = None
    style = p.find(f"{W}pPr/{W}pStyle")
    name = (style.get(f"{W}val") or "") if style is not None else ""
    if name.lower() == "title":
        level = 0
    elif m := _WORD_HEADING.match(name.replace(" ", "")):
        level = int(m.group(1))
    run = p.find(f".//{W}rPr")
    bold = run is not None and run.find(f"{W}b") is not None
    italic = run is not None and run.find(f"{W}i") is not None
    size_el = run.find(f"{W}sz") if run is not None else None
    size = float(size_el.get(f"{W}val") or 0) / 2 if size_el is not None else None
    caps = (run is not None and run.find(f"{W}caps") is not None) or (
        text.upper() == text and any(c.isalpha() for c in text)
    )
    return HeadingStyle(level, size or None, bold, italic, None, caps)


def style_of(paragraph: Paragraph) -> HeadingStyle:
    """The look of a paragraph that may be a heading."""
    if paragraph.level is not None:
        return HeadingStyle(level=paragraph.level)
    el = paragraph.element
    if el is None:
        caps = paragraph.text.upper() == paragraph.text and any(c.isalpha() for c in paragraph.text)
        return HeadingStyle(caps=caps)
    if isinstance(el.tag, str) and el.tag.startswith(W):
        return _word_style(el, paragraph.text)
    return _html_style(el, paragraph.text)
