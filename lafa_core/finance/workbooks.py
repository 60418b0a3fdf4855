"""The finance workbooks (lafa_core.excel conventions: cover sheet, real dates and numbers, MXN
formats, frozen styled header, autofilter, totals as formulas, print setup): one lease's account
statement, and the LTO loan book."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook

from lafa_core import excel
from lafa_core.finance.statement import AccountStatement
from lafa_core.i18n import format_bucket, t

PERCENT = "0.0%"


def _pesos(centavos: int) -> Decimal:
    return Decimal(int(centavos)) / 100


def _cover(book: Workbook, title: str, lang: str, as_of, generated_at: datetime, generated_by: str,
           extra: list[tuple[str, object]] = ()):
    sheet = book.active
    sheet.title = t("finance.xlsx.summary", lang)
    excel.cover_sheet(sheet, title, [*extra, (t("finance.xlsx.as_of", lang), as_of),
                                     (t("finance.xlsx.generated_at", lang), generated_at),
                                     (t("finance.xlsx.generated_by", lang), generated_by)])


def statement_workbook(statement: AccountStatement, lang: str, *,
                       generated_at: datetime, generated_by: str) -> bytes:
    s, lease = statement, statement.lease
    book = Workbook()
    col = lambda key: t(f"finance.col.{key}", lang)  # noqa: E731
    _cover(book, t("finance.xlsx.statement_title", lang, code=lease.code), lang, s.as_of, generated_at, generated_by, [
        (t("finance.statement.lessee", lang), f"{lease.driver_name} ({lease.driver_code})"),
        (t("finance.statement.vehicle", lang), f"{lease.vehicle} · {lease.plate}"),
        (col("total"), _pesos(s.contract_total_centavos)), (col("paid"), _pesos(s.paid_centavos)),
        (col("outstanding"), _pesos(s.outstanding_centavos)), (col("overdue"), _pesos(s.overdue_centavos)),
        (col("dpd"), s.days_past_due), (col("next_due_on"), s.next_due_on or "—"),
        (col("next_due"), _pesos(s.next_due_centavos)), (col("weeks_remaining"), s.weeks_remaining),
        (col("equity"), _pesos(s.equity_centavos)), (col("equity_share"), float(s.equity_share))])
    cover = book.active
    for row in range(3, cover.max_row + 1):  # money and shares formatted as such
        label, cell = cover.cell(row=row, column=1).value, cover.cell(row=row, column=2)
        if label in {col("total"), col("paid"), col("outstanding"), col("overdue"), col("next_due"), col("equity")}:
            cell.number_format = excel.PESOS
        elif label == col("equity_share"):
            cell.number_format = PERCENT
    excel.table_sheet(book.create_sheet(t("finance.xlsx.schedule", lang)),
                      [col("seq"), col("due_on"), col("installment"), col("paid_toward"), col("paid_on")],
                      [[i.seq, i.due_on, _pesos(i.amount_centavos), _pesos(i.paid_centavos), i.paid_on]
                       for i in s.schedule],
                      [excel.INTEGER, excel.DATE, excel.PESOS, excel.PESOS, excel.DATE],
                      total_label=t("finance.xlsx.total", lang), totals={2, 3})
    excel.table_sheet(book.create_sheet(t("finance.xlsx.payments", lang)),
                      [col("paid_on"), col("amount"), col("method")],
                      [[p.paid_on, _pesos(p.amount_centavos), t(f"collections.method.{p.method}", lang)]
                       for p in s.recent_payments],
                      [excel.DATE, excel.PESOS, None], total_label=t("finance.xlsx.total", lang), totals={1})
    return excel.to_bytes(book)


BOOK_COLUMNS = ("contract", "lessee", "vehicle", "start_on", "weekly", "total", "paid", "outstanding", "overdue",
                "equity", "equity_share", "next_due_on", "next_due", "dpd", "bucket", "weeks_remaining")
BOOK_FORMATS = [None, None, None, excel.DATE, excel.PESOS, excel.PESOS, excel.PESOS, excel.PESOS, excel.PESOS,
                excel.PESOS, PERCENT, excel.DATE, excel.PESOS, excel.INTEGER, None, excel.INTEGER]


def book_rows(statements: list[AccountStatement], lang: str) -> list[list]:
    """The loan book's rows, money in pesos (Decimal), shares as fractions: the page and the workbook."""
    return [[s.lease.code, s.lease.driver_name, f"{s.lease.vehicle} · {s.lease.plate}", s.lease.start_on,
             _pesos(s.lease.weekly_rate_centavos), _pesos(s.contract_total_centavos), _pesos(s.paid_centavos),
             _pesos(s.outstanding_centavos), _pesos(s.overdue_centavos), _pesos(s.equity_centavos),
             float(s.equity_share), s.next_due_on, _pesos(s.next_due_centavos), s.days_past_due,
             format_bucket(s.bucket, lang), s.weeks_remaining] for s in statements]


def loan_book_workbook(statements: list[AccountStatement], lang: str, *, as_of, generated_at: datetime,
                       generated_by: str) -> bytes:
    book = Workbook()
    _cover(book, t("finance.xlsx.book_title", lang), lang, as_of, generated_at, generated_by,
           [(t("finance.xlsx.filters", lang), t("finance.xlsx.filter_active", lang))])
    excel.table_sheet(book.create_sheet(t("finance.xlsx.book", lang)),
                      [t(f"finance.col.{c}", lang) for c in BOOK_COLUMNS], book_rows(statements, lang), BOOK_FORMATS,
                      total_label=t("finance.xlsx.total", lang), totals={4, 5, 6, 7, 8, 9, 12})
    return excel.to_bytes(book)


LEDGER_COLUMNS = ("contract", "lessee_code", "lessee", "seq", "due_on", "installment", "paid_toward", "paid_on",
                  "unpaid")
LEDGER_FORMATS = [None, None, None, excel.INTEGER, excel.DATE, excel.PESOS, excel.PESOS, excel.DATE, excel.PESOS]


def payments_ledger_workbook(path, rows, row_count: int, lang: str, *, first, last, as_of, generated_at: datetime,
                             generated_by: str, progress=None) -> None:
    """Every installment due or paid in the period, with what was paid toward it and when, written
    to `path` in constant memory; `progress(done, total)` every 10,000 rows."""
    def lines():
        for n, r in enumerate(rows, start=1):
            yield [r.code, r.driver_code, r.full_name, r.seq, r.due_on, _pesos(r.amount_centavos),
                   _pesos(r.paid_centavos), r.paid_on, _pesos(r.amount_centavos - r.paid_centavos)]
            if progress and n % 10_000 == 0:
                progress(n, row_count)

    period = f"{first:%d/%m/%Y} – {last:%d/%m/%Y}"
    excel.stream_table_workbook(
        path, title=t("finance.xlsx.ledger_title", lang), cover_name=t("finance.xlsx.summary", lang),
        facts=[(t("finance.xlsx.filters", lang), t("finance.xlsx.filter_period", lang, period=period)),
               (t("finance.xlsx.rows", lang), row_count), (t("finance.xlsx.as_of", lang), as_of),
               (t("finance.xlsx.generated_at", lang), generated_at), (t("finance.xlsx.generated_by", lang), generated_by)],
        sheet_name=t("finance.xlsx.ledger", lang), headers=[t(f"finance.col.{c}", lang) for c in LEDGER_COLUMNS],
        rows=lines(), formats=LEDGER_FORMATS, row_count=row_count, total_label=t("finance.xlsx.total", lang),
        totals={5, 6, 8}, widths=[14, 14, 28, 9, 12, 14, 14, 14, 14])


RENEWAL_COLUMNS = ("plate", "vehicle", "depot", "insurer", "policy", "ends_on", "days_left", "window", "premium")
RENEWAL_FORMATS = [None, None, None, None, None, excel.DATE, excel.INTEGER, None, excel.PESOS]


def renewal_rows(vehicles: list[dict], lang: str) -> list[list]:
    return [[v["plate"], f"{v['oem']} {v['model']}", v["depot"], v["insurer"] or "—", v["policy_number"] or "—",
             v["ends_on"], v["days_left"], t(f"finance.renewal.window.{v['window']}", lang),
             _pesos(v["premium_centavos"]) if v["premium_centavos"] is not None else None] for v in vehicles]


def insurance_renewals_workbook(vehicles: list[dict], lang: str, *, as_of, generated_at: datetime,
                                generated_by: str) -> bytes:
    """Vehicles without a policy in force, then policies ending within 90 days with no renewal bought."""
    book = Workbook()
    _cover(book, t("finance.xlsx.renewals_title", lang), lang, as_of, generated_at, generated_by,
           [(t("finance.xlsx.filters", lang), t("finance.xlsx.filter_renewals", lang))])
    excel.table_sheet(book.create_sheet(t("finance.xlsx.renewals", lang)),
                      [t(f"finance.col.{c}", lang) for c in RENEWAL_COLUMNS], renewal_rows(vehicles, lang),
                      RENEWAL_FORMATS, total_label=t("finance.xlsx.total", lang), totals={8})
    return excel.to_bytes(book)
