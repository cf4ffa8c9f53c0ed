"""The reading layer, cue by cue: every trigger phrase in rules/vocabulary/status.yaml has a sentence here in which it
fires and governs the word it should — and a test fails when a cue is added without one. Then pseudo-triggers,
terminators, whole-sentence statuses, actors and acts (word senses), defined terms and lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cydcheck.reading import Status
from cydcheck.reading.reader import paragraphs, read_text
from cydcheck.text import phrase_pattern
from helpers import ROOT, disclosure, reading, vocabulary

S = Status

# (sentence, a word in it, the status that word must have)
CUES: list[tuple[str, str, Status]] = [
    # negated
    ("We do not engage outside assessors.", "engage", S.NEGATED),
    ("We have never experienced a material incident.", "experienced", S.NEGATED),
    ("Neither the CISO nor the CIO reports to the board.", "reports", S.NEGATED),
    ("The CISO reports to neither the board nor its committees.", "committees", S.NEGATED),
    ("None of our vendors is assessed.", "assessed", S.NEGATED),
    ("We have no formal processes for vendor oversight.", "processes", S.NEGATED),
    ("The program runs without any outside review.", "review", S.NEGATED),
    ("We cannot identify all threats in advance.", "identify", S.NEGATED),
    ("Our CISO doesn't report to the board.", "report", S.NEGATED),
    ("Our CISO hasn't held a security role before.", "held", S.NEGATED),
    ("The program lacks a documented incident plan.", "documented", S.NEGATED),
    ("The company's policies lack vendor requirements.", "vendor", S.NEGATED),
    ("In the absence of a CISO the CIO oversees security.", "CISO", S.NEGATED),
    ("We have yet to appoint a CISO.", "appoint", S.NEGATED),
    ("The company has yet to engage a consultant.", "engage", S.NEGATED),
    # hypothetical
    ("We may engage consultants to assess our program.", "engage", S.HYPOTHETICAL),
    ("Management might report incidents to the board.", "report", S.HYPOTHETICAL),
    ("An attack could disrupt our operations.", "disrupt", S.HYPOTHETICAL),
    ("A breach would harm our reputation.", "harm", S.HYPOTHETICAL),
    ("We strive to assess every vendor.", "assess", S.HYPOTHETICAL),
    ("Our team endeavors to detect threats early.", "detect", S.HYPOTHETICAL),
    ("Our team seeks to detect threats early.", "detect", S.HYPOTHETICAL),
    ("The program attempts to identify every risk.", "identify", S.HYPOTHETICAL),
    ("If an incident occurs, we notify the board.", "occurs", S.HYPOTHETICAL),
    ("In the event of a breach, we convene the response team.", "breach", S.HYPOTHETICAL),
    ("In case of an outage, we restore from backups.", "outage", S.HYPOTHETICAL),
    ("Unless an incident is minor, we report it.", "minor", S.HYPOTHETICAL),
    ("Were it to occur, we would notify regulators.", "occur", S.HYPOTHETICAL),
    ("Should an incident occur, the CISO informs the CEO.", "incident", S.HYPOTHETICAL),
    ("Were a vendor compromised, we would revoke its access.", "vendor", S.HYPOTHETICAL),
    # future
    ("The CISO will report to the Audit Committee.", "report", S.FUTURE),
    ("We plan to engage an outside assessor.", "engage", S.FUTURE),
    ("We intend to appoint a CISO.", "appoint", S.FUTURE),
    ("We expect to complete the assessment next year.", "assessment", S.FUTURE),
    ("We anticipate adopting a vendor program.", "vendor", S.FUTURE),
    ("Going forward, the board reviews the program annually.", "reviews", S.FUTURE),
    ("In the future, the committee oversees vendor risk.", "oversees", S.FUTURE),
    ("We are in the process of adopting the NIST framework.", "adopting", S.FUTURE),
    ("We are working to integrate cyber risk into our ERM.", "integrate", S.FUTURE),
    ("The program aims to detect threats early.", "detect", S.FUTURE),
    ("Once appointed, the CISO reports to the CFO.", "reports", S.FUTURE),
    ("Upon the appointment of a CISO, the program is reviewed.", "reviewed", S.FUTURE),
    ("The positions to be newly formed report to the CFO.", "report", S.FUTURE),
    ("We are recruiting a CISO, who will lead the program.", "CISO", S.FUTURE),
    # policy
    ("Vendors must complete a security questionnaire.", "complete", S.POLICY),
    ("Each contractor shall notify us of any breach.", "notify", S.POLICY),
    ("Employees should report phishing emails.", "report", S.POLICY),
    ("Suppliers are required to maintain security controls.", "maintain", S.POLICY),
    ("Each team needs to patch critical systems within days.", "patch", S.POLICY),
    # disclaimer
    ("There can be no assurance that our measures will prevent every attack.", "prevent", S.DISCLAIMER),
    ("We give no assurance that our processes detect all threats.", "detect", S.DISCLAIMER),
    ("We cannot guarantee that our controls will be effective.", "controls", S.DISCLAIMER),
    ("We do not guarantee that vendors comply with our policies.", "comply", S.DISCLAIMER),
    ("We may not be able to detect every intrusion.", "intrusion", S.DISCLAIMER),
    ("Our security measures may not be effective against all attacks.", "measures", S.DISCLAIMER),
    ("These measures are not fully effective in preventing attacks.", "measures", S.DISCLAIMER),
    # cross-reference
    ("For more information on these risks, see Item 1A, Risk Factors.", "risks", S.CROSS_REFERENCE),
    ("These risks are described in Item 1A of this report.", "risks", S.CROSS_REFERENCE),
    ("The information required by this item is incorporated herein by reference.", "information", S.CROSS_REFERENCE),
    ("A description of the Board's oversight appears in our proxy statement.", "oversight", S.CROSS_REFERENCE),
]


@pytest.mark.parametrize(("sentence", "word", "expected"), CUES, ids=[f"{c[2].value}:{c[0][:40]}" for c in CUES])
def test_each_cue_governs_its_scope(sentence: str, word: str, expected: Status) -> None:
    (read,) = read_text(sentence, "text", vocabulary())
    at = sentence.index(word)
    assert read.status_at(at, at + len(word)) is expected, (read.scopes, read.status)


def test_every_cue_in_the_vocabulary_has_a_sentence_above() -> None:
    data = yaml.safe_load((ROOT / "rules" / "vocabulary" / "status.yaml").read_text(encoding="utf-8"))
    missing = []
    for status, directions in data["cues"].items():
        sentences = [s for s, _, st in CUES if st.value == status]
        for phrases in directions.values():
            for phrase in phrases:
                if not any(phrase_pattern(phrase).search(s) for s in sentences):
                    missing.append(f"{status}: {phrase}")
    assert not missing, "cues without a test sentence: " + "; ".join(missing)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("We not only assess vendors but also audit them.", "assess"),
        ("Incidents are reported no later than 24 hours after detection.", "reported"),
        ("Controls include, but are not limited to, firewalls and encryption.", "firewalls"),
        ("We notify customers without undue delay.", "notify"),
        ("In May 2024 we engaged an outside assessor.", "engaged"),
        ("Our response plans to address incidents are tested each year.", "tested"),
        ("We will continue to monitor emerging threats.", "monitor"),
        ("The CISO reviews vendor risks, if any, each quarter.", "reviews"),
    ],
)
def test_pseudo_triggers_do_not_fire(sentence: str, word: str) -> None:
    (read,) = read_text(sentence, "text", vocabulary())
    at = sentence.index(word)
    assert read.status_at(at, at + len(word)) is Status.ASSERTED, read.scopes


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("We have not experienced a material incident, but we engage assessors annually.", "engage"),
        ("We have not experienced a material incident and we engage assessors annually.", "engage"),
        ("We do not outsource monitoring; our team monitors the network.", "monitors"),
        ("We may not detect every attack; however, our SOC reviews alerts daily.", "reviews"),
        ("In the event of an incident, our CISO notifies the Audit Committee.", "notifies"),
    ],
)
def test_terminators_and_conditions_end_a_scope(sentence: str, word: str) -> None:
    # A semicolon ends a sentence span outright (enumerations are read clause by clause).
    read = next(s for s in read_text(sentence, "text", vocabulary()) if word in s.text)
    at = sentence.index(word)
    assert read.status_at(at, at + len(word)) is Status.ASSERTED, read.scopes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Board Oversight of Cybersecurity Risk", Status.HEADING),
        ("GOVERNANCE", Status.HEADING),
        ("Governance and oversight", Status.HEADING),
        ("Annual penetration testing of all internet-facing systems by an outside firm", Status.ASSERTED),
        ("Table of Contents", Status.NOT_DISCLOSURE),
        ("23", Status.NOT_DISCLOSURE),
        ("Acme Corp. | 2025 Form 10-K | 41", Status.NOT_DISCLOSURE),
        ("We review vendors annually [NTD: confirm with procurement].", Status.DRAFTING_NOTE),
        ("Our CISO has [●] years of experience.", Status.DRAFTING_NOTE),
        ("The CISO reports TBD.", Status.DRAFTING_NOTE),
        ("Comment [AB2]: is this still accurate?", Status.DRAFTING_NOTE),
        ("● We scan our systems for vulnerabilities each week.", Status.ASSERTED),
    ],
)
def test_whole_sentence_statuses(text: str, expected: Status) -> None:
    (read,) = read_text(text, "text", vocabulary())
    assert read.status is expected


def _actors(sentence: str) -> dict[str, set[str]]:
    (read,) = read_text(sentence, "text", vocabulary())
    out: dict[str, set[str]] = {}
    for m in read.actors:
        out.setdefault(m.category, set()).add(m.text)
    return out


def test_word_senses_are_settled_in_the_vocabulary() -> None:
    # "management" in "risk management" is a discipline; in "senior management" it is people.
    assert "management" not in _actors("Our cybersecurity risk management program follows NIST.")
    assert _actors("Senior management reviews the program.")["management"] == {"Senior management"}
    # An advisory board is not the board of directors.
    assert "board" not in _actors("Our cybersecurity advisory board meets monthly.")
    # A SOC 2 report is not a security operations center.
    assert "team" not in _actors("We obtain SOC 2 reports from key vendors.")
    assert "team" in _actors("Our SOC monitors alerts around the clock.")
    # A committee named for the security function is management's; one of the board's is the board's.
    assert "management_committee" in _actors("Our Information Security Committee meets monthly.")
    assert "board_committee" in _actors("The Audit and Risk Committee oversees cybersecurity.")
    # Vendors the company relies on are providers; outside experts it engages are assessors.
    assert "provider" in _actors("We rely on third-party service providers.")
    assert "assessor" in _actors("We engage third-party experts to test our controls.")
    # Any "Chief … Officer" and any C-suite acronym is a position.
    assert "management_position" in _actors("Our Chief Security and Trust Officer leads the program.")
    assert "management_position" in _actors("The CSTO leads the program.")


def test_acts_reliance_is_not_engagement_and_a_company_certificate_is_not_a_background() -> None:
    (rely,) = read_text("We rely on third-party service providers.", "text", vocabulary())
    assert "engage" not in rely.act_categories()
    (iso,) = read_text("Our CISO leads our program, which is certified to ISO 27001.", "text", vocabulary())
    assert "background_credential" not in iso.act_categories()
    (cissp,) = read_text("Our CISO holds the CISSP certification.", "text", vocabulary())
    assert "background_credential" in cissp.act_categories()


def test_defined_terms_and_list_items_keep_their_actor() -> None:
    text = (
        'We created the Information Security Advisory Team (the "Task Force").\n'
        "The Task Force provides information to our Audit Committee.\n"
        "Our IT staff is responsible for:\n"
        "● monitoring threats to our systems;\n"
        "● investigating incidents."
    )
    read = reading(disclosure(text=text)).sentences("text")
    task_force = next(s for s in read if s.text.startswith("The Task Force"))
    assert "management_committee" in task_force.actor_categories()
    monitoring = next(s for s in read if "monitoring threats" in s.text)
    assert "team" in monitoring.actor_categories()


def test_drafting_notes_are_collected_once_with_their_location() -> None:
    text = "We review vendors annually [NTD: confirm].\nOur CISO has [●] years of experience."
    doc = disclosure(text=text, facts={"processes": "We review vendors annually [NTD: confirm]."})
    notes = reading(doc).notes
    assert [n.text for n in notes] == ["[NTD: confirm]", "[●]"]  # from the section, not again from the fact


def test_reading_is_fast_enough_to_stay_out_of_the_way() -> None:
    # About 60 kB of disclosure prose (a long Item 1C is 10-30 kB) reads in well under a second.
    paragraph = (
        "Our Chief Information Security Officer, who has over 20 years of experience, reports to the Audit "
        "Committee each quarter; we do not engage outside assessors, but we may engage consultants if needed. "
    )
    text = "\n".join(paragraph for _ in range(250))
    import time

    started = time.perf_counter()
    read_text(text, "text", vocabulary())
    assert time.perf_counter() - started < 2.0


def test_vocabulary_files_are_only_data() -> None:
    folder = ROOT / "rules" / "vocabulary"
    assert {p.name for p in Path(folder).iterdir()} == {"status.yaml", "actors.yaml", "acts.yaml", "phrases.yaml"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a page break or a printed line inside a sentence: joined
        (
            "Our CISO reports to the\nAudit Committee each quarter.",
            ["Our CISO reports to the Audit Committee each quarter."],
        ),
        ("We engage outside firms to\nassess our program.", ["We engage outside firms to assess our program."]),
        (
            "Our program is reviewed by an\nindependent firm every\nyear.",
            ["Our program is reviewed by an independent firm every year."],
        ),
        # a sentence's end, a heading, a list: kept apart
        ("The Board oversees risk.\nthe rest", ["The Board oversees risk.", "the rest"]),
        ("Governance\nThe Board oversees risk.", ["Governance", "The Board oversees risk."]),
        ("Our processes include:\nmonitoring of networks;", ["Our processes include:", "monitoring of networks;"]),
        (
            "Risk Management and Strategy\n• monitoring\n• testing",
            ["Risk Management and Strategy", "• monitoring", "• testing"],
        ),
        ("", [""]),
    ],
)
def test_a_line_that_continues_a_sentence_joins_it(text: str, expected: list[str]) -> None:
    joined = paragraphs(text)
    assert joined == expected
    assert len("\n".join(joined)) == len(text)  # a space for a line break: every offset stays the text's


def test_sentences_cut_into_lines_read_as_the_whole_sentences() -> None:
    # A filing converted from print: a block per printed line. The reading (and so every rule) sees the sentences.
    whole = (
        "Our Chief Information Security Officer reports to the Audit Committee at each quarterly meeting. "
        "We engage an independent cybersecurity firm to assess our program every year."
    )
    words = whole.split(" ")
    cut = "\n".join(" ".join(words[i : i + 5]) for i in range(0, len(words), 5))
    assert cut.count("\n") > 4
    read_whole = read_text(whole, "text", vocabulary())
    read_cut = read_text(cut, "text", vocabulary())
    assert [(s.start, s.end, s.status) for s in read_cut] == [(s.start, s.end, s.status) for s in read_whole]
    assert [[m.category for m in s.actors] for s in read_cut] == [[m.category for m in s.actors] for s in read_whole]
    assert [[m.category for m in s.acts] for s in read_cut] == [[m.category for m in s.acts] for s in read_whole]
    assert all(cut[s.start : s.end] == s.text for s in read_cut)  # offsets stay those of the text


def test_long_runs_and_many_sentences_read_in_linear_time() -> None:
    # Three ways a paragraph cost (its size squared): "[.!?;:]\W*$" searched from every mark of a long run; the
    # sentence splitter trying every dot of "....a" to the end; and the whole paragraph stripped, matched and its
    # mentions filtered once per sentence. Four times the text must cost about four times the time, not sixteen.
    import time

    vocab = vocabulary()

    def cost(text: str) -> float:
        start = time.process_time()
        read_text(text, "text", vocab)
        return time.process_time() - start

    for unit, n in (("Our Board oversees risk. ", 1500), (". ,", 3000), (".", 40_000), ("\n.", 10_000)):
        small, large = cost("x" + unit * n + "a"), cost("x" + unit * (4 * n) + "a")
        assert large < 8 * max(small, 0.02), (unit, small, large)


@pytest.mark.parametrize(
    "title",
    ["Vice President, Information Security", "Senior Vice President of Information Technology", "Vice President, IT"],
)
def test_a_vice_presidents_title_is_one_position(title: str) -> None:
    # Cut after its first keyword ("Vice President, Information"), the rest read as another position ("Security
    # leads"), and the expertise of the person who leads the program was attributed to no one (the names probe).
    (sentence,) = read_text(f"Our {title} leads the program.", "text", vocabulary())
    positions = [m.text for m in sentence.actors if m.category == "management_position"]
    assert positions == [title]
