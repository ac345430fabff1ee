/* policy-kg network page, part 1 of 3: builds the vis-network from the JSON block, fits it to the window
 * once it has settled (and again when the fonts or the window change, until the reader moves it), draws the
 * jurisdiction discs and lineage bands behind it, plain-text tooltips, and the search box.
 * Part 2 (viz-filter.js): legend, filters, a plan's tasks on click. Part 3 (viz-export.js): edge labels
 * on top of the nodes, PNG at print scale, SVG.
 * Text from documents is only ever put into the page with textContent. */
(function () {
  'use strict';
  performance.mark('kg-start');
  var data = JSON.parse(document.getElementById('kg-data').textContent);
  performance.mark('kg-parsed');
  var CLS = data.classes, REL = data.relations, MORE = data.more || {};
  var byId = new Map(), edgeById = new Map(), table = [];
  data.nodes.forEach(function (n) { byId.set(n.id, n); table.push(n.id); });
  Object.keys(MORE).forEach(function (k) { MORE[k].nodes.forEach(function (n) { byId.set(n.id, n); table.push(n.id); }); });
  var pool = data.pool || [], relKeys = data.rels || [];
  function ends(e) {  // edges name their ends by position in the node table, their quote and file by place in the pool
    e.f = table[e.f]; e.t = table[e.t]; e.r = relKeys[e.r];
    if (typeof e.q === 'number') e.q = pool[e.q];
    if (typeof e.file === 'number') e.file = pool[e.file];
  }
  data.edges.forEach(ends);
  Object.keys(MORE).forEach(function (k) { MORE[k].edges.forEach(ends); });
  var kg = window.kgViz = { data: data, ready: false, drawn: false, focused: null, errors: [], byId: byId,
                            edgeById: edgeById, moved: false, onDraw: [], onChange: [] };
  window.addEventListener('error', function (ev) { kg.errors.push(String(ev.message)); });

  kg.el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  kg.darker = function (hex, f) {
    var n = parseInt(hex.slice(1), 16), r = (n >> 16) & 255, g = (n >> 8) & 255, b = n & 255;
    f = f || 0.7;
    return 'rgb(' + Math.round(r * f) + ',' + Math.round(g * f) + ',' + Math.round(b * f) + ')';
  };
  var el = kg.el;

  /* ---- header ---------------------------------------------------------------------------- */
  document.getElementById('kg-title').textContent = data.title;
  var moreCount = Object.keys(MORE).reduce(function (s, k) { return s + MORE[k].nodes.length; }, 0);
  document.getElementById('kg-stats').textContent =
    data.nodes.length + ' 节点 nodes · ' + data.edges.length + ' 边 edges' +
    (moreCount ? ' · ' + moreCount + ' 任务待展开 tasks on click' : '') + ' · ' +
    ({ physics: '力导向 force layout', fixed: '预计算布局 precomputed layout', layered: '分层布局 top-down by government level',
       clusters: '按行政区聚类 clustered by jurisdiction' })[data.mode];
  document.getElementById('kg-notes').textContent = data.notes.join(' · ');

  /* ---- network ----------------------------------------------------------------------------- */
  var big = data.mode === 'fixed' || data.mode === 'clusters';
  var groups = {};
  Object.keys(CLS).forEach(function (k) {
    var c = CLS[k];
    groups[k] = {
      shape: c.shape, size: c.size, font: { size: c.font || 12 },
      color: { background: c.color, border: kg.darker(c.color), highlight: { background: c.color, border: '#111' },
               hover: { background: c.color, border: '#111' } },
      borderWidth: 1
    };
  });
  kg.visNode = function (n) {
    var o = { id: n.id, label: n.s, group: n.c };
    if (n.z != null) o.size = n.z;
    if (n.x != null) { o.x = n.x; o.y = n.y; }
    if (n.v != null) o.level = n.v;
    return o;
  };
  kg.visEdge = function (e, id) {
    var st = REL[e.r];
    var o = { id: id, from: e.f, to: e.t, width: st.width * (e.w ? Math.min(4, Math.sqrt(e.w)) : 1) * (e.x ? 0.6 : 1), dashes: st.dashes,
              color: { color: st.color, highlight: '#111', hover: '#111', opacity: e.x ? 0.18 : big ? 0.6 : 0.9 } };
    if (st.arrow) o.arrows = { to: { enabled: true, scaleFactor: 0.45 } };
    edgeById.set(id, e);
    return o;
  };
  var nodes = new vis.DataSet(data.nodes.map(kg.visNode));
  var edges = new vis.DataSet(data.edges.map(function (e, i) { return kg.visEdge(e, i); }));

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
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big && data.edges.length > 2000,
                   hideEdgesOnZoom: big && data.edges.length > 2000, multiselect: true },
    layout: { improvedLayout: data.mode === 'physics' && data.nodes.length < 150, randomSeed: 7 },
    physics: { enabled: false }
  };
  kg.labelThreshold = options.nodes.scaling.label.drawThreshold;
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
    // rows of 6-character columns: one readable size, documents a little larger
    Object.keys(groups).forEach(function (k) { groups[k].font.size = (k === 'Plan' || k === 'Directive') ? 15 : 14; });
  }

  var container = document.getElementById('kg-network');
  performance.mark('kg-datasets');
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  performance.mark('kg-network');
  kg.network = network; kg.nodes = nodes; kg.edges = edges; kg.container = container;

  /* ---- fit: every visible node with its label, and the frames, inside the canvas ------------- */
  kg.nodeBox = function (id) {  // shape and label as drawn (vis's own bounding box misses the label's margin)
    var b = network.body.nodes[id];
    if (!b) return null;
    var w = b.shape.width || 2 * (b.options.size || 10), h = b.shape.height || w;
    var box = { left: b.x - w / 2, top: b.y - h / 2, right: b.x + w / 2, bottom: b.y + h / 2 };
    var s = b.labelModule && b.labelModule.size;
    if (b.options.label && s && s.width > 0) {
      box.left = Math.min(box.left, s.left); box.right = Math.max(box.right, s.left + s.width);
      box.top = Math.min(box.top, s.top); box.bottom = Math.max(box.bottom, s.top + s.height);
    }
    return box;
  };
  kg.extent = function () {
    var box = null;
    function add(l, t, r, b) {
      if (!box) box = { left: l, top: t, right: r, bottom: b };
      else { box.left = Math.min(box.left, l); box.top = Math.min(box.top, t); box.right = Math.max(box.right, r); box.bottom = Math.max(box.bottom, b); }
    }
    network.body.nodeIndices.forEach(function (id) { var b = kg.nodeBox(id); if (b) add(b.left, b.top, b.right, b.bottom); });
    (data.hulls || []).forEach(function (h) { add(h[1], h[2], h[3], h[4]); });
    return box;
  };
  kg.fit = function (box) {
    box = box || kg.extent();
    if (!box) return;
    var w = container.clientWidth, h = container.clientHeight, margin = 16;
    var scale = Math.min((w - 2 * margin) / Math.max(box.right - box.left, 1), (h - 2 * margin) / Math.max(box.bottom - box.top, 1), 1.6);
    network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 }, scale: scale, animation: false });
  };
  function settleFit() { if (!kg.moved) kg.fit(); }  // the page keeps the whole network in view until the reader moves it
  function markReady() {
    if (kg.ready) return;
    kg.ready = true;
    kg.drawnAt = performance.now();
    performance.mark('kg-ready');
    document.documentElement.setAttribute('data-kg-ready', '1');
  }
  function fits() {  // every drawn box inside the canvas?
    var box = kg.extent();
    if (!box) return true;
    var a = network.canvasToDOM({ x: box.left, y: box.top }), z = network.canvasToDOM({ x: box.right, y: box.bottom });
    return a.x >= -1 && a.y >= -1 && z.x <= container.clientWidth + 1 && z.y <= container.clientHeight + 1;
  }
  function firstFit() {  // laid out in Python: fit the estimated extent, draw; draw again only if a label spills
    var e = data.extent, m = e ? 0.02 * Math.max(e[2] - e[0], e[3] - e[1]) : 0;  // estimates: leave a little room
    if (e) kg.fit({ left: e[0] - m, top: e[1] - m, right: e[2] + m, bottom: e[3] + m });
    network.once('afterDrawing', function () {
      if (e && fits()) { markReady(); return; }
      settleFit();
      network.once('afterDrawing', markReady);
      network.redraw();
    });
    network.redraw();
  }
  network.once('afterDrawing', function () { kg.drawn = true; kg.firstDrawAt = performance.now(); });
  if (data.mode === 'physics' && data.nodes.length > 0) {
    network.once('stabilizationIterationsDone', function () { network.setOptions({ physics: { enabled: false } }); firstFit(); });
  } else {
    firstFit();
  }
  network.on('dragStart', function () { kg.moved = true; });
  network.on('zoom', function () { kg.moved = true; });
  if (document.fonts && document.fonts.status !== 'loaded') {  // labels measured before a font came: again
    document.fonts.ready.then(function () { if (kg.ready) { network.redraw(); settleFit(); } });
  }
  var size = [container.clientWidth, container.clientHeight];
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      if (container.clientWidth === size[0] && container.clientHeight === size[1]) return;  // not a resize
      size = [container.clientWidth, container.clientHeight];
      if (kg.ready) settleFit();
    }).observe(container);
  }

  /* white background (so exports are not transparent), jurisdiction discs, lineage bands */
  var bands = data.bands || [];
  network.on('beforeDrawing', function (ctx) {
    var ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    (data.hulls || []).forEach(function (h) { drawHull(ctx, h); });
    if (!bands.length) return;
    ctx.save();
    var rowY = {}, bodyNodes = network.body.nodes;
    data.nodes.forEach(function (n) { var b = bodyNodes[n.id]; if (b && rowY[n.v] == null) rowY[n.v] = b.y; });
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);  // screen space: bands span the width, names stay in view
    var half = 48 * network.getScale(), width = container.clientWidth;
    kg.bandBoxes = [];
    bands.forEach(function (band, i) {
      if (rowY[band.from] == null || rowY[band.to] == null) return;
      kg.bandBoxes.push({ name: band.name, top: rowY[band.from] - 48, bottom: rowY[band.to] + 48, shade: i % 2 });
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
  function drawHull(ctx, h) {  // a jurisdiction's frame: [name, left, top, right, bottom, size of the name]
    ctx.save();
    ctx.beginPath();
    if (ctx.roundRect) ctx.roundRect(h[1], h[2], h[3] - h[1], h[4] - h[2], 18); else ctx.rect(h[1], h[2], h[3] - h[1], h[4] - h[2]);
    ctx.fillStyle = 'rgba(156,117,95,0.06)';
    ctx.fill();
    ctx.lineWidth = 1.5 / network.getScale();
    ctx.strokeStyle = 'rgba(156,117,95,0.5)';
    ctx.stroke();
    ctx.font = 'bold ' + h[5] + 'px ' + data.font;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#7a5a45';
    ctx.fillText(h[0], h[1] + h[5] * 0.5, h[2] + h[5] * 0.25);
    ctx.restore();
  }
  network.on('afterDrawing', function (ctx) { kg.onDraw.forEach(function (f) { f(ctx); }); });

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
    fill([el('div', 'kg-tip-title', (n.pl ? n.pl + ' ' : '') + n.l), el('div', 'kg-tip-class', (c.zh || '') + ' ' + (c.en || ''))]
      .concat(facts(n.i))
      .concat([n.q ? el('div', 'kg-tip-quote', n.q) : null, src ? el('div', 'kg-tip-file', src) : null,
               MORE[n.id] ? el('div', 'kg-tip-class', '单击显示或收起任务 click to show or hide its tasks') : null,
               el('div', 'kg-tip-iri', n.id)]));
  }
  function edgeTip(id) {
    var e = edgeById.get(id);
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
    if (p.nodes.length) {
      if (MORE[p.nodes[0]] && kg.toggle) kg.toggle(p.nodes[0]);
      nodeTip(p.nodes[0]); place.apply(null, pointerXY(p)); pinned = true;
    } else { pinned = false; hide(); }
  });
  kg.nodeTip = function (id) { nodeTip(id); return tip.textContent; };

  /* ---- search: every node the page holds, tasks waiting for a click included ---------------- */
  var input = document.getElementById('kg-search'), status = document.getElementById('kg-search-status');
  function fillSuggestions() {  // on first use, not on load: thousands of options cost time before the first draw
    input.removeEventListener('focus', fillSuggestions);
    var labels = document.getElementById('kg-labels'), seen = new Set(), frag = document.createDocumentFragment();
    byId.forEach(function (n) {
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
      var lq = q.toLowerCase(), all = Array.from(byId.values());
      hits = all.filter(function (n) { return n.l === q || n.id === q; });
      if (!hits.length) hits = all.filter(function (n) { return (n.pl ? n.pl + ' ' + n.l : n.l).toLowerCase().indexOf(lq) >= 0; });
      lastQuery = q; at = 0;
    } else if (hits.length) {
      at = (at + 1) % hits.length;
    }
    if (!hits.length) { status.textContent = '无匹配 no match'; return null; }
    var n = hits[at];
    if (kg.reveal) kg.reveal(n.id);
    network.selectNodes([n.id]);
    kg.moved = true;
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
  document.getElementById('kg-fit').addEventListener('click', function () { kg.fit(); });
})();
