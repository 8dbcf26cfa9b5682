"""The audit trail every app writes to: who did what to which object, and downloads of personal data."""

from __future__ import annotations

from bangkok_network.models import AuditEntry


def audit_log(*, actor, action: str, obj=None, details: dict | None = None) -> AuditEntry:
    """Record who did what to which object."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        details=details or {},
    )
