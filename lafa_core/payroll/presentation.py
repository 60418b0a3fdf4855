"""What the payroll page and its workbook show: readable tables in the user's language, the
payslip's explanation, and the HR workbook (lafa_core.excel conventions)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook

from lafa_core import excel
from lafa_core.i18n import format_date, format_mxn, t
from lafa_core.payroll.rules import explain, format_hours, format_pesos
from lafa_core.payroll.service import PayLine, WeekPayroll, week_of

# What HR reads first on the left (who, hours, billed, goal, what to pay), the parts of the pay after.
COLUMNS = ["code", "name", "hours", "billed", "goal", "total", "tips", "base", "bonus", "overtime", "support", "topup",
           "trips", "flag"]


def _hours(line: PayLine) -> Decimal:
    return (Decimal(line.minutes_worked) / 60).quantize(Decimal("0.01"))


def _flag(line: PayLine, lang: str) -> str:
    if line.pay.hours_over_legal_limit > 0:
        return t("payroll.flag.over_legal", lang, over=format_hours(line.pay.hours_over_legal_limit))
    return ""


def status_text(view: WeekPayroll, lang: str) -> str:
    run = view.run
    if run is None:
        return t("payroll.status.never_closed", lang)
    when = lambda moment: f"{format_date(moment.date(), lang)} {moment:%H:%M}"  # noqa: E731
    if view.closed:
        return t("payroll.status.closed", lang, version=run.version, who=run.closed_by,
                 when=when(run.closed_at.astimezone(view.week.closes_at.tzinfo)))
    return t("payroll.status.reopened", lang, version=run.version, who=run.opened_by,
             when=when(run.opened_at.astimezone(view.week.closes_at.tzinfo)), reason=run.reason)


def default_week(weeks: list, now: datetime) -> int:
    """The index of the newest week already over (the one HR closes next); the first if none is."""
    return next((i for i, monday in enumerate(weeks) if week_of(monday).closes_at <= now), 0)


def week_label(monday, run, lang: str) -> str:
    sunday = monday.fromordinal(monday.toordinal() + 6)
    state = (t("payroll.week.never_closed", lang) if run is None else
             t("payroll.week.closed", lang, version=run.version) if run.status == "closed" else
             t("payroll.week.reopened", lang, version=run.version))
    return f"{format_date(monday, lang)} – {format_date(sunday, lang)} · {state}"


def payroll_table(view: WeekPayroll, lang: str) -> pd.DataFrame:
    yes, no = t("payroll.goal.yes", lang), t("payroll.goal.no", lang)
    money = lambda amount: format_mxn(amount, centavos=False, decimals=2)  # noqa: E731 - aligned in a column
    rows = [[line.code, line.full_name, float(_hours(line)), money(line.pay.billed), yes if line.pay.goal_met else no,
             money(line.pay.total), money(line.tips), money(line.pay.base), money(line.pay.bonus),
             money(line.pay.overtime), money(line.pay.support), money(line.pay.minimum_wage_topup), line.trips,
             _flag(line, lang)] for line in view.lines]
    return pd.DataFrame(rows, columns=[t(f"payroll.col.{c}", lang) for c in COLUMNS])


def payslip_lines(line: PayLine, lang: str) -> list[str]:
    return explain(line.pay, tips=line.tips, lang=lang)


def workbook(view: WeekPayroll, lang: str, *, generated_by: str, generated_at: datetime) -> bytes:
    """The HR workbook: a cover, then one row per driver with real numbers and totals as formulas."""
    book = Workbook()
    cover = book.active
    cover.title = t("payroll.xlsx.cover", lang)[:31]
    run = view.run
    cover_facts = [
        (t("payroll.xlsx.week", lang), f"{format_date(view.week.start, lang)} – {format_date(view.week.end, lang)}"),
        (t("payroll.xlsx.closes_at", lang), view.week.closes_at),
        (t("payroll.xlsx.status", lang), status_text(view, lang)),
        (t("payroll.xlsx.drivers", lang), len(view.lines)),
        (t("payroll.xlsx.generated_at", lang), generated_at),
        (t("payroll.xlsx.generated_by", lang), generated_by),
        (t("payroll.xlsx.law", lang), view.lines[0].pay.law.source if view.lines else ""),
    ]
    if run is not None and run.reason:
        cover_facts.append((t("payroll.xlsx.reason", lang), run.reason))
    excel.cover_sheet(cover, t("payroll.xlsx.title", lang), cover_facts)
    sheet = book.create_sheet(t("payroll.xlsx.sheet", lang)[:31])
    headers = [t(f"payroll.xcol.{c}", lang) for c in
               ("code", "name", "trips", "hours", "previous_hours", "billed", "goal", "support", "base", "bonus",
                "overtime_hours", "overtime", "rule_total", "topup", "total", "tips", "total_with_tips",
                "over_legal")]
    rows = []
    for line in view.lines:
        p = line.pay
        previous = None if line.previous_week_minutes is None else (Decimal(line.previous_week_minutes) / 60)
        rows.append([line.code, line.full_name, line.trips, _hours(line), previous, p.billed,
                     t("payroll.goal.yes" if p.goal_met else "payroll.goal.no", lang), p.support, p.base, p.bonus,
                     p.overtime_hours, p.overtime, p.rule_total, p.minimum_wage_topup, p.total, line.tips,
                     p.total + line.tips, p.hours_over_legal_limit])
    pesos, hours = excel.PESOS, excel.HOURS
    formats = [None, None, excel.INTEGER, hours, hours, pesos, None, pesos, pesos, pesos, hours, pesos, pesos, pesos,
               pesos, pesos, pesos, hours]
    excel.table_sheet(sheet, headers, rows, formats, total_label=t("payroll.xlsx.total", lang),
                      totals={2, 5, 7, 8, 9, 11, 12, 13, 14, 15, 16})
    return excel.to_bytes(book)


def versions_table(view: WeekPayroll, lang: str) -> pd.DataFrame:
    """Every version of the week, newest first: who opened and closed it, what it paid, and why."""
    rows = []
    for run in view.versions:
        closed_at = run.closed_at.astimezone(view.week.closes_at.tzinfo) if run.closed_at else None
        rows.append([run.version, t(f"payroll.week.{'closed' if run.status == 'closed' else 'reopened'}", lang,
                                    version=run.version),
                     run.opened_by, run.closed_by or "—",
                     f"{format_date(closed_at.date(), lang)} {closed_at:%H:%M}" if closed_at else "—",
                     format_pesos(Decimal(run.total_centavos) / 100) if closed_at else "—", run.reason or "—"])
    return pd.DataFrame(rows, columns=[t(f"payroll.vcol.{c}", lang) for c in
                                       ("version", "status", "opened", "closed", "closed_at", "total", "reason")])


def notes_table(notes, lang: str) -> pd.DataFrame:
    """An import's problems or warnings as the person fixing the file reads them: row, column,
    value, why (the first 500; the download holds them all)."""
    return pd.DataFrame([[note.row or "", note.column, note.value, note.text(lang)] for note in notes[:500]],
                        columns=[t(f"import.col.{name}", lang) for name in ("row", "column", "value", "reason")])
