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
import time

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
    from django.test.utils import override_settings

    django.setup()
    if settings.PRODUCTION:
        raise SystemExit("kota dev sets development passwords; it does not run in production.")
    port = os.environ.get("PORT", "8000")
    tenants = settings.KOTA_HOME / "tenants"
    call_command("migrate", verbosity=1)
    # The demo cities' admins get the development password below instead of the emailed
    # invitations applying would send them (links that password would void at once).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        call_command("tenants", "apply", str(tenants))
    # Without a Stripe key, payments go to the local fake Stripe server (its own pages
    # stand in for Checkout and the customer portal) and its webhooks come back here.
    fake_stripe = None if os.environ.get("STRIPE_SECRET_KEY") else _fake_stripe_start(port)
    call_command("billing", "prices")
    password = _dev_operator_password()
    admin_password = _dev_city_admin_password()

    from kota.accounts.services import city_admin_ensure, operator_ensure
    from kota.tenancy.manifests import manifests_load
    from kota.tenancy.selectors import city_list_live, city_primary_host

    operator_ensure(email=DEV_OPERATOR_EMAIL, password=password)
    admins = {spec.slug: spec for spec in manifests_load(tenants) if spec.admin_email}
    root = settings.KOTA_ROOT_DOMAIN
    lines = [
        "",
        f"  Platform site      http://{root}:{port}/",
        f"  Operator console   http://{root}:{port}/operator/",
        f"    email {DEV_OPERATOR_EMAIL}   password {password}",
    ]
    if fake_stripe is not None:
        lines.append(f"  Fake Stripe        {settings.STRIPE_API_BASE}/ (test cards on its pages)")
    for city in city_list_live():
        hosts = [city_primary_host(city)] + [
            d.domain for d in city.domains.all() if not d.is_primary
        ]
        lines.append(f"  {city.name:<18} " + "  ".join(f"http://{h}:{port}/" for h in hosts))
        spec = admins.get(city.slug)
        if spec is not None:
            # The manifest's admin was invited by email; in development they get the
            # development password instead (only ever set on an account without one).
            city_admin_ensure(
                city=city,
                email=spec.admin_email,
                full_name=spec.admin_name,
                password=admin_password,
            )
            lines.append(
                f"    admin {spec.admin_email}   password {admin_password}   "
                f"console http://{hosts[0]}:{port}/console/"
            )
    print("\n".join([*lines, "", "  Ctrl-C stops everything.", ""]), flush=True)

    from django.db import connections

    connections.close_all()
    # Fixed argument lists of our own interpreter: nothing comes from user input.
    server = [sys.executable, "-m", "kota", "runserver", f"127.0.0.1:{port}"]
    # Each child leads its own process group, so stopping it reaches its own children too
    # (runserver's autoreloader runs the server in a subprocess).
    children = [subprocess.Popen(server, process_group=0)]  # noqa: S603
    if fake_stripe is not None:
        children.append(fake_stripe)
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
                ],
                process_group=0,
            )
        )
    # A closed terminal (SIGHUP) or a `kill` (SIGTERM) stops everything like Ctrl-C does,
    # so the embedded PostgreSQL is shut down on the way out too.
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, _raise_keyboard_interrupt)
    try:
        # If any part stops on its own (a port already in use, a crash), stop the rest.
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        # SIGTERM, not SIGINT: a process started in the background by a script inherits
        # an ignored SIGINT. Celery takes SIGTERM as a warm shutdown.
        for child in children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)


def _fake_stripe_start(port: str) -> subprocess.Popen:
    """The fake Stripe server (localstripe with kota_localstripe) on STRIPE_API_BASE, its
    state kept in the state folder, sending its signed webhooks to this platform."""
    from urllib.parse import urlsplit
    from urllib.request import urlopen

    from django.conf import settings

    from kota_localstripe.launcher import server_start, server_wait_ready

    base = settings.STRIPE_API_BASE
    stripe_port = urlsplit(base).port
    process = server_start(
        stripe_port,
        log_path=runtime.state_dir() / "fake-stripe.log",
        state_file=runtime.state_dir() / "fake-stripe.pickle",
    )
    try:
        server_wait_ready(base)
    except TimeoutError:
        os.killpg(process.pid, signal.SIGTERM)
        raise SystemExit(
            f"The fake Stripe server did not start on {base}; is port {stripe_port} in use? "
            f"See {runtime.state_dir() / 'fake-stripe.log'}."
        ) from None
    webhook = f"http://{settings.KOTA_ROOT_DOMAIN}:{port}/billing/stripe/webhook/"
    form = f"url={webhook}&secret={settings.STRIPE_WEBHOOK_SECRET}".encode()
    # A fixed loopback address from the settings, not user input.
    with urlopen(f"{base}/_config/webhooks/kota", data=form, timeout=10):  # noqa: S310
        pass
    return process


def _raise_keyboard_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _dev_operator_password() -> str:
    return _dev_password("dev-operator-password")


def _dev_city_admin_password() -> str:
    """One development password for the demo cities' admins (each city its own account)."""
    return _dev_password("dev-city-admin-password")


def _dev_password(name: str) -> str:
    """A random development password, kept in the state folder so it stays the same."""
    path = runtime.state_dir() / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()
