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


# libyaml's parser when PyYAML was built with it: about ten times faster than the pure-Python one. Both compose
# the same nodes (with their lines) for the same text; any text the C parser refuses is read again by the Python
# parser, so every error message stays the Python parser's.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def parse_yaml(text: str, display: str, cls: type[CydcheckError], allow_aliases: bool = True) -> YamlDoc:
    """Parse YAML (or JSON) text safely; ``allow_aliases=False`` refuses anchors and aliases, which untrusted
    input could use to expand a small file into a huge document."""
    _check_flow_depth(text, display, cls)
    if _FAST_LOADER is not None:
        fast = _parse_fast(text, _FAST_LOADER, allow_aliases)
        if fast is not None:
            node, data = fast
            return _document(node, data, display, cls)
    try:
        if not allow_aliases:
            for token in yaml.scan(text, Loader=yaml.SafeLoader):
                if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                    line = token.start_mark.line + 1
                    raise cls(f"{display}:{line}: YAML anchors and aliases are not allowed here")
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 1
        raise cls(f"{display}:{line}: YAML syntax error: {exc.problem}") from None
    except RecursionError:  # flow collections nested hundreds deep: the parser recurses per level
        raise cls(f"{display}: YAML nested too deeply to read") from None
    except yaml.YAMLError as exc:  # e.g. a reader error: its text runs over two lines
        raise cls(f"{display}: YAML error: {' '.join(str(exc).split())}") from None
    return _document(node, data, display, cls)


def _parse_fast(text: str, loader_class: Any, allow_aliases: bool) -> tuple[Any, Any] | None:
    """(node, data) read by the C parser; None when it refuses the text (or meets an anchor it must not accept), so
    that the Python parser reads it again and says why in its own words."""
    try:
        loader = loader_class(text)  # a lone surrogate cannot even be handed to the C parser
    except Exception:
        return None
    try:
        if not allow_aliases:
            while (token := loader.get_token()) is not None:
                if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                    return None
            loader.dispose()
            loader = loader_class(text)
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    except Exception:  # whatever the C parser trips on (a YAML error, a lone surrogate), the Python parser reports
        return None
    finally:
        loader.dispose()


def _document(node: Any, data: Any, display: str, cls: type[CydcheckError]) -> YamlDoc:
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
