"""Whole-process benchmark of cydcheck against yardsticks, side by side in one run.

    python bench/run.py [--runs 5] [--only NAME ...]

Each comparison starts command A (cydcheck) and command B (the yardstick) in turn, A B A B ..., after one warm-up run of
each that is not counted, and times each whole process from the outside (start-up, imports and rule loading
included). The ratio A/B is taken pair by pair, so a machine whose speed drifts during the run still gives a
meaningful ratio; the median is printed with the spread (min-max) of the pairs. Quote medians; a wide spread says the
machine was busy.

The real filings are read from ../shared/corpus (beside the repository); where it is absent the comparisons that need
it are skipped with a message. Arelle's offline load of the same files runs only when arelle-release is installed
(``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PY = sys.executable

# A bare parse: what any tool must pay to read the same bytes. XML (inline XBRL, XBRL instances) with lxml's XML
# parser, the untagged HTML filings with its HTML parser, all in one fresh interpreter.
BARE_PARSE = """
import sys
from lxml import etree, html
xml = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
tolerant = html.HTMLParser(huge_tree=True)
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        data = f.read()
    try:
        etree.fromstring(data, xml)
    except etree.XMLSyntaxError:
        html.document_fromstring(data, parser=tolerant)
"""

# The floor of this design: what every check pays before it reads a paragraph — the interpreter, the libraries the
# design card requires and a check needs (pydantic, click, pluggy, PyYAML, lxml), the bundled rule and vocabulary
# files read with libyaml's C loader (not validated), the regular expressions written in them ("re:" phrases)
# compiled, then the same bare parse. No cydcheck code runs; nothing is located, read, checked or written.
_FLOOR_SETUP = """
import re, sys
import click, pluggy, pydantic, yaml
from pathlib import Path

def regexes(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from regexes(value)
    elif isinstance(node, list):
        for value in node:
            yield from regexes(value)
    elif isinstance(node, str) and node.startswith("re:"):
        yield node[3:]

for path in sorted(Path(sys.argv[1]).rglob("*.y*ml")):
    for source in regexes(yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)):
        re.compile(source, re.I)
sys.argv[1:] = sys.argv[2:]
"""
DESIGN_FLOOR = _FLOOR_SETUP + BARE_PARSE

ARELLE_LOAD = """
import sys
from arelle import Cntlr
cntlr = Cntlr.Cntlr(logFileName="logToBuffer")
cntlr.webCache.workOffline = True
for path in sys.argv[1:]:
    model = cntlr.modelManager.load(path)
    cntlr.modelManager.close(model)
"""

# The reading layer's share, measured inside one process (it cannot be run alone as a process): the parse of every
# file, then the reading of every parsed document; the medians of --runs rounds are printed as seconds.
READING_SHARE = """
import statistics, sys, time
import cydcheck
from cydcheck.reading import read
rules = cydcheck.load_rules()
paths, runs = sys.argv[2:], int(sys.argv[1])
parse, reading = [], []
for _ in range(runs + 1):
    start = time.perf_counter()
    docs = [cydcheck.parse(p) for p in paths]
    middle = time.perf_counter()
    for doc in docs:
        read(doc, rules.vocabulary)
    parse.append(middle - start)
    reading.append(time.perf_counter() - middle)
print(statistics.median(parse[1:]), statistics.median(reading[1:]))
"""


@dataclass
class Pairs:
    a: list[float]
    b: list[float]

    @property
    def ratios(self) -> list[float]:
        return [x / y for x, y in zip(self.a, self.b, strict=True)]


def timed(cmd: Sequence[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: findings, the check's own verdict
        raise SystemExit(f"bench: {' '.join(cmd[:3])} ... failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def alternate(a: Sequence[str], b: Sequence[str], runs: int) -> Pairs:
    timed(a), timed(b)  # warm the page cache and the bytecode cache; not counted
    pairs = Pairs([], [])
    for _ in range(runs):
        pairs.a.append(timed(a))
        pairs.b.append(timed(b))
    return pairs


def line(name: str, pairs: Pairs, a_name: str, b_name: str) -> str:
    ratios = pairs.ratios
    return (
        f"{name:<34} {a_name} {statistics.median(pairs.a):6.2f} s  {b_name} {statistics.median(pairs.b):6.2f} s  "
        f"ratio {statistics.median(ratios):5.2f}x  (pairs {min(ratios):.2f}-{max(ratios):.2f})"
    )


def cydcheck(*args: str) -> list[str]:
    return [PY, "-m", "cydcheck", *args]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed pairs per comparison (default 5)")
    parser.add_argument("--only", nargs="*", default=[], help="run only these comparisons (their names below)")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    _compile_package()
    out = Path(tempfile.mkdtemp(prefix="cydcheck-bench-"))
    try:
        comparisons = _comparisons(runs, out)
        wanted = set(args.only)
        python = sys.version.split()[0]
        print(f"cydcheck benchmark: median of {runs} alternated pairs; Python {python}, {os.cpu_count()} CPUs")
        for name, run in comparisons:
            if wanted and name not in wanted:
                continue
            print(run(), flush=True)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 0


def _compile_package() -> None:
    """Write cydcheck's bytecode, as ``pip install`` does. An editable install run with PYTHONDONTWRITEBYTECODE set
    (or from a read-only checkout) has none and compiles every module on every start: that is not what users run."""
    found = subprocess.run(
        [PY, "-c", "import cydcheck, os; print(os.path.dirname(cydcheck.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    )
    subprocess.run([PY, "-m", "compileall", "-q", found.stdout.strip()], check=True, stdout=subprocess.DEVNULL)


def _comparisons(runs: int, out: Path) -> list[tuple[str, Callable[[], str]]]:
    ixbrl = sorted(str(p) for p in (CORPUS / "ixbrl").glob("*.htm"))
    corpus = sorted(str(p) for p in CORPUS.rglob("*") if p.suffix in (".htm", ".xml"))
    report = str(out / "report.json")
    check = ["check", "--no-config", "--format", "json", "-o", report, "--jobs", "1"]

    def need_corpus(run: Callable[[], str], name: str) -> Callable[[], str]:
        def guarded() -> str:
            if not ixbrl:
                return f"{name:<34} skipped: no corpus at {CORPUS}"
            return run()

        return guarded

    def ixbrl_check() -> str:
        size = sum(Path(p).stat().st_size for p in ixbrl) / 1e6
        pairs = alternate(cydcheck(*check, *ixbrl), [PY, "-c", BARE_PARSE, *ixbrl], runs)
        return line(f"check {len(ixbrl)} iXBRL 10-Ks ({size:.0f} MB)", pairs, "cydcheck", "bare lxml parse")

    def ixbrl_jobs() -> str:
        default_jobs = [arg for arg in check if arg not in ("--jobs", "1")]  # a worker per processor
        pairs = alternate(cydcheck(*default_jobs, *ixbrl), [PY, "-c", BARE_PARSE, *ixbrl], runs)
        return line(f"the same, default --jobs ({os.cpu_count()} CPUs)", pairs, "cydcheck", "bare lxml parse")

    def corpus_check() -> str:
        pairs = alternate(cydcheck(*check, *corpus), [PY, "-c", BARE_PARSE, *corpus], runs)
        return line(f"check the whole corpus ({len(corpus)} files)", pairs, "cydcheck", "bare lxml parse")

    def floor() -> str:
        found = subprocess.run(
            [PY, "-c", "from cydcheck.resources import bundled; print(bundled('rules'))"],
            capture_output=True,
            text=True,
            check=True,
        )
        floor = [PY, "-c", DESIGN_FLOOR, found.stdout.strip(), *ixbrl]
        pairs = alternate(floor, [PY, "-c", BARE_PARSE, *ixbrl], runs)
        return line("design floor (imports+YAML+parse)", pairs, "floor", "bare lxml parse")

    def version() -> str:
        pairs = alternate(cydcheck("--version"), [PY, "-c", "pass"], runs)
        return line("cydcheck --version", pairs, "cydcheck", "python -c pass")

    def rules() -> str:
        ready = "import cydcheck.api, cydcheck.rules; from cydcheck.plugins import registry; registry()"
        pairs = alternate([PY, "-c", f"{ready}; cydcheck.api.load_rules()"], [PY, "-c", ready], runs)
        extra = statistics.median(a - b for a, b in zip(pairs.a, pairs.b, strict=True))
        return line("load the rules (after imports)", pairs, "load", "imports") + f"  loading adds {extra:.2f} s"

    def reading() -> str:
        done = subprocess.run(
            [PY, "-c", READING_SHARE, str(runs), *ixbrl], capture_output=True, text=True, cwd=ROOT, check=True
        )
        parse, read = (float(x) for x in done.stdout.split())
        return (
            f"{'reading layer (in one process)':<34} parse {parse:6.2f} s  reading {read:6.2f} s  "
            f"reading adds {100 * read / parse:.0f}% to the parse (budget 20%)"
        )

    def arelle() -> str:
        probe = subprocess.run([PY, "-c", "import arelle.Cntlr"], capture_output=True, check=False)
        if probe.returncode != 0:
            return f"{'Arelle offline load':<34} skipped: arelle-release is not installed (pip install -e '.[bench]')"
        pairs = alternate(cydcheck(*check, *ixbrl), [PY, "-c", ARELLE_LOAD, *ixbrl], runs)
        return line(f"check vs Arelle load ({len(ixbrl)} iXBRL)", pairs, "cydcheck", "Arelle load")

    return [
        ("ixbrl", need_corpus(ixbrl_check, "ixbrl")),
        ("ixbrl-jobs", need_corpus(ixbrl_jobs, "ixbrl-jobs")),
        ("corpus", need_corpus(corpus_check, "corpus")),
        ("floor", need_corpus(floor, "floor")),
        ("version", version),
        ("rules", rules),
        ("reading", need_corpus(reading, "reading")),
        ("arelle", need_corpus(arelle, "arelle")),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
