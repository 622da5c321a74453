"""Run the page on a local port until Ctrl-C."""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
import webbrowser

from vocabdeck.errors import VocabdeckError

LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str, port: int, open_browser: bool, say=lambda line: print(line, file=sys.stderr)) -> None:
    try:
        from werkzeug.serving import get_sockaddr, make_server, select_address_family

        from vocabdeck.web.app import LOCAL_HOSTS, create_app
    except ImportError as e:
        raise VocabdeckError(f"the web page needs Flask ({e.name} is missing): "
                             "pip install 'vocabdeck[web]', or pip install flask") from None
    from vocabdeck.web import adapter

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    # Bound here, not by werkzeug, which prints its own lines and exits when the port is taken.
    family = select_address_family(host, port)
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(get_sockaddr(host, port, family))
        listener.listen(64)
    except OSError as e:
        listener.close()
        raise VocabdeckError(f"cannot listen on {host}:{port} ({e.strerror or e}); "
                             "choose another port with --port, or stop the program using it.") from None
    app = create_app(trusted_hosts=LOCAL_HOSTS if is_loopback(host) else None)
    server = make_server(host, port, app, threaded=True, fd=listener.fileno())
    listener.close()  # the server holds its own copy
    # A browser cannot open the wildcard address itself: show the page on this computer.
    shown_host = {"0.0.0.0": LOOPBACK, "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)
    url = f"http://{shown_host}:{server.socket.getsockname()[1]}/"
    if not is_loopback(host):
        say(f"vocabdeck: warning: listening on {host}: anyone on your network can open this page "
            "and build decks with this computer.")
    # Dictionaries and the reading model load in the background; the first build waits for them.
    threading.Thread(target=adapter.warm, name="warm-up", daemon=True).start()
    say(f"vocabdeck: the page is at {url} (Ctrl-C stops the server)")
    if open_browser:
        threading.Timer(0.3, webbrowser.open, (url,)).start()
    try:
        server.serve_forever()  # returns on Ctrl-C
    finally:
        server.server_close()
    say("vocabdeck: stopped.")
