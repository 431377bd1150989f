#!/usr/bin/python3
"""One-shot WebSocket client on Debian's python3-websockets (run with /usr/bin/python3).

    py-websockets-client.py URL DEFLATE(default|on|off) [PROTOCOL...]

Prints exactly one line, "open" or "error: <reason>", closes politely, exits 0.
"""
import asyncio
import sys

import websockets


async def main(url, deflate, protocols):
    kwargs = {"open_timeout": 5, "close_timeout": 3}
    if protocols:
        kwargs["subprotocols"] = protocols
    if deflate == "off":
        kwargs["compression"] = None
    # "on" is the library default (compression="deflate").
    try:
        ws = await websockets.connect(url, **kwargs)
    except Exception as e:  # report any failure as one line
        print(f"error: {type(e).__name__}: {e}".replace("\n", " "), flush=True)
        return
    print("open", flush=True)
    try:
        await ws.close()
    except Exception:
        pass


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: py-websockets-client.py URL DEFLATE [PROTOCOL...]")
    asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2], sys.argv[3:]), 10))
