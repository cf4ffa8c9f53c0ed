"""The terminal summary: what `cydcheck check` prints when no --format is given."""

from __future__ import annotations

from ..model import Outcome, Report
from .base import Reporter
from .templating import where

_MARK = {Outcome.PASS: "PASS", Outcome.FAIL: "FAIL", Outcome.REVIEW: "REVIEW", Outcome.SKIP: "skip"}


class TextReporter(Reporter):
    name = "text"
    description = "Plain-text summary for the terminal"
    extension = ".txt"

    def render(self, report: Report) -> str:
        lines: list[str] = []
        for result in report.documents:
            doc = result.disclosure
            period = (
                doc.period_end.isoformat()
                if doc.period_end
                else (f"date of report {doc.report_date.isoformat()}" if doc.report_date else "unknown period")
            )
            lines.append(f"{doc.source}  [{doc.format}, Form {doc.form.value}, {period}]")
            if not result.reviewed:
                lines.append(f"  NOT REVIEWED: {result.status_note}")
            for diag in doc.diagnostics:
                lines.append(f"  note: {diag.message}")
            # Rules for another form are one line per reason, not one each: a 10-K need not list every 8-K rule.
            other_form: dict[str, list[str]] = {}
            for f in result.findings:
                if f.outcome is Outcome.SKIP and (f.skip_reason or "").startswith("applies to Form"):
                    other_form.setdefault(f.skip_reason or "", []).append(f.rule_id)
                    continue
                tag = f"FAIL {f.severity.value}" if f.outcome is Outcome.FAIL else _MARK[f.outcome]
                tag = "SUGGEST" if f.suggestion else tag
                tag = f"WAIVED {f.severity.value}" if f.waived else tag
                lines.append(f"  {tag:<13} {f.requirement:<20} {f.rule_id}: {f.message}")
                if f.waived_by:
                    w = f.waived_by
                    lines.append(f"  {'':<13} {'':<20} waived until {w.expires} by {w.approved_by}: {w.reason}")
                if f.outcome is Outcome.REVIEW and f.review_reason:
                    lines.append(f"  {'':<13} {'':<20} why: {f.review_reason}")
                if f.outcome in (Outcome.FAIL, Outcome.REVIEW) and f.fix:
                    lines.append(f"  {'':<13} {'':<20} fix: {f.fix}")
                if f.outcome in (Outcome.FAIL, Outcome.REVIEW):
                    for ev in f.evidence[:2]:
                        quote = " ".join(ev.quote.split())
                        quote = quote if len(quote) <= 160 else quote[:157] + "..."
                        loc = where(ev.location)
                        lines.append(f"  {'':<13} {'':<20} > {quote}" + (f" ({loc})" if loc else ""))
            for reason, ids in other_form.items():
                lines.append(f"  {'skip':<13} {len(ids)} rule{'s' if len(ids) != 1 else ''} not applicable: {reason}")
            c = result.counts()
            lines.append(
                f"  {c['passed']} passed, {c['failed']} failed ({c['errors']} errors, {c['warnings']} warnings, "
                f"{c['notices']} notices), "
                + (f"{c['waived']} waived, " if c["waived"] else "")
                + f"{c['skipped']} skipped"
            )
            lines.append("")
        for ws in report.waivers:
            lines.append(f"waiver {ws.status}: {ws.message}" if ws.status != "active" else f"waiver: {ws.message}")
        if report.waivers:
            lines.append("")
        s = report.summary
        lines.append(
            f"{s.documents} document{'s' if s.documents != 1 else ''}: {s.passed} passed, {s.failed} failed "
            f"({s.errors} errors, {s.warnings} warnings, {s.notices} notices), "
            + (f"{s.waived} waived, " if s.waived else "")
            + f"{s.skipped} skipped"
        )
        return "\n".join(lines) + "\n"
