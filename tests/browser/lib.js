// lib.js — shared by the browser tests and bench/page: Debian's Chromium launched headless through
// puppeteer-core, with a fresh profile and nothing that talks to the network on its own; and the
// facts of an event log read straight from its lines (docs/event-log.md), to check a page against.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const puppeteer = require('puppeteer-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// A headless Chromium with its own throw-away profile (removed when it closes).
async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ptviz-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    userDataDir: profile,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage'],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return browser;
}

function readLog(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

const root = (log) => log.find((e) => e.type === 'header').root;
const children = (log, pid) => log.filter((e) => e.type === 'fork' && e.pid === pid).map((e) => e.child);
const pids = (log) => [root(log), ...log.filter((e) => e.type === 'fork').map((e) => e.child)];
function exitCode(log, pid) {
  const e = log.find((x) => x.type === 'exit' && x.pid === pid);
  return e ? e.code : undefined;
}
// The reap of pid: { t, pid (the reaper), via }, or null.
function reapOf(log, pid) {
  const e = log.find((x) => x.type === 'reap' && x.child === pid);
  return e ? { t: e.t, pid: e.pid, via: e.via } : null;
}
// When pid became a zombie: its exit report ("state zombie"), else its exit; null if never.
function zombieAt(log, pid) {
  const z = log.find((x) => x.type === 'state' && x.pid === pid && x.state === 'zombie');
  if (z) return z.t;
  const e = log.find((x) => x.type === 'exit' && x.pid === pid);
  return e ? e.t : null;
}

module.exports = { launch, readLog, root, children, pids, exitCode, reapOf, zombieAt };
