"""``acronyms_defined``: every acronym is spelled out at, or before, its first use.

"The CISO reports to the Audit Committee" leaves a reader to guess; "our Chief Information Security Officer
("CISO")" does not. The check reads the disclosure through cydcheck's reading layer:

- sentences come from :meth:`Reading.sentences`, field by field, in document order — so the definition must come
  first in the text the reader reads;
- a use counts only where the reading layer gives its words one of the rule's ``status`` values: by default every
  prose status, but not headings, page furniture or drafting notes, which are not the disclosure's prose;
- ``known`` takes phrases and ``@name`` lists from the vocabulary (the pack's own ``vocabulary/`` folder adds
  ``@acme_well_known``; cydcheck's built-in vocabulary has ``@certifications``); a word of the registrant's own
  name (``IBM`` in IBM's filing) is known too.

A definition is a parenthesis that spells the term: ``Chief Information Security Officer ("CISO")``,
``(the "CSC")``, ``(NIST)`` after the long form, or ``NIST (National Institute of Standards and Technology)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cydcheck.checks.base import CheckKind, CheckResult, ScopedParams, Verdict, evidence, scoped, valid_phrases
from cydcheck.model import Evidence
from cydcheck.reading import Reading, Status, Vocabulary
from cydcheck.text import phrase_pattern
from pydantic import Field, field_validator

# An acronym: at least two capitals, capitals/digits/& only, optionally a plural "s" ("CISOs").
_ACRONYM = re.compile(r"(?<![\w&.\-])([A-Z][A-Z0-9&\-]*[A-Z0-9])s?(?![\w&\-])")
_ROMAN = re.compile(r"^[IVXLC]+$")  # "Part II", "Tier III": numbers, not acronyms
_PAREN = re.compile(r"\(([^()]{1,120})\)")
_QUOTED = re.compile(r"[\"“”‘’']([^\"“”‘’']{1,60})[\"“”‘’']")
_BARE = re.compile(r"^\s*(?:the\s+|our\s+|or\s+|each\s+a\s+)?([A-Z][A-Za-z0-9&\-]*[A-Z0-9])s?(?:\s+\d+)?\s*$")
_SPELLED_AFTER = re.compile(r"(?<![\w&])([A-Z][A-Z0-9&]*[A-Z0-9])\s*\(\s*(?:the\s+)?[A-Z][a-z]+(?:[\s\-]+\w+)+\s*\)")
_PROSE = tuple(s for s in Status if s not in (Status.HEADING, Status.NOT_DISCLOSURE, Status.DRAFTING_NOTE))


class AcronymsParams(ScopedParams):
    known: tuple[str, ...] = Field(
        default=(), description="acronyms that need no definition: phrases or @lists (e.g. '@acme_well_known')"
    )
    max_letters: int = Field(
        default=6, ge=2, le=12, description="longer all-capital words are emphasis ('CYBERSECURITY'), not acronyms"
    )
    status: tuple[Status, ...] = Field(
        default=_PROSE,
        min_length=1,
        description="statuses in which a use must be defined (default: all prose; not headings, furniture, notes)",
    )

    @field_validator("known", mode="after")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_phrases(value)


def defined_in(sentence: str) -> set[str]:
    """The terms a sentence defines: quoted terms in parentheses, a bare acronym in parentheses, and an acronym
    followed by its long form in parentheses."""
    terms: set[str] = set()
    for paren in _PAREN.finditer(sentence):
        inner = paren.group(1)
        quoted = [q.strip() for q in _QUOTED.findall(inner)]
        terms.update(_base(re.sub(r"^(?:the|our)\s+", "", q, flags=re.I)) for q in quoted if q)
        bare = _BARE.match(inner)
        if not quoted and bare:
            terms.add(_base(bare.group(1)))
    terms.update(_base(m.group(1)) for m in _SPELLED_AFTER.finditer(sentence))
    return terms


def _base(term: str) -> str:
    return term[:-1] if len(term) > 2 and term.endswith("s") and term[:-1].isupper() else term


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7


@dataclass
class Survey:
    first: dict[str, Evidence] = field(default_factory=dict)  # acronym → the sentence of its first use
    undefined: list[str] = field(default_factory=list)  # those not spelled out by then, in order of first use
    uses: int = 0


class AcronymsDefined(CheckKind[AcronymsParams]):
    name = "acronyms_defined"
    description = (
        "Every acronym (two or more capitals) in a sentence of one of the `status` values is spelled out in a "
        "parenthesis at or before its first use, unless it is `known`; the finding names the undefined ones."
    )
    Params = AcronymsParams

    def __init__(self, params: AcronymsParams, vocabulary: Vocabulary) -> None:
        super().__init__(params, vocabulary)
        known = self.phrases(params.known)  # @lists expanded now: an unknown list is a rule-file error
        self.known = [phrase_pattern(p) for p in known]
        self.status = frozenset(params.status)

    def evaluate(self, reading: Reading) -> CheckResult:
        return scoped(reading, self.params, self._judge)

    def _is_known(self, term: str) -> bool:
        return any(p.fullmatch(term) for p in self.known)

    def survey(self, reading: Reading, fields: list[str]) -> Survey:
        """Every acronym used in ``fields``, in reading order: where each is first used, and whether it was
        spelled out by then."""
        defined: set[str] = set(re.findall(r"[\w&\-]+", reading.doc.issuer or ""))
        found = Survey()
        for field_name in fields:
            for sentence in reading.sentences(field_name):
                here = defined_in(sentence.text)
                if _shouting(sentence.text):  # an all-capitals legend or caption: emphasis, not acronyms
                    defined |= here
                    continue
                for m in _ACRONYM.finditer(sentence.text):
                    term = m.group(1)
                    letters = sum(c.isalpha() for c in term)
                    if letters > self.params.max_letters or _ROMAN.match(term) or self._is_known(term):
                        continue
                    if sentence.status_at(sentence.start + m.start(), sentence.start + m.end()) not in self.status:
                        continue
                    found.uses += 1
                    if term not in found.first:
                        found.first[term] = evidence(reading.doc, field_name, sentence.start, sentence.end)
                        if term not in defined and term not in here:
                            found.undefined.append(term)
                defined |= here
        return found

    def _judge(self, reading: Reading, fields: list[str]) -> CheckResult:
        found = self.survey(reading, fields)
        terms = sorted(found.undefined)
        values = {"terms": ", ".join(terms), "count": str(len(terms))}
        if not terms:
            uses = found.uses
            observed = f"{uses} use{'s' if uses != 1 else ''} of acronyms, each defined" if uses else "no acronyms"
            return CheckResult(Verdict.PASS, (), observed, values)
        shown = tuple(dict.fromkeys(found.first[t] for t in terms))[:5]
        return CheckResult(Verdict.FAIL, shown, f"not spelled out before first use: {values['terms']}", values)
