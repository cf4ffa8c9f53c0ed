"""Following an item that is incorporated by reference to the document that holds it.

A 10-K may answer Item 1C by reference ("Information in response to this Item 1C can be found in the Annual Report to
Shareholders … and is incorporated herein by reference"). When the referenced document is checked in the same run —
given as a second path, or found in the same folder by a directory scan (cydcheck never reads a file it was not given)
— its cybersecurity section is checked as the filing's disclosure: one document in the report, the filing's cover
data (form, registrant, period), the section's text and evidence locations from the exhibit, and ``section_source``
saying which file. An exhibit is recognised by the reference ("Exhibit 13", "Annual Report") and its name (``ex13``,
``exhibit-13``, ``annual-report``), or by being the only other document with a cybersecurity section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from .model import Diagnostic, Disclosure, Fact, SectionStatus

# How referenced documents are named on EDGAR and in counsel's folders.
_EXHIBIT_NAME = re.compile(
    r"(?:^|[^a-z0-9])(?:ex[-_ ]?13|exhibit[-_ ]?13|ex13|annual[-_ ]?report|ars)(?:[^a-z0-9]|$)", re.I
)
# What the reference itself names.
_NAMES_EXHIBIT = re.compile(r"\bexhibit\s*13\b|\bannual\s+report\b", re.I)


def _is_candidate(doc: Disclosure) -> bool:
    return doc.section_status is SectionStatus.FOUND and bool(doc.text.strip())


def _named_like_exhibit(source: str) -> bool:
    return _EXHIBIT_NAME.search(Path(source).stem) is not None


def referenced(doc: Disclosure, pool: Sequence[Disclosure]) -> Disclosure | None:
    """The document of ``pool`` that holds the section ``doc`` incorporates by reference: one with a found section,
    named like an exhibit or annual report when the reference names one — or the only candidate there is."""
    candidates = [d for d in pool if d is not doc and _is_candidate(d) and d.source != doc.source]
    if not candidates:
        return None
    if _NAMES_EXHIBIT.search(doc.text):
        named = [d for d in candidates if _named_like_exhibit(d.source)]
        if named:
            return named[0]
    # A document that carries its own item heading is its own filing, not an exhibit.
    unheaded = [d for d in candidates if not (d.located_by or "").lower().startswith("item ")]
    return unheaded[0] if len(unheaded) == 1 else None


def merged(filing: Disclosure, exhibit: Disclosure) -> Disclosure:
    """The filing's disclosure, read from the exhibit that holds it."""
    how = f"incorporated by reference → {exhibit.source}" + (f": {exhibit.located_by}" if exhibit.located_by else "")
    note = Diagnostic(
        level="notice",
        code="section.followed",
        message=f"the item is incorporated by reference; the section checked is in {exhibit.source}",
    )
    there = exhibit.source  # every place read from the exhibit says so: a finding must send the reader to that file
    return filing.model_copy(
        update={
            "section_status": SectionStatus.FOUND,
            "located_by": how,
            "section_source": exhibit.source,
            "text": exhibit.text,
            "text_segments": tuple(
                s.model_copy(update={"location": s.location.in_file(there)}) for s in exhibit.text_segments
            ),
            "facts": filing.facts or tuple(_in_file(f, there) for f in exhibit.facts),
            "issuer": filing.issuer or exhibit.issuer,
            "diagnostics": (
                *(d for d in filing.diagnostics if d.code != "section.incorporated"),
                note,
                *(_in_file(d, there) for d in exhibit.diagnostics),
            ),
        }
    )


_Located = TypeVar("_Located", Fact, Diagnostic)


def _in_file(item: _Located, file: str) -> _Located:
    update: dict[str, object] = {}
    if item.location is not None:
        update["location"] = item.location.in_file(file)
    if isinstance(item, Fact) and item.segments:
        update["segments"] = tuple(s.model_copy(update={"location": s.location.in_file(file)}) for s in item.segments)
    return item.model_copy(update=update) if update else item


def resolve(docs: list[Disclosure]) -> list[Disclosure | None]:
    """Each document of a run as it stands — an incorporated filing merged with the document of the run it refers
    to, when there is one — or None for a document used that way (it is not reported again on its own)."""
    used: set[str] = set()
    replaced: dict[str, Disclosure] = {}
    for doc in docs:
        if doc.section_status is SectionStatus.INCORPORATED_BY_REFERENCE:
            target = referenced(doc, docs)
            if target is not None:
                replaced[doc.source] = merged(doc, target)
                used.add(target.source)
    return [replaced.get(d.source, d) if d.source in replaced or d.source not in used else None for d in docs]
