#!/usr/bin/python3
"""Echo WebSocket server on Debian's python3-tornado (run with /usr/bin/python3).

    /usr/bin/python3 tornado-server.py PORT

Configured as tornado's own documentation example: "tornado.websocket —
Bidirectional communication to the browser", the EchoWebSocket subclass of
websocket.WebSocketHandler (open / on_message / on_close), mounted in a
tornado.web.Application. Differences: it echoes the message unchanged, it is
mounted on every path, and select_subprotocol picks "chat" or "superchat"
when offered (WebSocketHandler.select_subprotocol, same page). check_origin
keeps its default (cross-origin requests get 403). Listens on 127.0.0.1 only.
"""
import asyncio
import signal
import sys

import tornado.web
import tornado.websocket


class EchoWebSocket(tornado.websocket.WebSocketHandler):
    def select_subprotocol(self, subprotocols):
        for p in subprotocols:
            if p in ("chat", "superchat"):
                return p
        return None

    def open(self):
        pass

    def on_message(self, message):
        self.write_message(message, binary=isinstance(message, bytes))

    def on_close(self):
        pass


async def main(port):
    app = tornado.web.Application([(r"/.*", EchoWebSocket)])
    app.listen(port, address="127.0.0.1")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"tornado server on 127.0.0.1:{port}", flush=True)
    await stop.wait()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: tornado-server.py PORT")
    asyncio.run(main(int(sys.argv[1])))
