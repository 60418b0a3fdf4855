"""What the finance page shows, in the user's language: the lease chooser, a statement's cards and
payments, the loan book table."""
from __future__ import annotations

import pandas as pd

from lafa_core.finance import documents as pdf
from lafa_core.finance.statement import AccountStatement
from lafa_core.finance.workbooks import BOOK_COLUMNS, book_rows, statement_workbook
from lafa_core.i18n import format_bucket, format_date, format_mxn, t


XLSX, PDF = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf"


def documents(statement: AccountStatement, stamp: str, lang: str, *, generated_at, generated_by: str) -> list[tuple]:
    """A lease's four documents: (kind, builder, file name, mime type, audit action); built on demand."""
    code = statement.lease.code
    return [
        ("statement_pdf", lambda: pdf.statement_pdf(statement), f"estado-de-cuenta-{code}-{stamp}.pdf", PDF,
         "finance.statement_exported"),
        ("statement_xlsx", lambda: statement_workbook(statement, lang, generated_at=generated_at,
                                                      generated_by=generated_by),
         f"estado-de-cuenta-{code}-{stamp}.xlsx", XLSX, "finance.statement_exported"),
        ("summary_pdf", lambda: pdf.lease_summary_pdf(statement), f"contrato-{code}.pdf", PDF,
         "finance.lease_summary_exported"),
        ("note_pdf", lambda: pdf.promissory_note_pdf(statement), f"pagare-{code}.pdf", PDF,
         "finance.promissory_note_exported"),
    ]


def lease_label(statement: AccountStatement, lang: str) -> str:
    return t("finance.choose.label", lang, code=statement.lease.code, name=statement.lease.driver_name)


def cards(statement: AccountStatement, lang: str) -> list[tuple[str, str, str | None]]:
    """(label, value, help) for the statement's four headline figures."""
    s = statement
    return [
        (t("finance.metric.outstanding", lang), format_mxn(s.outstanding_centavos, decimals=2),
         f"{t('finance.statement.total', lang)} {format_mxn(s.contract_total_centavos, decimals=2)} · "
         f"{t('finance.statement.paid', lang)} {format_mxn(s.paid_centavos, decimals=2)}"),
        (t("finance.metric.equity", lang), f"{format_mxn(s.equity_centavos)} · {s.equity_share * 100:.1f} %", None),
        (t("finance.metric.dpd", lang), f"{s.days_past_due} · {format_bucket(s.bucket, lang)}",
         f"{t('finance.statement.overdue', lang)} {format_mxn(s.overdue_centavos, decimals=2)}"),
        (t("finance.metric.next_due_on", lang, day=format_date(s.next_due_on, lang)) if s.next_due_on
         else t("finance.metric.next_due", lang),
         format_mxn(s.next_due_centavos, decimals=2) if s.next_due_on else "—",
         f"{t('finance.statement.weeks_remaining', lang)}: {s.weeks_remaining}"),
    ]


def payments_table(statement: AccountStatement, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{t("finance.col.paid_on", lang): p.paid_on,
                          t("finance.col.amount", lang): float(p.amount_centavos) / 100,
                          t("finance.col.method", lang): t(f"collections.method.{p.method}", lang)}
                         for p in statement.recent_payments],
                        columns=[t(f"finance.col.{c}", lang) for c in ("paid_on", "amount", "method")])


def book_caption(statements: list[AccountStatement], lang: str) -> str:
    return t("finance.book.count", lang, count=len(statements),
             outstanding=format_mxn(sum(s.outstanding_centavos for s in statements)),
             overdue=format_mxn(sum(s.overdue_centavos for s in statements)),
             behind=sum(1 for s in statements if s.days_past_due > 0))


def book_table(statements: list[AccountStatement], lang: str) -> pd.DataFrame:
    frame = pd.DataFrame(book_rows(statements, lang), columns=[t(f"finance.col.{c}", lang) for c in BOOK_COLUMNS])
    for column in ("weekly", "total", "paid", "outstanding", "overdue", "equity", "next_due"):
        frame[t(f"finance.col.{column}", lang)] = frame[t(f"finance.col.{column}", lang)].astype(float)
    frame[t("finance.col.equity_share", lang)] *= 100
    return frame


MONEY_COLUMNS = ("weekly", "total", "paid", "outstanding", "overdue", "equity", "next_due")
