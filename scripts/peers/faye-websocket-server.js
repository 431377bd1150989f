// Echo WebSocket server on npm faye-websocket.
//
//   node faye-websocket-server.js PORT
//
// Configured as faye-websocket's README example, "Handling WebSocket
// connections in Node": an http.Server whose 'upgrade' handler checks
// WebSocket.isWebSocket(request), makes `new WebSocket(request, socket, body)`
// and sends every message's data back. Differences: it offers the
// subprotocols "chat" and "superchat" (README, "Initialization options":
// new WebSocket(request, socket, body, protocols)), answers plain HTTP with
// 200 and listens on 127.0.0.1 only. No extensions (the README's
// permessage-deflate is a separate package).
'use strict';
const http = require('http');
const path = require('path');
const WebSocket = require(path.join(process.env.FAYE_NODE_MODULES || '', 'faye-websocket'));

const port = Number(process.argv[2]);
if (!port) {
  console.error('usage: faye-websocket-server.js PORT');
  process.exit(2);
}
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('switchyard faye-websocket peer\n');
});
server.on('upgrade', (request, socket, body) => {
  if (!WebSocket.isWebSocket(request)) {
    socket.destroy();
    return;
  }
  const ws = new WebSocket(request, socket, body, ['chat', 'superchat']);
  ws.on('message', (event) => ws.send(event.data));
  ws.on('close', () => {});
});
server.listen(port, '127.0.0.1', () => console.log(`faye-websocket server on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
