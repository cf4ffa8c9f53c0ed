"""The C YAML parser (libyaml, when PyYAML has it) reads what the pure-Python parser reads — the same data, the same
line of every value — and every text it refuses is reported in the Python parser's words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cydcheck import yamlsrc
from cydcheck.errors import RuleError

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(yamlsrc._FAST_LOADER is None, reason="PyYAML was built without libyaml")


def _both(monkeypatch: pytest.MonkeyPatch, text: str, allow_aliases: bool = True) -> tuple[object, object]:
    """What parse_yaml gives (its result or its error message) with the C parser, then with the Python one."""
    outcomes: list[object] = []
    for fast in (yamlsrc._FAST_LOADER, None):
        monkeypatch.setattr(yamlsrc, "_FAST_LOADER", fast)
        try:
            doc = yamlsrc.parse_yaml(text, "f.yaml", RuleError, allow_aliases=allow_aliases)
            outcomes.append((doc.data, doc.lines))
        except RuleError as exc:
            outcomes.append(str(exc))
    return outcomes[0], outcomes[1]


@pytest.mark.parametrize(
    "path",
    sorted(p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("rules/**/*.yaml"), *ROOT.glob("examples/*.yaml")]),
)
def test_every_bundled_yaml_file_reads_the_same(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    fast, slow = _both(monkeypatch, (ROOT / path).read_text(encoding="utf-8"))
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2\n",  # unclosed flow sequence
        "a: 1\n  b: 2\n",  # bad indentation
        "a: 1\na: 2\n",  # duplicate key (cydcheck's own check)
        "a: '\ud800'\n",  # a lone surrogate the C parser cannot encode
        "a: \x07\n",  # a control character
        "- &x 1\n- *x\n",  # anchors are fine here
        "",
        "# only a comment\n",
        "key: value\nlist:\n  - {x: 1, y: [a, b]}\n  - text: |\n      two\n      lines\n",
        "a: !!python/object:os.system x\n",  # a tag the safe loaders refuse
        "a: 1\n---\nb: 2\n",  # two documents
    ],
)
def test_same_result_or_same_error(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    fast, slow = _both(monkeypatch, text)
    assert fast == slow


def test_anchors_refused_where_untrusted(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(monkeypatch, "a: &x [1, 2]\nb: *x\n", allow_aliases=False)
    assert fast == slow == "f.yaml:1: YAML anchors and aliases are not allowed here"


def test_the_c_parser_is_used_when_it_can(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = yamlsrc._FAST_LOADER

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            calls.append(stream)
            super().__init__(stream)

    monkeypatch.setattr(yamlsrc, "_FAST_LOADER", Counting)
    assert yamlsrc.parse_yaml("a: [1, 2]\n", "f.yaml", RuleError).data == {"a": [1, 2]}
    assert calls == ["a: [1, 2]\n"]
    assert isinstance(yaml.safe_load("a: 1"), dict)
