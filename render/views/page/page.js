/* page.js — ptviz's interactive page: the tree and the timeline linked, a details panel, a time
 * cursor that colours the tree by each process's state, search, "show leaks", zoom and pan.
 *
 * Everything it shows comes from the JSON the page embeds (render/views/page/page_json.c and
 * page_geom.c) and the two pictures ptviz drew. Tree nodes are <g id="tree_pN">, timeline lane
 * labels <g id="lane_pN">, N being the index of the first process the node or lane stands for.
 * It loads nothing, and needs no framework. window.ptviz is a small handle for tests. */
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('ptviz-data').textContent);
  var P = D.procs, G = D.groups, E = D.events, AX = D.axis;
  var NP = P.length, NG = G.length;
  var groupOf = new Int32Array(NP);       /* process → group (node and lane) */
  var laneY = new Float64Array(NG);       /* group → y of its lane, Graphviz points */
  var treeNode = new Array(NG);           /* group → <g> in the tree */
  var holders = new Array(NP);            /* process → [ipc index, holder] */
  var outputs = new Array(NP);
  var state = { sel: -1, selSet: null, hover: -1, cursor: -1, time: null, playing: false,
                matches: [], matchAt: 0 };
  var $ = function (id) { return document.getElementById(id); };
  var treeSvg = document.querySelector('#tree > svg');
  var tlSvg = document.querySelector('#timeline > svg');
  var tlGraph = tlSvg ? tlSvg.querySelector('g.graph') : null;
  var off = { x: 0, y: 0 };               /* Graphviz points → the timeline's SVG coordinates */
  var W = D.words || {};

  /* ---- words ---------------------------------------------------------------------------- */

  function dur(ns) {
    if (ns < 0) return '?';
    var u = [[6e10, 'min'], [1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];
    for (var i = 0; i < u.length; i++) {
      if (ns >= u[i][0] || i === u.length - 1) {
        var v = ns / u[i][0], txt = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
        if (txt.indexOf('.') >= 0) txt = txt.replace(/0+$/, '').replace(/\.$/, '');
        return txt + ' ' + u[i][1];
      }
    }
  }
  function at(ns) { return ns < 0 ? '—' : dur(ns); }
  /* The page's words in the language it was made for (--lang; page_words.c): T the words for
   * the English en, F the same with {0}, {1}… filled in (the translation may reorder them). The
   * words are ptviz's own; what fills them is escaped by the caller where it goes into HTML. */
  function T(en) { return W[en] !== undefined ? W[en] : en; }
  function F(en) {
    var a = arguments;
    return T(en).replace(/\{(\d)\}/g, function (m, k) { return a[+k + 1]; });
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function link(i) {
    if (i < 0 || i >= NP) return '<span class="muted">' + T('outside the trace') + '</span>';
    return '<a class="proc" data-proc="' + i + '" tabindex="0">' + esc(P[i].name) + ' ' +
           esc(P[i].program) + '</a>';
  }
  function quoteArg(a) { return /^[\w@%+=:,./-]+$/.test(a) ? a : "'" + a.replace(/'/g, "'\\''") + "'"; }

  /* ---- index the facts ------------------------------------------------------------------ */

  function index() {
    var g, i;
    for (g = 0; g < NG; g++) {
      var mem = G[g].members || [G[g].rep];
      for (i = 0; i < mem.length; i++) groupOf[mem[i]] = g;
      treeNode[g] = document.getElementById('tree_p' + G[g].rep);
      if (treeNode[g]) {
        treeNode[g].setAttribute('tabindex', '0');
        treeNode[g].setAttribute('role', 'button');
        treeNode[g].dataset.group = g;
      }
    }
    for (i = 0; i < D.lanes.length; i++) laneY[groupOf[D.lanes[i][0]]] = D.lanes[i][1];
    for (i = 0; i < NP; i++) { holders[i] = []; outputs[i] = []; }
    D.ipc.forEach(function (o, k) {
      o.holders.forEach(function (h) { if (h[0] >= 0 && h[0] < NP) holders[h[0]].push([k, h]); });
    });
    D.outputs.forEach(function (o) { if (o[1] >= 0 && o[1] < NP) outputs[o[1]].push(o); });
  }

  /* ---- time ----------------------------------------------------------------------------- */

  /* x of time t on the timeline (timeline_axis_x, compact cuts included). */
  function timeX(t) {
    var x = AX.x0, prev = AX.t0;
    t = Math.min(Math.max(t, AX.t0), AX.t1);
    for (var i = 0; i < AX.cuts.length; i++) {
      var c = AX.cuts[i];
      if (t <= c[0]) break;
      x += (c[0] - prev) * AX.scale;
      if (t < c[1]) return x + AX.cut_w * (t - c[0]) / (c[1] - c[0]);
      x += AX.cut_w;
      prev = c[1];
    }
    return x + (t - prev) * AX.scale;
  }
  /* The inverse: the time at x. */
  function xTime(x) {
    var cx = AX.x0, prev = AX.t0;
    for (var i = 0; i < AX.cuts.length; i++) {
      var c = AX.cuts[i], a = cx + (c[0] - prev) * AX.scale;
      if (x <= a) break;
      if (x < a + AX.cut_w) return c[0] + (c[1] - c[0]) * (x - a) / AX.cut_w;
      cx = a + AX.cut_w;
      prev = c[1];
    }
    var t = prev + (x - cx) / (AX.scale || 1);
    return Math.min(Math.max(t, AX.t0), AX.t1);
  }

  /* What process i was at time t: unborn, running, ready, blocked, stopped, zombie or gone.
   * "ready": a running stretch spent mostly on a run queue (the scheduler's totals for it). */
  function stateAt(i, t) {
    var p = P[i];
    if (t < p.t_start) return 'unborn';
    if (p.t_reap >= 0 && t >= p.t_reap) return 'gone';
    if (p.t_detach !== undefined && t >= p.t_detach) return 'gone';
    if (p.t_zombie >= 0 && t >= p.t_zombie) return 'zombie';
    var iv = p.iv, lo = 0, hi = iv.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (iv[mid][1] <= t) lo = mid + 1;
      else if (iv[mid][0] > t) hi = mid - 1;
      else return ivState(iv[mid]);
    }
    return p.t_exit >= 0 && t >= p.t_exit ? 'running' : (iv.length ? ivState(iv[iv.length - 1]) : 'running');
  }
  function ivState(v) {
    if (v[2] === 'running' && v[4] >= 0 && v[5] > v[4]) return 'ready';
    return v[2];
  }
  /* A group's state: its members' most common one. */
  function groupState(g, t) {
    var mem = G[g].members;
    if (!mem) return stateAt(G[g].rep, t);
    var n = {}, best = null;
    for (var k = 0; k < mem.length; k++) {
      var s = stateAt(mem[k], t);
      n[s] = (n[s] || 0) + 1;
      if (!best || n[s] > n[best]) best = s;
    }
    return best;
  }

  var STATES = ['unborn', 'running', 'ready', 'blocked', 'stopped', 'zombie', 'gone'];
  var STATE_WORDS = { unborn: T('not yet born'), running: T('running'), ready: T('ready (waiting for a CPU)'),
                      blocked: T('blocked'), stopped: T('stopped'), zombie: T('zombie'), gone: T('gone (reaped)') };

  function paintStates() {
    for (var g = 0; g < NG; g++) {
      var n = treeNode[g];
      if (!n) continue;
      var want = state.time === null ? '' : 'st-' + groupState(g, state.time);
      if (n.dataset.st === want) continue;
      if (n.dataset.st) n.classList.remove(n.dataset.st);
      if (want) n.classList.add(want);
      n.dataset.st = want;
    }
    $('legend').hidden = state.time === null;
  }

  function eventWords(e) {
    var p = P[e[2]], who = p ? p.name + ' ' + p.program : '?', o = e[3];
    switch (e[1]) {
    case 'fork': return o >= 0 ? F('{0} is born ({1} forked)', who, P[o].name) : F('{0} is born', who);
    case 'exec': return F('{0} execs {1}', p.name, p.execs[o] ? p.execs[o].name : '?');
    case 'exit': return F('{0} exits ({1})', who, p.status);
    case 'zombie': return F('{0} is a zombie', who);
    case 'reap': return F('{0} reaped by {1}', who, p.reaper_text || '?');
    case 'adopt': return F('{0} adopted by {1}', who, p.adopter_text || '?');
    case 'signal': return F('{0} gets {1}', who, D.signals[o] ? D.signals[o][3] : T('a signal'));
    case 'detach': return F('{0}: ptviz detached', who);
    default: return who + ' ' + e[1];
    }
  }

  /* Put the cursor at event k (index into the events), or at a time between events. */
  function setEvent(k) {
    if (!E.length) return;
    k = Math.max(0, Math.min(E.length - 1, k));
    state.cursor = k;
    setTime(E[k][0], true);
  }
  function setTime(t, fromEvent) {
    state.time = t;
    if (!fromEvent) {
      /* the last event at or before t */
      var lo = 0, hi = E.length - 1, k = -1;
      while (lo <= hi) { var mid = (lo + hi) >> 1; if (E[mid][0] <= t) { k = mid; lo = mid + 1; } else hi = mid - 1; }
      state.cursor = k;
    }
    $('cursor').value = Math.max(0, state.cursor);
    var text = at(t);
    if (state.cursor >= 0 && E[state.cursor][0] === t) text += ': ' + eventWords(E[state.cursor]);
    $('cursor-text').textContent = text;
    drawCursor();
    paintStates();
    if (state.sel >= 0) showDetails(state.sel);
  }
  function clearTime() {
    state.time = null;
    state.cursor = -1;
    $('cursor-text').textContent = T('time cursor off: ← → to step');
    drawCursor();
    paintStates();
  }

  /* ---- the timeline's overlay: lane bands and the cursor line ---------------------------- */

  var svgNS = 'http://www.w3.org/2000/svg';
  var band = { hover: null, sel: [] }, cursorLine = null, cursorHit = null, cursorLabel = null;
  var overlay = null;   /* the cursor's group: over every mark, the late ones (unpack) included */

  /* The page's timeline is drawn without translation (gv_render_mem: notranslate): an SVG
   * point is a Graphviz point with y turned down. */
  function calibrate() {}
  function svgX(x) { return x + off.x; }
  function svgY(y) { return -y + off.y; }

  function mk(tag, attrs, parent, first) {
    var e = document.createElementNS(svgNS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (!parent) return e;
    /* first: just over the picture's background, under everything drawn on it */
    var bg = first ? parent.querySelector(':scope > polygon') : null;
    if (bg) parent.insertBefore(e, bg.nextSibling); else parent.appendChild(e);
    return e;
  }
  /* The timeline's extent, from its background (getBBox would lay out every mark again). */
  var tlBox = null;
  function tlBounds() {
    if (tlBox) return tlBox;
    var bg = tlGraph.querySelector(':scope > polygon'), xs = [], ys = [];
    (bg ? bg.getAttribute('points') : '').trim().split(/\s+/).forEach(function (pt) {
      var v = pt.split(',');
      if (v.length === 2) { xs.push(+v[0]); ys.push(+v[1]); }
    });
    if (!xs.length) return (tlBox = tlGraph.getBBox());
    var x = Math.min.apply(null, xs), y = Math.min.apply(null, ys);
    return (tlBox = { x: x, y: y, width: Math.max.apply(null, xs) - x, height: Math.max.apply(null, ys) - y });
  }
  function laneBand(g, cls) {
    var h = AX.lane_h, bb = tlBounds();
    return mk('rect', { x: bb.x, y: svgY(laneY[g]) - h / 2, width: bb.width, height: h,
                        class: 'lane-band ' + cls }, tlGraph, true);
  }
  function drawBands() {
    if (!tlGraph) return;
    if (band.hover) { band.hover.remove(); band.hover = null; }
    band.sel.forEach(function (b) { b.remove(); });
    band.sel = [];
    if (state.hover >= 0) band.hover = laneBand(state.hover, 'hover');
    var gs = selectedGroups();
    if (gs.length <= 400) gs.forEach(function (g) { band.sel.push(laneBand(g, 'sel')); });
    var lab = document.querySelectorAll('#timeline g.node.lane-sel');
    for (var i = 0; i < lab.length; i++) lab[i].classList.remove('lane-sel');
    gs.forEach(function (g) {
      var l = document.getElementById('lane_p' + G[g].rep);
      if (l) l.classList.add('lane-sel');
    });
  }
  function drawCursor() {
    if (!tlGraph) return;
    if (!cursorLine) {
      var bb = tlBounds();
      cursorHit = mk('line', { class: 'time-cursor-hit', y1: bb.y, y2: bb.y + bb.height }, overlay);
      cursorLine = mk('line', { class: 'time-cursor', y1: bb.y, y2: bb.y + bb.height }, overlay);
      cursorLabel = mk('text', { class: 'time-cursor-label', y: bb.y + 10 }, overlay);
      cursorHit.addEventListener('pointerdown', startScrub);
    }
    var on = state.time !== null;
    [cursorLine, cursorHit, cursorLabel].forEach(function (e) { e.style.display = on ? '' : 'none'; });
    if (!on) return;
    var x = svgX(timeX(state.time));
    cursorLine.setAttribute('x1', x); cursorLine.setAttribute('x2', x);
    cursorHit.setAttribute('x1', x); cursorHit.setAttribute('x2', x);
    cursorLabel.setAttribute('x', x + 3);
    cursorLabel.textContent = at(state.time);
  }
  function svgPoint(svg, ev) {
    var pt = svg.createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    return pt.matrixTransform(tlGraph.getScreenCTM().inverse());
  }
  function startScrub(ev) {
    ev.stopPropagation();
    ev.preventDefault();
    stopPlay();
    var move = function (e) { setTime(xTime(svgPoint(tlSvg, e).x - off.x)); };
    var up = function () { window.removeEventListener('pointermove', move); window.removeEventListener('pointerup', up); };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
  /* The lane under a point of the timeline, as a group, or -1. */
  function laneAt(ev) {
    if (!tlGraph) return -1;
    var y = svgPoint(tlSvg, ev).y, best = -1, bd = AX.lane_h / 2;
    for (var g = 0; g < NG; g++) {
      var d = Math.abs(svgY(laneY[g]) - y);
      if (d < bd) { bd = d; best = g; }
    }
    return best;
  }

  /* ---- selection, hover and the details panel -------------------------------------------- */

  function selectedGroups() {
    var seen = {}, out = [];
    var add = function (i) { var g = groupOf[i]; if (!seen[g]) { seen[g] = 1; out.push(g); } };
    if (state.selSet) state.selSet.forEach(add);
    else if (state.sel >= 0) add(state.sel);
    return out;
  }
  function paintSelection() {
    var sel = {}, gs = selectedGroups();
    gs.forEach(function (g) { sel[g] = 1; });
    for (var g = 0; g < NG; g++) if (treeNode[g]) treeNode[g].classList.toggle('sel', !!sel[g]);
    drawBands();
  }
  function setHover(g) {
    if (g === state.hover) return;
    if (state.hover >= 0 && treeNode[state.hover]) treeNode[state.hover].classList.remove('hover');
    state.hover = g;
    if (g >= 0 && treeNode[g]) treeNode[g].classList.add('hover');
    drawBands();
  }
  function select(i, keepSet) {
    state.sel = i;
    if (!keepSet) { state.selSet = null; setLeaksButton(false); }
    paintSelection();
    if (i >= 0) showDetails(i);
    else $('details').innerHTML = '<p class="muted">' + T('Click a process in the tree or a lane in the timeline.') + '</p>';
  }
  /* A click on a node or lane: the process, or for a folded one the list of its members. */
  function selectGroup(g) {
    if (G[g].members) {
      state.sel = G[g].rep;
      state.selSet = null;
      setLeaksButton(false);
      paintSelection();
      showGroup(g);
    } else select(G[g].rep);
  }

  function stackHtml(st) {
    if (!st) return '';
    return '<pre>' + st.map(function (f) {
      return f.error ? '(' + esc(f.error) + ')' : esc(f.text || '?');
    }).join('\n') + '</pre>';
  }
  function dl(rows) {
    return '<dl>' + rows.filter(function (r) { return r && r[1] !== undefined && r[1] !== ''; })
      .map(function (r) { return '<dt>' + esc(r[0]) + '</dt><dd>' + r[1] + '</dd>'; }).join('') + '</dl>';
  }
  function ipcName(o) {
    return o.kind === 'fifo' ? F('FIFO {0}', esc(o.path || o.ino)) : o.kind === 'shm' ?
           F('shared mapping {0}', o.path ? esc(o.path) : T('anonymous')) : F('pipe {0}', esc(o.ino));
  }

  function showGroup(g) {
    var mem = G[g].members, rep = P[G[g].rep];
    var kind = T(G[g].kind === 'rest' ? 'a subtree summed up in one node' :
                 G[g].kind === 'alike' ? 'alike siblings folded into one node' : 'identical siblings folded into one node');
    var leaked = mem.filter(function (i) { return P[i].leaked; }).length;
    var h = '<h3>' + F('{0} processes', mem.length) + '</h3><p class="muted">' + esc(kind) +
            (leaked ? ' — <span class="leak">' + F('{0} never reaped', leaked) + '</span>' : '') +
            '</p><p class="muted">' + T('The log has every one: pick one to see its facts.') + '</p><ul>';
    mem.slice(0, 500).forEach(function (i) {
      h += '<li>' + link(i) + ' <span class="muted">' + esc(P[i].status) + '</span>' +
           (P[i].leaked ? ' <span class="leak">' + T('never reaped') + '</span>' : '') + '</li>';
    });
    if (mem.length > 500) h += '<li class="muted">… ' + F('{0} more (find them by pid)', mem.length - 500) + '</li>';
    $('details').innerHTML = h + '</ul>' + (rep ? '' : '');
  }

  function showDetails(i) {
    var p = P[i], h = '', k;
    h += '<h3>' + esc(p.name) + ' ' + esc(p.chain) + '</h3>';
    if (state.time !== null) h += '<p>' + F('At {0}:', at(state.time)) + ' <b class="st">' + esc(STATE_WORDS[stateAt(i, state.time)]) + '</b></p>';
    h += dl([
      ['pid', String(p.pid)],
      ['ppid', String(p.ppid) + (p.parent >= 0 ? ' (' + link(p.parent) + ')' : '')],
      [T('made by'), F('{0} at {1}', esc(p.via), at(p.t_start))],
      [T('status'), F(p.t_exit >= 0 ? '{0} at {1}' : '{0}', '<span class="' +
        (p.status_kind === 'killed' || p.status_kind === 'exit_fail' ? 'leak' : '') + '">' + esc(p.status) + '</span>',
        at(p.t_exit))],
      p.t_zombie >= 0 ? [T('zombie'), at(p.t_zombie) + ' → ' + (p.t_reap >= 0 ? at(p.t_reap) : T('end of the log')) +
        ' (' + dur(p.zombie_ns) + ')'] : null,
      p.t_reap >= 0 ? [T('reaped by'), F('{0} at {1}', (p.reaper >= 0 ? link(p.reaper) : esc(p.reaper_text)) +
        (p.reap_via !== p.reaper_text ? F(' ({0})', esc(p.reap_via)) : ''), at(p.t_reap)) +
        (p.reap_precision_ns > 0 ? ' <span class="muted">' + F('(seen going: at most {0} late)', dur(p.reap_precision_ns)) +
         '</span>' : '')] : null,
      p.leaked ? [T('leak'), '<span class="leak">' + T('never waited for by its parent') + '</span>'] : null,
      p.adopter_text !== undefined ? [T('adopted'), F('orphaned; adopted by {0} at {1}', esc(p.adopter_text) +
        (p.adopter >= 0 ? ' ' + link(p.adopter) : ''), at(p.t_adopted))] : null,
      p.threads ? [T('threads'), String(p.threads)] : null,
      p.sid ? [T('session'), String(p.sid) + ' (setsid)'] : null,
      p.pgid ? [T('group'), String(p.pgid)] : null,
    ]);
    if (p.fork_stack) h += '<h4>' + T('Forked at') + '</h4>' + stackHtml(p.fork_stack);
    h += '<h4>' + T('Programs') + '</h4>';
    if (!p.execs.length) h += '<p>' + esc(p.first_program) + ' <span class="muted">' + T("(never exec'd: its parent's program)") + '</span></p>';
    p.execs.forEach(function (e) {
      h += '<p>' + F('{0} at {1}', '<b>' + esc(e.name) + '</b>', at(e.t)) + ' <code>' + esc(e.path || '') + '</code><br><code>' +
           esc(e.argv.map(quoteArg).join(' ')) + (e.argv_truncated ? ' …' : '') + '</code>' +
           (e.privs ? '<br><span class="leak">' + esc(e.privs) + '</span>' : '') + '</p>' +
           (e.stack ? stackHtml(e.stack) : '');
    });
    if (p.reap_stack) h += '<h4>' + T('Reaped at') + '</h4>' + stackHtml(p.reap_stack);
    if (p.children.length) {
      h += '<h4>' + F('Children ({0})', p.children.length) + '</h4><ul>';
      p.children.slice(0, 200).forEach(function (c) {
        h += '<li>' + link(c) + ' <span class="muted">' + esc(P[c].status) + '</span>' +
             (P[c].leaked ? ' <span class="leak">' + T('never reaped') + '</span>' : '') + '</li>';
      });
      if (p.children.length > 200) h += '<li class="muted">… ' + F('{0} more', p.children.length - 200) + '</li>';
      h += '</ul>';
    }
    if (holders[i].length) {
      h += '<h4>' + T('Pipes, FIFOs, shared memory') + '</h4><ul>';
      holders[i].forEach(function (kh) {
        var o = D.ipc[kh[0]], x = kh[1], peers = [];
        o.links.forEach(function (l) {
          if (l[0] === i && peers.indexOf(l[1]) < 0) peers.push(l[1]);
          if (l[1] === i && peers.indexOf(l[0]) < 0) peers.push(l[0]);
        });
        h += '<li>' + ipcName(o) + ': ' + T(o.kind === 'shm' ? (x[2] === 'read' ? 'mapped read-only' : 'mapped writable') :
             x[2] === 'both' ? 'both ends' : x[2] + ' end') + ', ' + at(x[3]) + ' → ' + at(x[4]) +
             (x[5] >= 0 ? ', ' + F('{0} bytes', x[5]) : '') +
             (peers.length ? '; ' + F('talks with {0}', peers.map(link).join(', ')) : '') + '</li>';
      });
      h += '</ul>';
    }
    if (outputs[i].length) {
      h += '<h4>' + T('Printed') + '</h4>';
      outputs[i].slice(0, 50).forEach(function (o) {
        h += '<pre>' + at(o[0]) + ' fd ' + o[2] + ': ' + esc(o[3]) + '</pre>';
      });
    } else if (D.header.io === false) {
      h += '<p class="muted">' + T('What it printed was not recorded (trace with --io).') + '</p>';
    }
    var sigs = D.signals.filter(function (s) { return s[2] === i || s[1] === i; });
    if (sigs.length) {
      h += '<h4>' + T('Signals') + '</h4><ul>';
      sigs.slice(0, 50).forEach(function (s) {
        h += '<li>' + at(s[0]) + ' ' + esc(s[3]) + ' ' + (s[4] ? F('sent to {0}', link(s[2])) :
             s[1] >= 0 ? F('received from {0}', link(s[1])) : T('received')) + '</li>';
      });
      h += '</ul>';
    }
    h += '<h4>' + T('States') + '</h4><table class="iv">';
    for (k = 0; k < p.iv.length && k < 100; k++) {
      var v = p.iv[k];
      h += '<tr><td>' + at(v[0]) + '</td><td>' + esc(T(v[2])) + (v[3] ? ' <span class="muted">' + esc(T(v[3])) + '</span>' : '') +
           '</td><td class="muted">' + dur(v[1] - v[0]) + (v[4] >= 0 ? ', ' + F('cpu {0}', dur(v[4])) : '') +
           (v[5] >= 0 ? ', ' + F('ready {0}', dur(v[5])) : '') + '</td></tr>';
    }
    h += '</table>' + (p.iv.length > 100 ? '<p class="muted">… ' + F('{0} more', p.iv.length - 100) + '</p>' : '');
    $('details').innerHTML = h;
  }

  /* ---- search and leaks ------------------------------------------------------------------ */

  function clearMatches() {
    state.matches.forEach(function (g) { if (treeNode[g]) treeNode[g].classList.remove('match'); });
    state.matches = [];
  }
  function find(q) {
    q = q.trim();
    clearMatches();
    if (!q) { $('search-result').textContent = ''; return; }
    var hits = [], ql = q.toLowerCase(), num = /^\d+$/.test(q);
    for (var i = 0; i < NP; i++) {
      var p = P[i];
      if (num ? String(p.pid) === q : (p.name.toLowerCase() === ql || p.chain.toLowerCase().indexOf(ql) >= 0))
        hits.push(i);
    }
    if (!hits.length) { $('search-result').textContent = F('no process {0}', q); return; }
    var gs = {};
    hits.forEach(function (i) { gs[groupOf[i]] = 1; });
    state.matches = Object.keys(gs).map(Number);
    state.matches.forEach(function (g) { if (treeNode[g]) treeNode[g].classList.add('match'); });
    var first = hits[state.lastQuery === q ? (state.matchAt = (state.matchAt + 1) % hits.length) : (state.matchAt = 0)];
    state.lastQuery = q;
    $('search-result').textContent = hits.length === 1 ? T('1 process') : F('{0} of {1} processes', state.matchAt + 1, hits.length);
    select(first);
    reveal(groupOf[first]);
  }
  function setLeaksButton(on) { $('leaks').setAttribute('aria-pressed', on ? 'true' : 'false'); }
  function showLeaks() {
    var set = [], parents = {}, byParent = {};
    P.forEach(function (p, i) {
      if (!p.leaked) return;
      set.push(i);
      if (p.parent >= 0) { parents[p.parent] = 1; (byParent[p.parent] = byParent[p.parent] || []).push(i); }
    });
    Object.keys(parents).forEach(function (k) { set.push(+k); });
    state.sel = -1;
    state.selSet = set;
    setLeaksButton(true);
    paintSelection();
    var n = set.length - Object.keys(parents).length, h = '<h3>' + F('{0} never reaped', n) + '</h3>';
    if (!n) h += '<p>' + T('Every child was reaped by its parent.') + '</p>';
    Object.keys(byParent).forEach(function (k) {
      h += '<p>' + F('{0} left {1} children unreaped:', link(+k), byParent[k].length) + '</p><ul>' +
           byParent[k].slice(0, 100).map(function (c) { return '<li>' + link(c) + ' ' + esc(P[c].status) + '</li>'; }).join('') +
           (byParent[k].length > 100 ? '<li class="muted">… ' + F('{0} more', byParent[k].length - 100) + '</li>' : '') + '</ul>';
    });
    $('details').innerHTML = h;
    $('search-result').textContent = F('{0} leaked', n);
  }

  /* ---- the rest of a big timeline ------------------------------------------------------- */

  /* Past its first screenfuls, a big timeline's marks come in pieces, each zlib-compressed and
   * base64-encoded (page_split.c): unpacked after the first frame, when the browser is idle,
   * with its DecompressionStream, and appended a piece a frame, so that clicks and keys are
   * served between pieces. The lanes are known from the facts before their marks arrive: hover
   * and selection work meanwhile.
   * html[data-timeline="full"] says when all is in. */
  function unpackTimeline() {
    var el = $('ptviz-timeline-rest'), packed = el ? el.textContent.split(/\s+/) : [], k = 0;
    packed = packed.filter(function (p) { return p; });
    if (el) el.textContent = '';
    if (!tlGraph) return timelineDone();
    (function next() {
      if (k >= packed.length) return timelineDone();
      unpack(packed[k++]).then(function (svg) {
        var g = document.createElementNS(svgNS, 'g'), frag = document.createDocumentFragment();
        g.innerHTML = svg;
        while (g.firstChild) frag.appendChild(g.firstChild);
        tlGraph.insertBefore(frag, overlay);
        requestAnimationFrame(function () { setTimeout(next, 0); });   /* one piece a frame */
      }, function (err) { console.error('ptviz: the timeline could not be unpacked: ' + err); });
    })();
  }
  /* One piece: base64 → bytes → inflated text. */
  function unpack(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).text();
  }
  function timelineDone() {
    drawBands();   /* the selected lanes' labels may have just arrived */
    document.documentElement.dataset.timeline = 'full';
  }

  /* ---- zoom and pan ---------------------------------------------------------------------- */

  function viewBox(svg) { return svg.viewBox.baseVal; }
  var home = new Map();
  function initView(svg) {
    if (!svg) return;
    var vb = viewBox(svg);
    home.set(svg, [vb.x, vb.y, vb.width, vb.height]);
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('preserveAspectRatio', 'xMidYMin meet');
    var vp = svg.parentNode, drag = null;
    /* The wheel scrolls (Shift: sideways); with Ctrl, or a pinch, it zooms. */
    vp.addEventListener('wheel', function (e) {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) return zoom(svg, e.deltaY < 0 ? 1 / 1.2 : 1.2, e.clientX, e.clientY);
      var vb = viewBox(svg), s = scaleOf(svg), k = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      var dx = (e.shiftKey ? e.deltaY : e.deltaX) * k, dy = (e.shiftKey ? 0 : e.deltaY) * k;
      vb.x += dx / s; vb.y += dy / s;
    }, { passive: false });
    vp.addEventListener('pointerdown', function (e) {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, moved: false };
    });
    window.addEventListener('pointermove', function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      vp.classList.add('panning');
      var vb = viewBox(svg), s = scaleOf(svg);
      vb.x -= dx / s; vb.y -= dy / s;
      drag.x = e.clientX; drag.y = e.clientY;
    });
    window.addEventListener('pointerup', function () {
      if (drag && drag.moved) { vp.dataset.dragged = '1'; setTimeout(function () { vp.dataset.dragged = ''; }, 0); }
      drag = null;
      vp.classList.remove('panning');
    });
  }
  /* The x of a node's centre in the picture's coordinates, from its shape's path or points and
   * the graph's translate (attributes only: asking the browser would lay the picture out before
   * its first view), or null. */
  function nodeCentreX(svg, n) {
    var shape = n && n.querySelector('path, polygon, ellipse'), g = svg.querySelector('g.graph');
    var t = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(g ? g.getAttribute('transform') || '' : '');
    if (!shape || !t) return null;
    var xs = shape.tagName === 'ellipse' ? [shape.getAttribute('cx')] :
      (shape.getAttribute('d') || shape.getAttribute('points') || '').match(/-?[\d.]+(?=,)/g);
    if (!xs || !xs.length) return null;
    var lo = Infinity, hi = -Infinity;
    xs.forEach(function (x) { x = +x; if (x < lo) lo = x; if (x > hi) hi = x; });
    return (lo + hi) / 2 + +t[1];
  }
  /* The first view of a picture: all of it when it is readable so; else the top of it, as wide
   * as the pane (the timeline), or at a readable size around the root (the tree: with pipe and
   * region objects the root is not always at the top centre). */
  var MIN_SCALE = 0.45;
  function homeView(svg, wide, r) {
    var vb = viewBox(svg), h = home.get(svg);
    if (!r.width || !r.height) return;
    var fit = Math.min(r.width / h[2], r.height / h[3]);
    if (fit >= MIN_SCALE) return;
    var s = wide ? Math.max(r.width / h[2], MIN_SCALE) : Math.max(fit, 0.7);
    vb.width = r.width / s; vb.height = r.height / s;
    var rx = wide || D.root === undefined ? null : nodeCentreX(svg, treeNode[groupOf[D.root]]);
    vb.x = wide ? h[0] : rx === null ? h[0] + (h[2] - vb.width) / 2 :
      Math.max(h[0], Math.min(rx - vb.width / 2, h[0] + h[2] - vb.width));
    vb.y = h[1];
  }
  function scaleOf(svg) {
    var vb = viewBox(svg), r = svg.getBoundingClientRect();
    return Math.min(r.width / vb.width, r.height / vb.height) || 1;
  }
  function zoom(svg, f, cx, cy) {
    if (!svg) return;
    var vb = viewBox(svg), r = svg.getBoundingClientRect();
    if (f === 0) { var h = home.get(svg); vb.x = h[0]; vb.y = h[1]; vb.width = h[2]; vb.height = h[3]; return; }
    if (cx === undefined) { cx = r.left + r.width / 2; cy = r.top + r.height / 2; }
    var pt = svg.createSVGPoint();
    pt.x = cx; pt.y = cy;
    var p = pt.matrixTransform(svg.getScreenCTM().inverse());
    vb.x = p.x - (p.x - vb.x) * f; vb.y = p.y - (p.y - vb.y) * f;
    vb.width *= f; vb.height *= f;
  }
  /* Bring a group's node into the tree's view when it is outside it. */
  function reveal(g) {
    var n = treeNode[g];
    if (!n || !treeSvg) return;
    var r = n.getBoundingClientRect(), v = treeSvg.parentNode.getBoundingClientRect();
    if (r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom) return;
    var vb = viewBox(treeSvg), s = scaleOf(treeSvg);
    vb.x += (r.left + r.width / 2 - (v.left + v.width / 2)) / s;
    vb.y += (r.top + r.height / 2 - (v.top + v.height / 2)) / s;
  }

  /* ---- play ------------------------------------------------------------------------------ */

  var PLAY_MS = 12000;    /* the whole axis, left to right */
  var playLast = 0;
  function play() {
    if (state.playing) return stopPlay();
    state.playing = true;
    $('play').setAttribute('aria-pressed', 'true');
    $('play').textContent = '❚❚ ' + T('Pause');
    if (state.time === null || state.time >= AX.t1) setTime(AX.t0);
    playLast = performance.now();
    requestAnimationFrame(tick);
  }
  function tick(now) {
    if (!state.playing) return;
    var dx = (now - playLast) / PLAY_MS * AX.width;
    playLast = now;
    var x = timeX(state.time) + dx;
    setTime(xTime(x));
    if (state.time >= AX.t1) return stopPlay();
    requestAnimationFrame(tick);
  }
  function stopPlay() {
    state.playing = false;
    $('play').setAttribute('aria-pressed', 'false');
    $('play').textContent = '▶ ' + T('Play');
  }

  /* ---- wiring ---------------------------------------------------------------------------- */

  function groupOfNode(target) {
    var n = target.closest && target.closest('g.node[id^="tree_p"]');
    return n ? +n.dataset.group : -1;
  }
  function wire() {
    var tv = $('tree'), tl = $('timeline');
    tv.addEventListener('pointerover', function (e) { setHover(groupOfNode(e.target)); });
    tv.addEventListener('pointerleave', function () { setHover(-1); });
    tv.addEventListener('click', function (e) {
      if (tv.dataset.dragged) return;
      var g = groupOfNode(e.target);
      if (g >= 0) selectGroup(g);
    });
    tv.addEventListener('keydown', function (e) {
      var g = groupOfNode(e.target);
      if (g >= 0 && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); e.stopPropagation(); selectGroup(g); }
    });
    tv.addEventListener('focusin', function (e) { setHover(groupOfNode(e.target)); });
    tl.addEventListener('pointermove', function (e) { setHover(laneAt(e)); });
    tl.addEventListener('pointerleave', function () { setHover(-1); });
    tl.addEventListener('click', function (e) {
      if (tl.dataset.dragged) return;
      var g = laneAt(e);
      if (g >= 0) selectGroup(g);
    });
    $('details').addEventListener('click', function (e) {
      var a = e.target.closest('a.proc');
      if (a) { select(+a.dataset.proc); reveal(groupOf[+a.dataset.proc]); }
    });
    $('details').addEventListener('keydown', function (e) {
      var a = e.target.closest('a.proc');
      if (a && e.key === 'Enter') { select(+a.dataset.proc); reveal(groupOf[+a.dataset.proc]); }
    });
    $('search-form').addEventListener('submit', function (e) { e.preventDefault(); find($('search').value); });
    $('leaks').addEventListener('click', function () {
      if ($('leaks').getAttribute('aria-pressed') === 'true') select(-1); else showLeaks();
    });
    $('clear').addEventListener('click', function () { clearMatches(); select(-1); clearTime(); });
    $('help-button').addEventListener('click', toggleHelp);
    $('play').addEventListener('click', play);
    var cur = $('cursor');
    cur.max = Math.max(0, E.length - 1);
    cur.addEventListener('input', function () { stopPlay(); setEvent(+cur.value); });
    document.querySelectorAll('.zoom button').forEach(function (b) {
      b.addEventListener('click', function () {
        var svg = b.parentNode.dataset.view === 'tree' ? treeSvg : tlSvg;
        zoom(svg, { in: 1 / 1.25, out: 1.25, fit: 0 }[b.dataset.zoom]);
      });
    });
    document.addEventListener('keydown', onKey);
  }
  function toggleHelp() {
    var h = $('help');
    h.hidden = !h.hidden;
    $('help-button').setAttribute('aria-expanded', String(!h.hidden));
  }
  var mouseIn = null;
  document.addEventListener('pointerover', function (e) {
    mouseIn = e.target.closest && e.target.closest('#timeline') ? tlSvg : treeSvg;
  });
  function onKey(e) {
    var t = e.target;
    if (t && (t.tagName === 'INPUT' && t.type !== 'range' || t.tagName === 'TEXTAREA')) {
      if (e.key === 'Escape') t.blur();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var k = e.key, handled = true;
    if (k === 'ArrowRight') { stopPlay(); setEvent(state.cursor + 1); }
    else if (k === 'ArrowLeft') { stopPlay(); setEvent(state.cursor < 0 ? E.length - 1 : state.cursor - 1); }
    else if (k === 'Home') { stopPlay(); setEvent(0); }
    else if (k === 'End') { stopPlay(); setEvent(E.length - 1); }
    else if (k === ' ' && !(t && t.tagName === 'BUTTON')) play();
    else if (k === '/') $('search').focus();
    else if (k === 'l' || k === 'L') showLeaks();
    else if (k === 'Escape') { clearMatches(); select(-1); clearTime(); stopPlay(); }
    else if (k === '+' || k === '=') zoom(mouseIn || treeSvg, 1 / 1.25);
    else if (k === '-') zoom(mouseIn || treeSvg, 1.25);
    else if (k === '0') zoom(mouseIn || treeSvg, 0);
    else if (k === '?') toggleHelp();
    else handled = false;
    if (handled) e.preventDefault();
  }

  function legend() {
    $('legend').innerHTML = STATES.map(function (s) {
      return '<span><i style="background: var(--st-' + s + ')"></i>' + esc(STATE_WORDS[s]) + '</span>';
    }).join('');
  }

  index();
  calibrate();
  if (tlGraph) overlay = mk('g', { id: 'tl-overlay' }, tlGraph);
  initView(treeSvg);
  initView(tlSvg);
  /* The panes' sizes, not the pictures': these are not laid out until the page is ready
   * (page.css), so that the browser lays them out once, in their first view. */
  var rects = [treeSvg, tlSvg].map(function (s) { return s ? s.parentNode.getBoundingClientRect() : null; });
  if (treeSvg) homeView(treeSvg, false, rects[0]);
  if (tlSvg) homeView(tlSvg, true, rects[1]);
  legend();
  wire();
  clearTime();

  window.ptviz = {
    data: D,
    groupOf: function (i) { return groupOf[i]; },
    stateAt: stateAt,
    time: function () { return state.time; },
    cursor: function () { return state.cursor; },
    setEvent: setEvent,
    setTime: function (t) { setTime(t); },
    selected: function () {
      return state.selSet ? state.selSet.slice().sort(function (a, b) { return a - b; }) : state.sel >= 0 ? [state.sel] : [];
    },
    timeX: timeX,
    ready: true,
  };
  document.documentElement.dataset.readyMs = performance.now().toFixed(0);   /* for bench/page */
  document.documentElement.dataset.ready = '1';
  /* After the first frame, when the browser is idle: the first clicks come before the rest. */
  requestAnimationFrame(function () {
    if (window.requestIdleCallback) requestIdleCallback(unpackTimeline, { timeout: 1000 });
    else setTimeout(unpackTimeline, 0);
  });
})();
