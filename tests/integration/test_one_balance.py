"""One balance: the home page's LTO portfolio and the agent's account screen owe the same
amount, part-payments included, on both engines."""
from sqlalchemy import update

from lafa_core import collections as col
from lafa_core.ledger.queries import portfolio_snapshot
from lafa_core.tables import Installment
from tests.collections_support import NOW, TODAY, WEEKLY, build_book, uow


def test_the_portfolio_and_the_account_screen_agree_on_a_part_paid_balance(engine):
    build_book(engine, [20])
    with engine.begin() as conn:  # 1,234.56 pesos paid toward the oldest unpaid installment
        I = Installment.__table__
        oldest = conn.execute(I.select().where(I.c.paid_on.is_(None)).order_by(I.c.due_on).limit(1)).first()
        conn.execute(update(I).where(I.c.id == oldest.id).values(paid_centavos=123_456))
    account = col.account_context(uow(engine, "ana", NOW), contract_id=1).balance_centavos
    with engine.connect() as conn:
        book = portfolio_snapshot(session=conn, as_of=TODAY)
    unpaid = 24 - 10  # build_book: 24 installments, the first ten paid
    assert account == unpaid * WEEKLY - 123_456
    assert book.balance_centavos == account
    assert book.days_past_due_total == 20  # a part-payment does not cure the installment
