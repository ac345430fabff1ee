/* policy-kg network page, part 2 of 3: the legend (which doubles as the class / role / relation filter),
 * the plan, jurisdiction and year filters, and a plan's tasks shown on click.
 * One state decides what is shown: a node is shown when its class is ticked and (if it belongs to plans)
 * one of its plans passes all three filters; an edge when its relation is ticked and it does not stand for
 * an expanded plan's tasks (a plan → agency line gives way to the task → agency lines it counts). */
(function () {
  'use strict';
  var kg = window.kgViz, data = kg.data, CLS = data.classes, REL = data.relations, MORE = data.more || {};
  var nodes = kg.nodes, edges = kg.edges, el = kg.el, SVGNS = 'http://www.w3.org/2000/svg';
  var plans = data.plans || [];
  var state = { cls: {}, rel: {}, jur: {}, year: {}, plan: {}, expanded: new Set() };
  var planOn = plans.map(function () { return true; });
  var moreOf = new Map();  // a task waiting in the page → its plan
  Object.keys(MORE).forEach(function (k) { MORE[k].nodes.forEach(function (n) { moreOf.set(n.id, k); }); });
  kg.state = state;

  function jurKey(p) { return p.j || '—'; }
  function yearKey(p) { return p.y || '—'; }
  function nodeShown(n) {
    if (!n || state.cls[n.c] === false) return false;
    if (!n.p || !n.p.length || !plans.length) return true;
    return n.p.some(function (i) { return planOn[i]; });
  }
  function edgeShown(e) { return !!e && state.rel[e.r] !== false && !(e.sm && state.expanded.has(e.sm)); }
  function apply() {
    planOn = plans.map(function (p, i) {
      return state.plan[i] !== false && state.jur[jurKey(p)] !== false && state.year[yearKey(p)] !== false;
    });
    var nu = [], eu = [];
    nodes.forEach(function (v) { var hide = !nodeShown(kg.byId.get(v.id)); if (!!v.hidden !== hide) nu.push({ id: v.id, hidden: hide }); });
    edges.forEach(function (v) { var hide = !edgeShown(kg.edgeById.get(v.id)); if (!!v.hidden !== hide) eu.push({ id: v.id, hidden: hide }); });
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
    kg.onChange.forEach(function (f) { f(); });
  }
  kg.apply = apply;
  kg.shownPlans = function () { return plans.filter(function (p, i) { return planOn[i]; }).map(function (p) { return p.id; }); };

  /* ---- a plan's tasks, on click ------------------------------------------------------------ */
  function syncMoreEdges() {  // the task edges of expanded plans whose two ends are on the page, and no others
    var want = new Map();
    state.expanded.forEach(function (pid) {
      MORE[pid].edges.forEach(function (e, k) { if (nodes.get(e.f) && nodes.get(e.t)) want.set('m' + k + '|' + pid, e); });
    });
    var have = edges.getIds({ filter: function (v) { return typeof v.id === 'string'; } });
    var gone = have.filter(function (id) { return !want.has(id); });
    if (gone.length) edges.remove(gone);
    var haveSet = new Set(have), add = [];
    want.forEach(function (e, id) { if (!haveSet.has(id)) add.push(kg.visEdge(e, id)); });
    if (add.length) edges.add(add);
  }
  function expand(ids) {
    ids = ids.filter(function (id) { return MORE[id] && !state.expanded.has(id); });
    if (!ids.length) return;
    var add = [];
    ids.forEach(function (id) {
      state.expanded.add(id);
      MORE[id].nodes.forEach(function (n) { if (!nodes.get(n.id)) add.push(kg.visNode(n)); });
    });
    nodes.add(add);
    syncMoreEdges();
    apply();
  }
  function collapse(ids) {
    ids = ids.filter(function (id) { return state.expanded.has(id); });
    if (!ids.length) return;
    ids.forEach(function (id) {
      state.expanded.delete(id);
      nodes.remove(MORE[id].nodes.map(function (n) { return n.id; }));
    });
    syncMoreEdges();
    apply();
  }
  kg.expand = function (id) { expand([id]); };
  kg.collapse = function (id) { collapse([id]); };
  kg.toggle = function (id) { if (state.expanded.has(id)) collapse([id]); else expand([id]); };
  kg.reveal = function (id) {  // search: a waiting task comes with its plan's tasks; a hidden node is shown
    if (moreOf.has(id)) expand([moreOf.get(id)]);
    nodes.update({ id: id, hidden: false });
  };
  var allTasks = document.getElementById('kg-tasks');
  if (Object.keys(MORE).length) {
    allTasks.style.display = '';
    allTasks.addEventListener('click', function () {
      var keys = Object.keys(MORE), open = keys.some(function (k) { return !state.expanded.has(k); });
      if (open) expand(keys); else collapse(keys);
      allTasks.textContent = open ? '收起任务 hide tasks' : '全部任务 all tasks';
    });
  }

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
    g.setAttribute('fill', color); g.setAttribute('stroke', kg.darker(color));
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
    lab.appendChild(box);
    if (icon) lab.appendChild(icon);
    lab.appendChild(el('span', null, text));
    if (count != null) lab.appendChild(el('span', 'kg-count', String(count)));
    li.appendChild(lab);
    list.appendChild(li);
    return box;
  }
  var classList = document.getElementById('kg-classes');
  Object.keys(CLS).forEach(function (k) {
    var c = CLS[k];
    item(classList, glyph(c.shape, c.color), c.zh + ' ' + c.en, c.count, k, 'class', function (on) { state.cls[k] = on; apply(); });
  });
  var roleList = document.getElementById('kg-roles'), relList = document.getElementById('kg-rels');
  Object.keys(REL).forEach(function (k) {
    var r = REL[k];
    item(r.role ? roleList : relList, line(r), (r.zh ? r.zh + ' ' : '') + r.en, r.count, k, r.role ? 'role' : 'rel',
      function (on) { state.rel[k] = on; apply(); });
  });
  if (!roleList.children.length) document.getElementById('kg-roles-section').style.display = 'none';
  if (!relList.children.length) document.getElementById('kg-rels-section').style.display = 'none';

  /* ---- plan, jurisdiction and year filters (shown when the view spans two plans or more) ------ */
  function tally(key) {
    var seen = new Map();
    plans.forEach(function (p) { var k = key(p); seen.set(k, (seen.get(k) || 0) + 1); });
    return seen;
  }
  function group(title, boxes) {
    var sec = el('div', 'kg-filter-group'), head = el('div', 'kg-filter-head'), list = el('ul');
    head.appendChild(el('span', null, title));
    [['全选', true], ['清除', false]].forEach(function (b) {
      var btn = el('button', 'kg-mini', b[0]);
      btn.type = 'button';
      btn.addEventListener('click', function () { boxes().forEach(function (x) { x.checked = b[1]; x.dispatchEvent(new Event('change')); }); });
      head.appendChild(btn);
    });
    sec.appendChild(head); sec.appendChild(list);
    return { sec: sec, list: list };
  }
  if (plans.length >= 2) {
    var host = document.getElementById('kg-filters');
    document.getElementById('kg-filter-section').style.display = '';
    var jurs = group('行政区 jurisdiction', function () { return Array.from(jurs.list.querySelectorAll('input')); });
    var order = [];
    plans.forEach(function (p) { if (order.indexOf(jurKey(p)) < 0) order.push(jurKey(p)); });
    var jt = tally(jurKey);
    order.forEach(function (k) { item(jurs.list, null, k, jt.get(k), k, 'jur', function (on) { state.jur[k] = on; apply(); }); });
    var years = group('年份 year', function () { return Array.from(years.list.querySelectorAll('input')); });
    var yt = tally(yearKey);
    Array.from(yt.keys()).sort().forEach(function (k) { item(years.list, null, k, yt.get(k), k, 'year', function (on) { state.year[k] = on; apply(); }); });
    var pl = group('方案 plan', function () { return Array.from(pl.list.querySelectorAll('input')); });
    pl.list.className = 'kg-plan-list';
    plans.forEach(function (p, i) { item(pl.list, null, p.l, null, String(i), 'plan', function (on) { state.plan[i] = on; apply(); }); });
    [jurs, years, pl].forEach(function (g) { host.appendChild(g.sec); });
  }
})();
