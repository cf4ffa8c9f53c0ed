"""Verdict accuracy, measured: `cydcheck eval` on a labelled set.

On ../shared/labels (a securities lawyer's blind verdicts on real filings) the numbers may not fall below the floor
the project has reached; the floor is raised when the rules improve, never lowered to make a change pass. The scoring
itself is tested on labels written here for our own small documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.evaluation import evaluate_report, load_labels
from helpers import CORPUS, LABELS

# Reached on the labelled set (see README, "Measuring accuracy": 346 of 346 decided verdicts agree); `cydcheck eval`
# reproduces it. The floor leaves room for at most three benign flips; a false pass is never tolerated.
FLOOR_AGREEMENT = 0.99
CEILING_FALSE_PASS = 0.0
CEILING_NOISE = 0.01


@pytest.mark.shared
def test_labelled_set_meets_the_floor() -> None:
    report = cydcheck.check([CORPUS], config=None)
    ev = evaluate_report(report, load_labels(LABELS))
    overall = ev.tally()
    assert overall.decided >= 300 and not ev.missing
    assert overall.share("agree") >= FLOOR_AGREEMENT, overall.as_dict()
    assert overall.share("false_pass") <= CEILING_FALSE_PASS, overall.as_dict()
    assert overall.share("noise") <= CEILING_NOISE, overall.as_dict()


GOOD = """# Cybersecurity

Our Board of Directors oversees cybersecurity risk through its Audit Committee, which receives a report from our
Chief Information Security Officer each quarter.
"""
THIN = """# Cybersecurity

Our program is aligned with our enterprise risk management. Our Chief Information Security Officer has over 20
years of experience.
"""


def test_scoring_follows_the_labels_readme(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text(GOOD, encoding="utf-8")
    (docs / "thin.md").write_text(THIN, encoding="utf-8")
    labels = {
        "good.md": {
            "verdicts": {
                "106.c.1.board": {"verdict": "pass"},  # met → agree
                "106.c.1.committee": {"verdict": "fail"},  # met → a false pass
                "106.b.2": {"verdict": "pass"},  # not met at error → a false fail
                "106.c.2.iii": {"verdict": "unsure"},  # left out
            }
        },
        "thin.md": {
            "verdicts": {
                "106.b.1.i": {"verdict": "fail"},  # warning (stated, not how) → agree
                "106.c.2.i.expertise": {"verdict": "pass"},  # warning → noise
            }
        },
        "absent.md": {"verdicts": {"106.b.1": {"verdict": "pass"}}},  # not in the folder
    }
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(path), str(docs), "--no-config", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    overall = data["overall"]
    assert (overall["decided"], overall["agree"], overall["false_pass"], overall["false_fail"], overall["noise"]) == (
        5,
        2,
        1,
        1,
        1,
    )
    assert data["missing"] == ["absent.md"]
    assert {(d["document"], d["requirement"], d["score"]) for d in data["disagreements"]} == {
        ("good.md", "106.c.1.committee", "false_pass"),
        ("good.md", "106.b.2", "false_fail"),
        ("thin.md", "106.c.2.i.expertise", "noise"),
    }
    # Thresholds turn the measurement into a gate.
    gated = CliRunner().invoke(cli, ["eval", str(path), str(docs), "--no-config", "--min-agreement", "0.9"])
    assert gated.exit_code == 1 and "below target: agreement 40.0% < 90.0%" in gated.stderr
    text = CliRunner().invoke(cli, ["eval", str(path), str(docs), "--no-config"]).stdout
    assert "false_pass good.md  106.c.1.committee: lawyer fail, cydcheck pass" in text


def test_bad_label_files_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "labels.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(bad), str(tmp_path)])
    assert result.exit_code == 2 and result.stderr.startswith("cydcheck: error:") and "not valid JSON" in result.stderr
