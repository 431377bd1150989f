// One-shot WebSocket client on npm faye-websocket.
//
//   node faye-websocket-client.js URL DEFLATE(default|on|off) [PROTOCOL...]
//
// faye-websocket's README, "Using the WebSocket client":
// new WebSocket.Client(url, protocols) with 'open' and 'close' handlers.
// Prints exactly one line, "open" or "error: <reason>", and exits 0. It offers
// no extension: permessage-deflate is the separate npm package
// permessage-deflate (README, "Initialization options": extensions), which is
// not installed, so DEFLATE "on" reports an error.
'use strict';
const path = require('path');
const WebSocket = require(path.join(process.env.FAYE_NODE_MODULES || '', 'faye-websocket'));

const [url, deflate, ...protocols] = process.argv.slice(2);
let done = false;
function report(line) {
  if (done) return;
  done = true;
  console.log(line.replace(/\n/g, ' '));
  setTimeout(() => process.exit(0), 200);
}
if (deflate === 'on') {
  report('error: faye-websocket offers permessage-deflate only with the permessage-deflate package (not installed)');
} else {
  const ws = new WebSocket.Client(url, protocols.length ? protocols : undefined);
  ws.on('open', () => {
    report('open');
    ws.close();
  });
  ws.on('close', (event) => report(`error: closed before open: code=${event.code} reason=${event.reason}`));
  ws.on('error', (event) => report(`error: ${event.message || 'error event'}`));
  setTimeout(() => report('error: no open within 8s'), 8000);
}
