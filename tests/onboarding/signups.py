"""Signup data for the tests: what a finished wizard hands to signup_submit."""

import uuid

from kota.onboarding.specs import SignupData

PASSWORD = "Rahasia-Kota-2026!"


def signup_data(**fields) -> SignupData:
    values = {
        "name": "Kota Delta",
        "kind": "kota",
        "province": "Jawa Tengah",
        "time_zone": "Asia/Jakarta",
        "contact_email": "diskominfo@delta.go.id",
        "slug": "delta",
        "admin_name": "Dewi Lestari",
        "admin_email": "dewi@delta.go.id",
        "modules": (),
        "theme": "pesisir",
        "primary_color": "#7a1f5c",
        "secondary_color": "#1f4e7a",
        "plan": "gratis",
    }
    values.update(fields)
    return SignupData(**values)


def submission_key() -> str:
    return uuid.uuid4().hex
