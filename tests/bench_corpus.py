"""Benchmark: parse and check the real corpus, side by side with a bare lxml parse of the same files, same run.

    python tests/bench_corpus.py [--repeat 3]

Prints best-of-N seconds and ratios (these machines are noisy; ratios within one run are what to compare). Not a test:
pytest does not collect it.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import cydcheck
from cydcheck.pipeline import Setup, report
from lxml import etree

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".htm", ".xml"))
    size = sum(p.stat().st_size for p in files) / 1e6
    rules = cydcheck.load_rules()
    xml = etree.XMLParser(resolve_entities=False, no_network=True)
    bare = best(lambda: [etree.parse(str(p), xml) for p in files], args.repeat)
    parse = best(lambda: [cydcheck.parse(p) for p in files], args.repeat)
    docs = [cydcheck.parse(p) for p in files]
    check = best(lambda: report(docs, Setup(rules), cydcheck.__version__), args.repeat)
    print(f"{len(files)} files, {size:.1f} MB, {len(rules.rules)} rules, best of {args.repeat}")
    print(f"  bare lxml parse     {bare:6.2f} s  1.0x")
    print(f"  cydcheck parse      {parse:6.2f} s  {parse / bare:.1f}x  ({size / parse:.0f} MB/s)")
    print(f"  rules (check only)  {check:6.2f} s")
    print(f"  parse + check       {parse + check:6.2f} s  {(parse + check) / bare:.1f}x")


if __name__ == "__main__":
    main()
