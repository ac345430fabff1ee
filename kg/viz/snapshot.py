"""`kg viz … --png FILE --scale N` / `--svg FILE`: the drawn page saved as a picture, from the command line.

The page itself does the drawing (the same `kgViz.exportPNG(scale)` and `kgViz.exportSVG()` its buttons
call), so a figure made here is the figure a reader sees: headless Chromium (`browser`) opens the HTML
from disk with the network off, waits until it has drawn and fitted, and asks for the picture. Without
Chromium, one line says what to install; the HTML is written either way.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

MAX_SCALE = 8
MAX_PIXELS = 16384  # Chromium's largest canvas side
WINDOW = (1600, 1000)


@dataclass(frozen=True)
class Snapshot:
    """What to save of a page: a PNG at `scale` device pixels per pixel and/or an SVG."""

    png: Path | None = None
    svg: Path | None = None
    scale: float = 3.0
    width: int = WINDOW[0]
    height: int = WINDOW[1]


def check(shot: Snapshot) -> None:
    """Refuse, before any work, what cannot be saved: wrong suffix, a folder, a scale out of range, no browser."""
    for path, suffix, flag in ((shot.png, ".png", "--png"), (shot.svg, ".svg", "--svg")):
        if path is None:
            continue
        if path.suffix.lower() != suffix:
            raise InputError(path, f"{flag} wants a file name ending in {suffix}")
        if path.is_dir():
            raise InputError(path, f"is a folder; {flag} wants a file name ending in {suffix}")
    if not 1 <= shot.scale <= MAX_SCALE:
        raise InputError("--scale", f"must be between 1 and {MAX_SCALE}, got {shot.scale:g}")
    if max(shot.width, shot.height) * shot.scale > MAX_PIXELS:
        raise InputError("--scale", f"{shot.scale:g} × {max(shot.width, shot.height)} pixels is more than a browser canvas holds ({MAX_PIXELS})")
    if shot.png or shot.svg:
        from kg.viz import browser

        why = browser.missing()
        if why:
            raise InputError("--png" if shot.png else "--svg", f"needs headless Chromium to draw the page: {why}")


def save(html: Path, shot: Snapshot, timeout: float = 180.0) -> list[Path]:
    """Open `html` in headless Chromium and write the PNG and/or SVG it draws; returns the files written."""
    from kg.viz import browser

    check(shot)
    written: list[Path] = []
    with browser.chromium(shot.width, shot.height) as driver:
        browser.open_page(driver, html, timeout=timeout)
        errors = browser.console_errors(driver) + driver.execute_script("return kgViz.errors")
        if errors:
            raise InputError(html, f"the page reported an error while drawing: {errors[0]}")
        if shot.png:
            url = driver.execute_script("return kgViz.exportPNG(arguments[0])", shot.scale)
            written.append(_write(shot.png, base64.b64decode(url.split(",", 1)[1])))
        if shot.svg:
            written.append(_write(shot.svg, driver.execute_script("return kgViz.exportSVG()").encode("utf-8")))
    return written


def _write(path: Path, data: bytes) -> Path:
    """Whole or not at all: written beside the target, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
