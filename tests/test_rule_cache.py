"""The rule set kept in memory is the one the files say: the same files give the same (shared) rule set, and any
change to a rule file, the vocabulary or the set of files loads afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cydcheck.errors import RuleError
from cydcheck.plugins import registry
from cydcheck.rules import RuleSet, load_rules

ROOT = Path(__file__).resolve().parent.parent
BOARD = Path("item106") / "c1-board-oversight.yaml"


def _load(root: Path) -> RuleSet:
    return load_rules([("copy", root, False)], registry().check_kinds)


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "rules", tmp_path / "rules"))


def test_the_same_files_give_the_same_rule_set(pack: Path) -> None:
    first = _load(pack)
    assert _load(pack) is first
    other = Path(shutil.copytree(pack, pack.parent / "other"))
    assert _load(other) is not first  # another directory: its own rule set (its rules name their own paths)
    assert [r.id for r in _load(other).rules] == [r.id for r in first.rules]


def test_a_changed_rule_file_is_read_again(pack: Path) -> None:
    first = _load(pack)
    path = pack / BOARD
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8")
    second = _load(pack)
    assert second is not first
    rule = second.get("CYD106-C1-BOARD")
    assert rule is not None and rule.spec.title.startswith("Changed ")


def test_a_changed_vocabulary_file_is_read_again(pack: Path) -> None:
    first = _load(pack)
    vocabulary = sorted((pack / "vocabulary").glob("*.yaml"))[0]
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert _load(pack) is not first


def test_files_added_or_removed_are_seen(pack: Path) -> None:
    first = _load(pack)
    extra = pack / "item106" / "zz-copy.yaml"
    extra.write_text((pack / BOARD).read_text(encoding="utf-8").replace("CYD106-C1-BOARD", "CYD106-ZZ-COPY"), "utf-8")
    added = _load(pack)
    assert added is not first and added.get("CYD106-ZZ-COPY") is not None
    extra.unlink()
    removed = _load(pack)
    assert removed.get("CYD106-ZZ-COPY") is None
    assert [r.id for r in removed.rules] == [r.id for r in first.rules]


def test_a_file_broken_after_a_good_load_is_an_error_not_the_old_rules(pack: Path) -> None:
    _load(pack)
    (pack / BOARD).write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"c1-board-oversight\.yaml"):
        _load(pack)
