"""Headless Chromium for the viz pages (used by the browser tests, the bench and the screenshot script).

Debian's /usr/bin/chromium and /usr/bin/chromedriver, driven by selenium; never a downloaded browser.
The network is off: every request goes to a dead proxy (127.0.0.1:9) and background services are
disabled, and `outside_requests` lists anything that tried to leave file: anyway (from the DevTools
performance log and the page's resource timing).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome:", "chrome-error:", "devtools:")

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-quic",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]


def missing() -> str | None:
    """Why the browser cannot run here, or None."""
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not (path and Path(path).is_file() and os.access(path, os.X_OK)):
            return f"{what} not found (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed (pip install -e '.[test]')"
    return None


@contextmanager
def chromium(width: int = 1400, height: int = 900):
    """A fresh headless Chromium (own profile folder, network off); quits and cleans up on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}", f"--window-size={width},{height}"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        driver.set_window_size(width, height)
        # the page's viewport exactly width × height (the window size would include browser chrome)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: Path, timeout: float = 30.0) -> dict:
    """Open an HTML file from disk and wait until the page says its network has drawn.

    Returns {'wall': seconds from navigation to drawn (measured here), 'drawn_ms': the page's own
    performance.now() at first full draw, 'nodes': nodes vis-network holds, 'visible': nodes drawn,
    'marks': the page's performance marks in ms (kg-start: our script starts, after vis-network has been
    parsed; kg-parsed: graph JSON read; kg-datasets; kg-network: vis.Network built; kg-ready: drawn)}."""
    t0 = time.perf_counter()
    driver.get(Path(path).resolve().as_uri())
    deadline = t0 + timeout
    while True:
        ready = driver.execute_script("return !!(window.kgViz && window.kgViz.ready)")
        if ready:
            break
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{path}: the network did not draw within {timeout:.0f} s")
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    info = driver.execute_script(
        "var n = kgViz.network, m = {};"
        "performance.getEntriesByType('mark').forEach(function (e) { m[e.name] = e.startTime; });"
        "return {drawn_ms: kgViz.drawnAt, nodes: kgViz.nodes.length, marks: m,"
        " visible: n.body.nodeIndices.length, edges: n.body.edgeIndices.length};")
    info["wall"] = wall
    return info


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def outside_requests(driver) -> list[str]:
    """URLs the page requested that were not local (DevTools log + resource timing)."""
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    urls += driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    return [u for u in urls if not u.startswith(LOCAL_SCHEMES)]
