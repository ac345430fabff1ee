"""Screenshots of every `kg viz` view for the README: docs/viz-<view>.png, from the real build.

    .venv/bin/python bench/screenshots.py [--build build] [--out docs] [--width 1600 --height 1000]
                                          [--big-build DIR] [only ...]

With --big-build (a build of 100 plans: `python bench/bench_viz.py --plans 100 --keep DIR` makes one in
DIR/build100) it also shoots docs/viz-overview-100.png, the overview of that corpus.

Runs each command below exactly as a researcher would (the `kg` next to this Python), opens the HTML
it wrote from disk in headless Chromium with the network off, waits until the network has drawn, and
saves a PNG of the whole page (title, search box, drawing and legend). Fails if a page logs a console
error, requests anything outside file:, or draws a different number of nodes than it holds.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.viz import browser as viz_browser  # noqa: E402

#: screenshot name → the `kg viz` arguments that make it (the README shows these commands)
SHOTS = {
    "overview": "kg viz overview",
    "agencies": "kg viz agencies",
    "lineage": "kg viz lineage --plan 000_5aa1b34ff7adb0c1",
    "river": "kg viz river",
    "ego": "kg viz ego 蟒河 --depth 2",
    "query": "kg viz --query 'SELECT ?river ?task ?unit WHERE { ?task pol:mentions ?river . ?river a pol:River . ?task pol:leadUnit ?unit }'",
}
BIG = {"overview-100": "kg viz overview"}  # on --big-build


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", type=Path, default=ROOT / "build")
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("--big-build", type=Path, help="a build of many plans, for docs/viz-overview-100.png")
    ap.add_argument("only", nargs="*", help="just these views")
    args = ap.parse_args()
    why = viz_browser.missing()
    if why:
        print(f"screenshots skipped: {why}", file=sys.stderr)
        return 2
    kg = Path(sys.executable).with_name("kg")
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    shots = [(name, command, args.build) for name, command in SHOTS.items()]
    shots += [(name, command, args.big_build) for name, command in BIG.items() if args.big_build]
    with viz_browser.chromium(args.width, args.height) as driver:
        for name, command, build in shots:
            if args.only and name not in args.only:
                continue
            failed += not shoot(driver, kg, name, command, build, args.out)
    return 1 if failed else 0


def shoot(driver, kg: Path, name: str, command: str, build: Path, out: Path) -> bool:
    """Run the command, open the page it wrote, save docs/viz-NAME.png; False on any problem."""
    html = build / "viz" / f"docs-{name}.html"
    argv = [str(kg)] + shlex.split(command)[1:] + ["--build", str(build), "-o", str(html)]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        print(f"{name}: `{command}` failed: {done.stderr.strip()}", file=sys.stderr)
        return False
    driver.get_log("browser")
    driver.get_log("performance")
    info = viz_browser.open_page(driver, html, timeout=120)
    time.sleep(0.3)
    problems = viz_browser.console_errors(driver) + viz_browser.outside_requests(driver)
    if info["visible"] != info["nodes"]:
        problems.append(f"drew {info['visible']} of {info['nodes']} nodes")
    png = out / f"viz-{name}.png"
    driver.save_screenshot(str(png))
    status = "ok" if not problems else "PROBLEMS: " + "; ".join(problems)
    print(f"{png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}: {info['nodes']} nodes, "
          f"drawn in {info['wall']:.2f} s  ({command})  {status}")
    return not problems


if __name__ == "__main__":
    sys.exit(main())
