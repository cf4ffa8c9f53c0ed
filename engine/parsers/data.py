"""YAML / JSON drafts: the :class:`Disclosure` model itself, for teams that keep disclosures as data.

The file is exactly what ``cydcheck parse --format json`` prints (``cydcheck schema`` gives its JSON Schema), so a
parsed filing can be saved, edited and checked again. Unknown keys are errors with the file, line and field.

Drafts are bounded before they are parsed — size, and nesting depth measured on the raw text — because the YAML
parser's time grows with both (a real draft is tens of kilobytes, six levels deep). A ``.json`` draft is read by the
standard library's JSON parser (fast; it reads tab indentation, which YAML refuses); the YAML parser only supplies
line numbers when a JSON draft does not validate.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..model import Diagnostic, Disclosure, SectionStatus, SourceLocation
from ..sources import SourceFile
from ..yamlsrc import YamlDoc, parse_yaml
from .base import Parser

MAX_DRAFT_BYTES = 4 * 1024 * 1024
"""Largest YAML/JSON draft read (a parsed 10-K's disclosure prints as about 50-100 KB)."""
MAX_DRAFT_DEPTH = 32
"""Deepest nesting of lists and mappings in a draft (the Disclosure model is six levels deep)."""

# A data draft is a mapping that carries at least one of the model's content keys at the top level.
_CONTENT_KEY = re.compile(r'(?:^|[{,])\s*["\']?(text|facts|form|period_end|issuer|section_status)["\']?\s*:', re.M)
# A JSON string, unrolled ("[^"\\]*(?:\\.[^"\\]*)*"): an alternation per character would keep regex state per
# character (hundreds of megabytes for a 3 MB string).
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)
_FLOW_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATES = re.compile("[\ud800-\udfff]")


class DataParser(Parser):
    name = "data"
    description = "YAML or JSON draft holding the Disclosure model (see `cydcheck schema`)"
    extensions = (".yaml", ".yml", ".json")

    def sniff(self, source: SourceFile) -> int:
        if source.suffix not in self.extensions:
            return 0
        head = source.head()
        if _CONTENT_KEY.search(head) or (source.suffix == ".json" and head.lstrip().startswith("{")):
            return 90
        return 0

    def parse(self, source: SourceFile) -> Disclosure:
        if len(source.data) > MAX_DRAFT_BYTES:
            size = len(source.data)
            raise InputError(
                f"{source.display}: {size:,} bytes is over the {MAX_DRAFT_BYTES:,}-byte limit for YAML/JSON drafts"
            )
        try:
            text = source.text()
        except UnicodeDecodeError as exc:
            raise InputError(f"{source.display}: cannot decode text: {exc.reason}") from None
        is_json = source.suffix == ".json"
        _check_depth(text, source.display, is_json)
        lines = _Lines(text, source.display)
        if is_json:
            data = _load_json(text, source.display)
        else:
            lines.doc = _load_yaml(text, source.display)
            data = lines.doc.data
            _check_data_depth(data, lines.doc, source.display)  # block nesting, which brackets do not show
        if not isinstance(data, dict):
            raise InputError(f"{source.display}:1: a disclosure draft is a mapping (see `cydcheck schema`)")
        diagnostics: list[Diagnostic] = []
        data = {**_readable(data, (), diagnostics, lines), "source": source.display, "format": self.name}
        # The draft is the section itself, unless it says otherwise.
        if data.get("section_status", "found") != "missing":
            data.setdefault("located_by", "the data draft's own text and facts")
        try:
            parsed = Disclosure.model_validate(data)
        except ValidationError as exc:
            raise lines.get().validation_error(exc, InputError) from None
        if parsed.section_status is SectionStatus.FOUND and not _says_something(parsed):
            # `{}` would otherwise be checked as a found section with nothing in it: "2 of 16 met".
            raise InputError(
                f"{source.display}: the draft holds no disclosure text: give `text` (the section's plain text) or "
                "`facts`, or say `section_status: missing` (see `cydcheck schema`)"
            )
        if diagnostics:
            parsed = parsed.model_copy(update={"diagnostics": parsed.diagnostics + tuple(diagnostics)})
        return parsed


def _says_something(doc: Disclosure) -> bool:
    """Whether a draft holds any disclosure: text, or a fact with text or a value (as :func:`draft_schema` says)."""
    return bool(doc.text.strip()) or any(
        isinstance(f.value, bool) or (isinstance(f.value, str) and f.value.strip()) or f.text.strip() for f in doc.facts
    )


_NOT_BLANK = {"type": "string", "pattern": "\\S"}


def draft_schema() -> dict[str, Any]:
    """The JSON Schema of a YAML/JSON draft (``cydcheck schema``): the Disclosure model as this parser reads it.
    ``source`` and ``format`` are not required — the file's path and ``data`` replace whatever a draft says, so a
    printed disclosure still validates — and a draft must hold something to check (:func:`_says_something`):
    ``text``, a fact with text or a value, or a ``section_status`` that says there is no section."""
    schema = Disclosure.model_json_schema(by_alias=True)
    props = schema["properties"]
    props["source"]["description"] = "Not needed in a draft: the draft's own path is used, whatever this says."
    props["format"]["description"] = "Not needed in a draft: a draft is read as 'data', whatever this says."
    schema["required"] = [k for k in schema.get("required", ()) if k not in ("source", "format")]
    if not schema["required"]:
        del schema["required"]
    said = {
        "anyOf": [
            {"required": ["text"], "properties": {"text": _NOT_BLANK}},
            {"required": ["value"], "properties": {"value": {"anyOf": [{"type": "boolean"}, _NOT_BLANK]}}},
        ]
    }
    schema["anyOf"] = [
        {"required": ["text"], "properties": {"text": _NOT_BLANK}},
        {"required": ["facts"], "properties": {"facts": {"contains": said}}},
        {
            "required": ["section_status"],
            "properties": {
                "section_status": {"enum": [s.value for s in SectionStatus if s is not SectionStatus.FOUND]}
            },
        },
    ]
    return schema


class _Lines:
    """The YAML parse of a draft, for line numbers: a YAML draft's own; for a JSON draft, made only when a message
    needs a line (JSON is YAML, nearly: without line numbers when the YAML parser disagrees)."""

    def __init__(self, text: str, display: str) -> None:
        self.text, self.display = text, display
        self.doc: YamlDoc | None = None

    def get(self) -> YamlDoc:
        if self.doc is None:
            try:
                self.doc = parse_yaml(self.text, self.display, InputError, allow_aliases=False)
            except (InputError, RecursionError):
                self.doc = YamlDoc(self.display, None, {})
        return self.doc


def _check_depth(text: str, display: str, is_json: bool) -> None:
    """Refuse nesting past MAX_DRAFT_DEPTH before any parser sees it. JSON: brackets outside strings. YAML: every
    flow bracket, quoted or not (an over-count only for prose with dozens of unclosed brackets); block nesting needs
    ever more indentation, and the YAML parser's own recursion limit ends it (below)."""
    depth = deepest = 0
    tokens = _JSON_TOKENS if is_json else _FLOW_BRACKETS
    for m in tokens.finditer(text):
        char = m.group()
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DRAFT_DEPTH:
                    line = text.count("\n", 0, m.start()) + 1
                    raise InputError(
                        f"{display}:{line}: nested more than {MAX_DRAFT_DEPTH} levels deep, over the limit for "
                        "YAML/JSON drafts"
                    )
        elif char in "]}":
            depth -= 1


def _check_data_depth(data: Any, doc: YamlDoc, display: str) -> None:
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if len(loc) >= MAX_DRAFT_DEPTH and isinstance(value, (dict, list)):
            raise InputError(
                f"{display}:{doc.line_of(loc)}: nested more than {MAX_DRAFT_DEPTH} levels deep, over the limit for "
                "YAML/JSON drafts"
            )
        if isinstance(value, dict):
            stack.extend((v, (*loc, str(k))) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*loc, i)) for i, v in enumerate(value))


def _load_json(text: str, display: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{display}:{exc.lineno}: JSON syntax error: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{display}: nested too deeply for a YAML/JSON draft") from None


def _load_yaml(text: str, display: str) -> YamlDoc:
    try:
        return parse_yaml(text, display, InputError, allow_aliases=False)
    except RecursionError:
        raise InputError(
            f"{display}: nested more than {MAX_DRAFT_DEPTH} levels deep, over the limit for YAML/JSON drafts"
        ) from None


def _readable(value: Any, loc: tuple[str | int, ...], diagnostics: list[Diagnostic], lines: _Lines) -> Any:
    """The draft with every string made encodable: an escaped surrogate pair (``\\ud83d\\ude00``) becomes its
    character, and a lone surrogate (``\\ud800``: half a character, no text at all) becomes U+FFFD, reported as a
    warning naming the field. The text there is unreadable; the rest of the draft is not, so it is still judged."""
    if isinstance(value, str):
        if not _SURROGATES.search(value):
            return value
        fixed = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        if fixed.count("\ufffd") > value.count("\ufffd"):
            where = ".".join(str(p) for p in loc) or "(document)"
            line = lines.get().line_of(loc) if lines.get().lines else None
            diagnostics.append(
                Diagnostic(
                    code="draft.unreadable",
                    message=f"field '{where}'{f' (line {line})' if line else ''} holds unpaired UTF-16 surrogates "
                    "(escapes such as \\ud800), which are not characters: each is read as U+FFFD",
                    location=SourceLocation(line=line),
                )
            )
        return fixed
    if isinstance(value, dict):
        return {
            _readable(k, loc, diagnostics, lines): _readable(v, (*loc, str(k)), diagnostics, lines)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_readable(v, (*loc, i), diagnostics, lines) for i, v in enumerate(value)]
    return value
