from __future__ import annotations

import re

import pytest
from cydcheck.text import phrase_pattern, sentences, word_count
from hypothesis import given, settings
from hypothesis import strategies as st


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


def test_sentences_respect_abbreviations_and_items() -> None:
    text = (
        "Our CISO, Jane Roe, Ph.D., holds a CISSP. See Item 1A. Risk Factors for more. "
        "U.S. Bank N.A. is a vendor; it is assessed yearly.\nNew paragraph"
    )
    assert _split(text) == [
        "Our CISO, Jane Roe, Ph.D., holds a CISSP.",
        "See Item 1A. Risk Factors for more.",
        "U.S. Bank N.A. is a vendor;",
        "it is assessed yearly.",
        "New paragraph",
    ]


def test_sentence_offsets_round_trip() -> None:
    text = "  One.  Two!\n\nThree?  "
    for a, b in sentences(text):
        assert text[a:b].strip() == text[a:b]
    assert _split(text) == ["One.", "Two!", "Three?"]


@pytest.mark.parametrize(
    ("phrase", "hit", "miss"),
    [
        ("third-party", "a Third Party vendor", "thirdparty"),
        ("monitor*", "continuously monitoring", "admonitor"),
        ("board", "the Board oversees", "onboarding"),
        ("re:\\bC[I]?SO\\b", "our CISO", "CISOS"),
        ("Ph.D.", "holds a Ph.D. in", "PhD"),
    ],
)
def test_phrase_pattern(phrase: str, hit: str, miss: str) -> None:
    assert phrase_pattern(phrase).search(hit)
    assert not phrase_pattern(phrase).search(miss)


def test_word_count() -> None:
    assert word_count("We have 20 years' experience — in third-party risk.") == 8


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aZ09'’- .,\t\né—ü\u00a0/_x", max_size=24) | st.text(max_size=24))
def test_word_count_is_the_word_pattern(text: str) -> None:
    """The counting shortcut counts exactly what the word pattern finds, whatever the characters."""
    assert word_count(text) == len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’\-]*", text))
