"""Paraphrase probes: how well the Item 106 verdicts generalise beyond the wording the rules were developed on.

Each probe in probes.yaml is a short fictional passage with a clear-cut verdict on one requirement. The passage is
checked alone, as a Form 10-K Item 1C, through the same pipeline as the command line; the requirement's status is
compared with the expectation (met = ``pass``; not met = fail, warning, notice or review — a reviewer alerted is
acceptable). Prints a table per requirement and, for every disagreement, the passage, the verdict and how each of
its sentences was read (status, actors, acts), so the cause can be diagnosed.

    .venv/bin/python tests/probes/run_probes.py [--key 106.b.1] [--probes FILE] [--show-all]

A measurement, not a test: it exits 0 whatever the agreement (2 on a bad probe file). Never tune the rules or the
vocabulary to these sentences; the point is to see how they do on wording they were not written against.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# Third-party plugins on this machine must not change what is measured: the built-in rules only.
os.environ.setdefault("CYDCHECK_DISABLE_PLUGINS", "1")

import cydcheck
import yaml
from cydcheck.model import Disclosure, DocumentResult, Form, RequirementVerdict
from cydcheck.pipeline import Setup, check_document
from cydcheck.reading import Reading, read
from pydantic import BaseModel, ConfigDict, ValidationError

PROBES = Path(__file__).resolve().with_name("probes.yaml")
NOT_MET = frozenset({"fail", "warning", "notice", "review"})
ITEM_106 = "106."


class Probe(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    expect: Literal["met", "not-met"]
    text: str
    why: str


class ProbeFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    probes: tuple[Probe, ...]


@dataclass(frozen=True)
class ProbeResult:
    number: int
    probe: Probe
    verdict: RequirementVerdict
    result: DocumentResult

    @property
    def kind(self) -> str:
        """agree | false-met | false-not-met | other (a status that is neither met nor an alert: skip, waived…)."""
        status = self.verdict.status
        if self.probe.expect == "met":
            return "agree" if status == "pass" else "false-not-met"
        if status in NOT_MET:
            return "agree"
        return "false-met" if status == "pass" else "other"


def load(path: Path, keys: Sequence[str]) -> list[tuple[int, Probe]]:
    """The probes with their numbers in the file (1-based), so a number means the same probe under --key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        probes = ProbeFile.model_validate(data).probes
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise SystemExit(f"error: {path}: {where}: {error['msg']}") from None
    except (OSError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise SystemExit(f"error: {path}: {first}") from None
    for number, probe in enumerate(probes, 1):
        if probe.key not in keys:
            raise SystemExit(f"error: {path}: probe {number}: unknown requirement key {probe.key!r}")
    return list(enumerate(probes, 1))


def judge(probes: Sequence[tuple[int, Probe]], setup: Setup) -> list[ProbeResult]:
    results = []
    for number, probe in probes:
        doc = Disclosure(source=f"probe {number}", format="probe", form=Form.TEN_K, text=probe.text)
        result = check_document(doc, setup)
        verdict = next(v for v in result.requirements if v.key == probe.key)
        results.append(ProbeResult(number, probe, verdict, result))
    return results


def table(results: Sequence[ProbeResult], keys: Sequence[str]) -> str:
    head = f"{'requirement':<22}{'probes':>7}{'agree':>7}{'%':>8}{'false met':>11}{'false not-met':>15}{'other':>7}"
    lines = [head, "-" * len(head)]

    def row(name: str, group: Sequence[ProbeResult]) -> str:
        kinds = [o.kind for o in group]
        agree = kinds.count("agree")
        share = f"{100 * agree / len(group):.1f}%" if group else "-"
        return (
            f"{name:<22}{len(group):>7}{agree:>7}{share:>8}{kinds.count('false-met'):>11}"
            f"{kinds.count('false-not-met'):>15}{kinds.count('other'):>7}"
        )

    for key in keys:
        group = [o for o in results if o.probe.key == key]
        if group:
            lines.append(row(key, group))
    lines.append("-" * len(head))
    lines.append(row("overall", results))
    for expect in ("met", "not-met"):
        group = [o for o in results if o.probe.expect == expect]
        lines.append(row(f"  expected {expect}", group))
    return "\n".join(lines)


def reading_of(item: ProbeResult, setup: Setup) -> list[str]:
    """Each sentence of the passage as the reading layer saw it; '*' marks a sentence the verdict quotes."""
    reading: Reading = read(item.result.disclosure, setup.rules.vocabulary)
    quoted = [(e.start, e.end) for e in item.verdict.evidence if e.field == "text"]
    lines = []
    for sentence in reading.sentences("text"):
        mark = "*" if any(s < sentence.end and sentence.start < e for s, e in quoted) else " "
        acts = sorted({f"{m.category}:{sentence.status_at(m.start, m.end).value[:3]}" for m in sentence.acts})
        actors = sorted(
            {
                f"{m.category}({m.text}):{sentence.status_at(m.start, m.end).value[:3]}"
                for m in sentence.actors
                if m.category != "company"
            }
        )
        cues = sorted({f"{s.status.value}<{s.cue}>" for s in sentence.scopes})
        lines.append(f"   {mark}[{sentence.status.value}] {sentence.text}")
        lines.append(f"       actors={actors}")
        lines.append(f"       acts={acts}" + (f" cues={cues}" if cues else ""))
    return lines


def describe(item: ProbeResult, setup: Setup) -> str:
    probe, verdict = item.probe, item.verdict
    wrap = textwrap.TextWrapper(width=118, initial_indent="   ", subsequent_indent="   ")
    lines = [
        f"#{item.number} {probe.key}: expected {probe.expect}, cydcheck said {verdict.status} ({item.kind})",
        *(wrap.fill(part) for part in probe.text.splitlines()),
        f"   lawyer: {probe.why}",
        f"   verdict: {verdict.summary}",
    ]
    for finding in item.result.findings:
        if finding.requirement == probe.key:
            grade = f", {finding.substance}" if finding.substance else ""
            observed = f" — {finding.observed}" if finding.observed else ""
            lines.append(f"   rule {finding.rule_id}: {finding.outcome.value}{grade}{observed}")
    lines.extend(reading_of(item, setup))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--probes", type=Path, default=PROBES, help="the probe file (default: probes.yaml here)")
    parser.add_argument("--key", action="append", default=[], help="only this requirement key (repeatable)")
    parser.add_argument("--show-all", action="store_true", help="print the reading of every probe, not only misses")
    args = parser.parse_args(argv)

    setup = Setup(rules=cydcheck.load_rules())
    keys = [key for key in setup.rules.requirements if key.startswith(ITEM_106)]
    probes = load(args.probes, keys)
    if args.key:
        unknown = sorted(set(args.key) - set(keys))
        if unknown:
            print(f"error: unknown requirement key {unknown[0]!r}", file=sys.stderr)
            return 2
        probes = [(number, p) for number, p in probes if p.key in args.key]
    results = judge(probes, setup)

    print(table(results, keys))
    shown = [o for o in results if args.show_all or o.kind != "agree"]
    if shown:
        print(f"\n{'Every probe' if args.show_all else 'Disagreements'} ({len(shown)}):\n")
        print("\n\n".join(describe(o, setup) for o in shown))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            sys.exit(2)
        raise
    except BrokenPipeError:  # piped into head: stop quietly
        sys.stderr.close()
        sys.exit(0)
