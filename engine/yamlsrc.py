"""YAML files users write (rules, requirement catalogues, config), loaded safely with the line of every value, so a
validation error can name the file, the line and the field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import CydcheckError

MAX_YAML_BYTES = 1024 * 1024

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDoc:
    path: str
    data: Any
    lines: dict[Loc, int]

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of the deepest part of ``loc`` that the file has (1 for the document itself)."""
        key = tuple(loc)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def error(self, loc: Sequence[str | int], message: str, cls: type[CydcheckError]) -> CydcheckError:
        where = ".".join(str(p) for p in loc)
        field = f" field '{where}':" if where else ""
        line = f":{self.line_of(loc)}" if self.lines else ""  # TOML tables carry no line numbers
        text = f"{self.path}{line}:{field} {message}"
        return cls(text.encode("utf-8", "backslashreplace").decode("utf-8"))  # a lone surrogate quoted stays printable

    def validation_error(
        self, exc: ValidationError, cls: type[CydcheckError], prefix: Loc = (), fields: dict[str, str] | None = None
    ) -> CydcheckError:
        """The first pydantic error as a one-line message; ``fields`` maps model field names back to YAML keys."""
        err = exc.errors()[0]
        loc = prefix + tuple((fields or {}).get(p, p) if isinstance(p, str) else p for p in err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown field (not allowed here)"
        elif err["type"] == "missing":
            message = "required field is missing"
        return self.error(loc, message, cls)


def load_yaml(path: Path, display: str, cls: type[CydcheckError]) -> YamlDoc:
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise cls(f"{display}: {size:,} bytes is too large for a YAML file of this kind")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise cls(f"{display}: cannot read: {exc}") from None
    return parse_yaml(text, display, cls)


def parse_yaml(text: str, display: str, cls: type[CydcheckError], allow_aliases: bool = True) -> YamlDoc:
    """Parse YAML (or JSON) text safely; ``allow_aliases=False`` refuses anchors and aliases, which untrusted
    input could use to expand a small file into a huge document."""
    _check_flow_depth(text, display, cls)
    try:
        if not allow_aliases:
            for token in yaml.scan(text, Loader=yaml.SafeLoader):
                if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                    line = token.start_mark.line + 1
                    raise cls(f"{display}:{line}: YAML anchors and aliases are not allowed here")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 1
        raise cls(f"{display}:{line}: YAML syntax error: {exc.problem}") from None
    except RecursionError:  # flow collections nested hundreds deep: the parser recurses per level
        raise cls(f"{display}: YAML nested too deeply to read") from None
    except yaml.YAMLError as exc:  # e.g. a reader error: its text runs over two lines
        raise cls(f"{display}: YAML error: {' '.join(str(exc).split())}") from None
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines, display, cls)
    return YamlDoc(display, data, lines)


MAX_FLOW_DEPTH = 64
_FLOW_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str, display: str, cls: type[CydcheckError]) -> None:
    """Refuse ``[[[[…`` / ``{{{{…`` nested past MAX_FLOW_DEPTH before the YAML scanner sees it: its time grows with the
    square of the depth. Every bracket counts, quoted or not (an over-count only for dozens of unclosed brackets)."""
    depth = 0
    for m in _FLOW_BRACKETS.finditer(text):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_FLOW_DEPTH:
            line = text.count("\n", 0, m.start()) + 1
            raise cls(f"{display}:{line}: YAML nested more than {MAX_FLOW_DEPTH} levels deep")


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], display: str, cls: type[CydcheckError]) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:  # PyYAML silently keeps the last one; a rule author wants to know
                raise cls(f"{display}:{key_node.start_mark.line + 1}: duplicate key '{key}'")
            seen.add(key)
            _walk(value_node, (*loc, key), lines, display, cls)
            lines[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), lines, display, cls)
