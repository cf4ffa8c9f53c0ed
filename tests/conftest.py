"""Shared fixtures. Real filings are read from ../shared (the seed and the corpus), never copied into the repo."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import engine
from engine.rules import RuleSet

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for tests/helpers.py under --import-mode=importlib

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_38e51c6486e0e898.txt"
EXAMPLES = ROOT / "examples"

# Third-party plugins installed on a developer's machine must not change what the tests see.
os.environ.setdefault("CYDCHECK_DISABLE_PLUGINS", "1")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    assert SEED.is_file(), f"the seed must be at {SEED}"
    return SEED


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return engine.load_rules()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
