"""The `kota` command: Django's management commands, plus `kota dev`.

Every invocation first makes sure there is a database (the embedded PostgreSQL when
DATABASE_URL is unset), so `kota migrate` or `kota tenants apply tenants/` work on a fresh
machine as they do in production.
"""

import os
import secrets
import signal
import subprocess
import sys

from kota import runtime

DEV_OPERATOR_EMAIL = "operator@kota.localhost"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kota.config.settings")
    runtime.database_url_ensure()
    if argv[1:2] == ["dev"]:
        dev()
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def dev() -> None:
    """Set everything up and serve the platform and the demo cities until Ctrl-C."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    port = os.environ.get("PORT", "8000")
    call_command("migrate", verbosity=1)
    call_command("tenants", "apply", str(settings.KOTA_HOME / "tenants"))
    password = _dev_operator_password()

    from kota.accounts.services import operator_ensure
    from kota.tenancy.selectors import city_list_live, city_primary_host

    operator_ensure(email=DEV_OPERATOR_EMAIL, password=password)
    root = settings.KOTA_ROOT_DOMAIN
    lines = [
        "",
        f"  Platform site      http://{root}:{port}/",
        f"  Operator console   http://{root}:{port}/operator/",
        f"    email {DEV_OPERATOR_EMAIL}   password {password}",
    ]
    lines += [
        f"  {city.name:<18} http://{city_primary_host(city)}:{port}/" for city in city_list_live()
    ]
    print("\n".join([*lines, "", "  Ctrl-C stops everything.", ""]), flush=True)

    from django.db import connections

    connections.close_all()
    # Fixed argument lists of our own interpreter: nothing comes from user input.
    server = [sys.executable, "-m", "kota", "runserver", f"127.0.0.1:{port}"]
    children = [subprocess.Popen(server)]  # noqa: S603
    if settings.REDIS_URL:
        children.append(
            subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "kota.config",
                    "worker",
                    "-B",
                    "--loglevel",
                    "INFO",
                ]
            )
        )
    try:
        for child in children:
            child.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def _dev_operator_password() -> str:
    """A random development password, kept in the state folder so it stays the same."""
    path = runtime.state_dir() / "dev-operator-password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()
