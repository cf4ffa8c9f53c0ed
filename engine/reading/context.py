"""ConText (Harkema, Dowling, Thornblade, Chapman: "ConText: an algorithm for determining negation, experiencer, and
temporal status from clinical reports", J. Biomed. Inform. 42(5), 2009), for disclosures.

In one sentence:

1. find the trigger phrases (cues) of each status, dropping those inside a pseudo-trigger ("not only");
2. find the terminators ("but", "however", a semicolon, ", and we…"), which end a clause;
3. each cue governs a scope: ``forward`` from the cue to the next terminator (or the sentence end), ``backward``
   from the previous terminator (or the sentence start) to the cue, ``both`` the two together, ``condition`` from
   the cue to the next comma ("In the event of an incident, we convene the response team": the condition is the
   first clause, the act after the comma is asserted);
4. the words inside a scope take its status; where scopes overlap, the status earlier in the precedence wins;
   words in no scope are asserted.

Unlike the clinical original, the targets are not known in advance: the scopes are kept, and any span a rule
matches later is asked for its status (:meth:`cydcheck.reading.Sentence.status_at`).
"""

from __future__ import annotations

import bisect

from .alternation import Text
from .model import Scope
from .vocabulary import Vocabulary


def scopes(sentence: Text | str, offset: int, vocab: Vocabulary) -> tuple[Scope, ...]:
    """The cue scopes of ``sentence``, whose first character is at ``offset`` in its field."""
    prepared = Text.of(sentence)
    text = prepared.text
    pseudo = vocab.pseudo.spans(prepared) if vocab.pseudo else []
    cuts = sorted({a for a, _ in vocab.terminators.spans(prepared)} if vocab.terminators is not None else set())
    out: list[Scope] = []
    for status, direction, pattern in vocab.cues:
        for a, b in pattern.spans(prepared):
            if b == a or any((x <= a and b <= y) or a <= x < b for x, y in pseudo):
                continue
            # The clause around the cue: from the terminator before it to the terminator after it.
            i = bisect.bisect_right(cuts, a)
            clause_start = cuts[i - 1] if i > 0 else 0
            j = bisect.bisect_left(cuts, b)
            clause_end = cuts[j] if j < len(cuts) else len(text)
            start = clause_start if direction in ("backward", "both") else a
            end = b if direction == "backward" else clause_end
            if direction == "condition":
                comma = text.find(",", b, clause_end)
                end = comma if comma >= 0 else clause_end
            out.append(Scope(status, offset + start, offset + end, text[a:b]))
    out.sort(key=lambda s: (s.start, s.end, s.status.value))
    return tuple(out)
