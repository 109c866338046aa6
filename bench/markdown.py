"""Print a results file (`bench/results/<name>.json`) as the Markdown table bench/README.md keeps.

    .venv/bin/python bench/markdown.py bench/results/full.json

The figures are the file's own: nothing here measures, rounds targets or edits a row.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MARK = {True: "pass", False: "**miss**", None: ""}


def target_text(target: str) -> str:
    return (target or "reported").replace(">=", "≥").replace("<=", "≤")


def ratio_text(row: dict) -> str:
    return f"{row['ratio']:.2f}" if row["baseline"] else "—"


def table(results: dict) -> str:
    lines = [
        "| row | CrowdDo | baseline | ratio | target | |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for row in results["rows"]:
        lines.append(
            f"| {row['name']} [{row['unit']}] | {row['crowddo']:,.2f} | {row['baseline']:,.2f} "
            f"| {ratio_text(row)} | {target_text(row['target'])} | {MARK[row['pass']]} |"
        )
    return "\n".join(lines)


def heading(results: dict) -> str:
    m = results["machine"]
    return (
        f"`{results['name']}`, finished {results['finished_at']} in {results['seconds']:.0f} s "
        f"on {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, PostgreSQL "
        f"{m['postgresql'].split()[0]}, Python {m['python']}; "
        f"argv {results['argv'] or '(defaults)'}."
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    results = json.loads(Path(argv[0]).read_text())
    print(heading(results))
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
