"""Shared fixtures. Real filings are read from ../shared (the seed and the corpus), never copied into the repo."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck.rules import RuleSet

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for tests/helpers.py under --import-mode=importlib

from helpers import EXAMPLES, ROOT, SEED, SHARED, needs_shared

__all__ = ["EXAMPLES", "ROOT", "SEED", "SHARED"]

# Third-party plugins installed on a developer's machine must not change what the tests see.
os.environ.setdefault("CYDCHECK_DISABLE_PLUGINS", "1")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "shared: reads the real filings, seed or labels in ../shared")
    config.addinivalue_line("markers", "slow: takes tens of seconds (builds a package); runs by default and in CI")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("shared") is not None:
        needs_shared()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    needs_shared()
    return SEED


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return cydcheck.load_rules()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
