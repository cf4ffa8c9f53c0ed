"""Hostile inputs from the adversarial trial (issue 14), made in code by tests/hostile.py: each ends as a correct
Disclosure or a one-line error, in time (and memory) that grows linearly with its size.

Ceilings are generous for two noisy cores and far below what the old quadratic code took on the same input (the
measured before/after figures are in each test's comment).
"""

from __future__ import annotations

import io
import json
import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cydcheck
import hostile
import pytest
from click.testing import CliRunner
from cydcheck.api import check_bytes
from cydcheck.cli import cli
from cydcheck.errors import CydcheckError
from cydcheck.inputs import parse_source
from cydcheck.model import Disclosure, FactKind, Segment, SourceLocation
from cydcheck.parsers.base import Parser
from cydcheck.parsers.common import section_from_facts
from cydcheck.parsers.data import MAX_DRAFT_BYTES, MAX_DRAFT_DEPTH
from cydcheck.plugins import registry
from cydcheck.sources import SourceFile
from cydcheck.text import TextBuilder, sentences
from helpers import CORPUS, EXAMPLES, SEED
from hypothesis import given, settings
from hypothesis import strategies as st

PARSERS = registry().parsers


def parse(name: str, data: bytes, format_in: str | None = None) -> Disclosure:
    return parse_source(SourceFile(name, data), PARSERS, format_in)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def one_line_error(fn: Callable[[], Any]) -> str:
    with pytest.raises(CydcheckError) as info:
        fn()
    message = str(info.value)
    assert "\n" not in message and message.encode("utf-8")
    return message


# --- linear work --------------------------------------------------------------------------------------------------


def test_shared_continuation_chain_is_read_once() -> None:
    """600 facts naming one 600-link chain (140 KB). Before: every fact re-walked and re-copied the chain — 1000×1000
    (231 KB) took 45.5 s and 1.2 GB; 300×300 took 16 s and a 103 MB traced peak. After: 600×600 in ~0.9 s, ~6 MB."""
    data = hostile.shared_chain_ixbrl(600, 600)
    tracemalloc.start()
    try:
        seconds, doc = timed(lambda: parse("chain.htm", data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < 6.0
    assert peak < 100 * len(data)  # 14 MB for 140 KB
    first, *rest = doc.facts
    assert first.text.split("\n") == ["Board fact 0."] + [f"Part {i}." for i in range(600)]
    assert [f.text for f in rest] == [f"Board fact {i}." for i in range(1, 600)]
    broken = [d for d in doc.diagnostics if d.code == "continuation.broken"]
    assert len(broken) == 599 and "already read as part of the fact at line" in broken[0].message


def test_a_long_chain_read_by_one_fact_is_linear() -> None:
    """One fact continued 10,000 times (0.85 MB): ~1.5 s before and after; a chain is not capped (each link is read
    once), so this bounds it."""
    data = hostile.long_chain_ixbrl(10_000)
    seconds, doc = timed(lambda: parse("long.htm", data))
    assert seconds < 8.0
    assert doc.facts[0].text.count("\n") == 10_000


def test_many_distinct_paragraphs_are_deduplicated_in_linear_time() -> None:
    """A fact-only section from 50,000 distinct paragraphs. Before: each membership test re-joined the whole text
    (the 50,000-fact instance took 86.8 s). After: a set for exact repeats and a scan budget for the rest: ~0.5 s."""
    builder = TextBuilder()
    paragraphs = [f"Management fact number {i} describes a distinct process." for i in range(50_000)]

    def build() -> tuple[str, tuple[Segment, ...]]:
        for p in paragraphs + paragraphs[:1000]:
            if p not in builder:
                builder.add(p, SourceLocation(line=1))
        return builder.build()

    seconds, (text, segments) = timed(build)
    assert seconds < 5.0
    assert len(segments) == 50_000 and text.count("\n") == 49_999  # exact repeats left out, even past the budget
    assert builder.scan_exhausted


def test_paragraph_inside_an_earlier_one_is_still_left_out() -> None:
    """The old behaviour (R pages repeat a committee's name from a longer block) is kept under the scan budget."""
    builder = TextBuilder()
    builder.add("Our board delegates oversight to the audit committee and the risk committee.", SourceLocation())
    assert "audit committee and the risk committee" in builder
    assert "audit committee and the nominating committee" not in builder
    assert not builder.scan_exhausted
    small = TextBuilder(scan_budget=10)
    small.add("Our board delegates oversight to the audit committee.", SourceLocation())
    assert "audit committee" not in small and small.scan_exhausted  # past the budget: exact repeats only


def test_section_from_facts_reports_an_exhausted_scan() -> None:
    doc = parse("many.xml", hostile.many_facts_xbrl(4000))
    assert doc.text.split("\n") == [f.text for f in doc.facts]
    assert [s.location for s in doc.text_segments] == [f.segments[0].location for f in doc.facts]
    assert [d.code for d in doc.diagnostics if d.code == "section.overlap"] == ["section.overlap"]
    notes: list[cydcheck.model.Diagnostic] = []
    assert section_from_facts(doc.facts[:3], notes)[0] == "\n".join(f.text for f in doc.facts[:3]) and notes == []


def _locate_linear(doc: Disclosure, field: str, offset: int) -> SourceLocation | None:
    """Disclosure.locate as it was: a scan of the segments (the reference its bisection must equal)."""
    if field == "text":
        segments = doc.text_segments
    else:
        fact = doc.fact(field.removeprefix("fact:"))
        if fact is None:
            return None
        segments = fact.segments
        if not segments:
            return fact.location
    for seg in segments:
        if seg.start <= offset < seg.end or (offset == seg.end == segments[-1].end):
            loc = seg.location
            if (
                loc.line is not None
                and loc.column is not None
                and "\n" not in doc.field_text(field)[seg.start : offset]
            ):
                return loc.model_copy(update={"column": loc.column + (offset - seg.start)})
            return loc
    return None


def test_locating_evidence_is_a_bisection() -> None:
    """20,000 paragraphs, every one quoted. Before: a scan per quote (20,000 × 10,000 steps on average: minutes;
    the 20,000-paragraph Markdown draft's check took 22 s in the trial). After: ~0.2 s."""
    builder = TextBuilder()
    for i in range(20_000):
        builder.add(f"Paragraph {i}.", SourceLocation(line=i + 1, column=1))
    text, segments = builder.build()
    doc = Disclosure(source="p.md", format="markdown", text=text, text_segments=segments)
    seconds, found = timed(lambda: [doc.locate("text", s.start + 2) for s in segments])
    assert seconds < 5.0
    assert found[12_345] == SourceLocation(line=12_346, column=3)
    assert doc.locate("text", len(text)) == SourceLocation(line=20_000, column=1 + len("Paragraph 19999."))


_SEGMENT = st.builds(
    lambda a, b, line: Segment(start=min(a, b), end=max(a, b), location=SourceLocation(line=line, column=1)),
    st.integers(0, 40),
    st.integers(0, 40),
    st.integers(1, 9),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_SEGMENT, max_size=8),
    st.booleans(),
    st.integers(-2, 44),
    st.text(alphabet="ab\n", min_size=40, max_size=40),
)
def test_bisection_locates_exactly_as_the_scan_did(
    segments: list[Segment], ordered: bool, offset: int, text: str
) -> None:
    """Any segments — in order and disjoint as parsers build them, or not (a hand-written draft) — any offset."""
    if ordered:
        segments, end = [], 0
        for seg in sorted(segments, key=lambda s: s.start):
            if seg.start >= end and seg.end > seg.start:
                segments.append(seg)
                end = seg.end
    fact_segments = tuple(reversed(segments))
    doc = Disclosure(
        source="d",
        format="data",
        text=text,
        text_segments=tuple(segments),
        facts=(
            cydcheck.model.Fact(id="F", name="F", kind=FactKind.TEXT, value=text, text=text, segments=fact_segments),
        ),
    )
    for field in ("text", "fact:F", "fact:G"):
        assert doc.locate(field, offset) == _locate_linear(doc, field, offset)


def _sentences_as_before(text: str) -> tuple[tuple[int, int], ...]:
    """text.sentences as it was (searching the whole sentence so far at every period): the reference."""
    from cydcheck.text import _ABBREVIATIONS, _SENTENCE_END, _push

    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith("."):
            word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[start : m.start()])
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
            if re.search(r"\bItem\s+\d+[A-Z]?$", text[start : m.start()], re.I):
                continue
        _push(text, start, m.end(), spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return tuple(spans)


def test_a_sentence_running_through_abbreviations_is_split_in_linear_time() -> None:
    """One paragraph that never ends a sentence ('We use Inc. ' × 20,000, 240 KB): 270 s before — every period
    searched the whole sentence so far — 0.06 s after. This is what made a 30 MB one-paragraph draft slow."""
    text = "We use Inc. " * 20_000
    seconds, spans = timed(lambda: sentences(text))
    assert seconds < 2.0
    assert spans == ((0, len(text) - 1),)


_PIECES = "Item|item|ITEM| |  |\t|1|23|A|a|ı|K|.|..|!|;|?|\n|Inc|U.S|e.g|x|”|)|]|'|\u00a0|٣|_|No|word".split("|")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_sentences_split_exactly_as_before(text: str) -> None:
    assert sentences(text) == _sentences_as_before(text)


def test_a_large_single_paragraph_draft_reads_in_linear_time() -> None:
    """4 MB in one paragraph: ~1.5 s to parse; the rules' sentence splitting is linear too (above)."""
    data = hostile.markdown_one_paragraph(4_000_000)
    seconds, doc = timed(lambda: parse("one.md", data))
    assert seconds < 12.0
    assert doc.text == data.decode().strip()
    seconds, spans = timed(lambda: sentences(doc.text))
    assert seconds < 12.0 and len(spans) == len(re.findall(r"quarter\.", doc.text)) + (not doc.text.endswith("."))


# --- data drafts: caps measured before parsing --------------------------------------------------------------------


def test_an_oversized_draft_is_refused_before_parsing() -> None:
    """A 20 MB scalar took 55 s in the YAML parser; now refused at once, naming the file and the limit."""
    seconds, message = timed(lambda: one_line_error(lambda: parse("big.json", hostile.json_scalar(20_000_000))))
    assert seconds < 2.0
    assert message == f"big.json: 20,000,012 bytes is over the {MAX_DRAFT_BYTES:,}-byte limit for YAML/JSON drafts"


def test_a_draft_under_the_cap_reads_quickly_in_bounded_memory() -> None:
    """4 MiB of JSON: ~0.3 s, ~25 MB traced (a per-character regex alternation in the depth check once took 480 MB)."""
    data = hostile.json_scalar(MAX_DRAFT_BYTES - 100)
    tracemalloc.start()
    try:
        seconds, doc = timed(lambda: parse("big.json", data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < 6.0 and len(doc.text) == MAX_DRAFT_BYTES - 100
    assert peak < 20 * len(data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deep.json", hostile.json_nested(100_000)),  # 35 s before
        ("deeper.json", hostile.json_nested(1_000_000)),  # over 120 s before
        ("deep.yaml", hostile.yaml_nested(100_000)),
        ("block.yaml", ("text: x\nextra:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(60))).encode()),
    ],
)
def test_a_deeply_nested_draft_is_refused_quickly(name: str, data: bytes) -> None:
    seconds, message = timed(lambda: one_line_error(lambda: parse(name, data)))
    assert seconds < 3.0
    assert re.fullmatch(
        rf"{re.escape(name)}:\d+: nested more than {MAX_DRAFT_DEPTH} levels deep, over the limit for YAML/JSON drafts",
        message,
    )


def test_nesting_up_to_the_cap_is_read() -> None:
    inner = "[" * (MAX_DRAFT_DEPTH - 1) + "]" * (MAX_DRAFT_DEPTH - 1)
    message = one_line_error(lambda: parse("ok.json", f'{{"text": "x", "facts": {inner}}}'.encode()))
    assert "nested" not in message  # reaches validation: a fact is not a list


def test_compact_and_tab_indented_json_drafts_are_read() -> None:
    """One-line JSON was 'not a format cydcheck reads' (the sniffer wanted a key at the start of a line)."""
    compact = json.dumps({"issuer": "Fictional Freight Co.", "form": "10-K", "text": "The Board oversees risk."})
    assert "\n" not in compact
    doc = parse("draft.json", compact.encode())
    assert doc.format == "data" and doc.issuer == "Fictional Freight Co."
    tabbed = json.dumps({"text": "The Board oversees risk.", "form": "10-K"}, indent="\t")
    assert parse("draft.json", tabbed.encode()).text == "The Board oversees risk."
    assert parse("draft.yaml", b'{text: "The Board oversees risk.", form: 10-K}').form.value == "10-K"


def test_json_errors_name_file_and_line() -> None:
    assert one_line_error(lambda: parse("d.json", b'{"text": "x",\n "colour": 1}')) == (
        "d.json:2: field 'colour': unknown field (not allowed here)"
    )
    assert one_line_error(lambda: parse("d.json", b'{"text": "x",\n }', "data")).startswith(
        "d.json:2: JSON syntax error:"
    )


# --- crashes: lone surrogates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("lone.json", b'{"text": "The Board \\ud800 oversees risk.", "form": "10-K"}'),
        ("lone.yaml", b'text: "The Board \\ud800 oversees risk."\nform: 10-K\n'),
    ],
)
def test_a_lone_surrogate_is_read_as_a_replacement_character_with_a_warning(
    tmp_path: Path, name: str, data: bytes
) -> None:
    """Before: parsed, then UnicodeEncodeError when a report was written. The code point is half a character — no
    text — so it is read as U+FFFD (one code point for one: offsets hold) and reported; the rest is judged."""
    doc = parse(name, data)
    assert doc.text == "The Board \ufffd oversees risk."
    (warning,) = [d for d in doc.diagnostics if d.code == "draft.unreadable"]
    assert "field 'text'" in warning.message and warning.level == "warning"
    path = tmp_path / name
    path.write_bytes(data)
    for fmt in ("json", "html"):
        result = CliRunner().invoke(cli, ["check", str(path), "--format", fmt, "--fail-on", "never"])
        assert result.exit_code == 0, result.output
        assert result.stdout.encode("utf-8")


def test_an_escaped_surrogate_pair_is_one_character() -> None:
    doc = parse("pair.yaml", b'text: "Risk \\ud83d\\udd12 locked."\n')
    assert doc.text == "Risk \U0001f512 locked." and doc.diagnostics == ()
    assert parse("pair.json", b'{"text": "Risk \\ud83d\\udd12 locked."}').text == "Risk \U0001f512 locked."


def test_any_other_exception_from_a_parser_is_one_line_naming_the_file() -> None:
    class Broken(Parser):
        name = "broken"
        description = "raises what a parser bug would"
        extensions = (".zz",)

        def sniff(self, source: SourceFile) -> int:
            if source.data.startswith(b"sniff"):
                raise LookupError("sniffer\nbug")
            return 100

        def parse(self, source: SourceFile) -> Disclosure:
            raise UnicodeEncodeError("utf-8", "\ud800 two\nlines", 0, 1, "surrogates not allowed")

    parsers = {"broken": Broken()}
    message = one_line_error(lambda: parse_source(SourceFile("x.zz", b"data"), parsers))
    assert message.startswith("x.zz: cannot parse as broken: UnicodeEncodeError:")
    message = one_line_error(lambda: parse_source(SourceFile("x.zz", b"sniff"), parsers))
    assert message == "x.zz: cannot parse as its format: LookupError: sniffer bug"


# --- silent misreads ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_an_r_page_reads_the_same_with_any_line_ending(ending: str) -> None:
    """CR-only R pages were sniffed as Markdown: 11 facts became 0."""
    expected = parse("r.txt", hostile.rpage("\n"))
    assert len(expected.facts) == 11
    doc = parse("r.txt", hostile.rpage(ending))
    assert doc.format == "rpage" and doc == expected


def test_mixed_line_endings_keep_line_numbers() -> None:
    lines = hostile.rpage("\n").decode().split("\n")
    mixed = "".join(line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(lines[:-1]))
    assert parse("r.txt", mixed.encode()) == parse("r.txt", hostile.rpage("\n"))


def test_markdown_line_numbers_count_line_endings_only() -> None:
    """A form feed or U+2028 is not a line break to an editor (or to markdown-it): columns stay on the right line."""
    text = "Intro with a form feed \f and a line separator \u2028 here.\r\r   The Board oversees cybersecurity risk.\r"
    doc = parse("d.md", text.encode())
    assert doc.text == "Intro with a form feed and a line separator here.\nThe Board oversees cybersecurity risk."
    assert doc.text_segments[1].location == SourceLocation(line=3, column=4)
    assert doc == parse("d.md", text.replace("\r", "\n").encode())


def test_an_instance_text_block_is_read_past_comments() -> None:
    """Only the text before the first comment was read (el.text)."""
    doc = parse("c.xml", hostile.xbrl_text_block("Our CISO <!-- reviewer note --> leads the program."))
    assert doc.facts[0].text == "Our CISO leads the program."
    escaped = hostile.xbrl_text_block("&lt;p&gt;Our CISO&lt;/p&gt;<!-- c --><![CDATA[<p>leads it.</p>]]>")
    assert parse("c.xml", escaped).facts[0].text == "Our CISO\nleads it."


def test_an_unexpanded_entity_is_reported_by_name_not_dropped_silently() -> None:
    doctype = '<!DOCTYPE xbrli:xbrl [<!ENTITY officer "Chief Information Security Officer">]>\n'
    doc = parse("e.xml", hostile.xbrl_text_block("Our &officer; leads the program.", doctype))
    assert doc.facts[0].text == "Our leads the program."  # never expanded
    (warning,) = [d for d in doc.diagnostics if d.code == "xml.entity"]
    assert "&officer;" in warning.message and "line 6" in warning.message
    ix = hostile.ixbrl(
        f'<ix:nonNumeric name="{hostile.BOARD}" contextRef="c1">The &board; oversees risk.</ix:nonNumeric>'
    ).replace(b"<html ", b'<!DOCTYPE html [<!ENTITY board "Board">]>\n<html ', 1)
    doc = parse("e.htm", ix)
    assert doc.facts[0].text == "The oversees risk."
    line = ix[: ix.index(b"&board;")].count(b"\n") + 1
    assert [d.message for d in doc.diagnostics if d.code == "xml.entity"] == [
        f"entity reference &board; (line {line}) is not expanded: its text is missing"
    ]


@pytest.mark.parametrize("depth", [300, 2000])
def test_deep_html_is_read_whole(depth: int) -> None:
    """Past 256 nested elements lxml's HTML parser silently dropped the text: the section was 'missing'."""
    doc = parse("deep.html", hostile.deep_html(depth))
    assert doc.format == "html" and doc.text.startswith("The Board oversees cybersecurity risk")


def test_html_deeper_than_the_parser_reads_is_refused() -> None:
    message = one_line_error(lambda: parse("deeper.html", hostile.deep_html(3000)))
    assert message.startswith("deeper.html: the HTML parser stopped short (line 1: Excessive depth in document: 2048)")
    assert "flatten" in message


@pytest.mark.parametrize("depth", [300, 2000])
def test_deep_inline_xbrl_is_read(depth: int) -> None:
    """libxml2 refused it: 'Excessive depth in document: 256, use XML_PARSE_HUGE option'."""
    doc = parse("deep.htm", hostile.deep_ixbrl(depth))
    assert doc.facts[0].text == "The board oversees cybersecurity."


def test_inline_xbrl_too_deep_or_deep_with_entities_is_refused() -> None:
    message = one_line_error(lambda: parse("deeper.htm", hostile.deep_ixbrl(3000)))
    assert message == (
        "deeper.htm:5: elements nested more than 2048 deep, past what the XML parser reads; flatten the markup "
        "(e.g. save the document again from its authoring tool)"
    )
    with_entities = hostile.deep_ixbrl(300).replace(b"<html ", b'<!DOCTYPE html [<!ENTITY a "b">]>\n<html ', 1)
    message = one_line_error(lambda: parse("deep.htm", with_entities))
    assert "declares entities" in message


def test_facts_nested_deeply_inside_one_another_are_bounded() -> None:
    assert len(parse("n.htm", hostile.nested_facts_ixbrl(30)).facts) == 30
    seconds, message = timed(lambda: one_line_error(lambda: parse("n.htm", hostile.nested_facts_ixbrl(1500))))
    assert seconds < 3.0 and "nested more than 32 deep" in message
    big = "".join(f'<ix:nonNumeric name="{hostile.BOARD}" contextRef="c1">L{i} ' for i in range(20))
    big += "x" * 300_000 + "</ix:nonNumeric>" * 20
    assert "more than 4 times the document's size" in one_line_error(lambda: parse("b.htm", hostile.ixbrl(big)))


# --- odd but legal input --------------------------------------------------------------------------------------------


def test_a_damaged_inline_xbrl_draft_is_read_with_a_warning(tmp_path: Path) -> None:
    """One unclosed <b> failed the whole 10-K (exit 2). Now: a recovering read, the damage named, the rest judged."""
    data = hostile.damaged_ixbrl()
    line = data[: data.index(b"<b>")].count(b"\n") + 1
    doc = parse("damaged.htm", data)
    (warning,) = [d for d in doc.diagnostics if d.code == "xml.recovered"]
    assert warning.level == "warning" and warning.location == SourceLocation(line=line)
    assert warning.message.startswith(f"not well-formed XML at line {line}: Opening and ending tag mismatch: b line")
    assert "read with a recovering parser" in warning.message
    assert doc.facts[0].text == "The Board oversees cybersecurity risk through its audit committee."
    assert "audit committee" in doc.text
    path = tmp_path / "damaged.htm"
    path.write_bytes(hostile.damaged_ixbrl())
    result = CliRunner().invoke(cli, ["check", str(path), "--fail-on", "never"])
    assert result.exit_code == 0, result.output


def test_a_file_that_is_not_xml_at_all_keeps_the_strict_error() -> None:
    message = one_line_error(lambda: parse("x.htm", b"notes about http://www.xbrl.org/2013/inlineXBRL, not markup"))
    assert message.startswith("x.htm:1: not well-formed XML: Start tag expected")
    damaged_instance = hostile.xbrl_text_block("Our CISO leads.").replace(b"</xbrli:xbrl>", b"</xbrli:xbr>")
    doc = parse("i.xml", damaged_instance)
    assert doc.facts[0].text == "Our CISO leads." and doc.diagnostics[0].code == "xml.recovered"


def test_docx_nested_tables_are_bounded() -> None:
    from test_formats import make_docx

    cell = '<w:p><w:r><w:t xml:space="preserve">The Board oversees cybersecurity risk.</w:t></w:r></w:p>'
    for _ in range(10):
        cell = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>"
    assert "The Board oversees cybersecurity risk." in parse("t.docx", make_docx(cell)).text
    for _ in range(30):
        cell = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>"
    assert "nested more than 32 deep" in one_line_error(lambda: parse("t.docx", make_docx(cell)))


def test_unknown_key_with_a_lone_surrogate_prints() -> None:
    message = one_line_error(lambda: parse("k.json", b'{"text": "x", "col\\ud800our": 1}'))
    assert message == "k.json:1: field 'col\ufffdour': unknown field (not allowed here)"


# --- empty files and binary content: refused the same way on every route --------------------------------------------

EMPTY = [
    ("empty.txt", b""),
    ("ws.txt", b"  \n\t \r\n"),
    ("e.yaml", b""),
    ("e.json", b"\n"),
    ("e.htm", b""),
    ("e.xml", b"   "),
    ("e.docx", b""),
    ("bom.md", b"\xef\xbb\xbf \n"),
    ("u16.md", " \n\u00a0\u3000".encode("utf-16")),  # byte-order mark, then whitespace only
]


@pytest.mark.parametrize(("name", "data"), EMPTY)
def test_an_empty_file_is_refused_not_reported_as_not_met(tmp_path: Path, name: str, data: bytes) -> None:
    """Before: an empty .txt was 'NOT REVIEWED: not a disclosure' (exit 1, the report written), an empty .yaml 'not
    a format cydcheck reads' (exit 2)."""
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(cli, ["check", str(path), "--no-config", "--format", "json", "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"cydcheck: error: {path}: the file is empty"), line
    assert one_line_error(lambda: parse(name, data)).startswith(f"{name}: the file is empty")
    assert one_line_error(lambda: parse(name, data, "markdown")).startswith(f"{name}: the file is empty")


def test_empty_standard_input_and_upload_are_refused_alike() -> None:
    from cydcheck.api import check_bytes
    from cydcheck.pipeline import prepare, run_source

    for data in (b"", b" \n"):
        result = CliRunner().invoke(cli, ["check", "-", "--no-config"], input=data)
        assert result.exit_code == 2 and result.stderr.startswith("cydcheck: error: <stdin>: the file is empty")
    setup = prepare()
    assert one_line_error(lambda: run_source(SourceFile("upload.md", b"\t\n"), setup)).startswith(
        "upload.md: the file is empty"
    )
    assert one_line_error(lambda: check_bytes(b"", "up.yaml", config=False)) == "up.yaml: the file is empty"


def test_an_empty_file_in_a_scan_is_an_error_and_with_keep_going_its_document(tmp_path: Path) -> None:
    root = tmp_path / "drafts"
    root.mkdir()
    (root / "a.md").write_bytes((Path(__file__).parent.parent / "examples" / "northwind-strong.txt").read_bytes())
    (root / "b.yaml").write_bytes(b"\n\n")  # was skipped as 'no input format recognises its content'
    (root / "c.md").write_bytes(b"")  # was skipped as 'not a disclosure'
    result = CliRunner().invoke(cli, ["check", str(root), "--no-config"])
    assert result.exit_code == 2
    assert result.stderr == f"cydcheck: error: {root.as_posix()}/b.yaml: the file is empty (whitespace only)\n"
    kept = CliRunner().invoke(cli, ["check", str(root), "--no-config", "-k", "--format", "json"])
    assert kept.exit_code == 1
    docs = {Path(d["source"]).name: d for d in json.loads(kept.stdout)["documents"]}
    assert docs["b.yaml"]["status"] == docs["c.md"]["status"] == "unreadable"
    assert docs["c.md"]["status_note"] == f"not reviewed: {root.as_posix()}/c.md: the file is empty"


def test_text_without_cybersecurity_is_still_not_a_disclosure(tmp_path: Path) -> None:
    path = tmp_path / "lunch.txt"
    path.write_text("The cafeteria menu for Tuesday: soup and bread.\n")
    result = CliRunner().invoke(cli, ["check", str(path), "--no-config", "--color", "never"])
    assert result.exit_code == 1 and "NOT REVIEWED: not a disclosure" in result.stdout


JUNK = bytes(range(256)) * 4  # NUL bytes among the rest: no text


@pytest.mark.parametrize("name", ["junk.bin", "junk.md", "junk.txt"])
def test_binary_content_gets_one_message_as_a_file_or_on_standard_input(tmp_path: Path, name: str) -> None:
    """Before: on standard input the Markdown parser took it ('binary content, not a text draft'); as junk.bin no
    parser did ('not a format cydcheck reads')."""
    path = tmp_path / name
    path.write_bytes(JUNK)
    named = CliRunner().invoke(cli, ["check", str(path), "--no-config"])
    piped = CliRunner().invoke(cli, ["check", "-", "--no-config"], input=JUNK)
    assert named.exit_code == piped.exit_code == 2
    assert named.stderr.replace(str(path), "<stdin>") == piped.stderr
    assert piped.stderr.startswith("cydcheck: error: <stdin>: binary content, not a format cydcheck reads (known: ")


# --- entity bombs and damage: refused, or read with a warning every report shows ---------------------------------


def _laughs_docx() -> bytes:
    from test_formats import make_docx

    data = make_docx("<w:p><w:r><w:t>The Board oversees &lol9;.</w:t></w:r></w:p>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            part = old.read(info)
            if info.filename == "word/document.xml":
                part = part.replace(
                    b"?><w:document", b"?>" + hostile.laughs_doctype("w:document").encode() + b"<w:document"
                )
            new.writestr(info, part)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bomb.xml", hostile.billion_laughs_xbrl()),
        ("bomb.htm", hostile.billion_laughs_ixbrl()),
        ("bomb.docx", _laughs_docx()),
    ],
)
def test_a_billion_laughs_is_refused_on_every_xml_route(name: str, data: bytes) -> None:
    """Before: libxml2 stopped at its amplification limit, the recovering parser read the filing with the text block
    empty, and it was judged: '3 of 19 requirements met, 14 not met', an xml.recovered warning the only trace."""
    seconds, message = timed(lambda: one_line_error(lambda: parse(name, data)))
    assert seconds < 3.0
    assert message.startswith(f"{name}")
    # A Word draft declaring entities is refused before it is parsed: Word writes none.
    assert ("billion laughs" if name != "bomb.docx" else "declares XML entities, which Word never writes") in message


def test_a_billion_laughs_on_stdin_is_exit_2_with_one_line() -> None:
    result = CliRunner().invoke(cli, ["check", "-", "--no-config"], input=hostile.billion_laughs_ixbrl())
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("cydcheck: error: <stdin>:") and result.stderr.count("\n") == 1
    assert "billion laughs" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "entities",
    [
        '<!ENTITY a "the Board">',  # small, harmless — but the document is damaged
        '<!ENTITY a "&b;"><!ENTITY b "&a;">',  # a reference loop
    ],
)
def test_a_damaged_document_that_declares_entities_is_never_recovered(entities: str) -> None:
    damaged = hostile.damaged_ixbrl().replace(b"<html ", f"<!DOCTYPE html [{entities}]>\n<html ".encode(), 1)
    damaged = damaged.replace(b"The Board oversees", b"&a; oversees", 1)
    message = one_line_error(lambda: parse("d.htm", damaged))
    assert message.startswith("d.htm:")
    assert "declares entities" in message or "billion laughs" in message
    instance = hostile.xbrl_text_block("&a; oversees risk.", f"<!DOCTYPE xbrli:xbrl [{entities}]>\n")
    message = one_line_error(lambda: parse("d.xml", instance.replace(b"</xbrli:xbrl>", b"</xbrli:xbr>")))
    assert message.startswith("d.xml:")
    # Well-formed, the same entity is only an unexpanded reference, reported by name (xml.entity).
    if "&b;" not in entities:
        doc = parse("ok.xml", instance)
        assert doc.facts[0].text == "oversees risk." and any(d.code == "xml.entity" for d in doc.diagnostics)


def test_a_tagged_section_whose_text_blocks_are_empty_is_missing() -> None:
    """Before: the tagged blocks counted as a found section with no text, and every requirement failed."""
    entity = hostile.xbrl_text_block("&officer;", '<!DOCTYPE xbrli:xbrl [<!ENTITY officer "CISO">]>\n')
    doc = parse("e.xml", entity)
    assert doc.section_status.value == "missing" and doc.located_by is None
    (missing,) = [d for d in doc.diagnostics if d.code == "section.missing"]
    assert "text block is empty" in missing.message and "entity references are not expanded" in missing.message
    # Inline XBRL with no item heading: the tagged blocks would be the section, but they are empty.
    ix = hostile.ixbrl(f'<p>Some text.</p><ix:nonNumeric name="{hostile.BOARD}" contextRef="c1"> </ix:nonNumeric>')
    doc = parse("e.htm", ix)
    assert doc.section_status.value == "missing"
    assert [d.code for d in doc.diagnostics] == ["section.missing", "section.missing"]
    assert "text block is empty" in doc.diagnostics[1].message
    # An R page whose text blocks are all empty ('|' with nothing after it); its flags stay.
    rows = hostile.rpage().decode().split("\n")
    blocks = {i + 1 for i, row in enumerate(rows) if row.endswith("[Text Block]")}
    rows = ["|" if i in blocks else row for i, row in enumerate(rows)]
    rows = [row for row in rows if row.startswith("|") or "Disclosure" in row or "Dec." in row]
    doc = parse("r.txt", "\n".join(rows).encode(), "rpage")
    assert doc.section_status.value == "missing" and doc.text == ""
    assert any(d.code == "section.missing" and "empty" in d.message for d in doc.diagnostics)
    # Never judged as a deficient disclosure: not reviewed.
    (result,) = check_bytes(entity, "e.xml", config=False).documents
    assert not result.reviewed and result.status == "missing"


def test_bytes_that_are_no_text_get_no_advice_about_nesting() -> None:
    """Before: 'the HTML parser stopped short (line 1: Invalid bytes in character encoding); cydcheck reads markup
    nested up to 2,048 elements deep: flatten it' — advice for the depth limit only."""
    junk = b"(\tg~[aq9\x83\xe1\xf6\xadQnJ\xd2\x1e\x84\x90\x9d" * 200  # no UTF-8; 0x90 is not Windows-1252
    message = one_line_error(lambda: parse("junk.bin", junk, "html"))
    assert message.startswith("junk.bin: the HTML parser stopped short (line 1: Invalid bytes in character encoding)")
    assert "flatten" not in message and "2,048" not in message and "encoding" in message.split(")", 1)[1]


GRANITE = (EXAMPLES / "granite-peak-8k.htm").read_bytes()


@pytest.mark.parametrize("size", [2000, 1200, 2600, GRANITE.index(b"<td") + 2])
def test_an_html_filing_cut_short_is_read_with_a_warning(size: int) -> None:
    """``head -c 2000 granite-peak-8k.htm | cydcheck check -`` gave '7 of 8 met' and no word that the text stopped."""
    cut = parse("cut.htm", GRANITE[:size])
    (warning,) = [d for d in cut.diagnostics if d.code == "html.truncated"]
    assert warning.level == "warning" and warning.damage
    line = GRANITE[:size].count(b"\n") + 1
    assert warning.location == SourceLocation(line=line) or (warning.location and warning.location.line)
    assert re.fullmatch(
        r"the document ends (in the middle of a tag, )?inside <\w+> at line \d+ without closing it: it may be cut "
        r"short; text after that is missing",
        warning.message,
    ), warning.message
    assert "html.truncated" not in [d.code for d in parse("whole.htm", GRANITE).diagnostics]


def test_a_page_that_closes_body_and_html_or_is_a_fragment_is_not_cut_short() -> None:
    for whole in (
        b"<html><body><p>Item 1C. Cybersecurity</p><p>The Board oversees risk.</p></body></html>",
        b"<HTML><BODY><p>Item 1C. Cybersecurity</p><p>The Board oversees risk.</BODY>\n</HTML>\n\n",
        b"<p>Item 1C. Cybersecurity</p><p>The Board oversees risk.",  # a fragment: may leave its </p> out
        hostile.deep_html(300),
    ):
        assert not any(d.code == "html.truncated" for d in parse("w.htm", whole, "html").diagnostics), whole[-40:]
    assert any(d.code == "html.truncated" for d in parse("f.htm", b"<p>The Board oversees <b cla", "html").diagnostics)


def test_no_real_filing_example_or_seed_reads_as_cut_short() -> None:
    """Every whole file cydcheck knows, read with the HTML parser (even those it reads as inline XBRL): no warning."""
    from cydcheck.parsers.html import read_html, truncation

    files = sorted(EXAMPLES.glob("*.htm")) + sorted(EXAMPLES.glob("*.txt"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*/*.htm")) + sorted(SEED.parent.glob("*.*"))
    for path in files:
        data = path.read_bytes()
        assert truncation(data, read_html(SourceFile(path.name, data))) is None, path
    # ...while any cut of them is (a cut keeping both closing tags would be whole).
    for path in files[:1] + [p for p in files if p.parent.name == "html"][:2]:
        data = path.read_bytes()
        for size in (len(data) // 3, len(data) // 2 + 7, len(data) - 200):
            assert truncation(data[:size], read_html(SourceFile(path.name, data[:size]))) is not None, (path, size)


def test_a_document_cut_short_fails_the_run_in_every_format(tmp_path: Path) -> None:
    # The warning alone left `head -c 2000 granite-peak-8k.htm` at "7 of 8 met", exit 0: a CI job passed on half a
    # filing. CYD-DOC-INTACT makes it an error-level finding, which every format carries.
    cut = tmp_path / "cut.htm"
    cut.write_bytes(GRANITE[:2000])
    runner = CliRunner()
    text = runner.invoke(cli, ["check", str(cut), "--no-config"])
    assert text.exit_code == 1 and "CYD-DOC-INTACT" in text.stdout and "html.truncated" in text.stdout
    sarif = json.loads(runner.invoke(cli, ["check", str(cut), "--no-config", "--format", "sarif"]).stdout)
    assert [r["level"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "CYD-DOC-INTACT"] == ["error"]
    whole = tmp_path / "whole.htm"
    whole.write_bytes(GRANITE)
    report = json.loads(runner.invoke(cli, ["check", str(whole), "--no-config", "--format", "json"]).stdout)
    (intact,) = [f for f in report["documents"][0]["findings"] if f["rule_id"] == "CYD-DOC-INTACT"]
    assert intact["outcome"] == "pass"
