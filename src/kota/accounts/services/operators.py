"""Writes for the platform's operators (platform schema)."""

from django.contrib.auth import get_user_model

from kota.tenancy.scope import platform_scope


def operator_ensure(*, email: str, password: str) -> tuple[object, bool]:
    """Create a platform operator (platform schema) unless one with this email exists."""
    User = get_user_model()
    with platform_scope():
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user, False
        return User.objects.create_superuser(email=email, password=password), True
