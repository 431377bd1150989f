#!/usr/bin/python3
"""Echo WebSocket server on Debian's python3-websockets (run with /usr/bin/python3).

    /usr/bin/python3 py-websockets-server.py PORT

Listens on 127.0.0.1 only. Supports the subprotocols "chat" and "superchat"
(the server picks by its own preference among those offered) and the library's
default permessage-deflate support.
"""
import asyncio
import signal
import sys

import websockets


async def echo(ws, path=None):
    try:
        async for msg in ws:
            await ws.send(msg)
    except websockets.ConnectionClosed:
        pass


async def main(port):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)
    async with websockets.serve(echo, "127.0.0.1", port, subprotocols=["chat", "superchat"]):
        print(f"py-websockets server on 127.0.0.1:{port}", flush=True)
        await stop


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: py-websockets-server.py PORT")
    asyncio.run(main(int(sys.argv[1])))
