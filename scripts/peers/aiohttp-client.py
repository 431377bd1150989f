#!/usr/bin/python3
"""One-shot WebSocket client on Debian's python3-aiohttp (run with /usr/bin/python3).

    aiohttp-client.py URL DEFLATE(default|on|off) [PROTOCOL...]

Prints exactly one line, "open" or "error: <reason>", closes politely, exits 0.
aiohttp's ws_connect offers permessage-deflate only when compress=15 ("on"); its
default (compress=0) offers no extension.
"""
import asyncio
import sys

import aiohttp


async def main(url, deflate, protocols):
    timeout = aiohttp.ClientTimeout(total=8)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        try:
            ws = await session.ws_connect(
                url,
                protocols=tuple(protocols),
                compress=15 if deflate == "on" else 0,
                timeout=5,
                receive_timeout=5,
            )
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
        sys.exit("usage: aiohttp-client.py URL DEFLATE [PROTOCOL...]")
    asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2], sys.argv[3:]), 12))
