"""Baseline: an earlier JSON report of the same disclosures. Failures and reviews it already holds are marked known
(``Finding.new`` is False) and no longer fail the run; the others are new. Passes and skips are never marked.

A finding is identified by its rule, its document and the text its evidence quotes (whitespace and case folded) —
never by offsets or line numbers, which every edit above it moves. The same identity is the SARIF fingerprint, so a
code-scanning alert follows the finding, not its position.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import ConfigError
from .model import Finding, Outcome
from .sources import read_source

MARKED = frozenset({Outcome.FAIL, Outcome.REVIEW})
"""The outcomes a baseline speaks about: what is wrong or in doubt."""


def normalise_text(text: str) -> str:
    """Compatibility forms, case and whitespace folded: a quote reflowed or re-cased is the same quote."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalise_path(source: str) -> str:
    """A document path as a report shows it, in one spelling: forward slashes, no leading ``./``."""
    path = source.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def identity(rule_id: str, source: str, quotes: Iterable[str]) -> str:
    """What makes two findings the same finding across runs and edits."""
    folded = sorted({normalise_text(q) for q in quotes} - {""})
    return "\x1f".join([rule_id, normalise_path(source), *folded])


def finding_identity(finding: Finding, source: str) -> str:
    return identity(finding.rule_id, source, (ev.quote for ev in finding.evidence))


def fingerprint(finding: Finding, source: str) -> str:
    """A stable hash of :func:`finding_identity` (SARIF ``partialFingerprints``)."""
    return hashlib.sha256(finding_identity(finding, source).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Baseline:
    """The failures and reviews of an earlier report, by identity (a multiset: a finding matches once)."""

    origin: str
    identities: tuple[str, ...]

    def mark(self, findings: Sequence[Finding], source: str) -> list[Finding]:
        """Each failure or review marked new (absent from the baseline) or known (present)."""
        left = Counter(self.identities)
        out = []
        for f in findings:
            if f.outcome not in MARKED:
                out.append(f)
                continue
            key = finding_identity(f, source)
            known = left[key] > 0
            if known:
                left[key] -= 1
            out.append(f.model_copy(update={"new": not known}))
        return out


class _Lenient(BaseModel):
    # A report grows fields over versions; a baseline reads only what identifies a finding.
    model_config = ConfigDict(extra="ignore")


class _Evidence(_Lenient):
    quote: str = ""


class _Finding(_Lenient):
    rule_id: str
    outcome: str
    evidence: list[_Evidence] = []


class _Document(_Lenient):
    source: str
    findings: list[_Finding]


class _Report(_Lenient):
    schema_version: int
    documents: list[_Document]


def load_baseline(path: str) -> Baseline:
    """Read an earlier ``cydcheck check --format json`` report. Anything else is a one-line error naming the file."""
    data = read_source(Path(path), path).data
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: --baseline is not a JSON report: {exc}") from None
    try:
        report = _Report.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"{path}: --baseline is not a cydcheck JSON report (field '{where}': {first['msg']})"
        ) from None
    marked = {o.value for o in MARKED}
    identities = tuple(
        identity(f.rule_id, doc.source, (ev.quote for ev in f.evidence))
        for doc in report.documents
        for f in doc.findings
        if f.outcome in marked
    )
    return Baseline(origin=path, identities=identities)
