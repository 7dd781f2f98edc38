from django.contrib.auth import get_user_model

from kota.accounts.services import operator_ensure
from kota.tenancy.scope import city_scope, platform_scope


def test_operator_is_created_once_in_the_public_schema_only(city_a):
    user, created = operator_ensure(email="ops@kota.id", password="sandi-operator-1")
    again, created_again = operator_ensure(email="ops@kota.id", password="lain")

    assert (created, created_again) == (True, False)
    assert again.pk == user.pk
    assert again.check_password("sandi-operator-1") is True
    assert user.is_staff is True
    with platform_scope():
        assert get_user_model().objects.filter(email="ops@kota.id").count() == 1
    with city_scope(city_a):
        assert get_user_model().objects.filter(email="ops@kota.id").exists() is False


def test_emails_are_stored_lowercase(city_a):
    with city_scope(city_a):
        user = get_user_model().objects.create_user("Siti.Aminah@Example.ID", "rahasia-kota-123")

    assert user.email == "siti.aminah@example.id"
