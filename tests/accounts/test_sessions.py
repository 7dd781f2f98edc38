from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from kota.accounts.services import sessions_clear_expired
from kota.tenancy.scope import city_scope, platform_scope


def _session(expired: bool) -> str:
    store = SessionStore()
    store["kota.signup"] = {"steps": {}}
    store.create()
    if expired:
        Session.objects.filter(session_key=store.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
    return store.session_key


def test_expired_sessions_go_in_every_schema_and_live_ones_stay(city_a, city_b):
    with platform_scope():
        platform_old, platform_live = _session(True), _session(False)
    with city_scope(city_a):
        city_old, city_live = _session(True), _session(False)

    assert sessions_clear_expired() == 3  # the platform, alfa, beta

    with platform_scope():
        assert set(Session.objects.values_list("session_key", flat=True)) >= {platform_live}
        assert Session.objects.filter(session_key=platform_old).exists() is False
    with city_scope(city_a):
        assert Session.objects.filter(session_key=city_live).exists() is True
        assert Session.objects.filter(session_key=city_old).exists() is False
