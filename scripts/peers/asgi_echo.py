#!/usr/bin/python3
"""ASGI WebSocket echo app, served by uvicorn and hypercorn (Debian packages).

    /usr/bin/python3 -m uvicorn --app-dir scripts/peers asgi_echo:app --ws websockets|wsproto ...
    /usr/bin/python3 -m hypercorn scripts/peers/asgi_echo.py:app ...

Written to the ASGI specification, "WebSocket" section (asgiref docs,
specs/www.html): on "websocket.connect" send "websocket.accept" (with a
subprotocol when the client offered "chat" or "superchat"), then echo every
"websocket.receive" until "websocket.disconnect". Plain HTTP gets a 200.
The file name has an underscore so that it is importable as a module.
"""

OURS = ("chat", "superchat")


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            msg = await receive()
            if msg["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif msg["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"switchyard asgi echo\n"})
        return
    # scope["type"] == "websocket"
    offered = scope.get("subprotocols") or []
    chosen = next((p for p in offered if p in OURS), None)
    while True:
        msg = await receive()
        if msg["type"] == "websocket.connect":
            accept = {"type": "websocket.accept"}
            if chosen is not None:
                accept["subprotocol"] = chosen
            await send(accept)
        elif msg["type"] == "websocket.receive":
            if msg.get("text") is not None:
                await send({"type": "websocket.send", "text": msg["text"]})
            else:
                await send({"type": "websocket.send", "bytes": msg.get("bytes") or b""})
        elif msg["type"] == "websocket.disconnect":
            return
