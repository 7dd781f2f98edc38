"""Writes to the audit log. Call inside the city's schema (a request or city_scope)."""

from typing import Any

from kota.audit.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    target: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Record one change. ``actor`` is a user or None (the system, a manifest, a task)."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_person else None,
        actor_label=actor.email if is_person else "system",
        action=action,
        target=str(target)[:200],
        before=before,
        after=after,
    )
