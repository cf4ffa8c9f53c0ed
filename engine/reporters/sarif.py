"""SARIF 2.1.0 (GitHub code scanning, Azure DevOps, most security dashboards).

- ``tool.driver.rules``: every rule that ran, with its title, citation, rationale and fix (``help``), and its
  default level. Levels: error → ``error``, warning → ``warning``, notice → ``note``; a finding that needs review
  is a ``warning`` (``properties.outcome`` says ``review``): a reader must decide.
- ``results``: every failure and every needs-review finding, waived or not, new or known. Suggestions are left out:
  they never fail a run, and as code-scanning alerts they would have to be dismissed one by one.
- A result's location is its first evidence (line, column, and the element as a logical location for HTML);
  a requirement not answered at all points at the start of the section, where the text belongs. Other evidence
  goes in ``relatedLocations``. Columns count Unicode code points (``columnKind``).
- ``partialFingerprints``: a hash of the rule, the document and the quoted text (:func:`cydcheck.baseline.fingerprint`)
  — stable when edits move text, so an alert follows its finding.
- A waived failure carries ``suppressions`` (external, accepted) with the waiver's reason, approver and expiry;
  with ``--baseline``, ``baselineState`` is ``new`` or ``unchanged``.
- Expired and unmatched waivers are ``toolConfigurationNotifications`` of the invocation.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from ..baseline import fingerprint
from ..inputs import STDIN_NAME
from ..model import DocumentResult, Finding, Outcome, Report, RuleInfo, Severity, SourceLocation
from .base import Reporter
from .text import file_of, where

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/cydcheck/"
FINGERPRINT_KEY = "cydcheckFinding/v1"
SRCROOT = "%SRCROOT%"

LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTICE: "note",
    Severity.SUGGESTION: "note",
}


def level(finding: Finding) -> str:
    return "warning" if finding.outcome is Outcome.REVIEW else LEVEL[finding.severity]


def reported(finding: Finding) -> bool:
    """The findings SARIF carries: failures (waived too) and needs-review; not suggestions, passes or skips."""
    return finding.outcome is Outcome.REVIEW or (finding.outcome is Outcome.FAIL and not finding.suggestion)


def artifact(source: str) -> dict[str, str] | None:
    """A document's path as a SARIF artifact location: relative paths against %SRCROOT%, absolute ones as file URIs,
    standard input as nothing (it has no place in the repository)."""
    if source == STDIN_NAME:
        return None
    if PureWindowsPath(source).is_absolute() and not PurePosixPath(source).is_absolute():
        return {"uri": PureWindowsPath(source).as_uri()}
    posix = source.replace("\\", "/")
    if posix.startswith("/"):
        return {"uri": "file://" + quote(posix, safe="/")}
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def _region(location: SourceLocation | None, quote_text: str | None) -> dict[str, Any] | None:
    if location is None or location.line is None:
        return None
    region: dict[str, Any] = {"startLine": location.line}
    if location.column is not None:
        region["startColumn"] = location.column
    if quote_text:
        region["snippet"] = {"text": quote_text}
    return region


def _location(source: str, location: SourceLocation | None, quote_text: str | None) -> dict[str, Any] | None:
    art = artifact(file_of(source, location))
    if art is None:
        return None
    physical: dict[str, Any] = {"artifactLocation": art}
    region = _region(location, quote_text)
    if region is not None:
        physical["region"] = region
    out: dict[str, Any] = {"physicalLocation": physical}
    if location is not None and location.element:
        out["logicalLocations"] = [{"name": location.element, "kind": "element"}]
    return out


NOT_CHECKED: dict[str, Any] = {
    "id": "CYD-DOC-NOT-CHECKED",
    "shortDescription": {"text": "The document could not be checked"},
    "fullDescription": {
        "text": "cydcheck could not read this document, or did not finish it in time: nothing in it was checked, so "
        "no requirement is known to be met."
    },
    "help": {
        "text": "Fix what the message names (a damaged or unsupported file), or give the check more time (--timeout), "
        "and run it again.",
        "markdown": "Fix what the message names (a damaged or unsupported file), or give the check more time "
        "(`--timeout`), and run it again.",
    },
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["compliance", "sec-cybersecurity-disclosure"]},
}
"""The rule of a result for a document a batch could not check (``--keep-going``, ``--timeout``): listed only in a
report that has one."""


def rule_descriptor(rule: RuleInfo) -> dict[str, Any]:
    text = f"{rule.title}\n\nWhy: {rule.rationale}\n\nFix: {rule.fix}\n\nCitation: {rule.citation}"
    markdown = f"**{rule.title}**\n\n{rule.rationale}\n\n**Fix:** {rule.fix}\n\n**Citation:** {rule.citation}"
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title} — {rule.citation}"},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "requirement": rule.requirement,
            "citation": rule.citation,
            "severity": rule.severity.value,
            "forms": [f.value for f in rule.forms],
            "source": rule.source,
            "tags": ["compliance", "sec-cybersecurity-disclosure", rule.requirement],
        },
    }


def result(report_rules: dict[str, int], doc: DocumentResult, f: Finding) -> dict[str, Any]:
    source = doc.disclosure.source
    located = [ev for ev in f.evidence if ev.location is not None]
    first = located[0] if located else None
    message = f.message
    if f.outcome is Outcome.REVIEW:
        message = f"Needs review: {message}" + (f" ({f.review_reason})" if f.review_reason else "")
    if f.fix:
        message += f" Fix: {f.fix}"
    out: dict[str, Any] = {"ruleId": f.rule_id}
    if f.rule_id in report_rules:
        out["ruleIndex"] = report_rules[f.rule_id]
    out.update({"kind": "fail", "level": level(f), "message": {"text": message}})
    loc = _location(source, where(doc, f), first.quote if first else None)
    if loc is not None:
        out["locations"] = [loc]
    related = []
    for i, ev in enumerate(located[1:], start=1):
        rel = _location(source, ev.location, ev.quote)
        if rel is not None:
            related.append({"id": i, **rel, "message": {"text": f"evidence {i + 1}"}})
    if related:
        out["relatedLocations"] = related
    out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(f, source)}
    if f.new is not None:
        out["baselineState"] = "new" if f.new else "unchanged"
    if f.waived_by is not None:
        w = f.waived_by
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{w.reason} (approved by {w.approved_by}, until {w.expires.isoformat()})",
                "properties": {"approvedBy": w.approved_by, "expires": w.expires.isoformat(), "origin": w.origin},
            }
        ]
    out["properties"] = {
        "requirement": f.requirement,
        "citation": f.citation,
        "severity": f.severity.value,
        "outcome": f.outcome.value,
        "document": source,
        "form": doc.disclosure.form.value,
    }
    return out


def _config_location(origin: str) -> dict[str, Any] | None:
    path, _, line = origin.rpartition(":")
    if not (path and line.isdigit()):
        path, line = origin, ""
    return _location(path, SourceLocation(line=int(line)) if line else None, None)


def sarif_dict(report: Report) -> dict[str, Any]:
    index = {rule.id: i for i, rule in enumerate(report.rules)}
    results = [result(index, doc, f) for doc in report.documents for f in doc.findings if reported(f)]
    notifications = []
    for ws in report.waivers:
        if ws.status == "active":
            continue
        note: dict[str, Any] = {
            "level": "error" if ws.status == "expired" else "warning",
            "message": {"text": ws.message},
            "descriptor": {"id": f"waiver-{ws.status}"},
        }
        loc = _config_location(ws.waiver.origin)
        if loc is not None:
            note["locations"] = [loc]
        notifications.append(note)
    # --keep-going / --timeout: a document never checked is an error of the run. It is a result — the one thing a
    # code-scanning page shows — under a rule of its own, and a notification of the failed execution.
    failed = [d for d in report.documents if d.failed]
    rules = [rule_descriptor(r) for r in report.rules]
    if failed:
        index[NOT_CHECKED["id"]] = len(rules)
        rules.append(NOT_CHECKED)
    failures, execution = [], []
    for d in failed:
        source = d.disclosure.source
        message = {"text": d.status_note or d.status}
        loc = _location(source, None, None)
        placed = {"locations": [loc]} if loc is not None else {}
        failures.append(
            {
                "ruleId": NOT_CHECKED["id"],
                "ruleIndex": index[NOT_CHECKED["id"]],
                "kind": "fail",
                "level": "error",
                "message": message,
                **placed,
                "partialFingerprints": {FINGERPRINT_KEY: f"{NOT_CHECKED['id']}:{source}"},
                "properties": {"document": source, "status": d.status},
            }
        )
        execution.append({"level": "error", "message": message, "descriptor": {"id": f"document-{d.status}"}, **placed})
    invocation: dict[str, Any] = {"executionSuccessful": not failed}
    if notifications:
        invocation["toolConfigurationNotifications"] = notifications
    if execution:
        invocation["toolExecutionNotifications"] = execution
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": report.tool,
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results + failures,
        "properties": {
            "documents": [
                {
                    "source": d.disclosure.source,
                    "status": d.status,
                    "form": d.disclosure.form.value,
                    "requirementCounts": d.requirement_counts(),
                }
                for d in report.documents
            ]
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0 (GitHub code scanning and other dashboards)"
    extension = ".sarif"

    def render(self, report: Report) -> str:
        return json.dumps(sarif_dict(report), indent=2, ensure_ascii=False) + "\n"
