// The benchmark's baseline: a minimal virtual log viewer in plain JavaScript, fed by the same
// Zadig stream. It does the least a viewer must (Zadig's \r pieces, fixed-height virtual rows,
// text nodes only) and nothing more, so the console's figures have something to be compared to.
(function () {
  'use strict';
  const ROW = 20, OVERSCAN = 20;
  const log = document.getElementById('log');
  const space = document.getElementById('space');
  const status = document.getElementById('status');
  const lines = [];
  let partial = null, dirty = false;

  function render() {
    dirty = false;
    space.style.height = (lines.length * ROW) + 'px';
    const first = Math.max(0, Math.floor(log.scrollTop / ROW) - OVERSCAN);
    const last = Math.min(lines.length, first + Math.ceil(log.clientHeight / ROW) + 2 * OVERSCAN);
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) {
      const d = document.createElement('div');
      d.className = 'row';
      d.style.top = (i * ROW) + 'px';
      // eslint-disable-next-line no-control-regex
      d.textContent = (i + 1) + ' ' + lines[i].replace(/\x1b\[[0-9;]*m/g, '');
      frag.appendChild(d);
    }
    space.replaceChildren(frag);
    status.textContent = lines.length + ' lines';
  }
  function schedule() {
    if (!dirty) { dirty = true; requestAnimationFrame(render); }
  }
  log.addEventListener('scroll', schedule);

  function onData(data) {
    if (data.endsWith('\n\\r')) { end(data.slice(0, -3)); }
    else if (data.endsWith('\\r')) { partial = (partial || '') + data.slice(0, -2) + '\r'; }
    else if (data.endsWith('\n')) { end(data.slice(0, -1)); }
    else { end(data); }
  }
  function end(text) {
    const full = partial === null ? text : partial + text;
    partial = null;
    const cr = full.lastIndexOf('\r');
    lines.push(cr >= 0 ? full.slice(cr + 1) : full);
    schedule();
  }

  const cfg = JSON.parse(sessionStorage.getItem('bench') || '{}');
  const base = '/openapi/logs';
  const path = '/v4/workflow/' + encodeURIComponent(cfg.wf) + '/' + cfg.task + '/' + encodeURIComponent(cfg.job);
  window.__bench = { lines: lines, done: false };

  if (cfg.mode === 'idle') {
    window.__bench.done = true;
  } else if (cfg.mode === 'live') {
    const es = new EventSource(base + '/sse' + path + '/-1?token=' + encodeURIComponent(cfg.token));
    es.onmessage = function (e) { onData(e.data); };
    es.onerror = function () { es.close(); window.__bench.done = true; };
  } else {
    fetch(base + '/log' + path, { headers: { Authorization: 'Bearer ' + cfg.token } })
      .then(function (r) { return r.text(); })
      .then(function (text) {
        performance.mark('bl:log-downloaded');
        const parts = text.split('\n');
        if (parts.length && parts[parts.length - 1] === '') parts.pop();
        for (const p of parts) { const cr = p.lastIndexOf('\r'); lines.push(cr >= 0 ? p.slice(cr + 1) : p); }
        render();
        requestAnimationFrame(function () { requestAnimationFrame(function () {
          performance.mark('bl:log-painted');
          window.__bench.done = true;
        }); });
      });
  }

  // Whole-log search, case-insensitive, counting every match.
  window.__benchSearch = function (needle) {
    needle = needle.toLowerCase();
    performance.mark('bl:search-start');
    let total = 0;
    for (let i = 0; i < lines.length; i++) {
      const hay = lines[i].toLowerCase();
      let at = hay.indexOf(needle);
      while (at >= 0) {
        if (++total === 1) performance.mark('bl:search-first');
        at = hay.indexOf(needle, at + needle.length);
      }
    }
    performance.mark('bl:search-done');
    return total;
  };
})();
