"""Property-based fuzzing of every parser and of the rule loader (hypothesis): from seed documents — fictional ones
made here, and small slices of the real corpus when ../shared is present — mutated by truncation, flipped bytes,
re-encoding (UTF-8, UTF-16, Windows-1252), mixed line endings, deep nesting and lone surrogates.

The property: parsing returns a Disclosure whose every text segment lies within its text and which serialises to
UTF-8, or raises InputError (RuleError for rules) with a one-line message — never any other exception, never a hang.
Budgets are small so the default suite stays fast; tests/fuzz/fuzz_parsers.py runs coverage-guided fuzzing longer.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import cydcheck
import hostile
import pytest
from cydcheck.errors import CydcheckError, InputError, RuleError
from cydcheck.inputs import parse_source
from cydcheck.model import Disclosure, Segment
from cydcheck.plugins import registry
from cydcheck.rules import load_requirements, load_rule_file
from cydcheck.sources import SourceFile
from helpers import CORPUS, GOOD_RULE, IXBRL, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_formats import DOCX_BODY, make_docx

PARSERS = registry().parsers
FUZZ = settings(
    max_examples=int(os.environ.get("CYDCHECK_FUZZ_EXAMPLES", "60")),
    deadline=10_000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

DRAFT_YAML = b"""issuer: Fictional Freight Co.
form: 10-K
period_end: 2025-12-31
text: |-
  The Board oversees cybersecurity risk through its audit committee.
  Our CISO reports to the committee each quarter.
facts:
  - id: F
    name: CybersecurityRiskBoardOfDirectorsOversightTextBlock
    kind: text
    value: The Board oversees cybersecurity risk.
    text: The Board oversees cybersecurity risk.
    segments: [{start: 0, end: 38, location: {line: 12}}]
"""
DRAFT_JSON = (
    b'{"issuer": "Fictional Freight Co.", "form": "10-K", "text": "The Board oversees risk.\\nOur CISO reports.",'
    b' "text_segments": [{"start": 0, "end": 24, "location": {"line": 1}}]}'
)
MARKDOWN = (
    b"# Item 1C. Cybersecurity\r\n\r\n## Risk Management and Strategy\n\nWe assess risk *annually*, e.g. with "
    b"outside assessors.\r\rThe Board oversees it.\n\n| role | who |\n|---|---|\n| CISO | Ann |\n"
)
HTML = (
    b"<html><body><p>FORM 10-K</p><p>Item 1C. Cybersecurity</p><p>The Board oversees cybersecurity risk.</p>"
    b"<table><tr><td>CISO</td><td>20 years</td></tr></table><p>Item 2. Properties</p></body></html>"
)
XBRL = hostile.xbrl_text_block(
    "&lt;p&gt;Our CISO leads the program.&lt;/p&gt;<!-- c -->&lt;p&gt;Twice a year.&lt;/p&gt;"
)

SEEDS: dict[str, list[tuple[str, bytes]]] = {
    "rpage": [("r.txt", hostile.rpage("\n")), ("r.txt", hostile.rpage("\r"))],
    "data": [("d.yaml", DRAFT_YAML), ("d.json", DRAFT_JSON)],
    "ixbrl": [("i.htm", IXBRL), ("i.htm", hostile.damaged_ixbrl())],
    "xbrl": [("x.xml", XBRL)],
    "html": [("h.html", HTML)],
    "docx": [("w.docx", make_docx(DOCX_BODY))],
    "markdown": [("m.md", MARKDOWN)],
}


def _corpus_seeds() -> dict[str, list[tuple[str, bytes]]]:
    """Small slices of real filings (head and a middle window): the shapes generated seeds lack."""
    out: dict[str, list[tuple[str, bytes]]] = {"rpage": [("seed.txt", SEED.read_bytes())]}
    for folder, fmt in (("ixbrl", "ixbrl"), ("xbrl", "xbrl"), ("html", "html")):
        for path in sorted((CORPUS / folder).glob("*"))[:2]:
            data = path.read_bytes()
            middle = len(data) // 2
            out.setdefault(fmt, []).extend([(path.name, data[:20_000]), (path.name, data[middle : middle + 20_000])])
    return out


# --- mutations --------------------------------------------------------------------------------------------------


def _truncate(data: bytes, draw: st.DrawFn) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _flip(data: bytes, draw: st.DrawFn) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    return bytes(out)


def _reencode(data: bytes, draw: st.DrawFn) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]))
    return text.encode(encoding, "replace")


def _line_endings(data: bytes, draw: st.DrawFn) -> bytes:
    lines = data.split(b"\n")
    return b"".join(line + draw(st.sampled_from([b"\n", b"\r\n", b"\r"])) for line in lines[:-1]) + lines[-1]


def _nest(data: bytes, draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(1, 3000))
    opening, closing = draw(
        st.sampled_from(
            [
                (b"<div>", b"</div>"),
                (b"[", b"]"),
                (b"{", b"}"),
                (b"<w:tbl><w:tr><w:tc>", b"</w:tc></w:tr></w:tbl>"),
                (b"- ", b""),
            ]
        )
    )
    at = draw(st.integers(0, len(data)))
    return data[:at] + opening * depth + closing * depth + data[at:]


def _surrogate(data: bytes, draw: st.DrawFn) -> bytes:
    piece = draw(st.sampled_from([b"\\ud800", b"\\udfff", b"\xed\xa0\x80", b"&#xD800;", b"&#55296;", b"\\ud83d"]))
    at = draw(st.integers(0, len(data)))
    return data[:at] + piece + data[at:]


MUTATIONS: list[Callable[[bytes, st.DrawFn], bytes]] = [_truncate, _flip, _reencode, _line_endings, _nest, _surrogate]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(seeds))
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        data = mutation(data, draw)
    return name, data


# --- the property ---------------------------------------------------------------------------------------------------


def _consistent(segments: tuple[Segment, ...], text: str) -> None:
    for seg in segments:
        assert 0 <= seg.start <= seg.end <= len(text), (seg, len(text))


def parses_or_one_line_error(name: str, data: bytes, format_in: str | None) -> None:
    try:
        doc = parse_source(SourceFile(name, data), PARSERS, format_in)
    except InputError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message, message
        message.encode("utf-8")  # printable: no lone surrogate
        return
    assert isinstance(doc, Disclosure)
    if doc.format != "data":  # a draft states its own offsets; parsers must build consistent ones
        _consistent(doc.text_segments, doc.text)
        for fact in doc.facts:
            _consistent(fact.segments, fact.text)
    doc.model_dump_json().encode("utf-8")  # every report can be written


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_every_parser_survives_mutated_input(fmt: str) -> None:
    @FUZZ
    @given(mutated(SEEDS[fmt]), st.booleans())
    def run(case: tuple[str, bytes], forced: bool) -> None:
        parses_or_one_line_error(*case, fmt if forced else None)

    run()


@pytest.mark.shared
@pytest.mark.parametrize("fmt", ["rpage", "ixbrl", "xbrl", "html"])
def test_every_parser_survives_mutated_real_filings(fmt: str) -> None:
    seeds = _corpus_seeds()[fmt]

    @settings(FUZZ, max_examples=max(FUZZ.max_examples // 3, 1))
    @given(mutated(seeds), st.booleans())
    def run(case: tuple[str, bytes], forced: bool) -> None:
        parses_or_one_line_error(*case, fmt if forced else None)

    run()


@FUZZ
@given(
    st.binary(max_size=2000),
    st.sampled_from([*sorted(PARSERS), None]),
    st.sampled_from(["a.htm", "a.xml", "a.txt", "a.md", "a.json", "a.yaml", "a.docx"]),
)
def test_random_bytes_never_crash_a_parser(data: bytes, fmt: str | None, name: str) -> None:
    parses_or_one_line_error(name, data, fmt)


VOCABULARY = cydcheck.load_rules().vocabulary
REQUIREMENTS = b"""requirements:
  - key: "106.c.1.board"
    title: board oversight
    citation: Reg. S-K Item 106(c)(1)
    forms: [10-K, 20-F]
"""


@FUZZ
@given(mutated([("rule.yaml", GOOD_RULE.encode()), ("requirements.yaml", REQUIREMENTS)]))
def test_the_rule_loader_survives_mutated_rule_files(case: tuple[str, bytes]) -> None:
    name, data = case
    kinds = registry().check_kinds
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            if name == "requirements.yaml":
                load_requirements(path, name)
            else:
                requirements = load_requirements(_write(Path(tmp), REQUIREMENTS), "requirements.yaml")
                load_rule_file(path, name, "fuzz", kinds, requirements, VOCABULARY)
        except RuleError as exc:
            message = str(exc)
            assert message and "\n" not in message, message
            message.encode("utf-8")
        except CydcheckError as exc:  # pragma: no cover - the loader raises RuleError only
            pytest.fail(f"{type(exc).__name__} from the rule loader: {exc}")


def _write(folder: Path, data: bytes) -> Path:
    path = folder / "requirements.yaml"
    path.write_bytes(data)
    return path
