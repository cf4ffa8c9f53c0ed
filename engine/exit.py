"""Exit codes of a check run, and what ``--fail-on`` means."""

from __future__ import annotations

from typing import Literal

from .model import REVIEW_RANK, Report, Severity

FailOn = Literal["error", "warning", "review", "notice", "never"]
FAIL_ON: tuple[str, ...] = ("error", "warning", "review", "notice", "never")
_THRESHOLD = {
    "error": Severity.ERROR.rank,
    "warning": Severity.WARNING.rank,
    "review": REVIEW_RANK,
    "notice": Severity.NOTICE.rank,
}


def exit_code(report: Report, fail_on: str) -> int:
    """0 when nothing counts against the run at or above ``fail_on`` (error > warning > review > notice; never), else
    1. An expired waiver fails the run whatever ``fail_on`` says (except never): the acceptance it recorded has
    lapsed. Suggestions never fail the run."""
    if fail_on == "never":
        return 0
    if report.expired_waivers:
        return 1
    worst = report.worst_rank()
    return 1 if worst is not None and worst >= _THRESHOLD[fail_on] else 0
