// page.test.js — ptviz's interactive page in a real browser: Debian's headless Chromium driven by
// puppeteer-core (pinned in package-lock.json). The pages are those ptviz writes for traced
// samples (`ptviz PROG` writes NAME.html beside the log) and for a 3,000-process fork tree
// (`ptviz render LOG --html`; the log is bench/render's synthetic one: fork, exec, wait, leaked
// zombies reaped by init). What the page shows is checked against the event log itself,
// read here, not against the page's own data.
//
// Usage: node --test page.test.js   with PTVIZ (the ptviz binary), PTVIZ_SAMPLES (the built
// samples) and optionally CHROMIUM (default /usr/bin/chromium), PTVIZ_SHOTS (a folder for
// screenshots) in the environment. CMake registers it as browser.page (label browser).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
let lib;
try {
  lib = require('./lib.js');
} catch (e) {
  throw new Error(`${e.message}\nbrowser tests: run 'npm ci' in tests/browser (.ci/install-deps does)`);
}

const PTVIZ = process.env.PTVIZ;
const SAMPLES = process.env.PTVIZ_SAMPLES;
const SHOTS = process.env.PTVIZ_SHOTS || '';
const REPO = process.env.PTVIZ_REPO || path.resolve(__dirname, '../..');
const BIG = 3000;

let browser, work;
const traced = {};   // sample → { log: [events], html: path }

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 1 << 26, ...opts }, (err, stdout, stderr) => {
      if (err && !(opts && opts.anyStatus)) reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

// Trace a sample the way a user does: `ptviz -O DIR PROG`, which writes DIR/NAME.html; known
// to the tests as key.
async function trace(name, args = [], flags = [], key = name) {
  const dir = path.join(work, key);
  await run(PTVIZ, ['-q', ...flags, '-O', dir, path.join(SAMPLES, name), ...args], { anyStatus: true });
  const log = path.join(dir, `${name}.jsonl`), html = path.join(dir, `${name}.html`);
  assert.ok(fs.existsSync(html), `ptviz ${name} wrote ${html}`);
  traced[key] = { log: lib.readLog(log), html };
}

// `ptviz -- make -j2` of six C files: a tree far wider than the pane, its pipe objects drawn.
async function traceMake() {
  const proj = path.join(work, 'proj'), dir = path.join(work, 'make');
  fs.mkdirSync(proj);
  for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(proj, `f${i}.c`), `int f${i}(int x) { return x * ${i}; }\n`);
  fs.appendFileSync(path.join(proj, 'f0.c'), 'int main(void) { return 0; }\n');
  fs.writeFileSync(path.join(proj, 'Makefile'), 'OBJ = f0.o f1.o f2.o f3.o f4.o f5.o\nprog: $(OBJ)\n\tcc -o prog $(OBJ)\n' +
                   '%.o: %.c\n\tcc -O1 -c -o $@ $<\n');
  await run(PTVIZ, ['-q', '-O', dir, '--', 'make', '-s', '-j2', '-C', proj]);
  traced.make = { log: lib.readLog(path.join(dir, 'make.jsonl')), html: path.join(dir, 'make.html') };
}

before(async () => {
  assert.ok(PTVIZ && SAMPLES, 'PTVIZ and PTVIZ_SAMPLES must be set');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ptviz-browser-'));
  const bigLog = path.join(work, 'big.jsonl');
  // The big trace first (the slowest), the samples meanwhile.
  const big = run('python3', [path.join(REPO, 'bench/render'), '--procs', String(BIG), '--generate-only', bigLog])
    .then(() => run(PTVIZ, ['render', bigLog, '--html', path.join(work, 'big.html'),
                            '--timeline', path.join(work, 'big-timeline.svg')]))
    .then(() => { traced.big = { log: lib.readLog(bigLog), html: path.join(work, 'big.html') }; });
  await Promise.all([trace('fork_loop'), trace('states', [], ['--io']), trace('pipe_siblings'), traceMake(),
                     trace('zombie'), trace('orphan'), trace('daemon', [], ['--theme', 'dark']),
                     trace('fork_loop', [], ['--lang', 'zh'], 'fork_loop_zh')]);
  await big;
  browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

// Open a page, recording console errors, page errors and every request besides the file itself.
async function open(name, viewport = { width: 1400, height: 900 }) {
  const page = await browser.newPage();
  const seen = { errors: [], requests: [] };
  await page.setViewport(viewport);
  await page.setRequestInterception(true);
  const url = 'file://' + traced[name].html;
  page.on('request', (r) => {
    if (r.url() === url) return r.continue();
    seen.requests.push(r.url());
    r.abort();
  });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') seen.errors.push(m.text()); });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready="1"]', { timeout: 10000 });
  return { page, seen };
}

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

const panel = (page) => page.$eval('#details', (e) => e.innerText);
const classes = (page, id) => page.$eval('#' + id, (e) => [...e.classList]);
// The index of the process record of pid in the page (pids may be reused: the latest record).
const indexOf = (page, pid) => page.evaluate((pid) => {
  const P = window.ptviz.data.procs;
  for (let i = P.length - 1; i >= 0; i--) if (P[i].pid === pid) return i;
  return -1;
}, pid);
const nodeOf = (page, i) => page.evaluate((i) => 'tree_p' + window.ptviz.data.groups[window.ptviz.groupOf(i)].rep, i);

test('every page loads without an error and asks for nothing', async () => {
  for (const name of Object.keys(traced)) {
    const { page, seen } = await open(name);
    // Use it a little: hover and click the first node, step the cursor.
    await page.click('#tree_p0');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('End');
    assert.deepEqual(seen.errors, [], `${name}: console errors`);
    assert.deepEqual(seen.requests, [], `${name}: network requests`);
    await shot(page, `page-${name}`);
    await page.close();
  }
});

test('clicking a node fills the panel with its facts and highlights its lane', async () => {
  const { page } = await open('fork_loop');
  const log = traced.fork_loop.log;
  const root = lib.root(log), kids = lib.children(log, root);
  assert.equal(kids.length, 3);
  const child = kids[1], i = await indexOf(page, child);
  const id = await nodeOf(page, i);
  await page.click('#' + id);
  const text = await panel(page);
  assert.match(text, new RegExp(`^pid\\s+${child}$`, 'm'));
  assert.match(text, new RegExp(`^ppid\\s+${root}\\b`, 'm'));
  assert.match(text, new RegExp(`exit ${lib.exitCode(log, child)}\\b`));
  assert.match(text, /never waited for by its parent/);
  const reap = lib.reapOf(log, child);
  assert.equal(reap.via, 'init');
  // init is named as the log recorded it (adopter_comm: in a container pid 1 is not 'init')
  const adopt = log.find((e) => e.type === 'reparent' && e.pid === child);
  const who = adopt && adopt.adopter_comm ? adopt.adopter_comm : 'init';
  const quoted = who.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  assert.match(text, new RegExp(`reaped by\\s+${quoted} \\(pid ${reap.pid}\\)`));
  assert.ok((await classes(page, id)).includes('sel'));
  // The lane band lies over the lane's label.
  const band = await page.$eval('#timeline rect.lane-band.sel', (r) => r.getBoundingClientRect().toJSON());
  const label = await page.$eval(`#lane_p${i}`, (g) => g.getBoundingClientRect().toJSON());
  const mid = label.y + label.height / 2;
  assert.ok(mid > band.y && mid < band.y + band.height, 'the highlighted band is the lane of the process');
  assert.ok(await page.$eval(`#lane_p${i}`, (g) => g.classList.contains('lane-sel')));
  // Hovering a lane outlines its node in the tree.
  const other = await indexOf(page, kids[2]);
  const lab = await page.$(`#lane_p${other}`);
  const box = await lab.boundingBox();
  await page.mouse.move(box.x + 40, box.y + box.height / 2);
  assert.ok((await classes(page, await nodeOf(page, other))).includes('hover'));
  await shot(page, 'fork_loop-selected');
  await page.close();
});

test('the cursor steps event by event: a zombie after the exit, gone after the reap', async () => {
  const { page } = await open('states');
  const log = traced.states.log;
  // states' second child: exits at once, its parent waits for it 100 ms later (wait4).
  const root = lib.root(log);
  const waited = lib.children(log, root).find((c) => {
    const r = lib.reapOf(log, c);
    return r && r.via === 'wait4' && r.pid === root && lib.zombieAt(log, c) !== null &&
           r.t - lib.zombieAt(log, c) > 50e6;
  });
  assert.ok(waited, 'states has a child that stays a zombie until its parent waits');
  const i = await indexOf(page, waited), id = await nodeOf(page, i);
  const tZombie = lib.zombieAt(log, waited), tReap = lib.reapOf(log, waited).t;
  await page.focus('#tree');
  await page.keyboard.press('Home');
  const stateNow = () => classes(page, id).then((c) => c.find((x) => x.startsWith('st-')));
  let before = null;
  for (let n = 0; n < 5000; n++) {
    const t = await page.evaluate(() => window.ptviz.time());
    if (t >= tZombie) break;
    before = await stateNow();
    await page.keyboard.press('ArrowRight');
  }
  assert.notEqual(before, 'st-zombie', 'not a zombie before its exit report');
  assert.equal(await stateNow(), 'st-zombie');
  assert.match(await page.$eval('#cursor-text', (e) => e.textContent), /zombie/);
  for (let n = 0; n < 5000; n++) {
    const t = await page.evaluate(() => window.ptviz.time());
    if (t >= tReap) break;
    assert.equal(await stateNow(), 'st-zombie', 'a zombie until the reap');
    await page.keyboard.press('ArrowRight');
  }
  assert.equal(await stateNow(), 'st-gone');
  // Back one event: a zombie again.
  await page.keyboard.press('ArrowLeft');
  assert.equal(await stateNow(), 'st-zombie');
  await shot(page, 'states-cursor');
  await page.close();
});

test('search finds a pid, show leaks selects exactly the leaked children and their parent', async () => {
  const { page } = await open('fork_loop');
  const log = traced.fork_loop.log;
  const root = lib.root(log), kids = lib.children(log, root);
  const leaked = kids.filter((c) => { const r = lib.reapOf(log, c); return !r || r.pid !== root; });
  assert.equal(leaked.length, 3, 'fork_loop never waits for its three children');
  await page.click('#search');
  await page.keyboard.type(String(kids[2]));
  await page.keyboard.press('Enter');
  const i = await indexOf(page, kids[2]), id = await nodeOf(page, i);
  assert.ok((await classes(page, id)).includes('match'));
  assert.ok((await classes(page, id)).includes('sel'));
  assert.match(await panel(page), new RegExp(`^pid\\s+${kids[2]}$`, 'm'));
  await page.click('#leaks');
  const selected = await page.$$eval('#tree g.node.sel', (gs) => gs.map((g) => g.id).sort());
  const want = [];
  for (const pid of [...leaked, root]) want.push(await nodeOf(page, await indexOf(page, pid)));
  assert.deepEqual(selected, want.sort());
  assert.match(await panel(page), /3 never reaped/);
  await shot(page, 'fork_loop-leaks');
  // The keyboard alone: Escape clears, Tab reaches a node, Enter selects it.
  await page.keyboard.press('Escape');
  assert.equal(await page.$$eval('#tree g.node.sel', (gs) => gs.length), 0);
  await page.$eval('#tree_p0', (g) => g.focus());
  await page.keyboard.press('Enter');
  assert.match(await panel(page), new RegExp(`^pid\\s+${root}$`, 'm'));
  await page.close();
});

test('the 3,000-process page: folded nodes list their members, search reaches any pid', async () => {
  const { page, seen } = await open('big');
  const log = traced.big.log;
  const pids = lib.pids(log);
  assert.equal(pids.length, BIG);
  const n = await page.evaluate(() => window.ptviz.data.procs.length);
  assert.equal(n, BIG);
  // A folded node lists every process it stands for.
  const folded = await page.evaluate(() => {
    const g = window.ptviz.data.groups.find((x) => x.members && x.members.length > 1 && x.members.length < 500);
    return g ? { id: 'tree_p' + g.rep, n: g.members.length } : null;
  });
  assert.ok(folded, 'the big tree is folded');
  await page.$eval('#' + folded.id, (g) => g.focus());
  await page.keyboard.press('Enter');
  assert.equal(await page.$$eval('#details li a.proc', (a) => a.length), folded.n);
  // Pick a member: its own facts.
  await page.click('#details li a.proc');
  assert.match(await panel(page), /^pid\s+\d+$/m);
  // The last pid forked, found by search.
  const last = pids[pids.length - 1];
  await page.click('#search');
  await page.keyboard.type(String(last));
  await page.keyboard.press('Enter');
  assert.match(await panel(page), new RegExp(`^pid\\s+${last}$`, 'm'));
  // Play a moment, then pause: the tree is coloured by state.
  await page.click('#play');
  await page.waitForFunction(() => window.ptviz.time() > window.ptviz.data.axis.t0);
  await page.click('#play');
  assert.ok(await page.$$eval('#tree g.node[class*="st-"]', (g) => g.length) > 100);
  // Past its first screenfuls the timeline comes packed, unpacked after the first frame: in the
  // end the page has every mark of the picture ptviz draws, every lane's label, and the cursor
  // over them.
  const html = fs.readFileSync(traced.big.html, 'utf8');
  assert.match(html, /id="ptviz-timeline-rest">[A-Za-z0-9+\/=]{1000}/, 'the big timeline is split');
  await page.waitForSelector('html[data-timeline="full"]', { timeout: 30000 });
  const drawn = fs.readFileSync(path.join(work, 'big-timeline.svg'), 'utf8');
  const count = (re) => (drawn.match(re) || []).length;
  const inPage = await page.evaluate(() => {
    const g = document.querySelector('#timeline g.graph'), D = window.ptviz.data;
    return {
      edges: g.querySelectorAll(':scope > g.edge').length,
      nodes: g.querySelectorAll(':scope > g.node').length,
      labels: D.lanes.filter((l) => document.getElementById('lane_p' + D.groups[window.ptviz.groupOf(l[0])].rep)).length,
      lanes: D.lanes.length,
      last: g.lastElementChild.id,
    };
  });
  assert.equal(inPage.edges, count(/<g id="[^"]*" class="edge">/g), 'every mark of the timeline');
  assert.equal(inPage.nodes, count(/<g id="[^"]*" class="node">/g));
  assert.equal(inPage.labels, inPage.lanes, 'every lane has its label');
  assert.equal(inPage.last, 'tl-overlay', 'the cursor is drawn over every mark');
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.requests, []);
  await shot(page, 'big');
  await page.close();
});

test('--lang zh: the page speaks Chinese, its bar, panes, help and details panel included', async () => {
  const { page, seen } = await open('fork_loop_zh');
  const log = traced.fork_loop_zh.log;
  const root = lib.root(log), kids = lib.children(log, root);
  assert.equal(await page.$eval('html', (h) => h.lang), 'zh-Hans');
  assert.equal(await page.$eval('#leaks', (b) => b.textContent), '显示泄漏');
  assert.equal(await page.$eval('#tree-pane h2', (h) => h.textContent), '进程树');
  // A leaked child: the panel's words are Chinese, the facts the log's.
  const kid = await nodeOf(page, await indexOf(page, kids[0]));
  await page.$eval('#' + kid, (g) => g.focus());
  await page.keyboard.press('Enter');
  const text = await panel(page);
  assert.match(text, new RegExp(`^pid\\s+${kids[0]}$`, 'm'));
  assert.match(text, /^状态\s/m);
  // init, named as the tracer read it at the adoption (reparent adopter_comm), as in English
  const comm = log.find((e) => e.type === 'reparent' && e.pid === kids[0])?.adopter_comm;
  const who = comm ? comm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '（pid 1）' : 'init';
  assert.match(text, new RegExp(`^回收者\\s+${who}`, 'm'));
  assert.match(text, /父进程从未等待它/);
  await page.keyboard.press('End');
  await page.click('#help-button');
  // No English left in what the page itself says: its text, tooltips, labels and placeholders
  // (pids, program and system call names, key names, units and ptviz's name are not words to
  // translate, nor what the program printed).
  const said = await page.evaluate(() => {
    const parts = [...document.querySelectorAll('#bar, .pane-head, #help, #details, #report-pane summary')];
    document.querySelectorAll('#details pre').forEach((p) => p.remove());
    return parts.map((e) => e.innerText + ' ' + [...e.querySelectorAll('[title], [aria-label], [placeholder]')]
      .map((x) => [x.title, x.getAttribute('aria-label'), x.placeholder].filter(Boolean).join(' ')).join(' ')).join('\n');
  });
  const keep = /\b(ptviz|pid|ppid|fork_loop|fork|exec|init|wait4|Home|End|Space|Tab|Enter|Ctrl|Esc|FIFO|CPU|ms|µs|ns|io)\b/g;
  // nor the names of processes outside the trace as the kernel gave them (the adopter's comm)
  const names = [...new Set(log.filter((e) => e.adopter_comm).map((e) => e.adopter_comm))];
  const english = names.reduce((t, n) => t.split(n).join(''), said.replace(keep, '')).match(/[A-Za-z]{3,}/g);
  assert.equal(english, null, `English words left: ${english}\n${said}`);
  await page.click('#leaks');
  assert.match(await panel(page), /3 个从未被回收/);
  assert.deepEqual(seen.errors, []);
  await shot(page, 'fork_loop-zh');
  await page.close();
});

test('a tree wider than its pane opens on its root, readable (make -j2)', async () => {
  const { page, seen } = await open('make');
  const root = await nodeOf(page, await indexOf(page, lib.root(traced.make.log)));
  const [node, pane] = await page.evaluate((id) => [document.getElementById(id).getBoundingClientRect().toJSON(),
    document.getElementById('tree').getBoundingClientRect().toJSON()], root);
  assert.ok(node.left >= pane.left && node.right <= pane.right && node.top >= pane.top && node.bottom <= pane.bottom,
            `the root's node ${JSON.stringify(node)} is in the first view ${JSON.stringify(pane)}`);
  // readable: not shrunk to fit the whole width (a node is wider than 60 screen pixels)
  assert.ok(node.width > 60, `the root's node is ${node.width} px wide`);
  assert.deepEqual(seen.errors, []);
  await shot(page, 'make');
  await page.close();
});

test('the page follows --theme', async () => {
  const { page } = await open('daemon');
  assert.equal(await page.$eval('html', (h) => h.dataset.theme), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 200, `a dark background (${bg})`);
  await page.close();
});
