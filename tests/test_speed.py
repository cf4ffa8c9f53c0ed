"""The speed work's shortcuts give exactly what the plain ways give."""

from __future__ import annotations

import random
import sys

import holidays
from cydcheck.checks.deadline import _registered_codes
from cydcheck.model import SourceLocation
from cydcheck.parsers import htmltext
from cydcheck.parsers.htmltext import Paragraph, paragraphs
from cydcheck.parsers.sourcemap import SourceMap
from cydcheck.text import _SPACES, clean_line
from lxml import etree


def _regex_clean(line: str) -> str:
    return _SPACES.sub(" ", line).strip().replace("\u2010", "-").replace("\u2011", "-")


def test_clean_line_folds_exactly_what_the_regex_folds() -> None:
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        line = f" a{chr(code)}b{chr(code)}"
        assert clean_line(line) == _regex_clean(line), hex(code)
    odd = [" ", "\t", "\n", "\u00a0", "\u2007", "\u202f", "\u2009", "\u200a", "\u3000", "\u200b", "\u2028", "x", "é"]
    rng = random.Random(12)
    for _ in range(20_000):
        line = "".join(rng.choice(odd) for _ in range(rng.randint(0, 10)))
        assert clean_line(line) == _regex_clean(line), repr(line)


def test_registered_calendar_codes_are_supported_ones() -> None:
    codes = _registered_codes()
    assert "US" in codes
    assert codes <= set(holidays.list_supported_countries())


def test_lazy_locations_are_the_eager_ones() -> None:
    data = b'<html xmlns="http://www.w3.org/1999/xhtml"><body><div id="a"><p>One <b>two</b></p>tail</div>' + (
        b"<table><tr><td>x</td><td>y</td></tr></table><p>three</p></body></html>"
    )
    root = etree.fromstring(data)
    located: list[etree._Element] = []

    def where(el: etree._Element) -> SourceLocation:
        located.append(el)
        return SourceMap(data, root).locate(el)

    lazy = paragraphs([root], where=where)
    assert located == []  # nothing is located until asked
    eager = [
        Paragraph(p.text, SourceMap(data, root).locate(p.element), p.element) for p in lazy if p.element is not None
    ]
    assert [p.text for p in lazy] == ["One two", "tail", "x y", "three"]
    assert lazy == eager
    assert len(located) == 4


def test_a_document_of_many_distinct_tags_reads_like_a_small_one() -> None:
    count = htmltext._MAX_KINDS + 50
    body = "".join(f"<t{i}>w{i} </t{i}>" for i in range(count))
    root = etree.fromstring(f"<html><body><p>{body}</p><p>end</p></body></html>")
    texts = [p.text for p in paragraphs([root])]
    assert texts == [" ".join(f"w{i}" for i in range(count)), "end"]
    assert len(htmltext._KINDS) <= htmltext._MAX_KINDS
