# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python -m tests.emulator --port PORT --tls-port TLSPORT --tls-dir DIR --vars-file FILE [--state FILE]

Serves every platform on http://HOST:PORT and, with a client certificate required, on
https://HOST:TLSPORT; writes FILE (the module connection options) once both are ready; runs until
SIGTERM or SIGINT, then saves the state and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys

import uvicorn
import yaml
from fastapi import FastAPI

from . import control, tls
from .core import Emulator, Endpoints, discover_platforms
from .state import Store, write_atomically

logger = logging.getLogger("emulator")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.emulator", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="the HTTP port")
    parser.add_argument("--tls-port", type=int, required=True, help="the HTTPS port (client certificate required)")
    parser.add_argument("--tls-dir", required=True, help="where the CA, server and client certificates are kept")
    parser.add_argument("--vars-file", required=True, help="the YAML file of connection options to write")
    parser.add_argument("--state", help="a JSON file that keeps the platforms' state across restarts")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    return parser.parse_args(argv)


def build(platforms, store):
    app = FastAPI(title="clusterops platform emulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(control.router)
    for platform in platforms:
        app.include_router(platform.router)
    return Emulator(app, platforms, store)


def connection_vars(emulator, endpoints):
    result = {}
    for platform in emulator.platforms:
        result.update(platform.connection_vars(emulator.store.credentials[platform.name], endpoints))
    files = endpoints.tls
    result.update(
        emulator_url=endpoints.http_url,
        # The TLS port is GaussMaster's (DBMind), whose API sits behind mutual TLS.
        dbmind_url=endpoints.https_url,
        dbmind_client_cert=str(files.client_cert),
        dbmind_client_key=str(files.client_key),
        dbmind_client_key_password=files.client_key_password,
        ca_path=str(files.ca),
    )
    return result


class _Server(uvicorn.Server):
    # main() handles SIGINT/SIGTERM for both servers. uvicorn's own handlers would re-raise the
    # signal after shutting down, and the process would not exit 0.
    def capture_signals(self):
        return contextlib.nullcontext()

    def install_signal_handlers(self):  # the same hook in older uvicorn versions
        pass


async def serve(app, args, tls_files, on_ready):
    plain = uvicorn.Config(app, host=args.host, port=args.port, lifespan="off", http="h11",
                           timeout_graceful_shutdown=3)
    secure = uvicorn.Config(app, host=args.host, port=args.tls_port, lifespan="off", http="h11",
                            timeout_graceful_shutdown=3)
    secure.load()
    secure.ssl = tls.server_context(tls_files)
    servers = [_Server(plain), _Server(secure)]

    def stop():
        for server in servers:
            server.should_exit = True

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop)
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    while not all(server.started for server in servers):
        if any(task.done() for task in tasks):
            break
        await asyncio.sleep(0.05)
    else:
        on_ready()
    await asyncio.gather(*tasks)


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    with contextlib.suppress(FileNotFoundError):
        # Whoever waits for the vars file must not mistake an old one for this run's.
        os.unlink(args.vars_file)
    tls_files = tls.ensure_files(args.tls_dir)
    platforms = discover_platforms()
    emulator = build(platforms, Store(platforms, args.state))
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
    host = "[%s]" % host if ":" in host else host
    endpoints = Endpoints("http://%s:%d" % (host, args.port), "https://%s:%d" % (host, args.tls_port), tls_files)

    def on_ready():
        write_atomically(args.vars_file, yaml.safe_dump(connection_vars(emulator, endpoints), sort_keys=False,
                                                        allow_unicode=True))
        logger.info("ready: http %s, https %s, vars in %s, platforms: %s", endpoints.http_url,
                    endpoints.https_url, args.vars_file, ", ".join(p.name for p in platforms))

    asyncio.run(serve(emulator, args, tls_files, on_ready))
    emulator.store.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
