"""The built-in plugin: cydcheck's own parsers, check kinds, rule pack and reporters, registered through the same
hooks a third-party plugin implements."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.checks.absent import Absent
from engine.checks.base import CheckKind
from engine.checks.deadline import Deadline
from engine.checks.document import Located
from engine.checks.flags import Flag, FlagRequires
from engine.checks.logic import AllOf, AnyOf, Not
from engine.checks.mentions import Mentions
from engine.checks.names import Names
from engine.checks.present import Present
from engine.checks.tagging import FlagsAnswered, Tagged, TaxonomyYears
from engine.hookspecs import hookimpl
from engine.parsers.base import Parser
from engine.parsers.data import DataParser
from engine.parsers.docx import DocxParser
from engine.parsers.html import HtmlParser
from engine.parsers.ixbrl import InlineXbrlParser
from engine.parsers.markdown import MarkdownParser
from engine.parsers.rpage import RPageParser
from engine.parsers.xbrl import XbrlInstanceParser
from engine.reporters.base import Reporter
from engine.reporters.html import HtmlReporter
from engine.reporters.json import JsonReporter
from engine.reporters.markdown import MarkdownReporter
from engine.reporters.text import TextReporter
from engine.resources import bundled


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
def register_check_kinds(register: Callable[[type[CheckKind]], None]) -> None:
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
        Located,
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
    for reporter in (TextReporter(), JsonReporter(), HtmlReporter(), MarkdownReporter()):
        register(reporter)
