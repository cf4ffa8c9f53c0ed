"""The reading layer: what each sentence of a disclosure says, decided once, before any rule runs.

Between the parsed :class:`~cydcheck.model.Disclosure` and the rules, every sentence of the section text and of each
tagged text block is annotated with

- its **status** — asserted, negated, hypothetical, future, policy, disclaimer, cross-reference, heading, drafting
  note, not disclosure — from trigger phrases whose scope runs to a clause terminator: the ConText algorithm
  (Harkema et al., J. Biomed. Inform. 2009; NegEx, Chapman et al. 2001), moved from clinical notes to disclosures;
- its **actors** (the board, a board committee, named management positions and committees, management in general,
  third-party assessors, service providers, the enterprise risk management system, the company);
- its **acts** (oversee, inform, assess, engage, monitor, integrate, describe a background…).

The cue lists, actor and act vocabularies and drafting-note patterns are data (``rules/vocabulary/*.yaml``); a rule
pack may extend them. Check kinds then count only sentences of the status and actors a rule asks for — by default
asserted statements — so word-sense collisions ("management" in "risk management") are settled here, once.
"""

from __future__ import annotations

from .model import DraftingNote, Mention, Reading, Scope, Sentence, Status
from .reader import read
from .vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "DraftingNote",
    "Mention",
    "Reading",
    "Scope",
    "Sentence",
    "Status",
    "Vocabulary",
    "load_vocabulary",
    "read",
]
