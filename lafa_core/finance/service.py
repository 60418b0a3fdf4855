"""Finance services: a lease's account statement and the LTO loan book on the data's as-of day.
Reads only; who may read them is the role's FINANCE_STATEMENTS action (exports are audited by
the page through `audit.record_export`)."""
from __future__ import annotations

from lafa_core.errors import LocalizedError
from lafa_core.finance import queries
from lafa_core.finance.statement import AccountStatement, build_statement
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action, require


class LeaseNotFound(LocalizedError, LookupError):
    def __init__(self, contract_id: int):
        super().__init__(f"contract {contract_id} is not a lease-to-own contract",
                         key="finance.error.lease_not_found", contract_id=contract_id)


def _statements(session, leases, as_of) -> list[AccountStatement]:
    ids = [lease.contract_id for lease in leases]
    schedules = queries.schedules(session=session, contract_ids=ids)
    payments = queries.payments(session=session, contract_ids=ids, not_after=as_of)
    return [build_statement(lease, schedules[lease.contract_id], payments[lease.contract_id], as_of)
            for lease in leases]


def statement(uow: UnitOfWork, contract_id: int) -> AccountStatement:
    """One lease's statement on the data's as-of day (any LTO lease, ended ones included)."""
    require(uow.actor, Action.FINANCE_STATEMENTS)
    with uow:
        lease = queries.lease(session=uow.session, contract_id=contract_id)
        if lease is None:
            raise LeaseNotFound(contract_id)
        as_of = uow.as_of()
        return _statements(uow.session, [lease], as_of)[0]


def loan_book(uow: UnitOfWork) -> tuple[object, list[AccountStatement]]:
    """(as-of day, the statement of every LTO lease active that day, by contract code); (None, [])
    on an empty database."""
    require(uow.actor, Action.FINANCE_STATEMENTS)
    with uow:
        as_of = uow.as_of()
        if as_of is None:
            return None, []
        return as_of, _statements(uow.session, queries.active_leases(session=uow.session, day=as_of), as_of)


def ledger_size(uow: UnitOfWork, first, last) -> int:
    """How many installments fall due or were paid in the period (counted in the database)."""
    require(uow.actor, Action.FINANCE_STATEMENTS)
    with uow:
        return queries.ledger_count(session=uow.session, first=first, last=last)


def write_payments_ledger(uow: UnitOfWork, path, first, last, lang: str, progress=None) -> int:
    """The payments ledger of the period written to `path` (constant memory), audited as an export
    with its period and row count. Returns the row count."""
    from lafa_core import audit
    from lafa_core.finance.workbooks import payments_ledger_workbook

    require(uow.actor, Action.FINANCE_STATEMENTS)
    with uow:
        count = queries.ledger_count(session=uow.session, first=first, last=last)
        payments_ledger_workbook(path, queries.ledger_rows(session=uow.session, first=first, last=last), count, lang,
                                 first=first, last=last, as_of=uow.as_of(), generated_at=uow.now(),
                                 generated_by=uow.actor.name, progress=progress)
        audit.record(uow, "finance.payments_ledger_exported", "installment", first=first.isoformat(),
                     last=last.isoformat(), rows=count)
        uow.commit()
    return count
