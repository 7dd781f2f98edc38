"""Reads of the audit log."""

from django.db.models import QuerySet

from kota.audit.models import AuditEntry


def audit_entries(*, action_prefix: str = "") -> QuerySet[AuditEntry]:
    """Newest first; ``action_prefix`` narrows to one area (``module.``, ``branding.``…)."""
    entries = AuditEntry.objects.all()
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix)
    return entries
