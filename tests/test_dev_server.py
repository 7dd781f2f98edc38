"""`make run` end to end: `kota dev` on its own database serves the platform and the demo
cities, and a stop signal ends everything it started."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

DEV_DATABASE = "test_kota_dev"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, host: str, path: str = "/") -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def dev_database_url():
    base = urlsplit(os.environ["DATABASE_URL"])
    admin = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DEV_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DEV_DATABASE}")
    yield urlunsplit(base._replace(path=f"/{DEV_DATABASE}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DEV_DATABASE} WITH (FORCE)")


@pytest.mark.slow
def test_kota_dev_serves_platform_and_demo_cities_and_stops_cleanly(dev_database_url, tmp_path):
    port = _free_port()
    stripe_port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "KOTA_CACHE"}},
        "DATABASE_URL": dev_database_url,
        "PORT": str(port),
        "KOTA_STATE_DIR": str(tmp_path),
        "STRIPE_API_BASE": f"http://127.0.0.1:{stripe_port}",
    }
    dev = subprocess.Popen(
        [sys.executable, "-m", "kota", "dev"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        process_group=0,
        # As when a script starts it in the background: SIGINT ignored, and inherited.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # noqa: PLW1509
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                status, _ = _get(port, "localhost")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            pytest.fail("kota dev did not answer within 90 s")

        status, platform = _get(port, "localhost")
        assert status == 200
        assert f'href="http://tangerang.localhost:{port}/"' in platform
        assert _get(port, "tangerang.localhost")[1].count("<h1>Kota Tangerang</h1>") == 1
        assert "<h1>Kota Tangerang</h1>" in _get(port, "www.tangerang.localhost")[1]
        assert "<h1>Kabupaten Badung</h1>" in _get(port, "badung.localhost")[1]
        assert _get(port, "nope.localhost")[0] == 404
        # The demo cities are given the city plan: e-plesiran is live on them.
        assert _get(port, "tangerang.localhost", "/plesiran/")[0] == 200
        # Payments go to the fake Stripe server, which knows the paid plans' prices.
        with urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{stripe_port}/v1/prices",
                headers={"Authorization": "Bearer sk_test_kota_local"},
            ),
            timeout=10,
        ) as response:
            assert b"kota-kota-2500000-idr-month" in response.read()
    finally:
        dev.send_signal(signal.SIGTERM)
        # Promptly: its children stop on the signal, not after a kill timeout.
        output, _ = dev.communicate(timeout=8)

    assert dev.returncode == 0, output
    assert "operator@kota.localhost" in output
    admin_password = (tmp_path / "dev-city-admin-password").read_text().strip()
    assert f"admin admin@tangerang.localhost   password {admin_password}" in output
    assert f"http://tangerang.localhost:{port}/" in output
    assert f"Fake Stripe        http://127.0.0.1:{stripe_port}/" in output
    with pytest.raises(urllib.error.URLError):
        _get(port, "localhost")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{stripe_port}/_kota/health", timeout=5)
    assert (tmp_path / "fake-stripe.pickle").exists()
