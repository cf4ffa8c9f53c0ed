"""Views of a :class:`~cydcheck.diff.DisclosureDiff` (``cydcheck diff --format``): text for the terminal, JSON for
tools, Markdown for pull requests, and a self-contained HTML page with the sentences side by side."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jinja2

from ..diff import DisclosureDiff, RequirementChange, word_diff
from ..resources import bundled
from .markdown import STATUS, code, code_cell, inline
from .text import position, prose, visible

FORMATS = ("text", "json", "markdown", "html")

_WORD = {None: "—", "skip": "n/a", "not-checked": "not checked", "fail": "not met", "pass": "met"}
_ARROW = {"better": "better", "worse": "worse", "other": "changed", "same": ""}


_GENERATOR = "<!-- generator: cydcheck diff -->"  # how a later run knows this file for a report, not a disclosure


def status_word(state: str | None) -> str:
    return _WORD.get(state, state or "—")


def diff_dict(diff: DisclosureDiff) -> dict[str, Any]:
    from .. import __version__

    return {
        "tool": {"name": "cydcheck", "version": __version__, "command": "diff"},
        "old": diff.old.model_dump(mode="json"),
        "new": diff.new.model_dump(mode="json"),
        "requirements": [{**r.model_dump(mode="json"), "trend": r.trend} for r in diff.requirements],
        "sentences": [s.model_dump(mode="json") for s in diff.sentences],
        "unchanged_sentences": diff.unchanged,
        "summary": _counts(diff),
    }


def _counts(diff: DisclosureDiff) -> dict[str, int]:
    trends = [r.trend for r in diff.requirements]
    kinds = [s.kind for s in diff.sentences]
    return {
        "requirements_better": trends.count("better"),
        "requirements_worse": trends.count("worse"),
        "requirements_other": trends.count("other"),
        "sentences_added": kinds.count("added"),
        "sentences_removed": kinds.count("removed"),
        "sentences_changed": kinds.count("changed"),
        "sentences_unchanged": diff.unchanged,
    }


def headline(diff: DisclosureDiff) -> str:
    c = _counts(diff)
    return (
        f"{c['requirements_worse']} requirement(s) worse, {c['requirements_better']} better, "
        f"{c['requirements_other']} otherwise changed; sentences: {c['sentences_added']} added, "
        f"{c['sentences_removed']} removed, {c['sentences_changed']} changed, {c['sentences_unchanged']} unchanged"
    )


def render_text(diff: DisclosureDiff) -> str:
    lines = [f"old: {_about(diff.old.source, diff.old.form, diff.old.period_end)}"]
    lines.append(f"new: {_about(diff.new.source, diff.new.form, diff.new.period_end)}")
    changed = diff.changed_requirements
    lines.append("")
    lines.append("Requirements" + ("" if changed else ": no verdict changed"))
    for r in changed:
        lines.append(
            f"  {r.key:<20} {status_word(r.before):>12} -> {status_word(r.after):<12} {_ARROW[r.trend]:<8} "
            f"{prose(r.title)}"
        )
    lines.append("")
    lines.append("Sentences" + ("" if diff.sentences else ": none added, removed or changed"))
    for s in diff.sentences:
        if s.kind in ("removed", "changed"):
            lines.append(f"- {position(diff.old.source, s.before_location)}: {prose(s.before or '')}")
        if s.kind in ("added", "changed"):
            lines.append(f"+ {position(diff.new.source, s.after_location)}: {prose(s.after or '')}")
        if s.kind == "changed":
            lines.append("")
    lines.append("")
    lines.append(headline(diff))
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def _about(source: str, form: str, period: object) -> str:
    return f"{visible(source)} (Form {form}, period end {period or 'unknown'})"


def render_markdown(diff: DisclosureDiff) -> str:
    out = [
        _GENERATOR,
        "# Cybersecurity disclosure: what changed",
        "",
        f"Old: {code(diff.old.source)} · Form {diff.old.form} · period end {diff.old.period_end or 'unknown'}  ",
        f"New: {code(diff.new.source)} · Form {diff.new.form} · period end {diff.new.period_end or 'unknown'}",
        "",
        inline(headline(diff)),
        "",
        "## Requirements",
        "",
    ]
    if diff.changed_requirements:
        out += ["| Key | Requirement | Before | After | |", "|---|---|---|---|---|"]
        out += [_md_row(r) for r in diff.changed_requirements]
    else:
        out.append("No verdict changed.")
    out += ["", "## Sentences", ""]
    if not diff.sentences:
        out.append("No sentence added, removed or changed.")
    for s in diff.sentences:
        if s.kind == "added":
            out.append(f"- **added:** {inline(s.after)}")
        elif s.kind == "removed":
            out.append(f"- **removed:** ~~{inline(s.before)}~~")
        else:
            out += [f"- **changed:** ~~{inline(s.before)}~~", "", f"  → {inline(s.after)}", ""]
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def _md_row(r: RequirementChange) -> str:
    before = STATUS.get(r.before or "", "—")
    after = STATUS.get(r.after or "", "—")
    return f"| {code_cell(r.key)} | {inline(r.title)} | {before} | {after} | {_ARROW[r.trend]} |"


@cache
def _html_template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(bundled("templates"))),
        autoescape=True,  # every sentence is the document's text: untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("diff.html.j2")


def render_html(diff: DisclosureDiff) -> str:
    return _html_template().render(
        diff=diff,
        counts=_counts(diff),
        status_word=status_word,
        arrow=_ARROW,
        word_diff=word_diff,
    )


def render(diff: DisclosureDiff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(diff_dict(diff), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render_markdown(diff)
    if fmt == "html":
        return render_html(diff)
    return render_text(diff)
