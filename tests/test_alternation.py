"""The reading layer's phrase matching (cydcheck.reading.alternation) gives exactly what the straightforward one does:
for every vocabulary list, the spans of one combined case-insensitive regex ``(?:p1)|(?:p2)|…`` over the same text —
on the examples' text, the paraphrase probes, generated sentences, random patterns, and the real filings."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator

import pytest
import yaml
from cydcheck.reading.alternation import Alternation, Screen, Text, fold
from cydcheck.reading.vocabulary import Vocabulary
from cydcheck.text import sentences
from helpers import CORPUS, EXAMPLES, ROOT, best_time, needs_shared, vocabulary


def _alternations(vocab: Vocabulary) -> Iterator[tuple[str, Alternation]]:
    for status, direction, alt in vocab.cues:
        yield f"cue {status.value} {direction}", alt
    for name in ("pseudo", "terminators", "not_disclosure", "inline_notes", "paragraph_notes"):
        alt = getattr(vocab, name)
        if alt is not None:
            yield name, alt
    for kind, table in (("actor", vocab.actors), ("act", vocab.acts)):
        for category, matcher in table.items():
            yield f"{kind} {category}", matcher.pattern
            if matcher.exceptions is not None:
                yield f"{kind} {category} except", matcher.exceptions


def _same(alt: Alternation, texts: list[str], name: str) -> None:
    plain = alt.plain()
    for text in texts:
        prepared = Text(text)
        assert alt.spans(prepared) == [m.span() for m in plain.finditer(text)], (name, text)
        assert alt.spans(text) == [m.span() for m in plain.finditer(text)], (name, text)
        assert alt.matches_start(text) == (plain.match(text) is not None), (name, text)
        assert alt.matches_whole(text) == (plain.fullmatch(text) is not None), (name, text)


def _with_parts(texts: list[str]) -> list[str]:
    """Each text, its paragraphs and their sentences (the reading matches all three)."""
    out: dict[str, None] = {}
    for text in texts:
        for paragraph in text.split("\n"):
            out[paragraph] = None
            out[paragraph.strip()] = None
            for a, b in sentences(paragraph):
                out[paragraph[a:b]] = None
    return list(out)


def _probe_texts() -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "probes" / "probes.yaml").read_text(encoding="utf-8"))
    return [p["text"] for p in data["probes"]]


def _example_texts() -> list[str]:
    import cydcheck

    out = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.is_file():
            try:
                doc = cydcheck.parse(path)
            except Exception:  # an example that is not a disclosure (a config, a report): nothing to read
                continue
            out.append(doc.text)
            out.extend(f.text for f in doc.facts if f.text)
    return out


def _generated(vocab: Vocabulary, count: int, seed: int) -> list[str]:
    """Sentences made of the vocabulary's own words (so that its phrases match, overlap and nearly match), in odd
    cases, with odd spaces and letters that case-fold to ASCII (the Kelvin sign, the long s, the dotless i)."""
    words: list[str] = []
    for alt in (a for _, a in _alternations(vocab)):
        for source in alt.sources:
            words.extend(w for w in re.findall(r"[A-Za-z][A-Za-z’']*", source) if len(w) > 1)
    words = [*sorted(set(words)), "the", "our", "and", "of", "to", "a", "Item 1A", "10-K", "2024", "[TBD]", "NTD:"]
    glue = [" ", " ", " ", "  ", "-", "\u00a0", ", ", "; ", ". ", " (", ") ", "’s ", "'s ", "\u2009"]
    odd = {"k": "\u212a", "s": "\u017f", "i": "\u0131", "I": "\u0130"}
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 18)):
            word = rng.choice(words)
            roll = rng.random()
            if roll < 0.15:
                word = word.upper()
            elif roll < 0.3:
                word = word.capitalize()
            elif roll < 0.35:
                word = "".join(odd.get(c, c) if rng.random() < 0.5 else c for c in word)
            parts.append(word + rng.choice(glue))
        out.append("".join(parts).strip())
    return out


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return vocabulary()


def test_every_vocabulary_list_matches_as_one_regex_on_examples_probes_and_generated_text(vocab: Vocabulary) -> None:
    texts = _with_parts(_example_texts() + _probe_texts()) + _generated(vocab, 400, seed=12)
    assert len(texts) > 600
    for name, alt in _alternations(vocab):
        _same(alt, texts, name)


def test_every_vocabulary_list_matches_as_one_regex_on_the_real_filings(vocab: Vocabulary) -> None:
    needs_shared()
    import cydcheck

    texts = []
    for path in sorted((CORPUS / "ixbrl").glob("*.htm"))[:6]:
        doc = cydcheck.parse(path)
        texts.append(doc.text)
    texts = _with_parts(texts)
    for name, alt in _alternations(vocab):
        _same(alt, texts, name)


def test_a_shared_screen_reads_the_same(vocab: Vocabulary) -> None:
    """The vocabulary's screens are shared among many lists; the same list screened alone gives the same spans."""
    texts = _with_parts(_probe_texts())
    for name, alt in _alternations(vocab):
        alone = Alternation(alt.sources)
        for text in texts:
            assert alone.spans(text) == alt.spans(Text(text)), (name, text)


# --- random patterns: what a phrase needs is read safely, whatever the phrase ---------------------------------------

_PIECES = [
    "ab", "ba", "abc", "cab", "b", "a", "c", "x", r"\b", r"\s+", r"\s*", r"\w+", r"\w*", ".", "[ab]", "[^a]", "[ck]",
    "(?:ab|c)", "(?:a|bc|)", "(?:ab)?", "a?", "b*", "(?:cb)+", "(?:a|b){2}", "(?=a)", "(?!b)", "(?<=a)", "(?<!c)",
    "(?-i:A)", "(?-i:ab)", "^", "$", "(a)", "a{1,3}", "(?:ba){0,2}", "[a-c]", "K", "S",
]  # fmt: skip


def _random_pattern(rng: random.Random) -> str:
    body = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 5)))
    return body if rng.random() < 0.8 else f"(?:{body}|{rng.choice(_PIECES)})"


def _random_text(rng: random.Random) -> str:
    alphabet = "aabbccAABBCk \u212a\u017fs\u0131I\u0130x-"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def test_random_alternations_match_as_one_regex() -> None:
    rng = random.Random(106)
    texts = [_random_text(rng) for _ in range(120)]
    for _ in range(300):
        sources = [_random_pattern(rng) for _ in range(rng.randint(1, 6))]
        alt = Alternation(sources)
        _same(alt, texts, repr(sources))


# --- folding ---------------------------------------------------------------------------------------------------------


def test_fold_writes_every_letter_re_takes_for_ascii_as_that_letter() -> None:
    """Screening is safe only if every character that re matches case-insensitively to an ASCII letter folds to it."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for m in letter.finditer(chars):
        char = m.group()
        folded = fold(char)
        assert len(folded) == 1 and re.fullmatch(folded, char, re.IGNORECASE), (hex(ord(char)), folded)
    mixed = "Ca\u0130re \u212aey \u017fecurity \u0131t ’s"
    assert len(fold(mixed)) == len(mixed) and fold(mixed).startswith("caire key security it")


def test_screened_literal_phrases_read_odd_letters() -> None:
    alt = Alternation([r"\bkey\b", r"\bsecurity\b", r"\bit\b"])
    text = "The \u212aEY to \u017fECURITY and \u0130T"
    assert alt.spans(text) == [m.span() for m in alt.plain().finditer(text)] != []


# --- what falls back to the combined pattern --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sources",
    [
        [r"(a)\1", "b"],  # a group reference would mean another group inside the combined pattern
        ["(?P<x>a)", "(?P<y>b)"],  # named groups
        ["a*", "b"],  # a phrase that matches the empty string
        ["(?:a|)", "b"],
    ],
)
def test_phrases_the_screen_cannot_follow_use_the_combined_pattern(sources: list[str]) -> None:
    alt = Alternation(sources)
    assert alt.combined is not None
    _same(alt, ["ab aab b", "", "xx aa"], repr(sources))


@pytest.mark.parametrize("sources", [["(?P<x>a)", "(?P<x>b)"], ["a", "(?x)b c"]])
def test_a_combined_pattern_that_fails_fails_as_before(sources: list[str]) -> None:
    combined = "|".join(f"(?:{s})" for s in sources)
    with pytest.raises(re.error) as expected:
        re.compile(combined, re.IGNORECASE)
    with pytest.raises(re.error) as got:
        Alternation(sources)
    assert str(got.value) == str(expected.value)


def test_a_screen_string_is_scanned_once_for_all_its_lists() -> None:
    first, second = Alternation([r"\bboard\b", "x+y"]), Alternation([r"\bboards?\b"])
    screen = Screen([first, second])
    assert first.screen is screen and second.screen is screen
    assert len(screen.strings) == 2 and dict(screen.strings)["board"]  # "boards?" needs "board" too: one string
    assert Text("no such words").present(screen) == 1  # only the always-set bit


def test_a_phrase_is_compiled_only_when_a_text_holds_what_it_needs() -> None:
    """Loading compiles nothing: a phrase is compiled the first time a text holds what it needs."""
    fresh = Alternation([r"\bneverseenword\w*\b", r"\banotherone\b"])
    fresh.spans("nothing to see here")
    assert all(p._compiled is None for p in fresh.phrases)


def test_matching_stays_linear_on_long_repetitive_text() -> None:
    """A phrase with several possible beginnings ("chief" or "principal" … "officer"; the committees) tried at each
    place one of them occurs must not look for each beginning again from every place: a long run of one beginning
    without the rest ("audit audit audit …") would cost the square of the text. 4x the text: about 4x the time."""
    vocab = vocabulary()
    alternations = [alt for _, alt in _alternations(vocab)] + [Alternation([r"\b(?:chief|principal)\s+officer"])]

    def timed(n: int) -> float:
        texts = [Text(word * n + "committee officer board.") for word in ("audit ", "chief ", "may ")]
        return best_time(lambda: [alt.spans(text) for text in texts for alt in alternations])

    small, large = timed(2_000), timed(8_000)
    assert large < small * 4 * 2.5, (small, large)  # linear: ~4x; quadratic: ~16x
