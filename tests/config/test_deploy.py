"""Production settings: refuse to start without secrets, pass `check --deploy`."""

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "KOTA_ENV": "production",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "KOTA_ROOT_DOMAIN": "kota.example.id",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "STRIPE_SECRET_KEY": "sk_live_for_the_deploy_check",
    "STRIPE_WEBHOOK_SECRET": "whsec_for_the_deploy_check",
}


def _kota(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    unset = {"KOTA_ENV", "SECRET_KEY", "DEBUG", "STRIPE_API_BASE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-m", "kota", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_check_deploy_passes_with_production_settings():
    result = _kota(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_check_deploy_warns_without_stripe_keys():
    env = {**PRODUCTION_ENV, "STRIPE_SECRET_KEY": "", "STRIPE_WEBHOOK_SECRET": ""}

    result = _kota(["check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode != 0
    assert "kota.billing.W001" in result.stderr + result.stdout


@pytest.mark.slow
def test_production_refuses_to_start_without_a_shared_cache():
    result = _kota(["check"], {**PRODUCTION_ENV, "REDIS_URL": ""})

    assert result.returncode != 0
    assert "REDIS_URL must be set when KOTA_ENV=production." in result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}

    result = _kota(["check"], env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when KOTA_ENV=production." in result.stderr


@pytest.mark.slow
def test_production_runs_without_debug_with_secure_cookies_and_hsts():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_DOMAIN)"
    )

    result = _kota(["shell", "-c", code], {**PRODUCTION_ENV, "DEBUG": "1"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "False",
        "True",
        "True",
        "31536000",
        "None",
    ]
