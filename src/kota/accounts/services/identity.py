"""Writes for the city's email identity: who its emails come from, where replies go."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kota.audit.services import audit_record
from kota.tenancy.models import City


@transaction.atomic
def city_email_identity_update(*, city: City, sender_name: str, reply_to: str, actor) -> bool:
    """Set the name the city's emails come from (empty: the city's name) and the address
    replies go to (empty: none). Raises ValidationError per field (a name that could break
    a mail header, an invalid address). Returns whether anything changed; audited as
    ``city.email_identity``."""
    values = {"email_sender_name": sender_name.strip(), "email_reply_to": reply_to.strip().lower()}
    errors = {}
    for name, value in values.items():
        try:
            City._meta.get_field(name).clean(value, city)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(city, name) for name in values}
    if before == values:
        return False
    for name, value in values.items():
        setattr(city, name, value)
    city.save(update_fields=[*values, "updated_at"])
    audit_record(
        actor=actor, action="city.email_identity", target=city.slug, before=before, after=values
    )
    return True
