#!/usr/bin/python3
"""Echo WebSocket server on Debian's python3-aiohttp (run with /usr/bin/python3).

    /usr/bin/python3 aiohttp-server.py PORT

Listens on 127.0.0.1 only, any path. web.WebSocketResponse(compress=True,
protocols=("chat", "superchat")): permessage-deflate enabled, and the first of
the server's protocols that the client offered is selected.
"""
import sys

from aiohttp import WSMsgType, web


async def ws_handler(request):
    ws = web.WebSocketResponse(compress=True, protocols=("chat", "superchat"))
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    return ws


def main(port):
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", ws_handler)
    web.run_app(app, host="127.0.0.1", port=port, print=lambda *a: print(f"aiohttp server on 127.0.0.1:{port}", flush=True))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: aiohttp-server.py PORT")
    main(int(sys.argv[1]))
