"""Perturbation probes: do the verdicts on the real filings survive changes that keep their meaning?

- ``lines``: every paragraph of the section text (and of each tagged text block) cut into lines of N words, as a filing
  converted from print has them — for N = 6, 12 and 20.
- ``hyphens``: every hyphen between two letters in a filing's text written as ``&#8209;`` (a non-breaking hyphen, as
  word processors and filing agents write "third‑party"), in the source itself, which is then parsed again.
- ``voice``: the company speaking of itself in the third person ("the Company", "the Company's" for "we", "our",
  "us"), and the other way round, in the section text and the tagged text blocks.
- ``names``: the same people and bodies named another way: "CISO" for "Chief Information Security Officer" and back,
  a vice president's title for it, a longer committee name ("Audit and Finance Committee"), "Board" for "Board of
  Directors" and back.

For each, the number of requirement verdicts that changed on the corpus filings, and which. A measurement, not a
test, and not a label source: it exits 0 whatever it finds.

    .venv/bin/python tests/probes/perturb.py [lines|hyphens ...]
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("CYDCHECK_DISABLE_PLUGINS", "1")  # the built-in rules only

import cydcheck
from cydcheck.model import Disclosure
from cydcheck.pipeline import Setup, check_document, prepare

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
_TEXT_NODE = re.compile(rb">([^<]*)<")
_INNER_HYPHEN = re.compile(rb"(?<=[A-Za-z])-(?=[A-Za-z])")


def verdicts(doc: Disclosure, setup: Setup) -> dict[str, str]:
    return {v.key: v.status for v in check_document(doc, setup).requirements}


def cut_into_lines(text: str, words: int) -> str:
    out = []
    for paragraph in text.split("\n"):
        w = paragraph.split(" ")
        out.append("\n".join(" ".join(w[i : i + words]) for i in range(0, len(w), words)))
    return "\n".join(out)


_THIRD_PERSON = (
    (r"\bWe\b", "The Company"),
    (r"\bwe\b", "the Company"),
    (r"\bOur\b", "The Company's"),
    (r"\bour\b", "the Company's"),
    (r"\bus\b", "the Company"),
)
_FIRST_PERSON = (
    (r"\bThe Company's\b", "Our"),
    (r"\bthe Company's\b", "our"),
    (r"\bThe Company\b", "We"),
    (r"\bthe Company\b", "we"),
)


def rewritten(doc: Disclosure, change: Callable[[str], str]) -> Disclosure:
    facts = tuple(
        f.model_copy(
            update={
                "text": change(f.text),
                "value": change(f.value) if isinstance(f.value, str) else f.value,
                "segments": (),
            }
        )
        for f in doc.facts
    )
    return doc.model_copy(update={"text": change(doc.text), "text_segments": (), "facts": facts})


def changed(name: str, before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [f"  {name} {key}: {before[key]} -> {after.get(key)}" for key in before if before[key] != after.get(key)]


def lines(files: list[Path], setup: Setup) -> None:
    docs = [(f.name, cydcheck.parse(str(f))) for f in files]
    base = {name: verdicts(doc, setup) for name, doc in docs}
    for words in (6, 12, 20):
        found = [
            c
            for name, doc in docs
            for c in changed(name, base[name], verdicts(rewritten(doc, lambda t, n=words: cut_into_lines(t, n)), setup))
        ]
        print(f"lines of {words:2d} words: {len(found)} verdicts changed on {len(docs)} filings")
        print("\n".join(found))


def hyphens(files: list[Path], setup: Setup) -> None:
    found: list[str] = []
    html = [f for f in files if f.suffix == ".htm"]
    with tempfile.TemporaryDirectory() as tmp:
        for f in html:
            copy = Path(tmp) / f.name
            copy.write_bytes(
                _TEXT_NODE.sub(lambda m: b">" + _INNER_HYPHEN.sub(b"&#8209;", m.group(1)) + b"<", f.read_bytes())
            )
            before = verdicts(cydcheck.parse(str(f)), setup)
            found += changed(f.name, before, verdicts(cydcheck.parse(str(copy)), setup))
    print(f"non-breaking hyphens: {len(found)} verdicts changed on {len(html)} HTML filings")
    print("\n".join(found))


_NAMES = {
    "CISO for the title": ((r"Chief Information Security Officer", "CISO"),),
    "the title for CISO": ((r"\bCISO\b", "Chief Information Security Officer"),),
    "a longer committee name": ((r"\bAudit Committee\b", "Audit and Finance Committee"),),
    "a vice president's title for the CISO's": (
        (r"Chief Information Security Officer", "Vice President, Information Security"),
    ),
    "Board of Directors for Board": ((r"\bBoard\b(?! of Directors)", "Board of Directors"),),
    "Board for Board of Directors": ((r"\bBoard of Directors\b", "Board"),),
}


def voice(files: list[Path], setup: Setup) -> None:
    substitute(files, setup, {"we -> the Company": _THIRD_PERSON, "the Company -> we": _FIRST_PERSON})


def names(files: list[Path], setup: Setup) -> None:
    substitute(files, setup, _NAMES)


def substitute(files: list[Path], setup: Setup, changes: dict[str, tuple[tuple[str, str], ...]]) -> None:
    docs = [(f.name, cydcheck.parse(str(f))) for f in files]
    base = {name: verdicts(doc, setup) for name, doc in docs}
    for label, pairs in changes.items():

        def change(text: str, pairs: tuple[tuple[str, str], ...] = pairs) -> str:
            for pattern, replacement in pairs:
                text = re.sub(pattern, replacement, text)
            return text

        found = [c for name, doc in docs for c in changed(name, base[name], verdicts(rewritten(doc, change), setup))]
        print(f"{label}: {len(found)} verdicts changed on {len(docs)} filings")
        print("\n".join(found))


def main(argv: list[str]) -> int:
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: nothing to measure")
        return 0
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".htm", ".xml"))
    setup = prepare(None)
    probes = {"lines": lines, "hyphens": hyphens, "voice": voice, "names": names}
    for name in argv or list(probes):
        if name not in probes:
            print(f"unknown probe {name!r} (known: {', '.join(probes)})", file=sys.stderr)
            return 2
        probes[name](files, setup)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
