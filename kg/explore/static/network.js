/* policy-kg query page: the "Network" results tab, a YASR plugin drawing SELECT results with vis-network the
 * way `kg viz` draws (colours, shapes and relation styles from kg.viz.style via /api/style).
 * Every bound value of a row is a node (an IRI styled by its class, looked up on /sparql; a literal as a box
 * coloured by its column; numbers stay in the table), and each row links its values in column order, so rows
 * that share a value meet there; a CONSTRUCT answer draws each triple as an edge in its relation's style.
 * Clicking a node
 * expands it with one query to /sparql: an IRI's subjects and objects (rdf:type left out), or, for a literal,
 * the resources that carry it. Text reaches the page only through textContent and vis-network's plain-text
 * titles. window.kgNet exposes the network for tests. */
(function () {
  'use strict';
  var MAX_ROWS = 500, EXPAND_LIMIT = 150, DESCRIBE_CHUNK = 80;
  var RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
  var LITERAL = { zh: '值', en: 'value', color: '#e9ecef', shape: 'box', size: 10, font: 12 };
  var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
  var PASTEL = ['#d6e4f2', '#fde3c8', '#f7d4d4', '#d8eeeb', '#d9ecd5', '#faf1c8', '#ebdbe7', '#ffe3ea', '#eadfd6'];
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  var NUMERIC = /#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger)$/;
  var kgNet = window.kgNet = { network: null, nodes: null, edges: null, ready: false, busy: 0, errors: [], expanded: {},
                              columns: [] };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function darker(hex) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgb(' + [n >> 16 & 255, n >> 8 & 255, n & 255].map(function (c) { return Math.round(c * 0.7); }).join(',') + ')';
  }
  function short(text, n) {
    text = String(text).replace(/\s+/g, ' ').trim();
    n = n || 14;
    if (text.length <= n) return text;
    var two = text.slice(0, n) + '\n' + text.slice(n, 2 * n);
    return text.length > 2 * n ? two.slice(0, -1) + '…' : two;
  }
  function compact(iri) {
    var p = (window.kgPage && kgPage.prefixes) || {};
    for (var k in p) if (iri.indexOf(p[k]) === 0 && iri.length > p[k].length) return k + ':' + iri.slice(p[k].length);
    return iri;
  }
  function termKey(t) {
    if (t.type === 'uri') return t.value;
    if (t.type === 'bnode') return '_:' + t.value;
    return 'L\u0000' + t.value + '\u0000' + (t['xml:lang'] || '') + '\u0000' + (t.datatype || '');
  }
  /* a term as SPARQL text: IRIs in <>, literals quoted with their language or datatype */
  function sparqlTerm(t) {
    if (t.type === 'uri') return '<' + t.value + '>';
    var s = '"' + t.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r') + '"';
    if (t['xml:lang']) return s + '@' + t['xml:lang'];
    if (t.datatype) return s + '^^<' + t.datatype + '>';
    return s;
  }
  function post(query) {
    kgNet.busy += 1;
    return fetch(kgPage.endpoint, {
      method: 'POST', body: new URLSearchParams({ query: query }),
      headers: { Accept: 'application/sparql-results+json' }
    }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(t.trim() || ('HTTP ' + r.status)); });
      return r.json();
    }).then(function (j) { return j.results.bindings; }).finally(function () { kgNet.busy -= 1; });
  }

  /* ---- styles ------------------------------------------------------------------------------------------ */
  function styles() {
    var st = kgPage.style, groups = {};
    Object.keys(st.classes).concat(['Literal']).forEach(function (k) {
      var c = k === 'Literal' ? LITERAL : st.classes[k];
      groups[k] = {
        shape: c.shape, size: c.size, font: { size: c.font || 12 }, borderWidth: 1,
        color: { background: c.color, border: k === 'Literal' ? '#adb5bd' : darker(c.color),
                 highlight: { background: c.color, border: '#111' }, hover: { background: c.color, border: '#111' } }
      };
    });
    return groups;
  }
  function classKey(types) {
    var best = null, rank = 1e9;
    kgPage.style.priority.forEach(function (p, i) { if (types.indexOf(p[0]) >= 0 && i < rank) { rank = i; best = p[1]; } });
    return best || 'Other';
  }
  /* the IRIs of kg viz's relations (RELATIONS keys in the pol:, prov: and dcterms: namespaces), as SPARQL */
  function knownRelations() {
    var st = kgPage.style, out = [];
    Object.keys(st.relations).forEach(function (k) { st.namespaces.forEach(function (ns) { out.push('<' + ns + k + '>'); }); });
    return out.join(', ');
  }
  function relStyle(pred) {
    var st = kgPage.style, key = null;
    st.namespaces.forEach(function (ns, i) {
      var local = pred.indexOf(ns) === 0 ? pred.slice(ns.length) : null;
      if (key === null && local && (st.relations[local] || i === 0)) key = local;
    });
    key = key || compact(pred);
    if (st.relations[key]) return { key: key, st: st.relations[key] };
    var h = 0;
    for (var i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
    return { key: key, st: { zh: '', en: key, color: PALETTE[h % PALETTE.length], dashes: false, width: 1.2, arrow: true } };
  }

  /* ---- the graph --------------------------------------------------------------------------------------- */
  function isNumber(t) {
    return t.type !== 'uri' && t.type !== 'bnode' && (NUMBER.test(t.value) || NUMERIC.test(t.datatype || ''));
  }
  function addTerm(t, near, column) {
    var id = termKey(t);
    if (kgNet.nodes.get(id)) return id;
    var n = { id: id, term: t, group: t.type === 'uri' ? 'Other' : 'Literal' };
    if (n.group === 'Literal' && column != null) {
      var c = kgNet.columns.indexOf(column) % PASTEL.length;
      n.column = column;
      n.color = { background: PASTEL[c], border: PALETTE[c], highlight: { background: PASTEL[c], border: '#111' },
                  hover: { background: PASTEL[c], border: '#111' } };
    }
    n.label = t.type === 'uri' ? short(compact(t.value), 18) : short(t.value);
    n.title = t.type === 'uri' ? t.value : t.value + (t['xml:lang'] ? ' @' + t['xml:lang'] : '');
    if (near) { n.x = near.x + (Math.random() - 0.5) * 120; n.y = near.y + (Math.random() - 0.5) * 120; }
    kgNet.nodes.add(n);
    return id;
  }
  function addEdge(from, to, rel, title) {
    var id = from + '\u0001' + to + '\u0001' + (rel ? rel.key : '');
    if (from === to || kgNet.edges.get(id)) return;
    var e = { id: id, from: from, to: to, title: title };
    if (rel) {
      e.color = { color: rel.st.color, highlight: '#111', hover: '#111', opacity: 0.9 };
      e.width = rel.st.width; e.dashes = rel.st.dashes;
      if (rel.st.arrow) e.arrows = { to: { enabled: true, scaleFactor: 0.45 } };
    } else {
      e.color = { color: '#9aa5b1', highlight: '#111', hover: '#111', opacity: 0.8 };
      e.width = 1.2;
    }
    kgNet.edges.add(e);
  }
  function fromRows(vars, rows) {
    rows.slice(0, MAX_ROWS).forEach(function (row) {
      var prev = null, prevVar = null;
      vars.forEach(function (v) {
        if (!row[v] || isNumber(row[v])) return;
        var id = addTerm(row[v], null, v);
        if (prev !== null) addEdge(prev, id, null, '?' + prevVar + ' — ?' + v);
        prev = id; prevVar = v;
      });
    });
  }
  /* a CONSTRUCT/DESCRIBE answer: each triple an edge subject → object in its relation's style, as kg viz draws */
  function fromTriples(bindings) {
    bindings.slice(0, MAX_ROWS).forEach(function (b) {
      if (b.predicate.value === RDF_TYPE || isNumber(b.object)) return;
      var s = addTerm(b.subject, null, 'subject'), o = addTerm(b.object, null, 'object');
      addEdge(s, o, relStyle(b.predicate.value), compact(b.predicate.value));
    });
  }
  /* class and label of each IRI node not yet described, from /sparql */
  function describe(ids) {
    ids = ids.filter(function (id) { var n = kgNet.nodes.get(id); return n && n.term.type === 'uri' && !n.described; });
    var chunks = [];
    for (var i = 0; i < ids.length; i += DESCRIBE_CHUNK) chunks.push(ids.slice(i, i + DESCRIBE_CHUNK));
    return Promise.all(chunks.map(function (chunk) {
      var q = 'SELECT ?s ?t ?l WHERE { VALUES ?s { ' + chunk.map(function (id) { return '<' + id + '>'; }).join(' ') +
        ' } OPTIONAL { ?s <' + RDF_TYPE + '> ?t } OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label>|' +
        '<http://purl.org/dc/terms/title>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }';
      return post(q).then(function (rows) {
        var info = {};
        rows.forEach(function (r) {
          var d = info[r.s.value] = info[r.s.value] || { types: [], label: null };
          if (r.t) d.types.push(r.t.value);
          if (r.l && (!d.label || (r.l['xml:lang'] === 'zh' && d.lang !== 'zh'))) { d.label = r.l.value; d.lang = r.l['xml:lang']; }
        });
        kgNet.nodes.update(Object.keys(info).map(function (iri) {
          var d = info[iri], key = classKey(d.types), cls = kgPage.style.classes[key];
          var tail = iri.replace(/\/+$/, '').split(/[\/#]/).pop();
          return { id: iri, group: key, described: true, label: d.label ? short(d.label) : short(cls.zh + ' ' + tail, 18),
                   title: (d.label ? d.label + '\n' : '') + iri + '\n' + cls.zh + ' ' + cls.en };
        }));
      });
    }));
  }
  /* one click: the node's neighbours from /sparql, added around it */
  function expand(id) {
    var n = kgNet.nodes.get(id);
    if (!n || kgNet.expanded[id]) return Promise.resolve(0);
    kgNet.expanded[id] = true;
    var t = sparqlTerm(n.term), q;
    if (n.term.type === 'uri') {  // kg viz's relations first, should the limit cut
      q = 'SELECT ?p ?n ?dir WHERE { { ' + t + ' ?p ?n BIND("out" AS ?dir) } UNION { ?n ?p ' + t +
          ' BIND("in" AS ?dir) } FILTER(isIRI(?n) && ?p != <' + RDF_TYPE + '>) BIND(IF(?p IN (' + knownRelations() +
          '), 0, 1) AS ?rank) } ORDER BY ?rank LIMIT ' + EXPAND_LIMIT;
    } else if (n.term.type === 'bnode') {
      return Promise.resolve(0);
    } else {
      q = 'SELECT DISTINCT ?p ?n ?dir WHERE { ?n ?p ' + t + ' BIND("in" AS ?dir) } LIMIT ' + EXPAND_LIMIT;
    }
    var before = kgNet.nodes.length, at = kgNet.network.getPositions([id])[id];
    status('展开 expanding ' + n.title.split('\n')[0].slice(0, 40) + ' …');
    var cut = false;
    return post(q).then(function (rows) {
      var added = [];
      cut = rows.length >= EXPAND_LIMIT;
      rows.forEach(function (r) {
        var other = addTerm(r.n, at), rel = relStyle(r.p.value), title = compact(r.p.value);
        added.push(other);
        if (r.dir.value === 'out') addEdge(id, other, rel, title); else addEdge(other, id, rel, title);
      });
      return describe(added);
    }).then(function () {
      var grown = kgNet.nodes.length - before;
      status(counts() + ' · +' + grown + ' 个邻居 neighbours of ' + n.title.split('\n')[0].slice(0, 40) +
             (cut ? ' (the first ' + EXPAND_LIMIT + ' links)' : ''));
      settle();
      return grown;
    }).catch(function (err) {
      delete kgNet.expanded[id];  // a later click may try again
      kgNet.errors.push(String(err.message || err));
      status('expand failed: ' + err.message);
    });
  }

  /* ---- drawing ----------------------------------------------------------------------------------------- */
  var statusEl = null, legendEl = null;
  function status(text) { if (statusEl) statusEl.textContent = text; }
  function counts() { return kgNet.nodes.length + ' 节点 nodes · ' + kgNet.edges.length + ' 边 edges'; }
  function settle() {
    var net = kgNet.network;
    net.setOptions({ physics: { enabled: true } });
    net.stabilize(300);
    net.once('stabilizationIterationsDone', function () { net.setOptions({ physics: { enabled: false } }); });
    legend();
  }
  function legend() {
    if (!legendEl) return;
    var seen = {}, cols = {};
    kgNet.nodes.forEach(function (n) {
      if (n.column != null) cols[n.column] = (cols[n.column] || 0) + 1;
      else seen[n.group] = (seen[n.group] || 0) + 1;
    });
    legendEl.textContent = '';
    function chip(color, border, text) {
      var item = el('span', 'kg-chip'), dot = el('i');
      dot.style.background = color; dot.style.borderColor = border;
      item.appendChild(dot); item.appendChild(document.createTextNode(text));
      legendEl.appendChild(item);
    }
    Object.keys(seen).forEach(function (k) {
      var c = k === 'Literal' ? LITERAL : kgPage.style.classes[k];
      chip(c.color, darker(c.color), c.zh + ' ' + c.en + ' ' + seen[k]);
    });
    kgNet.columns.forEach(function (v, i) {
      if (cols[v]) chip(PASTEL[i % PASTEL.length], PALETTE[i % PALETTE.length], '?' + v + ' 值 values ' + cols[v]);
    });
  }
  function draw(box, vars, rows, graph) {
    var container = el('div', 'kg-net-canvas');
    statusEl = el('div', 'kg-net-status');
    legendEl = el('div', 'kg-net-legend');
    var note = el('div', 'kg-net-note', (graph ? '每个三元组一条边 · each triple is an edge subject → object; '
      : '每行的值按列顺序相连 · each row links its values in column order; ') +
      '点击节点展开邻居 click a node to expand its neighbours; numbers stay in the table' +
      (rows.length > MAX_ROWS ? ' · first ' + MAX_ROWS + ' of ' + rows.length + (graph ? ' triples' : ' rows') : ''));
    box.appendChild(note); box.appendChild(legendEl); box.appendChild(container); box.appendChild(statusEl);
    kgNet.nodes = new vis.DataSet(); kgNet.edges = new vis.DataSet(); kgNet.expanded = {}; kgNet.ready = false;
    kgNet.columns = vars.slice();
    if (graph) fromTriples(rows); else fromRows(vars, rows);
    var font = kgPage.style.font;
    kgNet.network = new vis.Network(container, { nodes: kgNet.nodes, edges: kgNet.edges }, {
      groups: styles(),
      nodes: { font: { face: font, size: 13, color: '#1d232a', strokeWidth: 3, strokeColor: '#ffffff' } },
      edges: { font: { face: font, size: 11 }, smooth: { enabled: true, type: 'continuous', roundness: 0.3 }, selectionWidth: 1.5 },
      interaction: { hover: true, tooltipDelay: 150 },
      layout: { improvedLayout: kgNet.nodes.length < 150, randomSeed: 7 },
      physics: { enabled: true, solver: 'forceAtlas2Based', stabilization: { enabled: true, iterations: 300, fit: true },
                 forceAtlas2Based: { gravitationalConstant: -60, centralGravity: 0.015, springLength: 80, springConstant: 0.06, avoidOverlap: 0.8 } }
    });
    kgNet.network.once('stabilizationIterationsDone', function () {
      kgNet.network.setOptions({ physics: { enabled: false } });
      kgNet.network.fit({ maxZoomLevel: 1.4, animation: false });
    });
    kgNet.network.on('click', function (p) { if (p.nodes.length === 1) expand(p.nodes[0]); });
    status(counts() + ' · 读取类别 looking up classes …');
    legend();
    describe(kgNet.nodes.getIds()).then(function () {
      legend();
      status(counts());
      kgNet.ready = true;
    }).catch(function (err) { kgNet.errors.push(String(err.message || err)); status('class lookup failed: ' + err.message); });
  }

  /* ---- the YASR plugin --------------------------------------------------------------------------------- */
  function KgNetwork(yasr) { this.yasr = yasr; }
  KgNetwork.prototype.priority = 5;
  KgNetwork.prototype.label = 'Network 网络';
  KgNetwork.prototype.canHandleResults = function () {
    var r = this.yasr.results;
    return !!(r && r.getBindings && r.getBindings() && r.getVariables && r.getVariables().length);
  };
  KgNetwork.prototype.getIcon = function () {
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24'); svg.setAttribute('width', '16'); svg.setAttribute('height', '16');
    [[5, 6], [19, 5], [12, 18]].forEach(function (c) {
      var k = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
      k.setAttribute('cx', c[0]); k.setAttribute('cy', c[1]); k.setAttribute('r', 3); svg.appendChild(k);
    });
    var l = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    l.setAttribute('d', 'M5 6L19 5L12 18Z'); l.setAttribute('fill', 'none'); l.setAttribute('stroke', 'currentColor');
    svg.appendChild(l);
    var span = el('span'); span.appendChild(svg);
    return span;
  };
  KgNetwork.prototype.draw = function () {
    var box = el('div', 'kg-net');
    this.yasr.resultsEl.appendChild(box);
    var r = this.yasr.results, graph = !!(r.getStatements && r.getStatements());
    draw(box, r.getVariables(), r.getBindings(), graph);
  };
  KgNetwork.prototype.download = function () {
    return {
      contentType: 'application/json', filename: 'network.json', title: 'Download the network (JSON)',
      getData: function () {
        return JSON.stringify({ nodes: kgNet.nodes.get({ fields: ['id', 'label', 'group'] }),
                                edges: kgNet.edges.get({ fields: ['from', 'to', 'title'] }) }, null, 1);
      }
    };
  };
  KgNetwork.prototype.destroy = function () {
    if (kgNet.network) kgNet.network.destroy();
    kgNet.network = null; kgNet.ready = false;
  };
  kgNet.expand = expand;
  window.KgNetwork = KgNetwork;
})();
