"""bench/markdown.py prints a results file's rows as they are: figures, ratio, target, verdict."""

from bench import markdown
from bench.common import Row


def results(*rows: Row) -> dict:
    return {"rows": [row.as_json() for row in rows]}


def test_each_row_keeps_its_figures_and_verdict():
    text = markdown.table(
        results(
            Row("claims", "attempts/s", 381.24, 568.56, ">= 0.5"),
            Row("roll-up", "s", 48.78, 1.05, "<= 2"),
            Row("overbooked", "seats", 0, 0, "value == 0"),
            Row("p95", "ms", 131.06, 87.28, ""),
        )
    )
    lines = text.splitlines()
    assert lines[2] == "| claims [attempts/s] | 381.24 | 568.56 | 0.67 | ≥ 0.5 | pass |"
    assert lines[3] == "| roll-up [s] | 48.78 | 1.05 | 46.46 | ≤ 2 | **miss** |"
    assert lines[4] == "| overbooked [seats] | 0.00 | 0.00 | — | value == 0 | pass |"
    assert lines[5] == "| p95 [ms] | 131.06 | 87.28 | 1.50 | reported |  |"
    assert len(lines) == 6
