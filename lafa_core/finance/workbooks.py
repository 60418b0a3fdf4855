"""The finance workbooks (lafa_core.excel conventions: cover sheet, real dates and numbers, MXN
formats, frozen styled header, autofilter, totals as formulas, print setup): one lease's account
statement, the LTO loan book, the payments ledger, insurance renewals and the collections report."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook

from lafa_core import excel
from lafa_core.collections.reports import CollectionsReport
from lafa_core.config import LOCAL_TZ
from lafa_core.finance.statement import AccountStatement
from lafa_core.i18n import format_bucket, format_date, t

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


QUEUE_COLUMNS = ("contract", "product", "stage", "dpd", "bucket", "overdue", "exposure", "roll_probability",
                 "broken_promises", "priority", "blocked", "holder")
QUEUE_FORMATS = [None, None, None, excel.INTEGER, None, excel.PESOS, excel.PESOS, PERCENT, excel.INTEGER,
                 excel.PESOS, None, None]
CONTACT_COLUMNS = ("contacted_at", "agent", "contract", "channel", "stage", "dpd", "outcome", "promised",
                   "promise_due_on")
CONTACT_FORMATS = [excel.DATETIME, None, None, None, None, excel.INTEGER, None, excel.PESOS, excel.DATE]
PROMISE_COLUMNS = ("made_at", "contract", "agent", "promise_due_on", "promised", "fate")
PROMISE_FORMATS = [excel.DATETIME, None, None, excel.DATE, excel.PESOS, None]
ROLL_COLUMNS = ("week_ending", "move", "rolled", "in_bucket", "roll_rate")
ROLL_FORMATS = [excel.DATE, None, excel.INTEGER, excel.INTEGER, PERCENT]
AGENT_COLUMNS = ("agent", "contacts", "days_worked", "contacts_per_day")
AGENT_FORMATS = [None, excel.INTEGER, excel.INTEGER, "0.0"]


def _local(moment) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def _maybe_pesos(centavos):
    return None if centavos is None or pd.isna(centavos) else _pesos(int(centavos))


def _ratio_formulas(sheet, rows: int, numerator: str, denominator: str, column: int, number_format: str) -> None:
    """A share as a formula over the row's own counts (blank when there is nothing to divide by)."""
    for r in range(2, rows + 2):
        cell = sheet.cell(row=r, column=column, value=f'=IF({denominator}{r}=0,"",{numerator}{r}/{denominator}{r})')
        cell.number_format = number_format


def collections_report_workbook(report: CollectionsReport, lang: str, *, generated_at: datetime,
                                generated_by: str) -> bytes:
    """The collections report: the queue as published, the weeks' contacts and promises (with each
    promise's fate), roll rates as formulas over their counts, and contacts per agent."""
    s, col = report.supervision, (lambda key: t(f"finance.col.{key}", lang))
    book = Workbook()
    _cover(book, t("finance.xlsx.collections_title", lang), lang, s.as_of, generated_at, generated_by, [
        (t("finance.xlsx.filters", lang), t("finance.xlsx.filter_collections", lang, first=format_date(report.since, lang),
                                           last=format_date(s.as_of, lang))),
        (t("collections.kpi.avg_dpd", lang), s.average_dpd), (t("finance.xlsx.avg_dpd_target", lang), s.average_dpd_target),
        (t("collections.kpi.cure", lang), s.cure_rate), (t("collections.kpi.promise_kept", lang), s.promise_kept_rate),
        (t("finance.xlsx.promises_closed", lang), s.promises_closed),
        (t("collections.kpi.rpc", lang), s.right_party_contact_rate)])
    cover = book.active
    for row in (6, 7, 9):  # the three rates on the cover
        cover.cell(row=row, column=2).number_format = PERCENT
    queue = report.queue
    excel.table_sheet(book.create_sheet(t("finance.xlsx.queue", lang)), [col(c) for c in QUEUE_COLUMNS], [
        [code, product, t(f"collections.stage.{stage}", lang), int(dpd),
         format_bucket(bucket, lang), _pesos(overdue), _pesos(exposure), float(roll), int(broken), _pesos(priority),
         t(f"collections.reason.{blocked}", lang) if isinstance(blocked, str) else "—",
         holder if isinstance(holder, str) else "—"]
        for code, product, stage, dpd, bucket, overdue, exposure, roll, broken, priority, blocked, holder in zip(
            queue["code"], queue["product"], queue["stage"], queue["days_past_due"], queue["bucket"],
            queue["amount_overdue_centavos"], queue["exposure_centavos"], queue["roll_probability"],
            queue["broken_promises"], queue["priority_centavos"], queue["blocked_reason"], queue["holder"])],
        QUEUE_FORMATS, total_label=t("finance.xlsx.total", lang), totals={5, 6, 9})
    contacts = report.contacts
    excel.table_sheet(book.create_sheet(t("finance.xlsx.contacts", lang)), [col(c) for c in CONTACT_COLUMNS], [
        [_local(at), agent, code, t(f"collections.channel.{channel}", lang), t(f"collections.stage.{stage}", lang),
         int(dpd), t(f"collections.outcome.{outcome}", lang), _maybe_pesos(amount),
         None if due is None or pd.isna(due) else due]
        for at, agent, code, channel, stage, dpd, outcome, amount, due in zip(
            contacts["contacted_at"], contacts["agent"], contacts["code"], contacts["channel"], contacts["stage"],
            contacts["days_past_due"], contacts["outcome"], contacts["promise_amount_centavos"],
            contacts["promise_due_on"])], CONTACT_FORMATS)
    promises = report.promises
    excel.table_sheet(book.create_sheet(t("finance.xlsx.promises", lang)), [col(c) for c in PROMISE_COLUMNS], [
        [_local(at), code, agent, due, _maybe_pesos(amount), t(f"collections.fate.{fate}", lang)]
        for at, code, agent, due, amount, fate in zip(promises["contacted_at"], promises["code"], promises["agent"],
                                                      promises["promise_due_on"],
                                                      promises["promise_amount_centavos"], promises["fate"])],
        PROMISE_FORMATS, total_label=t("finance.xlsx.total", lang), totals={4})
    moves = [m for m in s.roll_counts.columns if m != "week_ending"]
    rolls = [[week, " → ".join(format_bucket(b, lang) for b in move.split("→")), rolled, members, None]
             for week, cells in zip(s.roll_counts["week_ending"], s.roll_counts[moves].itertuples(index=False))
             for move, (rolled, members) in zip(moves, cells)]
    sheet = book.create_sheet(t("finance.xlsx.roll_rates", lang))
    excel.table_sheet(sheet, [col(c) for c in ROLL_COLUMNS], rolls, ROLL_FORMATS,
                      total_label=t("finance.xlsx.total", lang), totals={2, 3})
    _ratio_formulas(sheet, len(rolls) + 1, "C", "D", 5, PERCENT)  # with the totals row: the period's rate
    agents = s.contacts_per_agent
    sheet = book.create_sheet(t("finance.xlsx.agents", lang))
    excel.table_sheet(sheet, [col(c) for c in AGENT_COLUMNS],
                      [[a, int(n), int(d), None] for a, n, d in zip(agents["agent"], agents["contacts"], agents["days"])],
                      AGENT_FORMATS, total_label=t("finance.xlsx.total", lang), totals={1, 2})
    _ratio_formulas(sheet, len(agents) + 1, "B", "C", 4, "0.0")
    return excel.to_bytes(book)
