/* policy-kg network page: builds the vis-network from the JSON block, the legend (which doubles as the
 * class / role / relation filter), plain-text tooltips, and the search box.
 * Text from documents is only ever put into the page with textContent. */
(function () {
  'use strict';
  performance.mark('kg-start');
  var data = JSON.parse(document.getElementById('kg-data').textContent);
  performance.mark('kg-parsed');
  var SVGNS = 'http://www.w3.org/2000/svg';
  var CLS = data.classes, REL = data.relations;
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  var kg = window.kgViz = { data: data, ready: false, drawn: false, focused: null, errors: [] };
  window.addEventListener('error', function (ev) { kg.errors.push(String(ev.message)); });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function darker(hex, f) {
    var n = parseInt(hex.slice(1), 16), r = (n >> 16) & 255, g = (n >> 8) & 255, b = n & 255;
    f = f || 0.7;
    return 'rgb(' + Math.round(r * f) + ',' + Math.round(g * f) + ',' + Math.round(b * f) + ')';
  }

  /* ---- header ---------------------------------------------------------------------------- */
  document.getElementById('kg-title').textContent = data.title;
  document.getElementById('kg-stats').textContent =
    data.nodes.length + ' 节点 nodes · ' + data.edges.length + ' 边 edges · ' +
    ({ physics: '力导向 force layout', fixed: '预计算布局 precomputed layout', layered: '分层布局 top-down by government level' })[data.mode];
  document.getElementById('kg-notes').textContent = data.notes.join(' · ');

  /* ---- network ----------------------------------------------------------------------------- */
  var big = data.mode === 'fixed';
  var groups = {};
  Object.keys(CLS).forEach(function (k) {
    var c = CLS[k];
    groups[k] = {
      shape: c.shape, size: c.size, font: { size: c.font || 12 },
      color: { background: c.color, border: darker(c.color), highlight: { background: c.color, border: '#111' },
               hover: { background: c.color, border: '#111' } },
      borderWidth: 1
    };
  });
  var visNodes = data.nodes.map(function (n) {
    var o = { id: n.id, label: n.s, group: n.c };
    if (n.z != null) o.size = n.z;
    if (n.x != null) { o.x = n.x; o.y = n.y; }
    if (n.v != null) o.level = n.v;
    return o;
  });
  var edgeIdsByRel = {};
  var visEdges = data.edges.map(function (e, i) {
    var st = REL[e.r];
    var o = { id: i, from: e.f, to: e.t, width: st.width, dashes: st.dashes,
              color: { color: st.color, highlight: '#111', hover: '#111', opacity: big ? 0.55 : 0.9 } };
    if (st.arrow) o.arrows = { to: { enabled: true, scaleFactor: 0.45 } };
    if (e.l) o.label = e.l;
    (edgeIdsByRel[e.r] = edgeIdsByRel[e.r] || []).push(i);
    return o;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);

  var options = {
    groups: groups,
    nodes: {
      font: { face: data.font, size: 13, color: '#1d232a', strokeWidth: 3, strokeColor: '#ffffff', multi: false },
      scaling: { label: { drawThreshold: data.nodes.length > 80 ? 7.5 : 4 } }
    },
    edges: {
      font: { face: data.font, size: 12, color: '#b0201f', strokeWidth: 3, strokeColor: '#ffffff', align: 'horizontal' },
      smooth: big ? false : { enabled: true, type: 'continuous', roundness: 0.3 },
      selectionWidth: 1.5
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: true },
    layout: { improvedLayout: data.mode === 'physics' && data.nodes.length < 150, randomSeed: 7 },
    physics: { enabled: false }
  };
  if (data.mode === 'physics') {
    options.physics = {
      enabled: true, solver: 'forceAtlas2Based',
      // a few dozen nodes get room for their labels; a few hundred are packed tighter to stay on screen
      forceAtlas2Based: data.nodes.length < 80
        ? { gravitationalConstant: -90, centralGravity: 0.015, springLength: 110, springConstant: 0.06, avoidOverlap: 0.8 }
        : { gravitationalConstant: -38, centralGravity: 0.02, springLength: 55, springConstant: 0.08, avoidOverlap: 0.5 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: true }
    };
  } else if (data.mode === 'layered') {
    options.edges.smooth = { enabled: true, type: 'cubicBezier', forceDirection: 'vertical', roundness: 0.45 };
    options.edges.font.size = 15;  // the derivation scores
    // rows of 6-character columns: one readable size, documents a little larger
    Object.keys(groups).forEach(function (k) { groups[k].font.size = (k === 'Plan' || k === 'Directive') ? 15 : 14; });
  }

  var FIT = { maxZoomLevel: 1.6, animation: false };  // small views may zoom in past 1:1, for legible labels
  var container = document.getElementById('kg-network');
  performance.mark('kg-datasets');
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  performance.mark('kg-network');
  kg.network = network; kg.nodes = nodes; kg.edges = edges;

  function markReady() {
    if (kg.ready) return;
    kg.ready = true;
    kg.drawnAt = performance.now();
    performance.mark('kg-ready');
    document.documentElement.setAttribute('data-kg-ready', '1');
  }
  network.once('afterDrawing', function () { kg.drawn = true; kg.firstDrawAt = performance.now(); });
  if (data.mode === 'physics' && data.nodes.length > 0) {
    network.once('stabilizationIterationsDone', function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit(FIT);
      network.once('afterDrawing', markReady);
      network.redraw();
    });
  } else {
    network.fit(FIT);
    network.once('afterDrawing', markReady);
    network.redraw();
  }

  /* white background (so PNG exports are not transparent) and, for lineage, one band per government level */
  var bands = data.bands || [];
  network.on('beforeDrawing', function (ctx) {
    var ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    if (!bands.length) { ctx.restore(); return; }
    var rowY = {}, bodyNodes = network.body.nodes;
    data.nodes.forEach(function (n) { var b = bodyNodes[n.id]; if (b && rowY[n.v] == null) rowY[n.v] = b.y; });
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);  // screen space: bands span the width, names stay in view
    var half = 48 * network.getScale(), width = container.clientWidth;
    bands.forEach(function (band, i) {
      if (rowY[band.from] == null || rowY[band.to] == null) return;
      var top = network.canvasToDOM({ x: 0, y: rowY[band.from] }).y - half;
      var bottom = network.canvasToDOM({ x: 0, y: rowY[band.to] }).y + half;
      ctx.fillStyle = i % 2 ? 'rgba(31,78,121,0.035)' : 'rgba(31,78,121,0.075)';
      ctx.fillRect(0, top, width, bottom - top);
      ctx.fillStyle = '#1f4e79';
      ctx.font = 'bold 15px ' + data.font;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(band.name, 10, top + 6);
    });
    ctx.restore();
  });

  /* ---- tooltips (plain text) --------------------------------------------------------------- */
  var tip = document.getElementById('kg-tip');
  var pinned = false;
  function fill(parts) {
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    parts.forEach(function (p) { if (p) tip.appendChild(p); });
  }
  function facts(list) {
    return (list || []).map(function (kv) { return el('div', 'kg-tip-fact', kv[0] + '：' + kv[1]); });
  }
  function nodeTip(id) {
    var n = byId.get(id);
    if (!n) return;
    var c = CLS[n.c] || {};
    var src = n.f ? '来源 source: ' + n.f + (n.sp ? ' [' + n.sp[0] + '–' + n.sp[1] + ']' : '') : null;
    fill([el('div', 'kg-tip-title', n.l), el('div', 'kg-tip-class', (c.zh || '') + ' ' + (c.en || ''))]
      .concat(facts(n.i))
      .concat([n.q ? el('div', 'kg-tip-quote', n.q) : null, src ? el('div', 'kg-tip-file', src) : null,
               el('div', 'kg-tip-iri', n.id)]));
  }
  function edgeTip(id) {
    var e = data.edges[id];
    if (!e) return;
    var r = REL[e.r] || {};
    var a = byId.get(e.f), b = byId.get(e.t);
    fill([el('div', 'kg-tip-title', (r.zh ? r.zh + ' ' : '') + (r.en || e.r) + (e.l ? '  ' + e.l : '')),
          el('div', 'kg-tip-class', (a ? a.l : e.f) + ' → ' + (b ? b.l : e.t))]
      .concat(facts(e.i))
      .concat([e.q ? el('div', 'kg-tip-quote', e.q) : null,
               e.file ? el('div', 'kg-tip-file', '来源 source: ' + e.file) : null]));
  }
  function place(x, y) {
    tip.style.display = 'block';
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = x + 14, top = y + 14;
    if (left + w > window.innerWidth - 4) left = Math.max(4, x - w - 14);
    if (top + h > window.innerHeight - 4) top = Math.max(4, y - h - 14);
    tip.style.left = left + 'px';
    tip.style.top = top + 'px';
  }
  function pointerXY(p) {
    var r = container.getBoundingClientRect();
    return [r.left + p.pointer.DOM.x, r.top + p.pointer.DOM.y];
  }
  function hide() { if (!pinned) tip.style.display = 'none'; }
  network.on('hoverNode', function (p) { if (pinned) return; nodeTip(p.node); place.apply(null, pointerXY(p)); });
  network.on('hoverEdge', function (p) { if (pinned) return; edgeTip(p.edge); place.apply(null, pointerXY(p)); });
  network.on('blurNode', hide);
  network.on('blurEdge', hide);
  network.on('dragStart', function () { pinned = false; hide(); });
  network.on('zoom', function () { pinned = false; hide(); });
  network.on('click', function (p) {
    if (p.nodes.length) { nodeTip(p.nodes[0]); place.apply(null, pointerXY(p)); pinned = true; }
    else { pinned = false; hide(); }
  });
  kg.nodeTip = function (id) { nodeTip(id); return tip.textContent; };

  /* ---- legend = filters --------------------------------------------------------------------- */
  function glyph(shape, color) {
    var s = document.createElementNS(SVGNS, 'svg');
    s.setAttribute('width', '18'); s.setAttribute('height', '18'); s.setAttribute('viewBox', '0 0 18 18');
    var g;
    var pts = { square: '3,3 15,3 15,15 3,15', diamond: '9,1 17,9 9,17 1,9', triangle: '9,2 17,16 1,16',
                triangleDown: '1,2 17,2 9,16', hexagon: '5,2 13,2 17,9 13,16 5,16 1,9',
                star: '9,1 11.2,6.5 17,6.8 12.5,10.5 14,16.5 9,13.2 4,16.5 5.5,10.5 1,6.8 6.8,6.5' };
    if (pts[shape]) { g = document.createElementNS(SVGNS, 'polygon'); g.setAttribute('points', pts[shape]); }
    else { g = document.createElementNS(SVGNS, 'circle'); g.setAttribute('cx', '9'); g.setAttribute('cy', '9'); g.setAttribute('r', '6.5'); }
    g.setAttribute('fill', color); g.setAttribute('stroke', darker(color));
    s.appendChild(g);
    return s;
  }
  function line(st) {
    var s = document.createElementNS(SVGNS, 'svg');
    s.setAttribute('width', '34'); s.setAttribute('height', '12'); s.setAttribute('viewBox', '0 0 34 12');
    var l = document.createElementNS(SVGNS, 'line');
    l.setAttribute('x1', '1'); l.setAttribute('y1', '6'); l.setAttribute('x2', '33'); l.setAttribute('y2', '6');
    l.setAttribute('stroke', st.color); l.setAttribute('stroke-width', String(Math.max(1.2, st.width)));
    if (st.dashes) l.setAttribute('stroke-dasharray', st.dashes.join(' '));
    s.appendChild(l);
    return s;
  }
  function item(list, icon, text, count, key, kind, onToggle) {
    var li = el('li'), lab = el('label'), box = el('input');
    box.type = 'checkbox'; box.checked = true;
    box.setAttribute('data-' + kind, key);
    box.addEventListener('change', function () { onToggle(box.checked); });
    lab.appendChild(box); lab.appendChild(icon); lab.appendChild(el('span', null, text));
    lab.appendChild(el('span', 'kg-count', String(count)));
    li.appendChild(lab);
    list.appendChild(li);
  }
  var nodeIdsByClass = {};
  data.nodes.forEach(function (n) { (nodeIdsByClass[n.c] = nodeIdsByClass[n.c] || []).push(n.id); });
  var classList = document.getElementById('kg-classes');
  Object.keys(CLS).forEach(function (k) {
    var c = CLS[k];
    item(classList, glyph(c.shape, c.color), c.zh + ' ' + c.en, c.count, k, 'class', function (on) {
      nodes.update(nodeIdsByClass[k].map(function (id) { return { id: id, hidden: !on }; }));
    });
  });
  var roleList = document.getElementById('kg-roles'), relList = document.getElementById('kg-rels');
  Object.keys(REL).forEach(function (k) {
    var r = REL[k];
    item(r.role ? roleList : relList, line(r), (r.zh ? r.zh + ' ' : '') + r.en, r.count, k, r.role ? 'role' : 'rel',
      function (on) { edges.update(edgeIdsByRel[k].map(function (id) { return { id: id, hidden: !on }; })); });
  });
  if (!roleList.children.length) document.getElementById('kg-roles-section').style.display = 'none';
  if (!relList.children.length) document.getElementById('kg-rels-section').style.display = 'none';

  /* ---- search ------------------------------------------------------------------------------- */
  var input = document.getElementById('kg-search'), status = document.getElementById('kg-search-status');
  function fillSuggestions() {  // on first use, not on load: thousands of options cost time before the first draw
    input.removeEventListener('focus', fillSuggestions);
    var labels = document.getElementById('kg-labels'), seen = new Set(), frag = document.createDocumentFragment();
    data.nodes.forEach(function (n) {
      if (seen.has(n.l)) return;
      seen.add(n.l);
      var o = document.createElement('option');
      o.value = n.l;
      frag.appendChild(o);
    });
    labels.appendChild(frag);
  }
  input.addEventListener('focus', fillSuggestions);
  var lastQuery = null, hits = [], at = 0;
  function search(q) {
    q = (q || '').trim();
    if (!q) return null;
    if (q !== lastQuery) {
      var lq = q.toLowerCase();
      hits = data.nodes.filter(function (n) { return n.l === q || n.id === q; });
      if (!hits.length) hits = data.nodes.filter(function (n) { return n.l.toLowerCase().indexOf(lq) >= 0; });
      lastQuery = q; at = 0;
    } else if (hits.length) {
      at = (at + 1) % hits.length;
    }
    if (!hits.length) { status.textContent = '无匹配 no match'; return null; }
    var n = hits[at];
    nodes.update({ id: n.id, hidden: false });
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: Math.max(network.getScale(), 1.3), animation: { duration: 350, easingFunction: 'easeInOutQuad' } });
    kg.focused = n.id;
    status.textContent = (at + 1) + '/' + hits.length;
    return n.id;
  }
  kg.search = search;
  document.getElementById('kg-search-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    search(input.value);
  });

  /* ---- tools -------------------------------------------------------------------------------- */
  document.getElementById('kg-fit').addEventListener('click', function () { network.fit(FIT); });
  document.getElementById('kg-png').addEventListener('click', function () {
    var a = document.createElement('a');
    a.download = (data.view || 'network') + '.png';
    a.href = container.querySelector('canvas').toDataURL('image/png');
    a.click();
  });
})();
