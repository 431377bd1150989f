// Echo WebSocket server on the real npm "ws" package.
//   node node-ws-server.js PORT
// Listens on 127.0.0.1 only, accepts any path, selects the first offered
// subprotocol (if any) and has permessage-deflate enabled.
'use strict';
const path = require('path');
const { WebSocketServer } = require(path.join(__dirname, '..', '..', '.work', 'node_modules', 'ws'));

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node node-ws-server.js PORT');
  process.exit(2);
}

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: true,
  // protocols is a Set of the offered values, in offer order.
  handleProtocols: (protocols) => {
    for (const p of protocols) return p;
    return false;
  },
});

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});
wss.on('listening', () => console.log(`node-ws server on 127.0.0.1:${port}`));

const stop = () => wss.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
