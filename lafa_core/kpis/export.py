"""The executive KPI pack: the home page's figures as an Excel workbook.

Money is written as exact Decimal pesos (two decimals) with a peso number format, never
floats; shares as fractions with a percent format, so Excel can keep computing with them.
"""
from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment

from lafa_core import excel
from lafa_core.i18n import format_bucket, format_date, format_mxn, t
from lafa_core.ledger import DPD_BUCKETS
from lafa_core.kpis.service import ExecutiveSummary

PESOS = excel.PESOS
SHARE = "0.0%"
SHARE_FINE = "0.00%"
SOH = "0.00"
HEADER_ROW = 3  # the KPI sheet: its title, a blank row, then the table


def _pesos(centavos: int | None) -> Decimal | None:
    return None if centavos is None else (Decimal(int(centavos)) / 100).quantize(Decimal("0.01"))


def _kpi_sheet(sheet, summary: ExecutiveSummary, lang: str) -> None:
    """The figures with their one-line definitions: a report that prints on one page wide."""
    product = summary.product or t("filter.product.all", lang)
    sheet.append([t("home.title", lang), f"{format_date(summary.period.start, lang)} – "
                  f"{format_date(summary.period.end, lang)}", product])
    sheet["A1"].font = excel.TITLE_FONT
    sheet.append([])
    sheet.append([t("export.kpi", lang), t("export.value", lang), t("export.definition", lang)])
    for cell in sheet[HEADER_ROW]:
        cell.font, cell.fill = excel.HEADER_FONT, excel.HEADER_FILL
    rows = [
        ("active_fleet", summary.active_fleet, excel.INTEGER),
        ("utilization", summary.utilization, SHARE),
        ("revenue", _pesos(summary.revenue_centavos), PESOS),
        ("on_time_rate", summary.on_time_rate, SHARE),
        ("par30", summary.par30, SHARE_FINE),
        ("default_rate", summary.default_rate, SHARE),
        ("average_soh", None if summary.average_soh is None else Decimal(str(summary.average_soh)), SOH),
    ]
    for key, value, number_format in rows:
        sheet.append([t(f"kpi.{key}", lang), value, excel.safe_text(t(f"kpi.{key}.help", lang))])
        sheet.cell(row=sheet.max_row, column=2).number_format = number_format
    for figure in summary.contributions:
        sheet.append([f"{t('kpi.contribution_per_vehicle', lang)} · {figure.product}",
                      _pesos(figure.per_vehicle_month_centavos),
                      t("home.contribution.range", lang, low=format_mxn(figure.strategy_low_centavos),
                        high=format_mxn(figure.strategy_high_centavos))])
        sheet.cell(row=sheet.max_row, column=2).number_format = PESOS
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in (("A", 34), ("B", 16), ("C", 90)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:C{sheet.max_row}"
    excel.print_setup(sheet, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def kpi_pack_workbook(summary: ExecutiveSummary, lang: str = "es") -> bytes:
    """The KPIs with their definitions, the LTO book by days past due (with totals) and the weekly
    trend: frozen styled headers, autofilters, a number format on every number, landscape printing
    one page wide with the header repeated."""
    book = Workbook()
    kpis = book.active
    kpis.title = "KPIs"
    _kpi_sheet(kpis, summary, lang)

    if summary.portfolio is not None:
        labels = {label: format_bucket(label, lang) for label, _, _ in DPD_BUCKETS}
        excel.table_sheet(book.create_sheet(t("export.sheet.dpd", lang)),
                          [t("home.portfolio.bucket", lang), t("home.portfolio.contracts", lang),
                           t("home.portfolio.balance", lang)],
                          [[labels[b.bucket], b.contracts, _pesos(b.balance_centavos)] for b in summary.portfolio.buckets],
                          [None, excel.INTEGER, PESOS], total_label=t("finance.xlsx.total", lang), totals={1, 2})

    if not summary.weekly.empty:
        columns = [c for c in ("fleet", "revenue_centavos", "utilization", "on_time_rate", "par30", "average_soh")
                   if c in summary.weekly.columns]
        formats = {"fleet": excel.INTEGER, "revenue_centavos": PESOS, "utilization": SHARE, "on_time_rate": SHARE,
                   "par30": SHARE_FINE, "average_soh": SOH}
        rows = []
        for record in summary.weekly.to_dict("records"):
            values = [record["week_start"]]
            for column in columns:
                value = record[column]
                if value != value:  # NaN: no data that week
                    value = None
                elif column == "revenue_centavos":
                    value = _pesos(value)
                values.append(value)
            rows.append(values)
        excel.table_sheet(book.create_sheet(t("export.sheet.weekly", lang)),
                          [t("home.week", lang)] + [t(f"home.trend.{c.removesuffix('_centavos')}", lang) for c in columns],
                          rows, [excel.DATE] + [formats[c] for c in columns])

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
