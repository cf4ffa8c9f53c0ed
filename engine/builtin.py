"""The built-in plugin: cydcheck's own parsers, check kinds, rule pack and reporters, registered through the same
hooks a third-party plugin implements."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .checks.absent import Absent
from .checks.attributed import Attributed
from .checks.base import CheckKind
from .checks.deadline import Deadline
from .checks.document import DraftingNotes, Intact, Located
from .checks.flags import Flag, FlagRequires
from .checks.logic import AllOf, AnyOf, Graded, Not
from .checks.mentions import Mentions
from .checks.names import Names
from .checks.present import Present
from .checks.tagging import FlagsAnswered, Tagged, TaxonomyYears
from .distributed import DaskExecutor
from .executors import Executor, LocalExecutor
from .hookspecs import hookimpl
from .parsers.base import Parser
from .parsers.data import DataParser
from .parsers.docx import DocxParser
from .parsers.html import HtmlParser
from .parsers.ixbrl import InlineXbrlParser
from .parsers.markdown import MarkdownParser
from .parsers.rpage import RPageParser
from .parsers.xbrl import XbrlInstanceParser
from .reporters.base import Reporter
from .reporters.csv import CsvReporter
from .reporters.github import GithubReporter
from .reporters.html import HtmlReporter
from .reporters.json import JsonReporter
from .reporters.junit import JunitReporter
from .reporters.markdown import MarkdownReporter
from .reporters.sarif import SarifReporter
from .reporters.text import TextReporter
from .resources import bundled


@hookimpl
def register_parsers(register: Callable[[Parser], None]) -> None:
    register(RPageParser())
    register(DataParser())
    register(InlineXbrlParser())
    register(XbrlInstanceParser())
    register(HtmlParser())
    register(DocxParser())
    register(MarkdownParser())


@hookimpl
def register_check_kinds(register: Callable[[type[CheckKind[Any]]], None]) -> None:
    for kind in (
        Present,
        Mentions,
        Names,
        Absent,
        Flag,
        FlagRequires,
        AllOf,
        AnyOf,
        Not,
        Graded,
        Attributed,
        Located,
        DraftingNotes,
        Intact,
        Deadline,
        Tagged,
        FlagsAnswered,
        TaxonomyYears,
    ):
        register(kind)


@hookimpl
def register_rule_packs(register: Callable[[str, Path], None]) -> None:
    register("cydcheck", bundled("rules"))


@hookimpl
def register_reporters(register: Callable[[Reporter], None]) -> None:
    for reporter in (
        TextReporter(),
        JsonReporter(),
        HtmlReporter(),
        MarkdownReporter(),
        CsvReporter(),
        SarifReporter(),
        JunitReporter(),
        GithubReporter(),
    ):
        register(reporter)


@hookimpl
def register_executors(register: Callable[[Executor], None]) -> None:
    register(LocalExecutor())
    register(DaskExecutor())  # imports dask only when used
