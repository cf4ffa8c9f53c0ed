"""Measuring verdicts against a lawyer's: ``cydcheck eval LABELS DIR``.

Labels are JSON files (one, or a directory of ``*.json``) mapping a filing's file name to its verdict per requirement
key — ``pass``, ``fail`` or ``unsure`` — with the reason and the deciding quote (the format of ``shared/labels``)::

    {"ACME_10-K_FY2024.htm": {"verdicts": {"106.b.1": {"verdict": "pass", "why": "…", "quote": "…"}, …}}}

Each requirement's verdict in the report is scored against each decided label (``unsure`` is left out):

========== ========= ========== ============== ============
label      tool pass  tool flag  tool fail      tool other
========== ========= ========== ============== ============
pass       agree      noise      false fail     undecided
fail       false pass agree      agree          undecided
========== ========= ========== ============== ============

where *fail* is a requirement not met at severity error, *flag* one not met at a lower severity, needing review or
waived (a reviewer is alerted), *pass* met, *other* not applicable or not checked. A false pass is the dangerous
error; noise is the price of caution and must stay low too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import InputError
from .model import Report

Tool = Literal["pass", "flag", "fail", "other"]
Score = Literal["agree", "noise", "false_fail", "false_pass", "undecided"]
SCORES: tuple[Score, ...] = ("agree", "false_pass", "false_fail", "undecided", "noise")
_TOOL: dict[str, Tool] = {
    "pass": "pass",
    "fail": "fail",
    "warning": "flag",
    "notice": "flag",
    "review": "flag",
    "waived": "flag",
}
_SCORE: dict[tuple[str, Tool], Score] = {
    ("pass", "pass"): "agree",
    ("pass", "flag"): "noise",
    ("pass", "fail"): "false_fail",
    ("pass", "other"): "undecided",
    ("fail", "pass"): "false_pass",
    ("fail", "flag"): "agree",
    ("fail", "fail"): "agree",
    ("fail", "other"): "undecided",
}


@dataclass(frozen=True)
class Judged:
    """One decided label against the tool's verdict."""

    document: str
    key: str
    label: str
    tool_status: str
    score: Score
    why: str = ""


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def decided(self) -> int:
        return sum(self.counts.values())

    def share(self, score: str) -> float:
        return self.counts[score] / self.decided if self.decided else 0.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"decided": self.decided}
        for s in SCORES:
            out[s] = self.counts[s]
        out.update({f"{s}_rate": round(self.share(s), 4) for s in SCORES})
        return out


@dataclass(frozen=True)
class Evaluation:
    judged: tuple[Judged, ...]
    missing: tuple[str, ...]
    """Labelled documents the run did not check (not in the directory, or skipped)."""
    order: tuple[str, ...] = ()
    """Requirement keys in checklist order (keys not in it follow, as first seen)."""

    def tally(self, key: str | None = None) -> Tally:
        t = Tally()
        for j in self.judged:
            if key is None or j.key == key:
                t.counts[j.score] += 1
        return t

    @property
    def keys(self) -> list[str]:
        seen = set(j.key for j in self.judged)
        return [k for k in self.order if k in seen] + [
            k for k in dict.fromkeys(j.key for j in self.judged) if k not in self.order
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.tally().as_dict(),
            "requirements": {k: self.tally(k).as_dict() for k in self.keys},
            "disagreements": [
                {
                    "document": j.document,
                    "requirement": j.key,
                    "label": j.label,
                    "tool": j.tool_status,
                    "score": j.score,
                    "why": j.why,
                }
                for j in self.judged
                if j.score != "agree"
            ],
            "missing": list(self.missing),
        }


def load_labels(path: Path) -> dict[str, Any]:
    """Labels from one JSON file or every ``*.json`` in a directory; a document labelled twice is an error."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"{path}: no label files (*.json)")
    out: dict[str, Any] = {}
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{f}: cannot read: {exc}") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"{f}:{exc.lineno}: not valid JSON: {exc.msg}") from None
        if not isinstance(data, dict):
            raise InputError(f"{f}: a label file maps file names to their labels")
        for name, entry in data.items():
            if name in out:
                raise InputError(f"{f}: '{name}' is labelled twice")
            if not isinstance(entry, dict) or not isinstance(entry.get("verdicts", {}), dict):
                raise InputError(f"{f}: '{name}': expected an object with 'verdicts'")
            out[name] = entry
    return out


def evaluate_report(report: Report, labels: Mapping[str, Any]) -> Evaluation:
    by_name = {Path(d.disclosure.source).name: d for d in report.documents}
    judged: list[Judged] = []
    missing: list[str] = []
    for name in sorted(labels):
        verdicts = labels[name].get("verdicts") or {}
        doc = by_name.get(name)
        if doc is None:
            if verdicts:
                missing.append(name)
            continue
        status = {r.key: r.status for r in doc.requirements}
        for key, entry in verdicts.items():
            label = str(entry.get("verdict", "")).lower()
            if label not in ("pass", "fail"):
                continue  # unsure: a reasonable lawyer could go either way
            tool_status = status.get(key, "not-checked")
            tool = _TOOL.get(tool_status, "other")
            judged.append(Judged(name, key, label, tool_status, _SCORE[(label, tool)], str(entry.get("why", ""))))
    order = tuple(dict.fromkeys(r.key for d in report.documents for r in d.requirements))
    return Evaluation(tuple(judged), tuple(missing), order)


def render_text(ev: Evaluation, show: Iterable[Score] = ("false_pass", "false_fail", "undecided", "noise")) -> str:
    def row(name: str, t: Tally) -> str:
        c = t.counts
        return (
            f"{name:<22} {t.decided:>7} {t.share('agree'):>8.1%} {c['false_pass']:>6} {c['false_fail']:>6} "
            f"{c['undecided']:>6} {c['noise']:>6}"
        )

    lines = [f"{'requirement':<22} {'decided':>7} {'agree':>8} {'FP':>6} {'FF':>6} {'undec':>6} {'noise':>6}"]
    lines += [row(k, ev.tally(k)) for k in ev.keys]
    overall = ev.tally()
    lines.append(row("overall", overall))
    lines.append(
        f"false passes {overall.share('false_pass'):.1%}, false fails {overall.share('false_fail'):.1%}, "
        f"undecided {overall.share('undecided'):.1%}, noise {overall.share('noise'):.1%} of {overall.decided} "
        "decided verdicts"
    )
    wanted = set(show)
    shown = [j for j in ev.judged if j.score in wanted]
    if shown:
        lines.append("")
        lines.append("disagreements:")
        for j in shown:
            lines.append(f"  {j.score:<10} {j.document}  {j.key}: lawyer {j.label}, cydcheck {j.tool_status}")
    if ev.missing:
        lines.append("")
        lines.append("labelled but not checked: " + ", ".join(ev.missing))
    return "\n".join(lines) + "\n"
