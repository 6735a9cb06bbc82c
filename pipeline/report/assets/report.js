// spravka report: sorting and filtering of the index, selection and keys in
// the page views, and the decisions of the review server (pages served by
// `spravka review` carry a token in <meta name="spravka-token">).
'use strict';
(function () {
  const $ = (s, e) => (e || document).querySelector(s);
  const $$ = (s, e) => [...(e || document).querySelectorAll(s)];
  // typing: the focus is in a field that takes text (the keys are its own)
  const typing = () => {
    const a = document.activeElement;
    return !!a && (a.tagName === 'TEXTAREA' || (a.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes(a.type)));
  };
  // onKeyUp runs fn when the key is released: a field focused on key down
  // would otherwise receive the key's own character
  const onKeyUp = (key, fn) => document.addEventListener('keyup', function once(e) {
    if (e.key === key) { document.removeEventListener('keyup', once); fn(); }
  });

  // ---- index: a table of the pages drawn from the rows in #pages-data, a
  // screenful at a time, sorted by any column and filtered ----
  const pct = v => (v * 100).toFixed(1) + ' %';
  const fileLabels = { '.txt': 'text', '.ocr.txt': 'raw OCR', '.hocr': 'hOCR', '.alto.xml': 'ALTO', '.prep.png': 'image' };
  // the columns: the row's field to sort by, and how a cell shows it
  const columns = [
    { key: 'name' }, { key: 'status' }, { key: 'words', num: 1 }, { key: 'conf', num: 1, fmt: v => v.toFixed(1) },
    { key: 'applied', num: 1 }, { key: 'suggested', num: 1 }, { key: 'cer_raw', num: 1, fmt: pct }, { key: 'cer', num: 1, fmt: pct },
    { key: 'wer_raw', num: 1, fmt: pct }, { key: 'wer', num: 1, fmt: pct }, { key: 'fixed', num: 1 }, { key: 'broken', num: 1 }, {},
    { key: 'reviewed', num: 1 },
  ];
  const chunk = 200;
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function link(href, text) { const a = el('a', '', text); a.href = href; return a; }
  function rowOf(r) {
    const tr = el('tr', r.status !== 'ok' ? 'failed' : '');
    const first = el('td');
    first.appendChild(link(r.link + '.html', r.name));
    tr.appendChild(first);
    const st = el('td', '', r.status);
    if (r.error) st.appendChild(el('div', 'err', r.error));
    tr.appendChild(st);
    columns.slice(2, 12).forEach(c => {
      const v = r[c.key];
      const td = el('td', 'n', v === undefined ? '' : (c.fmt ? c.fmt(v) : String(v)));
      if (c.key === 'cer' && v !== undefined) td.classList.add(v < r.cer_raw ? 'better' : v > r.cer_raw ? 'worse' : 'same');
      if (c.key === 'broken' && v > 0) td.classList.add('worse');
      tr.appendChild(td);
    });
    const files = el('td', 'links');
    r.files.forEach(ext => { files.appendChild(link(r.link + ext, fileLabels[ext] || ext)); files.append(' '); });
    files.appendChild(link(r.link + '.json', 'record'));
    tr.appendChild(files);
    if (r.review) {
      const rv = r.review;
      const td = el('td', 'n', (rv.total ? rv.decided + ' of ' + rv.total + ' decided' : 'nothing to decide') + (rv.done ? ' · reviewed' : ''));
      if (rv.done) td.classList.add('better');
      tr.appendChild(td);
    } else if (document.body.classList.contains('review')) tr.appendChild(el('td'));
    return tr;
  }
  function initIndex() {
    const table = $('#pages'), data = $('#pages-data');
    if (!table || !data) return;
    const rows = JSON.parse(data.textContent);
    // the review's column sorts pages by how far their review has come
    rows.forEach(r => { if (r.review) r.reviewed = (r.review.done ? 1 : 0) + (r.review.total ? r.review.decided / r.review.total / 2 : 0.5); });
    const body = table.tBodies[0], more = $('#more'), form = $('#filters'), shown = $('#shown');
    let list = rows, drawn = 0;
    const draw = (n) => {
      const frag = document.createDocumentFragment();
      for (; drawn < Math.min(n, list.length); drawn++) frag.appendChild(rowOf(list[drawn]));
      body.appendChild(frag);
      more.textContent = drawn < list.length ? `showing ${drawn} of ${list.length}; scroll for more` : '';
    };
    const redraw = () => { body.textContent = ''; drawn = 0; draw(chunk); };
    const filter = () => {
      const failed = form.elements.failed.checked, sugg = form.elements.suggested.checked;
      const cer = parseFloat(form.elements.cer.value);
      const q = form.elements.q.value.trim().toLowerCase();
      list = rows.filter(r => !(failed && r.status === 'ok') && !(sugg && !(r.suggested > 0)) &&
        !(!isNaN(cer) && !(r.cer !== undefined && r.cer * 100 > cer)) && !(q && !r.name.toLowerCase().includes(q)));
      if (sortKey) list.sort(sortKey);
      shown.textContent = list.length + ' of ' + rows.length + ' pages';
      redraw();
    };
    let sortKey = null;
    $$('thead th', table).forEach((th, col) => {
      const c = columns[col];
      if (!th.dataset.sort) return;
      th.addEventListener('click', () => {
        const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        $$('thead th', table).forEach(h => h.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        const coll = new Intl.Collator('ru');
        sortKey = (a, b) => {
          const x = a[c.key], y = b[c.key];
          // pages without the value last, whatever the direction
          if (x === undefined || y === undefined) return (x === undefined) - (y === undefined);
          return dir * (c.num ? x - y : coll.compare(x, y));
        };
        filter();
      });
    });
    form.addEventListener('input', filter);
    form.addEventListener('submit', e => e.preventDefault());
    new IntersectionObserver(es => { if (es.some(e => e.isIntersecting) && drawn < list.length) draw(drawn + chunk); }).observe(more);
    filter();
  }

  // ---- page view: selection of words and corrections ----
  let current = null; // {c: index} or {w: index}
  function select(sel, scroll) {
    $$('.sel').forEach(e => e.classList.remove('sel'));
    current = sel;
    if (!sel) return;
    let words;
    if (sel.c !== undefined) {
      const row = $(`tr[data-c="${sel.c}"]`);
      if (row) { row.classList.add('sel'); if (scroll) row.scrollIntoView({ block: 'nearest' }); }
      words = $$(`rect[data-c="${sel.c}"]`).map(r => r.dataset.w);
      if (!words.length) words = $$(`#t-ocr [data-c="${sel.c}"]`).map(r => r.dataset.w);
    } else {
      words = [String(sel.w)];
    }
    words.forEach(w => $$(`[data-w="${w}"]`).forEach(e => e.classList.add('sel')));
    if (scroll && words.length) {
      const r = $(`rect[data-w="${words[0]}"]`);
      if (r) r.scrollIntoView({ block: 'center', inline: 'center' });
      const t = $(`#t-fixed [data-w="${words[0]}"]`) || $(`#t-ocr [data-w="${words[0]}"]`);
      if (t) t.scrollIntoView({ block: 'nearest' });
    }
    showWord(words[0]);
    if (history.replaceState) history.replaceState(null, '', sel.c !== undefined ? '#c' + sel.c : '#w' + sel.w);
  }
  function showWord(w) {
    const box = $('#word');
    if (!box) return;
    const r = w !== undefined && $(`rect[data-w="${w}"]`);
    if (!r) { box.hidden = true; return; }
    box.textContent = r.querySelector('title').textContent;
    box.hidden = false;
  }
  function corrections() { return $$('#corrections tbody tr').map(r => +r.dataset.c); }
  function step(d, onlyOpen) {
    const cs = corrections();
    if (!cs.length) return;
    let i = current && current.c !== undefined ? cs.indexOf(current.c) : (d > 0 ? -1 : cs.length);
    for (let k = 0; k < cs.length; k++) {
      i += d;
      if (i < 0 || i >= cs.length) return;
      const row = $(`tr[data-c="${cs[i]}"]`);
      if (!onlyOpen || row.classList.contains('open')) { select({ c: cs[i] }, true); return; }
    }
  }
  function zoom(f) {
    const z = $('#zoom');
    if (!z) return;
    const now = parseFloat(z.dataset.z || '1') * f;
    const v = Math.min(6, Math.max(0.5, now));
    z.dataset.z = v;
    z.style.width = (v * 100) + '%';
    if (current) select(current, true);
  }
  function go(sel) { const a = $(sel); if (a) location.href = a.href; }

  function initPage() {
    if (!document.body.classList.contains('pageview')) return;
    document.addEventListener('click', e => {
      const t = e.target.closest('[data-w], tr[data-c]');
      if (!t) return;
      if (t.dataset.c !== undefined) select({ c: +t.dataset.c }, true);
      else select({ w: +t.dataset.w }, true);
      if (review && e.detail === 2 && current) edit();
    });
    document.addEventListener('keydown', e => {
      if (typing() || e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key;
      if (k === 'j' || k === 'ArrowDown') step(1);
      else if (k === 'k' || k === 'ArrowUp') step(-1);
      else if (k === 'n') go('#next');
      else if (k === 'p') go('#prev');
      else if (k === 'i') go('a.up');
      else if (k === '+' || k === '=') zoom(1.25);
      else if (k === '-') zoom(0.8);
      else if (k === 'Escape') select(null);
      else if (review && reviewKey(k)) { /* handled */ }
      else return;
      e.preventDefault();
    });
    const h = location.hash;
    if (/^#c\d+$/.test(h)) select({ c: +h.slice(2) }, true);
    else if (/^#w\d+$/.test(h)) select({ w: +h.slice(2) }, true);
  }

  // ---- review: decisions through the server ----
  const tokenMeta = $('meta[name="spravka-token"]');
  const review = tokenMeta ? { token: tokenMeta.content, page: ($('meta[name="spravka-page"]') || {}).content } : null;

  function toast(msg, bad) {
    let t = $('.toast');
    if (!t) { t = document.createElement('div'); t.className = 'toast'; document.body.appendChild(t); }
    t.textContent = msg;
    t.classList.toggle('bad', !!bad);
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => t.remove(), bad ? 6000 : 1500);
  }
  async function post(url, body) {
    const res = await fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Spravka-Token': review.token },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error((await res.text()) || res.statusText);
    return res.json();
  }
  // decide sends decisions and reloads the page at the next selection.
  async function decide(items, next) {
    try {
      await post('/api/decide', { items });
    } catch (err) { toast('not saved: ' + err.message, true); return; }
    sessionStorage.setItem('spravka-scroll', JSON.stringify(scrolls()));
    location.hash = next || (current ? (current.c !== undefined ? 'c' + current.c : 'w' + current.w) : '');
    location.reload();
  }
  function scrolls() { return $$('.scan, .texts, .corrections').map(e => [e.scrollLeft, e.scrollTop]); }
  function restoreScrolls() {
    const s = sessionStorage.getItem('spravka-scroll');
    if (!s) return;
    sessionStorage.removeItem('spravka-scroll');
    JSON.parse(s).forEach((p, i) => { const e = $$('.scan, .texts, .corrections')[i]; if (e) { e.scrollLeft = p[0]; e.scrollTop = p[1]; } });
  }
  // nextOpenAfter names the next undecided correction after c, going round
  // to the first when c was the last (c itself when none is left)
  function nextOpenAfter(c) {
    const cs = corrections(), at = cs.indexOf(c);
    for (let k = 1; k < cs.length; k++) {
      const i = cs[(at + k) % cs.length];
      if ($(`tr[data-c="${i}"]`).classList.contains('open')) return 'c' + i;
    }
    return 'c' + c;
  }
  function item(action, to) {
    if (current.c !== undefined) return { page: review.page, correction: current.c, action, to };
    return { page: review.page, word: current.w, action, to };
  }
  function edit() {
    if (!current) return;
    let text;
    if (current.c !== undefined) text = $(`tr[data-c="${current.c}"] .to`).textContent;
    else { const w = $(`#t-fixed [data-w="${current.w}"]`) || $(`#t-ocr [data-w="${current.w}"]`); text = w ? w.textContent : ''; }
    const box = document.createElement('form');
    box.className = 'editor';
    const label = el('label', '', 'correct text ');
    const input = el('input');
    input.name = 'to';
    input.autocomplete = 'off';
    input.spellcheck = false;
    label.appendChild(input);
    box.appendChild(label);
    box.appendChild(el('div', 'hint', 'Enter saves · Esc cancels'));
    document.body.appendChild(box);
    input.value = text;
    input.focus();
    input.select();
    const close = () => box.remove();
    box.addEventListener('submit', e => {
      e.preventDefault();
      const it = item('edit', input.value);
      const next = current.c !== undefined ? nextOpenAfter(current.c) : null;
      close();
      decide([it], next);
    });
    input.addEventListener('keydown', e => { if (e.key === 'Escape') { e.preventDefault(); close(); } });
  }
  function reviewKey(k) {
    if (k === 'a' || k === 'r') {
      if (!current || current.c === undefined) { toast('select a correction first (j/k)'); return true; }
      decide([item(k === 'a' ? 'accept' : 'reject')], nextOpenAfter(current.c));
      return true;
    }
    if (k === 'e') { if (current) onKeyUp('e', edit); else toast('select a correction or a word first'); return true; }
    if (k === 'c') {
      if (current && current.c !== undefined) {
        const row = $(`tr[data-c="${current.c}"]`);
        location.href = '/concordance?from=' + encodeURIComponent(row.querySelector('.from').textContent) + '&to=' + encodeURIComponent(row.querySelector('.to').textContent);
      } else if (current) {
        const w = $(`#t-ocr [data-w="${current.w}"]`);
        if (w) location.href = '/concordance?reading=' + encodeURIComponent(w.textContent);
      }
      return true;
    }
    if (k === 'm') {
      post('/api/done', { page: review.page, done: !document.body.classList.contains('done') })
        .then(() => location.reload(), err => toast('not saved: ' + err.message, true));
      return true;
    }
    return false;
  }

  // ---- review: concordance (decide every occurrence at once) ----
  function initConcordance() {
    const form = $('#conc');
    if (!form || !review) return;
    const send = (action, to) => {
      // a word nothing was proposed for can be kept or set, not accepted
      const boxes = $$('input[name="occ"]:checked', form).filter(i => action !== 'accept' || i.dataset.corr);
      const items = boxes.map(i => Object.assign(JSON.parse(i.value), { action }, action === 'edit' ? { to, keep_edges: true } : {}));
      if (!items.length) { toast(action === 'accept' ? 'nothing proposed to accept here' : 'nothing ticked'); return; }
      post('/api/decide', { items }).then(() => location.reload(), err => toast('not saved: ' + err.message, true));
    };
    form.addEventListener('submit', e => e.preventDefault());
    $$('button[data-action]', form).forEach(b => b.addEventListener('click', () => send(b.dataset.action, form.elements.to.value)));
    document.addEventListener('keydown', e => {
      if (typing() || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'a') send('accept');
      else if (e.key === 'r') send('reject');
      else if (e.key === 'e') onKeyUp('e', () => { form.elements.to.focus(); form.elements.to.select(); });
      else if (e.key === 'Escape') history.back();
      else return;
      e.preventDefault();
    });
    form.elements.to.addEventListener('keydown', e => {
      if (e.key === 'Enter') { e.preventDefault(); send('edit', form.elements.to.value); }
      if (e.key === 'Escape') { e.preventDefault(); form.elements.to.blur(); }
    });
  }

  initIndex();
  initPage();
  initConcordance();
  if (review) restoreScrolls();
  // the page answers the keys from now on (browser tests wait for this)
  document.documentElement.dataset.ready = '1';
})();
