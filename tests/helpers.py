"""Small builders for tests: disclosures made in code, and rule files written to a temp directory."""

from __future__ import annotations

from pathlib import Path

from engine.model import Disclosure, Fact, FactKind
from engine.taxonomy import catalogue


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
