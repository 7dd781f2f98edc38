"""Start localstripe with Kota's additions on 127.0.0.1 (development and tests only)."""

import argparse
import logging
import socket
from pathlib import Path

from aiohttp import web
from localstripe.resources import store as localstripe_store

# resources (which applies patches) must be imported before localstripe.server: the server
# copies localstripe's extra /v1 routes when it is imported.
from kota_localstripe import patches, resources, urls  # noqa: F401 - resources: its routes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kota_localstripe")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--public-url",
        help="where browsers reach this server (default http://127.0.0.1:<port>)",
    )
    parser.add_argument(
        "--state-file",
        type=Path,
        help="keep the state in this file across restarts (default: in memory only)",
    )
    args = parser.parse_args(argv)
    if args.state_file:
        patches.state_file = args.state_file.resolve()
        localstripe_store.try_load_from_disk()
    urls.public_url = (args.public_url or f"http://127.0.0.1:{args.port}").rstrip("/")

    from localstripe.server import app

    from kota_localstripe import routes

    routes.install(app)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ready = f"kota_localstripe ready on http://127.0.0.1:{args.port}"
    web.run_app(
        app,
        sock=sock,
        access_log=logging.getLogger("aiohttp.access"),
        print=lambda _message: print(ready, flush=True),
    )
