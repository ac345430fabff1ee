"""Strip outputs from notebooks before they are committed: `make strip-notebooks`, or
`python notebooks/strip_outputs.py FILE.ipynb …` (no argument: every notebook in this folder).

Outputs hold a build's numbers, whole HTML pages and machine details; in git they only make diffs unreadable
and go stale. What is removed: every code cell's outputs and execution count, the per-cell execution timings,
and the interpreter details of `language_info` (its name stays). The file is written in nbformat's own layout
(sorted keys, one-space indent, UTF-8), so stripping a stripped notebook changes nothing. Standard library
only, so it runs before anything is installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def strip(nb: dict) -> dict:
    """The notebook without outputs, execution counts, timings or interpreter details (in place)."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
    meta = nb.get("metadata", {})
    if "language_info" in meta:
        meta["language_info"] = {"name": meta["language_info"].get("name", "python")}
    meta.pop("widgets", None)
    return nb


def dumps(nb: dict) -> str:
    """nbformat's on-disk layout, so Jupyter saving the file again changes only what it must."""
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted(Path(__file__).parent.glob("*.ipynb"))
    for path in files:
        try:
            before = path.read_text(encoding="utf-8")
            after = dumps(strip(json.loads(before)))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            sys.stderr.write(f"error: {path}: not a readable notebook ({exc})\n")
            return 2
        if after != before:
            path.write_text(after, encoding="utf-8")
            print(f"stripped {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
