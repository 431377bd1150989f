// One-shot WebSocket client on npm websocket (WebSocket-Node).
//
//   node websocket-node-client.js URL DEFLATE(default|on|off) [PROTOCOL...]
//
// WebSocket-Node's README "Client Example": new WebSocketClient(), handlers
// for 'connectFailed' and 'connect', client.connect(url, protocols).
// Prints exactly one line, "open" or "error: <reason>", and exits 0.
// WebSocket-Node has no permessage-deflate, so DEFLATE "on" reports an error.
'use strict';
const path = require('path');
const WebSocketClient = require(path.join(process.env.WSNODE_NODE_MODULES || '', 'websocket')).client;

const [url, deflate, ...protocols] = process.argv.slice(2);
let done = false;
function report(line) {
  if (done) return;
  done = true;
  console.log(String(line).replace(/\n/g, ' '));
  setTimeout(() => process.exit(0), 200);
}
if (deflate === 'on') {
  report('error: WebSocket-Node has no permessage-deflate');
} else {
  const client = new WebSocketClient();
  client.on('connectFailed', (err) => report(`error: ${err}`));
  client.on('connect', (connection) => {
    report('open');
    connection.close();
  });
  client.connect(url, protocols.length ? protocols : null);
  setTimeout(() => report('error: no open within 8s'), 8000);
}
