"""A real threaded HTTP server on 127.0.0.1 with Kota's whole middleware stack, serving the
test database: for browsers and for webhooks sent by the fake Stripe server. What it
serves must be committed (it answers from its own threads and connections)."""

import threading
from contextlib import contextmanager

from celery._state import _set_task_join_will_block
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import connections


class _JoiningServer(ThreadedWSGIServer):
    """Waits, on close, for its request threads: each closes its database connection when
    its connection ends, so none is left open when the test database is dropped."""

    daemon_threads = False
    block_on_close = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def live_server():
    """Serve until the block ends; yields the port."""
    server = _JoiningServer(("127.0.0.1", 0), _QuietHandler)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        connections.close_all()
        # Tasks run in-process (eager) in the server's threads, several at once when
        # webhooks arrive together; Celery keeps "inside a task" in one process-wide flag
        # that such overlapping runs can leave set, which would make every later
        # result.get() in this process refuse to wait.
        _set_task_join_will_block(False)
