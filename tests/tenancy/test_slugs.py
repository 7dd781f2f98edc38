import pytest
from django.core.exceptions import ValidationError

from kota.tenancy.slugs import schema_name_for_slug, slug_validate


@pytest.mark.parametrize("slug", ["abc", "kota-tangerang", "kab-01", "a" * 40, "123"])
def test_valid_slugs(slug):
    assert slug_validate(slug) == slug


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("", "required"),
        ("ab", "length"),
        ("a" * 41, "length"),
        ("Tangerang", "invalid"),
        ("kota_tangerang", "invalid"),
        ("-tangerang", "invalid"),
        ("tangerang-", "invalid"),
        ("kota--x", "invalid"),
        ("kota.x", "invalid"),
        ("kötä", "invalid"),
        ("tangerang;drop", "invalid"),
        ("www", "reserved"),
        ("api", "reserved"),
        ("admin", "reserved"),
        ("operator", "reserved"),
        ("static", "reserved"),
        ("media", "reserved"),
        ("public", "reserved"),
        ("mail", "reserved"),
    ],
)
def test_invalid_slugs_are_refused_with_a_reason(slug, code):
    with pytest.raises(ValidationError) as error:
        slug_validate(slug)

    assert error.value.code == code
    assert error.value.messages[0] != ""


def test_schema_name_is_prefixed_and_underscored():
    assert schema_name_for_slug("kota-tangerang") == "city_kota_tangerang"


def test_schema_name_refuses_bad_slugs():
    with pytest.raises(ValidationError):
        schema_name_for_slug('x"; DROP SCHEMA public; --')
