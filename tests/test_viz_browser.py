"""kg viz in a real browser: Debian's headless Chromium with the network off opens each view from disk;
the network must draw exactly the expected nodes (read back through the page's vis-network object),
log no console errors, request nothing outside file:, and its search box must focus a node."""

from __future__ import annotations

import time

import pytest

import viz_synth
from kg.viz import browser as viz_browser
from kg.explore.query import run_local
from kg.graph.store import open_store
from kg.viz.draw import build_view, write_view
from kg.viz.model import Edge, Node, ViewGraph

pytestmark = pytest.mark.skipif(bool(viz_browser.missing()), reason=f"browser tests need Chromium: {viz_browser.missing()}")

ID = "https://w3id.org/policy-kg/id/"

#: view name → (build_view keyword arguments, SPARQL for the node set it must draw, or None: use the view's data)
VIEWS = {
    "overview": ({}, viz_synth.OVERVIEW_SPARQL),
    "agencies": ({}, """SELECT DISTINCT ?x WHERE { ?t ?p ?u VALUES ?p { pol:leadUnit pol:responsibleUnit pol:participantUnit
                       pol:implementingUnit } ?t a pol:Task . ?u a pol:Unit . VALUES ?end { 0 1 } BIND(IF(?end = 0, ?t, ?u) AS ?x) }"""),
    "river": ({}, """SELECT DISTINCT ?x WHERE { { ?x a pol:River } UNION { ?x a pol:Section }
                    UNION { ?x a pol:Task ; pol:mentions ?m . { ?m a pol:River } UNION { ?m a pol:Section } }
                    UNION { ?x a pol:Target ; pol:targetSection ?s } UNION { ?x pol:hasTarget ?t . ?t pol:targetSection ?s } }"""),
    "lineage": ({"plan": "孟州市2025年碧水保卫战实施方案"}, None),
    "ego": ({"node": "蟒河", "depth": 2}, None),
    "query": ({"query": "CONSTRUCT { ?t pol:leadUnit ?u } WHERE { ?t pol:leadUnit ?u }"},
              "SELECT DISTINCT ?x WHERE { ?t pol:leadUnit ?u VALUES ?end { 0 1 } BIND(IF(?end = 0, ?t, ?u) AS ?x) }"),
}
#: what to type in the search box per view (a label the view holds)
SEARCH = {"overview": "市水利局", "agencies": "各乡镇办事处", "river": "孟州石井断面", "lineage": "2. 保护饮用水水源地",
          "ego": "孟州石井断面", "query": "市水利局", "large": "节点123"}


@pytest.fixture(scope="module")
def browser():
    with viz_browser.chromium(1280, 800) as driver:
        yield driver


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Every view of the synthetic build written to disk, with its expected node ids."""
    folder = tmp_path_factory.mktemp("viz-browser")
    store = open_store(viz_synth.make_build(folder / "build"))
    out = {}
    for view, (kw, sparql) in VIEWS.items():
        g = build_view(store, view, **kw)
        path = write_view(g, folder / f"{view}.html")
        if sparql:
            expected = {r[0].value for r in run_local(store, sparql).rows}
            assert expected == set(g.nodes)
        else:
            expected = set(g.nodes)
        out[view] = (path, expected)
    big = _large_graph(420)  # above the physics limit: precomputed positions, physics off
    out["large"] = (write_view(big, folder / "large.html"), set(big.nodes))
    return out


def _large_graph(n: int) -> ViewGraph:
    g = ViewGraph("large", "large synthetic view")
    for i in range(n):
        g.add_node(Node(f"n{i}", f"节点{i}", "Unit" if i % 12 == 0 else "Task", quote=f"第{i}条原文"))
    for i in range(n):
        g.add_edge(Edge(f"n{i}", f"n{(i // 12) * 12}", "leadUnit"))
        g.add_edge(Edge(f"n{i}", f"n{(i * 5 + 12) % n}", "participantUnit"))
    g.dedupe_edges()
    return g


def _wait(driver, script: str, timeout: float = 5.0):
    end = time.time() + timeout
    while True:
        value = driver.execute_script(script)
        if value or time.time() > end:
            return value
        time.sleep(0.05)


@pytest.mark.parametrize("view", list(VIEWS) + ["large"])
def test_view_draws_offline_and_search_focuses(browser, pages, view):
    path, expected = pages[view]
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get_log("performance")
    info = viz_browser.open_page(browser, path)
    drawn = browser.execute_script("return kgViz.network.body.nodeIndices.slice()")
    assert info["visible"] == len(expected) == len(drawn)
    assert set(drawn) == expected
    assert set(browser.execute_script("return Object.keys(kgViz.network.getPositions())")) == expected

    # the search box: type a label, press Enter; the node is selected and the view moves onto it
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = browser.find_element(By.ID, "kg-search")
    box.clear()
    box.send_keys(SEARCH[view] + Keys.ENTER)
    focused = _wait(browser, "return kgViz.focused")
    assert focused, f"search for {SEARCH[view]!r} focused nothing"
    label = browser.execute_script("return kgViz.data.nodes.find(function (n) { return n.id === kgViz.focused; }).l")
    assert SEARCH[view] in label
    assert browser.execute_script("return kgViz.network.getSelectedNodes()") == [focused]
    time.sleep(0.5)  # the focus animation
    near = browser.execute_script("""var n = kgViz.network, id = kgViz.focused;
        var p = n.getPositions([id])[id], v = n.getViewPosition();
        return Math.abs(p.x - v.x) < 2 && Math.abs(p.y - v.y) < 2;""")
    assert near, "the view did not move onto the found node"

    assert viz_browser.console_errors(browser) == []
    assert browser.execute_script("return kgViz.errors") == []
    assert viz_browser.outside_requests(browser) == []


def test_tooltip_is_plain_text(browser, pages):
    """Hover the task whose quote is an HTML injection: the tooltip shows it as text and nothing runs."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    path, _ = pages["overview"]
    viz_browser.open_page(browser, path)
    evil = f"{ID}plan/p2/task/3"
    browser.execute_script("kgViz.expand(arguments[0])", f"{ID}plan/p2")  # the task waits for its plan to open
    box = browser.execute_script("""var id = arguments[0], n = kgViz.network;
        n.moveTo({ position: n.getPositions([id])[id], scale: 1.5, animation: false });
        var d = n.canvasToDOM(n.getPositions([id])[id]), r = document.getElementById('kg-network').getBoundingClientRect();
        return [d.x - r.width / 2, d.y - r.height / 2];""", evil)
    time.sleep(0.2)
    container = browser.find_element(By.ID, "kg-network")
    ActionChains(browser).move_to_element_with_offset(container, int(box[0]), int(box[1])).perform()
    ActionChains(browser).move_by_offset(1, 0).perform()
    shown = _wait(browser, "return getComputedStyle(document.getElementById('kg-tip')).display === 'block'")
    assert shown, "hovering the node showed no tooltip"
    text = browser.execute_script("return document.getElementById('kg-tip').textContent")
    assert viz_synth.EVIL in text and "黄河滩区整治<b>加粗</b>" in text and "p2.txt" in text
    assert browser.execute_script("return document.querySelectorAll('#kg-tip img, #kg-tip b, #kg-tip script').length") == 0
    assert browser.execute_script("return window.__pwned === undefined")
    assert viz_synth.EVIL in browser.execute_script("return kgViz.nodeTip(arguments[0])", evil)


def test_legend_filters_classes_and_roles(browser, pages):
    from selenium.webdriver.common.by import By

    path, expected = pages["overview"]
    viz_browser.open_page(browser, path)
    units = browser.execute_script("return kgViz.data.nodes.filter(function (n) { return n.c === 'Unit'; }).length")
    leads = browser.execute_script("return kgViz.data.edges.filter(function (e) { return e.r === 'leadUnit'; }).length")
    edges0 = browser.execute_script("return kgViz.network.body.edgeIndices.length")
    assert units and leads
    browser.find_element(By.CSS_SELECTOR, "input[data-role=leadUnit]").click()
    assert _wait(browser, f"return kgViz.network.body.edgeIndices.length === {edges0 - leads}")
    browser.find_element(By.CSS_SELECTOR, "input[data-class=Unit]").click()
    assert _wait(browser, f"return kgViz.network.body.nodeIndices.length === {len(expected) - units}")
    browser.find_element(By.CSS_SELECTOR, "input[data-class=Unit]").click()
    assert _wait(browser, f"return kgViz.network.body.nodeIndices.length === {len(expected)}")
    legend = browser.find_element(By.ID, "kg-legend").text
    assert "任务 task" in legend and "牵头 lead" in legend and "行政区 jurisdiction" in legend
    assert viz_browser.console_errors(browser) == []


def test_chinese_glyphs_render(browser, pages):
    """With the page's font stack, two different Chinese characters draw as two different, non-empty
    glyphs: not tofu boxes (which all look alike) and not blanks."""
    path, _ = pages["overview"]
    viz_browser.open_page(browser, path)
    glyphs = browser.execute_script("""
        function draw(ch) {
          var c = document.createElement('canvas'); c.width = 40; c.height = 40;
          var x = c.getContext('2d'); x.fillStyle = '#fff'; x.fillRect(0, 0, 40, 40);
          x.fillStyle = '#000'; x.font = '32px ' + kgViz.data.font; x.textBaseline = 'top'; x.fillText(ch, 2, 2);
          var d = x.getImageData(0, 0, 40, 40).data, ink = 0, sig = [];
          for (var i = 0; i < d.length; i += 4) { var on = d[i] < 128 ? 1 : 0; ink += on; sig.push(on); }
          return { ink: ink, sig: sig.join('') };
        }
        return [draw('孟'), draw('州'), draw('\uE000')];""")
    meng, zhou, private = glyphs
    assert meng["ink"] > 30 and zhou["ink"] > 30
    assert meng["sig"] != zhou["sig"], "Chinese characters draw as identical boxes: no CJK font (apt-get install fonts-noto-cjk)"
    assert meng["sig"] != private["sig"]
    family = browser.execute_script("return getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Sans CJK SC", "Source Han Sans SC"')


# ---- the real seed build (conftest's session build) -------------------------------------------------

SEED_VIEWS = {  # view → (ASK that says the seeds have its data yet, kwargs)
    "overview": ("ASK { ?s a pol:Plan }", {}),
    "agencies": ("ASK { ?s pol:leadUnit ?o }", {}),
    "river": ("ASK { ?s a pol:River }", {}),
    "lineage": ("ASK { ?s prov:wasDerivedFrom ?o }", {}),
    "ego": ("ASK { ?s a pol:Plan }", {"node": "孟州市2025年碧水保卫战实施方案", "depth": 1}),
}


@pytest.mark.parametrize("view", list(SEED_VIEWS))
def test_seed_views_draw(browser, seed_build, tmp_path, view):
    store = open_store(seed_build)
    ask, kw = SEED_VIEWS[view]
    if not run_local(store, ask).boolean:
        pytest.skip(f"the seed build has no {view} data yet")
    g = build_view(store, view, **kw)
    if view in VIEWS and VIEWS[view][1]:
        assert {r[0].value for r in run_local(store, VIEWS[view][1]).rows} == set(g.nodes)
    path = write_view(g, tmp_path / f"{view}.html")
    browser.get_log("browser")
    browser.get_log("performance")
    info = viz_browser.open_page(browser, path)
    assert info["visible"] == len(g.nodes) > 0
    assert viz_browser.console_errors(browser) == []
    assert viz_browser.outside_requests(browser) == []
