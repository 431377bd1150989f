// Echo WebSocket server on npm websocket (WebSocket-Node).
//
//   node websocket-node-server.js PORT
//
// Configured as WebSocket-Node's README "Server Example": an http.Server, a
// WebSocketServer({ httpServer, autoAcceptConnections: false }), a 'request'
// handler that accepts with request.accept(protocol, request.origin) and a
// connection that sends every utf8/binary message back. Differences: the
// README accepts only 'echo-protocol' (and rejects other origins in
// originIsAllowed, which returns true there); here the first offered of
// "chat"/"superchat" is accepted, or none when none is offered (accept(null)),
// and it listens on 127.0.0.1 only.
'use strict';
const http = require('http');
const path = require('path');
const WebSocketServer = require(path.join(process.env.WSNODE_NODE_MODULES || '', 'websocket')).server;

const port = Number(process.argv[2]);
if (!port) {
  console.error('usage: websocket-node-server.js PORT');
  process.exit(2);
}
const server = http.createServer((req, res) => {
  res.writeHead(404);
  res.end();
});
server.listen(port, '127.0.0.1', () => console.log(`websocket-node server on 127.0.0.1:${port}`));
const wsServer = new WebSocketServer({ httpServer: server, autoAcceptConnections: false });
wsServer.on('request', (request) => {
  const chosen = request.requestedProtocols.find((p) => p === 'chat' || p === 'superchat') || null;
  let connection;
  try {
    connection = request.accept(chosen, request.origin);
  } catch (e) {
    return;
  }
  connection.on('message', (message) => {
    if (message.type === 'utf8') connection.sendUTF(message.utf8Data);
    else if (message.type === 'binary') connection.sendBytes(message.binaryData);
  });
});
process.on('SIGTERM', () => process.exit(0));
