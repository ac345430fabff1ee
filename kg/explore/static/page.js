/* policy-kg query page: YASGUI (YASQE editor + YASR results) pointed at this server's /sparql, the canned
 * queries as a menu whose parameters are bound by the server (/api/bind, the same code as
 * `kg query --name NAME --bind VAR=VALUE`), and the address bar kept as the shareable link of the query.
 * Nothing here reaches another host: the page's Content-Security-Policy allows only its own origin.
 * window.kgPage exposes the state for tests. */
(function () {
  'use strict';
  var ENDPOINT = location.origin + '/sparql';
  var kgPage = window.kgPage = { endpoint: ENDPOINT, ready: false, errors: [], yasgui: null, current: null, answered: 0 };
  window.addEventListener('error', function (ev) { kgPage.errors.push(String(ev.message)); });
  window.addEventListener('unhandledrejection', function (ev) { kgPage.errors.push(String(ev.reason)); });

  var STARTER = [
    '# 各规划的任务数 · Tasks per plan (pick a canned query above for more)',
    'PREFIX pol: <{pol}>', 'PREFIX dcterms: <{dcterms}>', '',
    'SELECT ?plan ?title (COUNT(?task) AS ?tasks) WHERE {',
    '  ?plan a pol:Plan ; dcterms:title ?title ; pol:hasTask ?task .',
    '}', 'GROUP BY ?plan ?title', 'ORDER BY DESC(?tasks)'
  ].join('\n');

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(t.trim() || ('HTTP ' + r.status)); });
      return r.json();
    });
  }

  /* ---- canned queries ---------------------------------------------------------------------------------- */
  function fillMenu(queries) {
    var menu = $('kg-canned');
    queries.forEach(function (q) {
      var o = el('option', null, q.title + '  (' + q.name + ')');
      o.value = q.name;
      menu.appendChild(o);
    });
    menu.addEventListener('change', function () { if (menu.value) pick(menu.value); });
  }
  function byName(name) {
    return kgPage.queries.filter(function (q) { return q.name === name; })[0];
  }
  /* show a canned query: its question, one field per parameter, and its text (defaults bound) in the editor */
  function pick(name) {
    var q = byName(name);
    kgPage.current = q;
    $('kg-canned').value = name;
    $('kg-info').hidden = false;
    $('kg-q-title').textContent = q.title;
    $('kg-q-desc').textContent = q.description || '';
    $('kg-q-error').textContent = '';
    var fields = $('kg-fields');
    fields.textContent = '';
    q.params.forEach(function (p) {
      var label = el('label', 'kg-field');
      label.appendChild(el('span', 'kg-pname', '?' + p.name + (p.optional ? '' : ' *')));
      var input = el('input');
      input.name = p.name;
      input.value = p.default || '';
      input.placeholder = p.example ? 'e.g. ' + p.example : (p.optional ? 'unbound: all' : 'required');
      input.title = p.description;
      label.appendChild(input);
      label.appendChild(el('span', 'kg-pdesc', p.description));
      fields.appendChild(label);
    });
    $('kg-run').textContent = q.params.length ? '绑定并运行 Bind & run' : '运行 Run';
    return load(false);
  }
  function values() {
    var out = {};
    Array.prototype.forEach.call($('kg-fields').querySelectorAll('input'), function (i) { out[i.name] = i.value.trim(); });
    return out;
  }
  /* the canned text with the fields' values bound by the server; into the current tab, run if asked */
  function load(run) {
    var q = kgPage.current, vals = values(), missing = q.params.filter(function (p) { return !p.optional && !vals[p.name]; });
    if (run && missing.length) {
      $('kg-q-error').textContent = '缺少 missing: ' + missing.map(function (p) { return '?' + p.name; }).join(', ');
      return Promise.resolve(null);
    }
    var url = '/api/bind?name=' + encodeURIComponent(q.name);
    Object.keys(vals).forEach(function (k) { if (vals[k]) url += '&bind=' + encodeURIComponent(k + '=' + vals[k]); });
    $('kg-q-error').textContent = '';
    return getJSON(url).then(function (res) {
      var tab = kgPage.yasgui.getTab();
      tab.setQuery(res.query);
      tab.setName(q.title.slice(0, 24));
      if (run) return tab.query();
      return null;
    }).catch(function (err) { $('kg-q-error').textContent = String(err.message || err); });
  }

  /* ---- YASGUI ------------------------------------------------------------------------------------------ */
  function start(prefixes, style) {
    var Y = window.Yasgui;
    Y.Yasr.registerPlugin('network', window.KgNetwork);
    Y.Yasr.defaults.pluginOrder = ['table', 'network', 'response'];
    Y.Yasr.defaults.prefixes = prefixes;
    // the LOV class/property completers fetch from another host: keep the offline ones only
    Y.Yasqe.defaults.autocompleters = ['prefixes', 'variables'];
    Y.Yasqe.defaults.prefixCcApi = '/api/prefixes';  // typing `pol:` declares the prefix the endpoint uses
    Y.Yasqe.defaults.value = STARTER.replace(/\{(\w+)\}/g, function (_, p) { return prefixes[p]; });
    Y.Yasqe.defaults.editorHeight = '260px';
    var yasgui = new Y(document.getElementById('yasgui'), {
      requestConfig: { endpoint: ENDPOINT, method: 'POST' },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: ENDPOINT }]; } },
      // a link made on another machine names its endpoint: this page always queries its own server
      populateFromUrl: function (cfg) { cfg.requestConfig.endpoint = ENDPOINT; return cfg; },
      persistenceId: 'policy-kg',
      tabName: '查询 Query'
    });
    yasgui.on('queryResponse', function (_y, tab) { kgPage.answered += 1; share(tab); });
    yasgui.on('tabSelect', function () { setTimeout(function () { share(yasgui.getTab()); }, 0); });
    kgPage.yasgui = yasgui;
    kgPage.style = style;
    var tab = yasgui.getTab();
    if (tab && tab.getEndpoint() !== ENDPOINT) tab.setEndpoint(ENDPOINT);
  }
  /* the address bar as the tab's share link: reload or send it and the query comes back (and runs) */
  function share(tab) {
    if (!tab) return;
    try { history.replaceState(null, '', tab.getShareableLink(location.origin + location.pathname)); }
    catch (err) { kgPage.errors.push('share link: ' + err.message); }
  }

  Promise.all([getJSON('/api/prefixes'), getJSON('/api/queries'), getJSON('/api/style')]).then(function (all) {
    kgPage.prefixes = all[0]; kgPage.queries = all[1];
    fillMenu(all[1]);
    start(all[0], all[2]);
    $('kg-params').addEventListener('submit', function (ev) { ev.preventDefault(); load(true); });
    kgPage.pick = pick; kgPage.load = load;
    kgPage.ready = true;
    document.documentElement.setAttribute('data-kg-ready', '1');
  }).catch(function (err) {
    kgPage.errors.push(String(err.message || err));
    $('kg-q-error').textContent = 'the page could not start: ' + err.message;
    $('kg-info').hidden = false;
  });
})();
