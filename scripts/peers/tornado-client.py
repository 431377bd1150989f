#!/usr/bin/python3
"""One-shot WebSocket client on Debian's python3-tornado (run with /usr/bin/python3).

    tornado-client.py URL DEFLATE(default|on|off) [PROTOCOL...]

tornado.websocket.websocket_connect (tornado docs, "tornado.websocket",
"Client-side support"), with subprotocols=PROTOCOLs; compression_options={}
offers permessage-deflate ("on"); the default (None) offers none. Prints
exactly one line, "open" or "error: <reason>", closes politely, exits 0.
"""
import asyncio
import sys

import tornado.websocket


async def main(url, deflate, protocols):
    try:
        conn = await tornado.websocket.websocket_connect(
            url,
            connect_timeout=5,
            subprotocols=protocols or None,
            compression_options={} if deflate == "on" else None,
        )
    except Exception as e:  # report any failure as one line
        print(f"error: {type(e).__name__}: {e}".replace("\n", " "), flush=True)
        return
    print("open", flush=True)
    conn.close()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: tornado-client.py URL DEFLATE [PROTOCOL...]")
    asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2], sys.argv[3:]), 12))
