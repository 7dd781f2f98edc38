"""Start and wait for the fake Stripe server from tests and `kota dev` (development only)."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

SOURCE_ROOT = str(Path(__file__).resolve().parent.parent)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_start(
    port: int,
    *,
    log_path: str | os.PathLike | None = None,
    state_file: str | os.PathLike | None = None,
) -> subprocess.Popen:
    """Run `python -m kota_localstripe --port <port>` in its own process group, its output
    appended to log_path (or dropped), its state in memory or in ``state_file``. Stop it
    with `os.killpg(process.pid, SIGTERM)`."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE_ROOT, env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "kota_localstripe", "--port", str(int(port))]
    if state_file is not None:
        command += ["--state-file", str(state_file)]
    with contextlib.ExitStack() as stack:
        output = subprocess.DEVNULL
        if log_path is not None:
            output = stack.enter_context(open(log_path, "ab"))
        # A fixed command: this interpreter and a port number.
        return subprocess.Popen(  # noqa: S603
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def _answers(host: str, port: int) -> bool:
    connection = HTTPConnection(host, port, timeout=1)
    try:
        connection.request("GET", "/_kota/health")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def server_wait_ready(base_url: str, timeout: float = 15) -> None:
    """Poll `<base_url>/_kota/health` until it answers; TimeoutError after timeout seconds."""
    parts = urlsplit(base_url)
    deadline = time.monotonic() + timeout
    while not _answers(parts.hostname, parts.port or 80):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the fake Stripe server at {base_url} did not answer")
        time.sleep(0.05)


@contextlib.contextmanager
def server_running(*, log_path: str | os.PathLike | None = None):
    """A fake Stripe server on a free port for the block, its state in memory; yields its
    base URL and stops it afterwards."""
    port = free_port()
    process = server_start(port, log_path=log_path)
    url = f"http://127.0.0.1:{port}"
    try:
        server_wait_ready(url)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
