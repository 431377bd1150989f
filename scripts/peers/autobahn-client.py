#!/usr/bin/python3
"""One-shot WebSocket client on Debian's python3-autobahn, asyncio flavour
(run with /usr/bin/python3).

    autobahn-client.py URL DEFLATE(default|on|off) [PROTOCOL...]

autobahn's "WebSocket Programming", "Creating Clients" / "Running a Client"
(asyncio): a WebSocketClientProtocol, a WebSocketClientFactory(url,
protocols=...) and loop.create_connection. "on" offers permessage-deflate
as "WebSocket Compression" in the same docs does
(setProtocolOptions(perMessageCompressionOffers=..., perMessageCompressionAccept=...));
the default offers none. Prints exactly one line, "open" or
"error: <reason>", closes politely, exits 0.
"""
import asyncio
import sys
from urllib.parse import urlparse

from autobahn.asyncio.websocket import WebSocketClientFactory, WebSocketClientProtocol
from autobahn.websocket.compress import (
    PerMessageDeflateOffer,
    PerMessageDeflateResponse,
    PerMessageDeflateResponseAccept,
)


async def main(url, deflate, protocols):
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    class Client(WebSocketClientProtocol):
        def onOpen(self):
            if not done.done():
                done.set_result("open")
            self.sendClose(1000)

        def onClose(self, wasClean, code, reason):
            if not done.done():
                done.set_result(f"error: closed before open: code={code} reason={reason}".replace("\n", " "))

    factory = WebSocketClientFactory(url, protocols=protocols or None)
    factory.protocol = Client
    if deflate == "on":
        factory.setProtocolOptions(
            perMessageCompressionOffers=[PerMessageDeflateOffer()],
            perMessageCompressionAccept=lambda resp: PerMessageDeflateResponseAccept(resp)
            if isinstance(resp, PerMessageDeflateResponse) else None,
        )
    u = urlparse(url)
    try:
        transport, _ = await asyncio.wait_for(loop.create_connection(factory, u.hostname, u.port), 5)
    except Exception as e:
        print(f"error: {type(e).__name__}: {e}".replace("\n", " "), flush=True)
        return
    try:
        print(await asyncio.wait_for(done, 5), flush=True)
    except asyncio.TimeoutError:
        print("error: no open within 5s", flush=True)
    transport.close()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: autobahn-client.py URL DEFLATE [PROTOCOL...]")
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
