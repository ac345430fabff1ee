/* policy-kg network page, part 3 of 3: edge labels (a derivation's score) drawn on top of everything at the
 * point of their edge where no node is, and the exports: PNG at a chosen scale (the canvas redrawn at that
 * many device pixels per pixel) and SVG (written from the drawn positions: discs, bands, edges, nodes,
 * labels), both from the buttons and for `kg viz --png / --svg`. */
(function () {
  'use strict';
  var kg = window.kgViz, data = kg.data, network = kg.network, CLS = data.classes, REL = data.relations;
  var LABEL = data.mode === 'layered' ? 15 : 12;  // canvas pixels
  var TRIES = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.12, 0.88];
  var placed = null;  // [{id, text, color, x, y, w, h}] in canvas coordinates, or null: place again

  function measure() {
    var c = document.createElement('canvas').getContext('2d');
    c.font = 'bold ' + LABEL + 'px ' + data.font;
    return function (text) { return c.measureText(text).width; };
  }
  function overlap(a, b) {
    var w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 0 && h > 0 ? w * h : 0;
  }
  function point(edge, t) {
    try { return edge.edgeType.getPoint(t); } catch (err) { return null; }
  }
  function place() {
    var width = measure(), body = network.body, boxes = [];
    body.nodeIndices.forEach(function (id) { var b = kg.nodeBox(id); if (b) boxes.push(b); });
    (data.hulls || []).forEach(function (h) {  // a frame's name
      boxes.push({ left: h[1], top: h[2], right: h[1] + (h[0].length + 1) * h[5], bottom: h[2] + 1.4 * h[5] });
    });
    placed = [];
    body.edgeIndices.forEach(function (id) {
      var e = kg.edgeById.get(id), edge = body.edges[id];
      if (!e || !e.l || !edge || !edge.connected) return;
      var w = width(e.l) + 8, h = LABEL + 6, best = null;
      for (var i = 0; i < TRIES.length; i++) {
        var p = point(edge, TRIES[i]);
        if (!p) continue;
        var box = { left: p.x - w / 2, right: p.x + w / 2, top: p.y - h / 2, bottom: p.y + h / 2 }, cost = 0;
        boxes.forEach(function (b) { cost += overlap(box, b); });
        placed.forEach(function (q) { cost += overlap(box, q.box); });
        if (!best || cost < best.cost) best = { cost: cost, box: box, p: p };
        if (cost === 0) break;
      }
      if (best) placed.push({ id: id, text: e.l, color: (REL[e.r] || {}).color || '#b0201f', x: best.p.x, y: best.p.y, w: w, h: h, box: best.box });
    });
  }
  kg.onChange.push(function () { placed = null; });
  network.on('dragEnd', function () { placed = null; });
  kg.onDraw.push(function (ctx) {
    if (!kg.ready && !kg.drawn) return;
    if (placed === null) place();
    if (LABEL * network.getScale() < 4) return;  // too small to read: the tooltip has the score
    ctx.save();
    ctx.font = 'bold ' + LABEL + 'px ' + data.font;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    placed.forEach(function (q) {
      ctx.fillStyle = 'rgba(255,255,255,0.92)';
      ctx.strokeStyle = q.color;
      ctx.lineWidth = 0.8;
      ctx.fillRect(q.box.left, q.box.top, q.w, q.h);
      ctx.strokeRect(q.box.left, q.box.top, q.w, q.h);
      ctx.fillStyle = '#8e1b1b';
      ctx.fillText(q.text, q.x, q.y + 0.5);
    });
    ctx.restore();
  });
  kg.edgeLabelBoxes = function () {
    if (placed === null) place();
    return placed.map(function (q) { return { id: q.id, text: q.text, left: q.box.left, right: q.box.right, top: q.box.top, bottom: q.box.bottom }; });
  };

  /* ---- PNG at a scale -------------------------------------------------------------------------- */
  function redraw() {
    if (network.renderer && network.renderer._redraw) network.renderer._redraw(); else network.redraw();
  }
  kg.exportPNG = function (scale) {
    scale = Math.max(1, Math.min(8, Number(scale) || 3));
    var c = network.canvas, cv = c.frame.canvas, old = c.pixelRatio;
    network.setOptions({ nodes: { scaling: { label: { drawThreshold: kg.labelThreshold / scale } } } });
    try {
      c.pixelRatio = scale;
      cv.width = Math.round(cv.clientWidth * scale);
      cv.height = Math.round(cv.clientHeight * scale);
      redraw();
      return cv.toDataURL('image/png');
    } finally {
      c.pixelRatio = old;
      cv.width = Math.round(cv.clientWidth * old);
      cv.height = Math.round(cv.clientHeight * old);
      network.setOptions({ nodes: { scaling: { label: { drawThreshold: kg.labelThreshold } } } });
      redraw();
    }
  };

  /* ---- SVG ------------------------------------------------------------------------------------- */
  function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }
  function n2(v) { return Math.round(v * 10) / 10; }
  function shapePath(shape, x, y, r) {
    var pts = [], i;
    if (shape === 'square') return '<rect x="' + n2(x - r) + '" y="' + n2(y - r) + '" width="' + n2(2 * r) + '" height="' + n2(2 * r) + '"';
    if (shape === 'diamond') pts = [[x, y - r], [x + r, y], [x, y + r], [x - r, y]];
    else if (shape === 'triangle' || shape === 'triangleDown') {
      var s = 2 * r, ir = Math.sqrt(3) / 6 * s, h = Math.sqrt(s * s - r * r), d = shape === 'triangle' ? 1 : -1;
      pts = [[x, y - d * (h - ir)], [x + r, y + d * ir], [x - r, y + d * ir]];
    } else if (shape === 'hexagon') { for (i = 0; i < 6; i++) pts.push([x + r * Math.cos(i * Math.PI / 3), y + r * Math.sin(i * Math.PI / 3)]); }
    else if (shape === 'star') {
      var rr = r * 0.82, yy = y + 0.1 * rr;
      for (i = 0; i < 10; i++) { var q = i % 2 ? rr * 0.5 : rr * 1.3; pts.push([x + q * Math.sin(i * Math.PI / 5), yy - q * Math.cos(i * Math.PI / 5)]); }
    } else return '<circle cx="' + n2(x) + '" cy="' + n2(y) + '" r="' + n2(r) + '"';
    return '<polygon points="' + pts.map(function (p) { return n2(p[0]) + ',' + n2(p[1]); }).join(' ') + '"';
  }
  function edgeSVG(id, out) {
    var edge = network.body.edges[id], e = kg.edgeById.get(id);
    if (!edge || !e || !edge.connected) return;
    var st = REL[e.r] || {}, pts = [];
    for (var i = 0; i <= 16; i++) { var p = point(edge, i / 16); if (p) pts.push(p); }
    if (pts.length < 2) return;
    var w = edge.options.width || 1, dash = st.dashes ? ' stroke-dasharray="' + st.dashes.join(' ') + '"' : '';
    out.push('<path d="M' + pts.map(function (p) { return n2(p.x) + ' ' + n2(p.y); }).join(' L') + '" fill="none" stroke="' + esc(st.color) +
             '" stroke-opacity="0.75" stroke-width="' + n2(w) + '"' + dash + '/>');
    if (!st.arrow) return;
    var to = network.body.nodes[edge.toId], r = (to && to.options.size) || 8, tip = pts[pts.length - 1], k = pts.length - 1;
    while (k > 0 && Math.hypot(pts[k].x - to.x, pts[k].y - to.y) < r + 2) k--;
    var ux = tip.x - pts[k].x, uy = tip.y - pts[k].y, len = Math.hypot(ux, uy) || 1, a = { x: to.x - ux / len * (r + 2), y: to.y - uy / len * (r + 2) };
    ux /= len; uy /= len;
    var L = 9, W = 4;
    out.push('<polygon points="' + [[a.x, a.y], [a.x - ux * L - uy * W, a.y - uy * L + ux * W], [a.x - ux * L + uy * W, a.y - uy * L - ux * W]]
      .map(function (p) { return n2(p[0]) + ',' + n2(p[1]); }).join(' ') + '" fill="' + esc(st.color) + '"/>');
  }
  function nodeSVG(id, out, texts) {
    var bn = network.body.nodes[id], n = kg.byId.get(id);
    if (!bn || !n) return;
    var c = CLS[n.c] || CLS.Other || { color: '#8f8f8f', shape: 'dot' }, r = bn.options.size || c.size || 8;
    out.push(shapePath(c.shape, bn.x, bn.y, r) + ' fill="' + esc(c.color) + '" stroke="' + esc(kg.darker(c.color)) + '"/>');
    var size = (bn.options.font && bn.options.font.size) || 12, lines = (n.s || '').split('\n');
    var y = bn.y + r + 3 + size * 0.95;
    texts.push('<text x="' + n2(bn.x) + '" y="' + n2(y) + '" font-size="' + size + '" text-anchor="middle">' +
      lines.map(function (l, i) { return '<tspan x="' + n2(bn.x) + '" dy="' + (i ? n2(size * 1.15) : 0) + '">' + esc(l) + '</tspan>'; }).join('') + '</text>');
  }
  kg.exportSVG = function () {
    var box = kg.extent() || { left: 0, top: 0, right: 100, bottom: 100 }, pad = 24, out = [], texts = [];
    var x0 = box.left - pad, y0 = box.top - pad, w = box.right - box.left + 2 * pad, h = box.bottom - box.top + 2 * pad;
    out.push('<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [x0, y0, w, h].map(n2).join(' ') + '" width="' + n2(w) + '" height="' + n2(h) +
             '" font-family="' + esc(data.font) + '">');
    out.push('<title>' + esc(data.title) + '</title>');
    out.push('<rect x="' + n2(x0) + '" y="' + n2(y0) + '" width="' + n2(w) + '" height="' + n2(h) + '" fill="#ffffff"/>');
    (kg.bandBoxes || []).forEach(function (b) {
      out.push('<rect x="' + n2(x0) + '" y="' + n2(b.top) + '" width="' + n2(w) + '" height="' + n2(b.bottom - b.top) + '" fill="#1f4e79" fill-opacity="' + (b.shade ? 0.035 : 0.075) + '"/>');
      out.push('<text x="' + n2(x0 + 10) + '" y="' + n2(b.top + 20) + '" font-size="15" font-weight="bold" fill="#1f4e79">' + esc(b.name) + '</text>');
    });
    (data.hulls || []).forEach(function (hl) {
      out.push('<rect x="' + n2(hl[1]) + '" y="' + n2(hl[2]) + '" width="' + n2(hl[3] - hl[1]) + '" height="' + n2(hl[4] - hl[2]) +
               '" rx="18" fill="#9c755f" fill-opacity="0.06" stroke="#9c755f" stroke-opacity="0.5"/>');
      out.push('<text x="' + n2(hl[1] + hl[5] * 0.5) + '" y="' + n2(hl[2] + hl[5] * 1.1) + '" font-size="' + n2(hl[5]) + '" font-weight="bold" fill="#7a5a45">' + esc(hl[0]) + '</text>');
    });
    network.body.edgeIndices.forEach(function (id) { edgeSVG(id, out); });
    network.body.nodeIndices.forEach(function (id) { nodeSVG(id, out, texts); });
    out.push('<g fill="#1d232a" stroke="#ffffff" stroke-width="3" paint-order="stroke">' + texts.join('') + '</g>');
    kg.edgeLabelBoxes().forEach(function (q) {
      out.push('<rect x="' + n2(q.left) + '" y="' + n2(q.top) + '" width="' + n2(q.right - q.left) + '" height="' + n2(q.bottom - q.top) + '" fill="#ffffff" stroke="#b0201f" stroke-width="0.8"/>');
      out.push('<text x="' + n2((q.left + q.right) / 2) + '" y="' + n2((q.top + q.bottom) / 2 + LABEL * 0.35) + '" font-size="' + LABEL + '" font-weight="bold" text-anchor="middle" fill="#8e1b1b">' + esc(q.text) + '</text>');
    });
    out.push('</svg>');
    return out.join('\n');
  };

  /* ---- buttons ---------------------------------------------------------------------------------- */
  function download(name, href) {
    var a = document.createElement('a');
    a.download = name;
    a.href = href;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  var base = data.view || 'network';
  document.getElementById('kg-png').addEventListener('click', function () {
    var scale = Number(document.getElementById('kg-scale').value) || 3;
    download(base + '@' + scale + 'x.png', kg.exportPNG(scale));
  });
  document.getElementById('kg-svg').addEventListener('click', function () {
    var url = URL.createObjectURL(new Blob([kg.exportSVG()], { type: 'image/svg+xml' }));
    download(base + '.svg', url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
})();
