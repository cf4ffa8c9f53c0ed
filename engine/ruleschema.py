"""The JSON Schema of a rule file, generated from the pydantic models: :class:`~cydcheck.rules.RuleSpec` for the rule,
and each registered check kind's ``Params`` for ``check`` — a ``oneOf`` over the kinds, each branch fixing ``kind``
to its name, so an editor completes and checks the parameters of the kind a rule names. Composite kinds' sub-check
parameters (``children``) refer back to the same ``oneOf``.

Schema validation helps while typing; loading the rule stays the authority (phrase syntax, element names,
vocabulary categories and ``@lists`` are checked there, with the file and line).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .checks.base import CheckKind, CompositeKind
from .rules import RuleSpec

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CHECK = "Check"
_REF = "#/$defs/{model}"


def rule_schema(kinds: Mapping[str, type[CheckKind[Any]]]) -> dict[str, Any]:
    """The schema of one rule file, with ``check`` constrained to ``kinds`` (by name, sorted)."""
    ordered = sorted(kinds.items())
    params: list[type[BaseModel]] = list(dict.fromkeys(kind.Params for _, kind in ordered))
    keyed, top = models_json_schema(
        [(RuleSpec, "validation"), *((p, "validation") for p in params)], by_alias=True, ref_template=_REF
    )
    defs: dict[str, Any] = top.get("$defs", {})
    branches = []
    for name, kind in ordered:
        ref = keyed[(kind.Params, "validation")]["$ref"].rsplit("/", 1)[-1]
        branches.append(_branch(name, kind, copy.deepcopy(defs[ref])))
    for p in params:  # inlined into their kinds' branches: no other definition refers to them
        ref = keyed[(p, "validation")]["$ref"].rsplit("/", 1)[-1]
        if ref != RuleSpec.__name__:
            defs.pop(ref, None)
    defs[CHECK] = {
        "title": "Check",
        "description": "One check: `kind` names a check kind; the other keys are that kind's parameters.",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": [name for name, _ in ordered]}},
        "oneOf": branches,
    }
    rule = defs.pop(RuleSpec.__name__)
    rule["properties"]["check"] = {"$ref": _REF.format(model=CHECK), "description": "What the rule tests."}
    rule["title"] = "cydcheck rule file"
    return {"$schema": DIALECT, **rule, "$defs": dict(sorted(defs.items()))}


def _branch(name: str, kind: type[CheckKind[Any]], params: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = params.get("properties", {})
    if issubclass(kind, CompositeKind):
        for child in kind.children:
            field = properties.get(child)
            if field is None:
                continue
            sub = {"$ref": _REF.format(model=CHECK)}
            if field.get("type") == "array":
                field["items"] = sub
            else:
                properties[child] = {**sub, **{k: v for k, v in field.items() if k == "description"}}
    description = " ".join(str(getattr(kind, "description", "")).split())
    return {
        "title": name,
        "description": description,
        "type": "object",
        "properties": {"kind": {"const": name}, **properties},
        "required": ["kind", *params.get("required", [])],
        "additionalProperties": False,
    }
