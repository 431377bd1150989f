#!/usr/bin/python3
"""Raw TCP echo, the backend that lighttpd's mod_wstunnel spawns (bin-path).

    tcp-echo.py            accept on the listening socket passed as fd 0
                           (how lighttpd starts a "bin-path" backend)

Every connection gets back what it sends, until it closes.
"""
import socket
import threading


def serve(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            conn.sendall(data)


def main():
    lsock = socket.socket(fileno=0)
    while True:
        conn, _ = lsock.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
