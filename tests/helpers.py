"""Small builders for tests: disclosures made in code, and rule files written to a temp directory."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import cydcheck
import pytest
from cydcheck.applicability import document_forms
from cydcheck.checks.base import CheckKind, CheckResult, CompositeKind
from cydcheck.findings import evaluate
from cydcheck.model import Disclosure, Fact, FactKind, Finding
from cydcheck.reading import Reading, Vocabulary, read
from cydcheck.rules import Rule
from cydcheck.taxonomy import catalogue

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_38e51c6486e0e898.txt"
CORPUS = SHARED / "corpus"
LABELS = SHARED / "labels"
REQUIRE_SHARED = "CYDCHECK_REQUIRE_SHARED"


def needs_shared() -> None:
    """Skip the calling test when ../shared (the real filings, the seed, the labels) is not beside the checkout — a
    plain clone — or fail it when CYDCHECK_REQUIRE_SHARED=1 (CI: the real-filing tests are mandatory there)."""
    if SEED.is_file() and CORPUS.is_dir() and LABELS.is_dir():
        return
    reason = f"needs the shared filings at {SHARED} (seed, corpus, labels), which this checkout does not have"
    if os.environ.get(REQUIRE_SHARED, "") not in ("", "0"):
        pytest.fail(f"{reason}; {REQUIRE_SHARED} is set, so this is a failure, not a skip", pytrace=False)
    pytest.skip(reason)


@cache
def parsed(path: Path) -> Disclosure:
    """A real filing parsed once per test process: many tests read the same corpus files, and a Disclosure is frozen,
    so no test can change it for another."""
    return _kept(cydcheck.parse(path))


@cache
def corpus_report() -> cydcheck.Report:
    """The default check of the corpus's three folders (iXBRL, XBRL instances, untagged HTML), run once per test
    process and shared (a Report is frozen)."""
    return _kept(cydcheck.check([CORPUS / "ixbrl", CORPUS / "xbrl", CORPUS / "text"]))


T = TypeVar("T")


def _kept(value: T) -> T:
    """Move what the process holds now (the value among it) out of the garbage collector's sight: it stays for the
    whole session, and every later collection would walk it again — the timing tests that follow would measure that."""
    gc.collect()
    gc.freeze()
    return value


def disclosure(
    text: str = "", facts: dict[str, str] | None = None, flags: dict[str, bool | None] | None = None, **extra: object
) -> Disclosure:
    cat = catalogue()
    out = []
    for name, value in (facts or {}).items():
        element = cat.resolve(name)
        assert element is not None, name
        out.append(Fact(id=element.name, name=element.name, kind=FactKind.TEXT, value=value, text=value))
    for name, flag in (flags or {}).items():
        element = cat.resolve(name)
        assert element is not None, name
        out.append(Fact(id=element.name, name=element.name, kind=FactKind.FLAG, value=flag, text=str(flag).lower()))
    return Disclosure(source="t", format="test", text=text, facts=tuple(out), **extra)  # type: ignore[arg-type]


GOOD_RULE = """\
id: TEST-RULE
title: A test rule
requirement: "106.c.1.board"
citation: Reg. S-K Item 106(c)(1)
severity: error
applies_to: [10-K, 20-F]
check:
  kind: mentions
  terms: [board]
message: no board
fix: add a board
rationale: because
examples:
  pass: [The board oversees it.]
  fail: [Nothing here.]
"""


def write_rule(directory: Path, text: str, name: str = "rule.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# A small inline XBRL 10-K: hidden facts, a continuedAt chain with ix:exclude, nested facts, a looping chain.
IXBRL = b"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"
 xmlns:ixt="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12" xmlns:xbrli="http://www.xbrl.org/2003/instance"
 xmlns:cy="http://xbrl.sec.gov/cyd/2025" xmlns:dei="http://xbrl.sec.gov/dei/2025">
<head><title>t</title></head><body>
<div style="display:none"><ix:header><ix:hidden>
 <ix:nonNumeric name="dei:DocumentType" contextRef="c1">10-K</ix:nonNumeric>
 <ix:nonNumeric name="cy:CybersecurityRiskManagementThirdPartyEngagedFlag" contextRef="c1">true</ix:nonNumeric>
</ix:hidden><ix:resources><xbrli:context id="c1"><xbrli:entity><xbrli:identifier scheme="x">1</xbrli:identifier>
</xbrli:entity><xbrli:period><xbrli:startDate>2025-01-01</xbrli:startDate><xbrli:endDate>2025-12-31</xbrli:endDate>
</xbrli:period></xbrli:context></ix:resources></ix:header></div>
<p><ix:nonNumeric name="dei:EntityRegistrantName" contextRef="c1">Fictional Freight Co.</ix:nonNumeric></p>
<p>Item 1C. Cybersecurity</p>
<ix:nonNumeric name="cy:CybersecurityRiskManagementProcessesForAssessingIdentifyingAndManagingThreatsTextBlock"
 contextRef="c1" escape="true" continuedAt="k1"><p>We assess risks.<ix:exclude> PAGE 12 </ix:exclude></p>
<ix:nonNumeric name="cy:CybersecurityRiskManagementProcessesIntegratedTextBlock" contextRef="c1" escape="true"><p>
<ix:nonNumeric name="cy:CybersecurityRiskManagementProcessesIntegratedFlag" contextRef="c1" format="ixt:fixed-true">It
 is integrated into ERM.</ix:nonNumeric></p></ix:nonNumeric></ix:nonNumeric>
<p>Untagged sentence between the parts.</p>
<ix:continuation id="k1" continuedAt="k2"><p>Second part.</p></ix:continuation>
<ix:continuation id="k2"><ul><li>Third part, a list item.</li></ul></ix:continuation>
<ix:nonNumeric name="cy:CybersecurityRiskMateriallyAffectedOrReasonablyLikelyToMateriallyAffectRegistrantFlag"
 contextRef="c1" format="ixt:fixed-false">Nothing has materially affected us.</ix:nonNumeric>
<ix:nonNumeric name="cy:CybersecurityRiskBoardOfDirectorsOversightTextBlock" contextRef="c1" continuedAt="loop">Board
 text.</ix:nonNumeric><ix:continuation id="loop" continuedAt="loop"><p>Once.</p></ix:continuation>
<p>Item 2. Properties</p><p>We rent.</p>
</body></html>"""


@cache
def vocabulary() -> Vocabulary:
    """The built-in reading vocabulary (rules/vocabulary)."""
    return cydcheck.load_rules().vocabulary


def build(kind: type[CheckKind[Any]], *children: CheckKind[Any], **params: Any) -> CheckKind[Any]:
    """A check of ``kind`` built as the rule loader builds it (parameters validated, sub-checks given)."""
    validated = kind.Params.model_validate(params)
    if issubclass(kind, CompositeKind):
        return kind(validated, vocabulary(), children)
    return kind(validated, vocabulary())


def reading(doc: Disclosure) -> Reading:
    return read(doc, vocabulary())


def finding(rule: Rule, doc: Disclosure) -> Finding:
    """One rule's finding on one document, as the pipeline makes it."""
    return evaluate(rule, reading(doc), document_forms(doc))


def judge(check: CheckKind[Any], doc: Disclosure) -> CheckResult:
    """Evaluate ``check`` on ``doc`` as the pipeline does: read first."""
    return check.evaluate(reading(doc))


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    """A minimal Word file (only ``word/document.xml``) with one plain paragraph per string."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {w}><w:body>{body}</w:body></w:document>')
    path.write_bytes(buffer.getvalue())
    return path


# A fictional filing whose Item 1C is incorporated by reference, and the annual report exhibit that holds it.
FILING = """<html><body><p>FORM 10-K</p><p>For the fiscal year ended December 31, 2025</p>
<p>Acme Widgets Corp.</p><p>(Exact name of registrant as specified in its charter)</p>
<p>Item 1B. Unresolved Staff Comments</p><p>None.</p><p>Item 1C. Cybersecurity</p>
<p>Information in response to this Item 1C can be found in the 2025 Annual Report to Shareholders under
"Cybersecurity" and is incorporated herein by reference.</p><p>Item 2. Properties</p><p>We lease our offices.</p>
</body></html>"""
EXHIBIT = """<html><body><p>2025 Annual Report to Shareholders</p><p><b>Risk Factors</b></p><p>We face risks.</p>
<p><b>Cybersecurity</b></p><p>Our Board of Directors oversees cybersecurity risk through its Audit Committee, which
receives a report from our Chief Information Security Officer each quarter.</p>
<p><b>Legal Proceedings</b></p><p>None.</p></body></html>"""


def best_time(work: Callable[[], object], rounds: int = 3) -> float:
    """The fastest of ``rounds`` runs of ``work``, in seconds, with the garbage collector paused: its passes cost what
    the whole test process holds (shared parsed filings, reports), not what ``work`` does."""
    best = float("inf")
    for _ in range(rounds):
        gc.disable()
        try:
            start = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best
