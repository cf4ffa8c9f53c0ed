"""Coverage-guided fuzzing of every cydcheck parser with atheris (libFuzzer), for a fixed budget, outside the suite.

    pip install -e '.[fuzz]'
    python tests/fuzz/fuzz_parsers.py --write-seeds /tmp/cydcheck-seeds      # fictional seeds, plus corpus slices
    python tests/fuzz/fuzz_parsers.py -max_total_time=60 -timeout=10 /tmp/cydcheck-seeds

The first byte of an input picks the parser (and the file name's suffix); the rest is the file. The property is the
one tests/test_fuzz_parsers.py checks: a Disclosure with consistent segments that serialises to UTF-8, or an
InputError with a one-line message. Anything else — another exception, a multi-line message, a time-out
(``-timeout``) — is a finding: libFuzzer saves the input as ``crash-*`` / ``timeout-*`` in the working directory.

Without atheris installed this module still imports (``check_one`` can replay a saved input):
``python tests/fuzz/fuzz_parsers.py crash-abc`` replays files given as arguments.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/: hostile.py, helpers.py

try:
    import atheris
except ImportError:  # the harness stays importable (and able to replay inputs) without the fuzz extra
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["cydcheck"]):
        from cydcheck.errors import InputError
        from cydcheck.inputs import parse_source
        from cydcheck.plugins import registry
        from cydcheck.sources import SourceFile
else:
    from cydcheck.errors import InputError
    from cydcheck.inputs import parse_source
    from cydcheck.plugins import registry
    from cydcheck.sources import SourceFile

TARGETS = (  # (parser forced, or None to sniff; file name)
    ("ixbrl", "f.htm"),
    ("xbrl", "f.xml"),
    ("html", "f.html"),
    ("docx", "f.docx"),
    ("markdown", "f.md"),
    ("rpage", "f.txt"),
    ("data", "f.yaml"),
    ("data", "f.json"),
    (None, "f.htm"),
    (None, "f.txt"),
)
PARSERS = registry().parsers


def check_one(data: bytes) -> None:
    if not data:
        return
    fmt, name = TARGETS[data[0] % len(TARGETS)]
    try:
        doc = parse_source(SourceFile(name, data[1:]), PARSERS, fmt)
    except InputError as exc:
        message = str(exc)
        if not message or "\n" in message or "\r" in message:
            raise AssertionError(f"not a one-line error: {message!r}") from None
        message.encode("utf-8")
        return
    if doc.format != "data":
        for segments, text in [(doc.text_segments, doc.text), *((f.segments, f.text) for f in doc.facts)]:
            for seg in segments:
                if not 0 <= seg.start <= seg.end <= len(text):
                    raise AssertionError(f"segment {seg} outside its text ({len(text)} characters)")
    doc.model_dump_json().encode("utf-8")


def write_seeds(folder: Path) -> int:
    """Seed inputs: the fictional documents the tests make, each prefixed with its target byte, and small slices of
    the real corpus when ../shared is beside the checkout (written to ``folder``, never into the repository)."""
    import hostile
    from helpers import CORPUS, IXBRL, SEED
    from test_formats import DOCX_BODY, make_docx

    folder.mkdir(parents=True, exist_ok=True)
    index = {(fmt, name): i for i, (fmt, name) in enumerate(TARGETS)}
    seeds = [
        (("ixbrl", "f.htm"), IXBRL),
        (("ixbrl", "f.htm"), hostile.damaged_ixbrl()),
        (("ixbrl", "f.htm"), hostile.shared_chain_ixbrl(5, 5)),
        (("xbrl", "f.xml"), hostile.xbrl_text_block("&lt;p&gt;Our CISO leads.&lt;/p&gt;<!-- c --> Twice a year.")),
        (("html", "f.html"), hostile.deep_html(20)),
        (("docx", "f.docx"), make_docx(DOCX_BODY)),
        (("markdown", "f.md"), hostile.markdown_paragraphs(5)),
        (("rpage", "f.txt"), hostile.rpage("\r\n")),
        (("data", "f.yaml"), b"issuer: X\nform: 10-K\ntext: The Board oversees risk.\n"),
        (("data", "f.json"), b'{"text": "The Board oversees risk.", "form": "10-K"}'),
    ]
    if SEED.is_file():
        seeds.append(((None, "f.txt"), SEED.read_bytes()))
    for folder_name, target in (
        ("ixbrl", ("ixbrl", "f.htm")),
        ("xbrl", ("xbrl", "f.xml")),
        ("html", ("html", "f.html")),
    ):
        for path in sorted((CORPUS / folder_name).glob("*"))[:3] if CORPUS.is_dir() else []:
            seeds.append((target, path.read_bytes()[:30_000]))
    for n, (target, data) in enumerate(seeds):
        (folder / f"seed-{n:03d}").write_bytes(bytes([index[target]]) + data)
    return len(seeds)


def main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[1] == "--write-seeds":
        print(f"{write_seeds(Path(argv[2]))} seeds written to {argv[2]}")
        return
    if atheris is None:
        # No fuzzer: replay the inputs named on the command line (e.g. a saved crash-* file).
        for arg in (a for a in argv[1:] if not a.startswith("-")):
            for path in sorted(Path(arg).iterdir()) if Path(arg).is_dir() else [Path(arg)]:
                check_one(path.read_bytes())
                print(f"ok {path}")
        return
    atheris.Setup(argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
