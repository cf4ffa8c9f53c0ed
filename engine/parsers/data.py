"""YAML / JSON drafts: the :class:`Disclosure` model itself, for teams that keep disclosures as data.

The file is exactly what ``cydcheck parse --format json`` prints (``cydcheck schema`` gives its JSON Schema), so a
parsed filing can be saved, edited and checked again. Unknown keys are errors with the file, line and field.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from ..errors import InputError
from ..model import Disclosure
from ..sources import SourceFile
from ..yamlsrc import parse_yaml
from .base import Parser

# A data draft is a mapping that carries at least one of the model's content keys at the top level.
_CONTENT_KEY = re.compile(r'^\s*"?(text|facts|form|period_end|issuer)"?\s*:', re.M)


class DataParser(Parser):
    name = "data"
    description = "YAML or JSON draft holding the Disclosure model (see `cydcheck schema`)"
    extensions = (".yaml", ".yml", ".json")

    def sniff(self, source: SourceFile) -> int:
        if source.suffix not in self.extensions:
            return 0
        head = source.head()
        return 90 if _CONTENT_KEY.search(head) else 0

    def parse(self, source: SourceFile) -> Disclosure:
        try:
            text = source.text()
        except UnicodeDecodeError as exc:
            raise InputError(f"{source.display}: cannot decode text: {exc.reason}") from None
        doc = parse_yaml(text, source.display, InputError, allow_aliases=False)
        if not isinstance(doc.data, dict):
            raise InputError(f"{source.display}:1: a disclosure draft is a mapping (see `cydcheck schema`)")
        data = {**doc.data, "source": source.display, "format": self.name}
        # The draft is the section itself, unless it says otherwise.
        if data.get("section_status", "found") != "missing":
            data.setdefault("located_by", "the data draft's own text and facts")
        try:
            return Disclosure.model_validate(data)
        except ValidationError as exc:
            raise doc.validation_error(exc, InputError) from None
