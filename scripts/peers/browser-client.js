// One-shot WebSocket client driven through a real headless browser.
//   node browser-client.js chromium|firefox URL [PROTOCOL...]
// Prints exactly one line, "open" or "error: <reason>", and exits 0.
//
// How it works (chosen because it is reliable for both browsers, and because
// --dump-dom returns at the load event, before a WebSocket has an outcome):
//   1. This script listens on 127.0.0.1:REPORT_PORT (env, default: any free port)
//      and serves GET /page: a tiny HTML page whose script does
//      new WebSocket(URL[, PROTOCOLS]) and reports the outcome with
//      fetch("/report?result=...") to the same origin (so the WebSocket request
//      carries a real http:// Origin rather than the "null" of data:/file: pages).
//   2. It starts the browser headless with a fresh profile on that page, under
//      `timeout` (Firefox never exits by itself), in its own process group.
//   3. The first /report (or BROWSER_TIMEOUT seconds, default 30) decides the
//      line printed; then the browser's process group is terminated by its id
//      and the temporary profile is removed.
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const [browser, wsURL, ...protocols] = process.argv.slice(2);
if (!['chromium', 'firefox'].includes(browser) || !wsURL) {
  console.error('usage: node browser-client.js chromium|firefox URL [PROTOCOL...]');
  process.exit(2);
}
const limit = Number(process.env.BROWSER_TIMEOUT || 30);
const reportPort = Number(process.env.REPORT_PORT || 0);

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>switchyard browser client</title></head>
<body><p id="result">pending</p><script>
"use strict";
const url = ${JSON.stringify(wsURL).replace(/</g, '\\u003c')};
const protocols = ${JSON.stringify(protocols).replace(/</g, '\\u003c')};
let sent = false;
function report(r) {
  if (sent) return;
  sent = true;
  document.getElementById("result").textContent = r;
  fetch("/report?result=" + encodeURIComponent(r)).catch(() => {});
}
let ws;
try {
  ws = protocols.length ? new WebSocket(url, protocols) : new WebSocket(url);
} catch (e) {
  report("error: " + e.name + ": " + e.message);
}
if (ws) {
  ws.onopen = () => { report("open"); ws.close(1000); };
  ws.onerror = () => {};
  ws.onclose = (e) => report("error: closed before open (code " + e.code + ")");
}
</script></body></html>
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `switchyard-${browser}-`));
let child = null;
let finished = false;

function finish(line) {
  if (finished) return;
  finished = true;
  console.log(line);
  server.close();
  const cleanup = () => {
    try { fs.rmSync(tmp, { recursive: true, force: true }); } catch (e) { /* best effort */ }
    process.exit(0);
  };
  if (!child || child.exitCode !== null || child.signalCode !== null) return cleanup();
  child.once('exit', cleanup);
  try { process.kill(-child.pid, 'SIGTERM'); } catch (e) { /* already gone */ }
  setTimeout(() => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch (e) { /* already gone */ }
    setTimeout(cleanup, 500);
  }, 3000);
}

const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://127.0.0.1');
  if (u.pathname === '/page') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(page);
  } else if (u.pathname === '/report') {
    res.writeHead(204);
    res.end();
    finish(u.searchParams.get('result') || 'error: empty report');
  } else {
    res.writeHead(404);
    res.end();
  }
});

server.listen(reportPort, '127.0.0.1', () => {
  const pageURL = `http://127.0.0.1:${server.address().port}/page`;
  let cmd;
  let args;
  const env = { ...process.env, HOME: tmp };
  if (browser === 'chromium') {
    cmd = 'chromium';
    args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', `--user-data-dir=${path.join(tmp, 'profile')}`, pageURL];
  } else {
    cmd = 'firefox-esr';
    const profile = path.join(tmp, 'profile');
    fs.mkdirSync(profile);
    // Keep a fresh profile quiet: no first-run pages, updates, telemetry or probes.
    fs.writeFileSync(path.join(profile, 'user.js'), [
      'user_pref("browser.shell.checkDefaultBrowser", false);',
      'user_pref("browser.startup.homepage_override.mstone", "ignore");',
      'user_pref("browser.aboutwelcome.enabled", false);',
      'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
      'user_pref("datareporting.healthreport.uploadEnabled", false);',
      'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
      'user_pref("app.update.disabledForTesting", true);',
      'user_pref("network.captive-portal-service.enabled", false);',
      'user_pref("network.connectivity-service.enabled", false);',
      'user_pref("browser.safebrowsing.malware.enabled", false);',
      'user_pref("browser.safebrowsing.phishing.enabled", false);',
      'user_pref("extensions.update.enabled", false);',
      'user_pref("network.dns.disablePrefetch", true);',
      '',
    ].join('\n'));
    args = ['-headless', '-no-remote', '-profile', profile, pageURL];
    env.MOZ_HEADLESS = '1';
  }
  // `timeout` bounds the browser even if this script is killed.
  child = spawn('timeout', ['-k', '5', String(limit + 5), cmd, ...args],
    { detached: true, stdio: 'ignore', env });
  child.on('error', (e) => finish(`error: cannot start ${cmd}: ${e.message}`));
  child.on('exit', (code) => {
    if (!finished) finish(`error: ${cmd} exited (code ${code}) before reporting`);
  });
});
server.on('error', (e) => finish(`error: report listener: ${e.message}`));
setTimeout(() => finish(`error: timeout after ${limit}s`), limit * 1000);
