"""The query page in a real browser: Debian's headless Chromium opens `kg serve`'s `/` over the seed build
(in-process server on 127.0.0.1, a free port), with every host but loopback sent to a dead proxy. A researcher's
path: pick a canned query from the menu, bind its parameter, run it, read the table, switch to the network
tab, click a node to expand it, reload the shareable link, download CSV/JSON; no console error and no request
leaves 127.0.0.1.

With KG_PAGE_SCREENSHOTS=1 the run also writes docs/query-page.png and docs/query-page-network.png (1280×800)."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from kg.viz import browser as viz_browser

pytestmark = pytest.mark.skipif(bool(viz_browser.missing()), reason=f"browser tests need Chromium: {viz_browser.missing()}")

DOCS = Path(__file__).resolve().parents[2] / "docs"
AGENCY = "市水利局"
LITERAL_KEY = f"L\u0000{AGENCY}\u0000zh\u0000"  # network.js's node id for the literal "市水利局"@zh
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
NUMERIC = ("#integer", "#decimal", "#double", "#float")


@pytest.fixture(scope="module")
def base(seed_build):
    from kg.explore.endpoint import server
    from kg.explore.runner import Limits

    httpd = server(seed_build, "127.0.0.1", 0, Limits(workers=2, timeout=20.0))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@contextmanager
def _loopback_chromium():
    """kg.viz.browser.chromium, except that loopback is reached directly (Chromium's default bypass) while every
    other host still goes to the dead proxy: the viz pages forbid loopback too, this page lives there."""
    flags = [f for f in viz_browser.FLAGS if not f.startswith("--proxy-bypass-list")]
    with ExitStack() as stack:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(viz_browser, "FLAGS", flags)
            driver = stack.enter_context(viz_browser.chromium(1280, 800))
        yield driver


@pytest.fixture(scope="module")
def browser():
    with _loopback_chromium() as driver:
        yield driver


def _wait(driver, script: str, timeout: float = 20.0):
    end = time.time() + timeout
    while True:
        value = driver.execute_script(script)
        if value or time.time() > end:
            return value
        time.sleep(0.05)


def _open(driver, url: str) -> None:
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(url)
    assert _wait(driver, "return !!(window.kgPage && kgPage.ready)"), "the page did not start"


def _outside(driver, base: str) -> list[str]:
    return [u for u in viz_browser.outside_requests(driver) if not u.startswith(base + "/")]


def _rows(driver) -> int:
    return driver.execute_script("var r = kgPage.yasgui.getTab().getYasr().results; return r ? r.getBindings().length : -1")


def _run_canned(driver, name: str, values: dict[str, str]) -> None:
    """Pick NAME in the menu, type the values into its parameter fields, press the run button."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    answered = driver.execute_script("return kgPage.answered")
    Select(driver.find_element(By.ID, "kg-canned")).select_by_value(name)
    assert _wait(driver, f"return kgPage.current && kgPage.current.name === '{name}'")
    for var, value in values.items():
        field = driver.find_element(By.CSS_SELECTOR, f"#kg-fields input[name={var}]")
        field.clear()
        field.send_keys(value)
    driver.find_element(By.ID, "kg-run").click()
    assert _wait(driver, f"return kgPage.answered > {answered}"), f"{name} got no answer"


@pytest.fixture(scope="module")
def expected_rows(store):
    """The rows `kg query --name agency_tasks_by_role --bind agency=市水利局` gives on the same build."""
    import pyoxigraph as ox

    from kg.explore.queries import canned_query
    from kg.explore.query import run_local

    res = run_local(store, canned_query("agency_tasks_by_role").text,
                    bindings={"agency": [ox.Literal(AGENCY, language="zh")]})
    assert res.rows, "the seeds name 市水利局 in several plans"
    return res


def _shot(driver, name: str, settle: float = 0.0) -> None:
    """With KG_PAGE_SCREENSHOTS set, a 1280×800 picture of the page for the README (after `settle` seconds)."""
    if os.environ.get("KG_PAGE_SCREENSHOTS"):
        time.sleep(settle)
        driver.execute_script("if (window.kgNet && kgNet.network) kgNet.network.fit({ animation: false });"
                              "var h = document.querySelector('.kg-net') && document.querySelector('.yasr_header');"
                              "if (h) h.scrollIntoView();")
        driver.save_screenshot(str(DOCS / name))


def test_canned_query_table_network_and_expand(browser, base, expected_rows, store):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    from kg.explore.query import run_local

    _open(browser, base + "/")
    _run_canned(browser, "agency_tasks_by_role", {"agency": AGENCY})
    n = len(expected_rows.rows)
    assert _rows(browser) == n
    assert _wait(browser, f"return document.querySelectorAll('.yasr table.dataTable tbody tr').length === {min(n, 50)}")
    assert browser.execute_script("return kgPage.yasgui.getTab().getQuery()").count(f'"{AGENCY}"@zh') == 1
    table = browser.find_element(By.CSS_SELECTOR, ".yasr table.dataTable").text
    assert "持续开展“清四乱”专项行动" in table and "lead" in table  # 000 item 10: （市水利局牵头…）
    _shot(browser, "query-page.png")

    browser.find_element(By.CSS_SELECTOR, ".yasr .select_network").click()
    assert _wait(browser, "return !!(window.kgNet && kgNet.ready)"), "the network tab did not draw"
    drawn = browser.execute_script("return kgNet.network.body.nodeIndices.length")
    # every value of the rows is one node, except numbers (task numbers such as "10" stay in the table)
    values = {(t.type, t.value, t.lang) for row in expected_rows.rows for t in row
              if t is not None and not NUMBER.fullmatch(t.value) and not (t.datatype or "").endswith(NUMERIC)}
    assert drawn == browser.execute_script("return kgNet.nodes.length") == len(values)
    assert browser.execute_script("return kgNet.nodes.get(arguments[0]) !== null", LITERAL_KEY)

    # a real click on the 市水利局 node: the resources labelled 市水利局 join the network
    before = drawn
    xy = browser.execute_script("""var id = arguments[0], n = kgNet.network;
        document.querySelector('.kg-net-canvas').scrollIntoView();
        n.focus(id, { scale: 1.2, animation: false });
        var p = n.canvasToDOM(n.getPositions([id])[id]), r = n.body.container.getBoundingClientRect();
        return [p.x - r.width / 2, p.y - r.height / 2];""", LITERAL_KEY)
    canvas = browser.find_element(By.CSS_SELECTOR, ".kg-net-canvas")
    ActionChains(browser).move_to_element_with_offset(canvas, int(xy[0]), int(xy[1])).click().perform()
    assert _wait(browser, f"return kgNet.nodes.length > {before} && kgNet.busy === 0"), "clicking the node expanded nothing"
    units = {r[0].value for r in run_local(store, f'SELECT ?u WHERE {{ ?u a pol:Unit ; rdfs:label "{AGENCY}"@zh }}').rows}
    assert units
    groups = browser.execute_script("return kgNet.nodes.get(arguments[0]).map(function (n) { return n && n.group; })",
                                    sorted(units))
    assert groups == ["Unit"] * len(units)  # styled as kg viz styles a unit
    assert browser.execute_script("return kgNet.network.body.nodeIndices.length") == \
        browser.execute_script("return kgNet.nodes.length")
    assert browser.execute_script("return kgNet.errors.concat(kgPage.errors)") == []
    assert viz_browser.console_errors(browser) == []
    assert _outside(browser, base) == []


def test_shareable_link_survives_reload_and_a_fresh_browser(browser, base, expected_rows):
    _open(browser, base + "/")
    _run_canned(browser, "agency_tasks_by_role", {"agency": AGENCY})
    link = browser.current_url
    assert "#query=" in link and link.startswith(base + "/")
    browser.refresh()
    assert _wait(browser, "return !!(window.kgPage && kgPage.ready)")
    assert _wait(browser, f"return kgPage.yasgui.getTab().getYasr().results && "
                          f"kgPage.yasgui.getTab().getYasr().results.getBindings().length === {len(expected_rows.rows)}")
    browser.execute_script("localStorage.clear()")  # someone else opening the link: no saved tabs
    browser.get("about:blank")
    _open(browser, link)
    assert _wait(browser, "return kgPage.answered > 0"), "the shared link did not run its query"
    assert _rows(browser) == len(expected_rows.rows)
    assert f'"{AGENCY}"@zh' in browser.execute_script("return kgPage.yasgui.getTab().getQuery()")
    assert viz_browser.console_errors(browser) == []
    assert _outside(browser, base) == []


def test_csv_and_json_downloads(browser, base, expected_rows):
    from selenium.webdriver.common.by import By

    _open(browser, base + "/")
    _run_canned(browser, "agency_tasks_by_role", {"agency": AGENCY})
    browser.find_element(By.CSS_SELECTOR, ".yasr .select_table").click()
    assert browser.find_element(By.CSS_SELECTOR, ".yasr .yasr_downloadIcon").is_displayed()
    csv = browser.execute_script("return kgPage.yasgui.getTab().getYasr().plugins.table.download().getData()")
    lines = csv.strip().splitlines()
    assert lines[0] == '"unit","plan","number","task","role"' and len(lines) == len(expected_rows.rows) + 1
    kind, data = browser.execute_script("""var d = kgPage.yasgui.getTab().getYasr().plugins.response.download();
        return [d.contentType, d.getData()];""")
    assert kind.startswith("application/sparql-results+json")
    assert len(json.loads(data)["results"]["bindings"]) == len(expected_rows.rows)


NETWORK_QUERY = """PREFIX pol: <https://w3id.org/policy-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
# 净土 plan: its tasks and the agency that leads each
SELECT ?plan ?task ?unit WHERE {
  ?plan a pol:Plan ; dcterms:title "孟州市2025年净土保卫战实施方案"@zh ; pol:hasTask ?task .
  ?task pol:leadUnit ?unit .
}"""


def test_network_of_iris_is_drawn_like_kg_viz(browser, base, store):
    """IRIs become nodes of their class's style (kg.viz.style, as `kg viz` draws them); expanding a unit adds
    its tasks and obligations with the relation styles."""
    from selenium.webdriver.common.by import By

    from kg.explore.query import run_local

    rows = run_local(store, NETWORK_QUERY).rows
    assert len({r[1].value for r in rows}) >= 10  # the 净土 plan's tasks with a lead agency
    expected = {r[0].value: "Plan" for r in rows} | {r[1].value: "Task" for r in rows} | {r[2].value: "Unit" for r in rows}
    _open(browser, base + "/")
    answered = browser.execute_script("return kgPage.answered")
    browser.execute_script("var t = kgPage.yasgui.getTab(); t.setQuery(arguments[0]); t.query();", NETWORK_QUERY)
    assert _wait(browser, f"return kgPage.answered > {answered}")
    browser.find_element(By.CSS_SELECTOR, ".yasr .select_network").click()
    assert _wait(browser, "return !!(window.kgNet && kgNet.ready)")
    drawn = browser.execute_script("return kgNet.nodes.get().map(function (n) { return [n.id, n.group]; })")
    assert dict(drawn) == expected
    assert browser.execute_script("return kgNet.network.body.nodeIndices.length") == len(expected)
    unit = "https://w3id.org/policy-kg/id/unit/410883/市水利局"  # 002: 将农村黑臭水体治理…（市水利局牵头…）
    assert unit in expected
    before = len(expected)
    browser.execute_script("kgNet.expand(arguments[0])", unit)
    assert _wait(browser, f"return kgNet.nodes.length > {before} && kgNet.busy === 0")
    led = {r[0].value for r in run_local(store, f"SELECT ?t WHERE {{ ?t pol:leadUnit <{unit}> }}").rows}
    assert led <= set(browser.execute_script("return kgNet.nodes.getIds()"))  # every task it leads, in any plan
    lead_edges = browser.execute_script("""var unit = arguments[0]; return kgNet.edges.get().filter(function (e) {
        return e.to === unit && e.title === 'pol:leadUnit'; }).map(function (e) { return e.color.color; })""", unit)
    assert len(lead_edges) == len(led) and set(lead_edges) == {"#c0392b"}  # kg viz's lead colour
    _shot(browser, "query-page-network.png", settle=1.5)
    assert viz_browser.console_errors(browser) == []
    assert _outside(browser, base) == []


def test_typed_prefixes_and_foreign_links(browser, base):
    """Typing `pol:`/`id:` declares the IRIs the endpoint predeclares (from /api/prefixes, not YASQE's
    prefix.cc list); a link naming another endpoint still queries this server."""
    import urllib.parse

    from selenium.webdriver.common.by import By

    _open(browser, base + "/")
    browser.execute_script("var y = kgPage.yasgui.getTab().getYasqe(); y.setValue(''); y.focus();")
    browser.find_element(By.CSS_SELECTOR, ".yasqe .CodeMirror textarea").send_keys("SELECT * WHERE { ?s pol:leadUnit id:x }")
    text = _wait(browser, """var v = kgPage.yasgui.getTab().getYasqe().getValue();
        return v.indexOf('PREFIX pol:') >= 0 && v.indexOf('PREFIX id:') >= 0 && v;""", 10)
    assert "PREFIX pol: <https://w3id.org/policy-kg/ontology#>" in text
    assert "PREFIX id: <https://w3id.org/policy-kg/id/>" in text

    link = (base + "/#query=" + urllib.parse.quote("SELECT ?p WHERE { ?p a pol:Plan }")
            + "&endpoint=" + urllib.parse.quote("http://example.org/sparql"))
    browser.execute_script("localStorage.clear()")
    browser.get("about:blank")
    _open(browser, link)
    assert _wait(browser, "return kgPage.answered > 0")
    assert browser.execute_script("return kgPage.yasgui.getTab().getEndpoint()") == base + "/sparql"
    assert _rows(browser) == 5  # the five seed plans
    assert viz_browser.console_errors(browser) == []
    assert _outside(browser, base) == []


def test_construct_draws_each_triple_as_a_relation(browser, base, store):
    """A CONSTRUCT answer (N-Triples from /sparql) draws subject → object edges in kg viz's relation styles."""
    from selenium.webdriver.common.by import By

    from kg.explore.query import run_local

    where = ('?plan dcterms:title "孟州市2025年净土保卫战实施方案"@zh ; pol:hasTask ?t . ?t pol:leadUnit ?u')
    pairs = {(r[0].value, r[1].value) for r in run_local(store, f"SELECT ?t ?u WHERE {{ {where} }}").rows}
    query = ("PREFIX pol: <https://w3id.org/policy-kg/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
             f"CONSTRUCT {{ ?t pol:leadUnit ?u }} WHERE {{ {where} }}")
    _open(browser, base + "/")
    answered = browser.execute_script("return kgPage.answered")
    browser.execute_script("var t = kgPage.yasgui.getTab(); t.setQuery(arguments[0]); t.query();", query)
    assert _wait(browser, f"return kgPage.answered > {answered}")
    browser.find_element(By.CSS_SELECTOR, ".yasr .select_network").click()
    assert _wait(browser, "return !!(window.kgNet && kgNet.ready)")
    groups = dict(browser.execute_script("return kgNet.nodes.get().map(function (n) { return [n.id, n.group]; })"))
    assert groups == {t: "Task" for t, _ in pairs} | {u: "Unit" for _, u in pairs}
    edges = browser.execute_script("return kgNet.edges.get().map(function (e) { return [e.from, e.to, e.color.color]; })")
    assert {(f, t) for f, t, _ in edges} == pairs and len(edges) == len(pairs)
    assert {c for _, _, c in edges} == {"#c0392b"}  # kg viz's lead colour
    assert viz_browser.console_errors(browser) == []
