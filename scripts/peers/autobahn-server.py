#!/usr/bin/python3
"""Echo WebSocket server on Debian's python3-autobahn, asyncio flavour
(run with /usr/bin/python3).

    /usr/bin/python3 autobahn-server.py PORT

Configured as autobahn's documentation example: "WebSocket Programming",
sections "Creating Servers" and "Running a Server" (asyncio): a
WebSocketServerProtocol whose onMessage sends each message back with
sendMessage(payload, isBinary), a WebSocketServerFactory, and
loop.create_server. Differences: onConnect selects "chat" or "superchat"
when offered (same page, "Connection Lifecycle": onConnect may return the
chosen subprotocol), and it listens on 127.0.0.1 only. permessage-deflate
stays at the factory's default (not accepted).
"""
import asyncio
import signal
import sys

from autobahn.asyncio.websocket import WebSocketServerFactory, WebSocketServerProtocol


class EchoServerProtocol(WebSocketServerProtocol):
    def onConnect(self, request):
        for p in request.protocols:
            if p in ("chat", "superchat"):
                return p
        return None

    def onMessage(self, payload, isBinary):
        self.sendMessage(payload, isBinary)


async def main(port):
    factory = WebSocketServerFactory(f"ws://127.0.0.1:{port}")
    factory.protocol = EchoServerProtocol
    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, "127.0.0.1", port)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"autobahn server on 127.0.0.1:{port}", flush=True)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: autobahn-server.py PORT")
    asyncio.run(main(int(sys.argv[1])))
