"""The audit trail: one append-only record per change of data, decision, sign-in and export —
who (user name), when (wall clock), what (action), on which target (id) and a JSON detail of ids
and figures, never personal data (the records can never be erased, so they must never need to be)."""
from lafa_core.audit.service import record, record_export, search

__all__ = ["record", "record_export", "search"]
