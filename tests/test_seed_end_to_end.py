"""The seed — a real filing's cyd disclosure as the EDGAR viewer renders it — checked end to end.

The expected verdicts are a reviewer's reading of the seed, not the tool's output copied back:
- its "integrated" flag is true, but no sentence says how the processes fit the company's overall risk management;
- its third-party oversight flag is true, but the only third party mentioned is an assessor it engages — nothing is
  said about overseeing service providers;
- board reporting is described only as what the risk management committee "will report" to the audit committee: a
  standing process, or a promise? Future-tense statements are weak evidence, so both 106(c)(1) (how the board is
  informed) and 106(c)(2)(iii) (whether management reports to it) need a reviewer's judgement;
- the CTO's expertise is "over 20 years of industrial experience", with no roles, degrees or certifications;
- everything else is answered, and the materially-affected flag is false, so "and if so, how" does not apply.
"""

from __future__ import annotations

from pathlib import Path

import cydcheck
from cydcheck.model import Outcome

EXPECTED = {
    "doc.located": "pass",
    "106.b.1": "pass",
    "106.b.1.i": "fail",
    "106.b.1.ii": "pass",
    "106.b.1.iii": "fail",
    "106.b.2": "pass",
    "106.c.1.board": "pass",
    "106.c.1.committee": "pass",
    "106.c.1.informed": "review",
    "106.c.2.role": "pass",
    "106.c.2.i.positions": "pass",
    "106.c.2.i.expertise": "warning",
    "106.c.2.ii": "pass",
    "106.c.2.iii": "review",
    # Tagged: every core block and all six flags, each once, and no flag contradicts the text.
    "xbrl.required": "pass",
    "xbrl.flags": "pass",
    "xbrl.flag-text": "pass",
    "xbrl.taxonomy": "skip",  # an R page shows no namespaces
    "doc.drafting-notes": "pass",
    "doc.specific": "pass",
}


def test_every_requirement_key_has_a_finding_and_the_expected_status(seed_path: Path) -> None:
    report = cydcheck.check([seed_path])
    (result,) = report.documents
    assert {r.key: r.status for r in result.requirements} == EXPECTED
    keys_with_findings = {f.requirement for f in result.findings}
    assert set(EXPECTED) <= keys_with_findings
    (taxonomy,) = [f for f in result.findings if f.requirement == "xbrl.taxonomy"]
    assert taxonomy.skip_reason and "rpage" in taxonomy.skip_reason


def test_seed_findings_quote_the_text(seed_path: Path) -> None:
    (result,) = cydcheck.check([seed_path]).documents
    by_rule = {f.rule_id: f for f in result.findings}
    committee = by_rule["CYD106-C1-COMMITTEE"]
    assert committee.outcome is Outcome.PASS and "named: Audit committee" in committee.observed
    positions = by_rule["CYD106-C2I-POSITIONS"]
    assert "Chief technology officer" in positions.message and "Information security committee" in positions.message
    informed = by_rule["CYD106-C1-INFORMED"]
    assert informed.outcome is Outcome.REVIEW and "future" in (informed.review_reason or "")
    assert any("will report such risk to audit committee" in e.quote for e in informed.evidence)
    expertise = by_rule["CYD106-C2I-EXPERTISE"]
    assert any("over 20 years of industrial experience" in e.quote for e in expertise.evidence)
    skip = by_rule["CYD106-B2-HOW"]
    assert skip.outcome is Outcome.SKIP and "it is false" in skip.message
    # Evidence points back to the seed's lines.
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    for finding in result.findings:
        for ev in finding.evidence:
            assert ev.location is not None and ev.location.line is not None
            assert ev.quote.split("\n")[0][:30] in lines[ev.location.line - 1]


def test_examples_strong_passes_deficient_fails_what_is_missing() -> None:
    root = Path(__file__).resolve().parent.parent / "examples"
    strong, deficient = cydcheck.check([root / "northwind-strong.txt", root / "northwind-deficient.txt"]).documents
    assert {r.key: r.status for r in strong.requirements if r.status != "pass"} == {"xbrl.taxonomy": "skip"}
    assert not strong.requirements[0].suggestions and strong.status == "reviewed"
    status = {r.key: r.status for r in deficient.requirements}
    suggested = {s for r in deficient.requirements for s in r.suggestions}
    assert {"CYD106-C1-FREQUENCY", "CYD106-C2II-STAGES"} <= suggested
    assert status == {
        "doc.located": "pass",
        "106.b.1": "pass",  # thin, but it does describe tools and monitoring
        "106.b.1.i": "fail",  # flag true, nothing on how
        "106.b.1.ii": "pass",  # "engaged an outside consulting firm"
        "106.b.1.iii": "fail",  # flag true, nothing on vendors
        "106.b.2": "warning",  # past incidents only: half an answer
        "106.c.1.board": "pass",
        "106.c.1.committee": "pass",  # no committee: "Our Board of Directors is responsible for overseeing" it
        "106.c.1.informed": "pass",  # "keeps the Board informed as appropriate" (the cadence is only a suggestion)
        "106.c.2.role": "pass",
        "106.c.2.i.positions": "fail",  # "management" names no one
        "106.c.2.i.expertise": "fail",
        "106.c.2.ii": "pass",  # the IT team monitors for threats (the four stages are only a suggestion)
        "106.c.2.iii": "pass",
        "xbrl.required": "warning",  # core blocks tagged, sub-item blocks not
        "xbrl.flags": "pass",
        "xbrl.flag-text": "pass",
        "xbrl.taxonomy": "skip",
        "doc.drafting-notes": "pass",
        "doc.specific": "pass",
    }
