#!/usr/bin/python3
"""One-shot WebSocket client on Debian's python3-wsproto (run with /usr/bin/python3).

    wsproto-client.py URL DEFLATE(default|on|off) [PROTOCOL...]

wsproto is sans-I/O: this drives WSConnection(ConnectionType.CLIENT) over a
plain socket as wsproto's docs "Getting Started" ("Connections",
"Events") do: send a Request(host, target, subprotocols, extensions), feed
what the server sends to receive_data and read events(). AcceptConnection
is "open"; RejectConnection, a RemoteProtocolError or a closed socket is an
error. "on" offers PerMessageDeflate; the default offers none. Prints
exactly one line and exits 0.
"""
import socket
import sys
from urllib.parse import urlparse

from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, RejectConnection, Request
from wsproto.extensions import PerMessageDeflate
from wsproto.utilities import RemoteProtocolError


def main(url, deflate, protocols):
    u = urlparse(url)
    target = (u.path or "/") + (f"?{u.query}" if u.query else "")
    ws = WSConnection(ConnectionType.CLIENT)
    try:
        sock = socket.create_connection((u.hostname, u.port), timeout=5)
    except OSError as e:
        return f"error: {type(e).__name__}: {e}"
    with sock:
        sock.sendall(ws.send(Request(
            host=u.netloc, target=target, subprotocols=protocols,
            extensions=[PerMessageDeflate()] if deflate == "on" else [])))
        while True:
            try:
                data = sock.recv(65536)
            except OSError as e:
                return f"error: {type(e).__name__}: {e}"
            try:
                ws.receive_data(data or None)
                for event in ws.events():
                    if isinstance(event, AcceptConnection):
                        try:
                            sock.sendall(ws.send(CloseConnection(code=1000)))
                        except Exception:
                            pass
                        return "open"
                    if isinstance(event, RejectConnection):
                        return f"error: rejected with status {event.status_code}"
            except RemoteProtocolError as e:
                return f"error: RemoteProtocolError: {e}"
            if not data:
                return "error: connection closed before the handshake completed"


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: wsproto-client.py URL DEFLATE [PROTOCOL...]")
    print(main(sys.argv[1], sys.argv[2], sys.argv[3:]).replace("\n", " "), flush=True)
