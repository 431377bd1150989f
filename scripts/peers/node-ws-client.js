// One-shot WebSocket client on the real npm "ws" package.
//   node node-ws-client.js URL DEFLATE(default|on|off) [PROTOCOL...]
// Prints exactly one line, "open" or "error: <reason>", closes politely, exits 0.
'use strict';
const path = require('path');
const WebSocket = require(path.join(__dirname, '..', '..', '.work', 'node_modules', 'ws'));

const [url, deflate, ...protocols] = process.argv.slice(2);
let done = false;
function report(line) {
  if (done) return;
  done = true;
  console.log(line);
}
const opts = { handshakeTimeout: 5000 };
if (deflate === 'on') opts.perMessageDeflate = true;
if (deflate === 'off') opts.perMessageDeflate = false;

const timer = setTimeout(() => {
  report('error: timeout');
  process.exit(0);
}, 8000);

let ws;
try {
  ws = protocols.length ? new WebSocket(url, protocols, opts) : new WebSocket(url, opts);
} catch (e) {
  report('error: ' + e.message);
  process.exit(0);
}
ws.on('open', () => {
  report('open');
  ws.close(1000);
});
ws.on('unexpected-response', (req, res) => {
  report(`error: unexpected response ${res.statusCode}`);
  req.destroy();
});
ws.on('error', (e) => report('error: ' + e.message));
ws.on('close', () => {
  clearTimeout(timer);
  process.exit(0);
});
