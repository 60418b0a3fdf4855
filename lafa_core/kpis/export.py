"""The executive KPI pack: the home page's figures as an Excel workbook.

Money is written as exact Decimal pesos (two decimals) with a peso number format, never
floats; shares as fractions with a percent format, so Excel can keep computing with them.
"""
from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lafa_core.i18n import format_bucket, format_date, format_mxn, t
from lafa_core.ledger import DPD_BUCKETS
from lafa_core.kpis.service import ExecutiveSummary

PESOS = '"$"#,##0.00'
SHARE = "0.0%"
SHARE_FINE = "0.00%"


def _pesos(centavos: int | None) -> Decimal | None:
    return None if centavos is None else (Decimal(int(centavos)) / 100).quantize(Decimal("0.01"))


def _header(sheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _fit(sheet) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(80, max(10, width + 2))


def kpi_pack_workbook(summary: ExecutiveSummary, lang: str = "es") -> bytes:
    book = Workbook()
    kpis = book.active
    kpis.title = "KPIs"
    product = summary.product or t("filter.product.all", lang)
    kpis.append([t("home.title", lang), f"{format_date(summary.period.start, lang)} – "
                 f"{format_date(summary.period.end, lang)}", product])
    kpis["A1"].font = Font(bold=True)
    kpis.append([])
    kpis.append([t("export.kpi", lang), t("export.value", lang), t("export.definition", lang)])
    for cell in kpis[3]:
        cell.font = Font(bold=True)
    rows = [
        ("active_fleet", summary.active_fleet, "0"),
        ("utilization", summary.utilization, SHARE),
        ("revenue", _pesos(summary.revenue_centavos), PESOS),
        ("on_time_rate", summary.on_time_rate, SHARE),
        ("par30", summary.par30, SHARE_FINE),
        ("default_rate", summary.default_rate, SHARE),
        ("average_soh", None if summary.average_soh is None else Decimal(str(summary.average_soh)), "0.00"),
    ]
    for key, value, number_format in rows:
        kpis.append([t(f"kpi.{key}", lang), value, t(f"kpi.{key}.help", lang)])
        kpis.cell(row=kpis.max_row, column=2).number_format = number_format
    for figure in summary.contributions:
        kpis.append([f"{t('kpi.contribution_per_vehicle', lang)} · {figure.product}",
                     _pesos(figure.per_vehicle_month_centavos),
                     t("home.contribution.range", lang, low=format_mxn(figure.strategy_low_centavos),
                       high=format_mxn(figure.strategy_high_centavos))])
        kpis.cell(row=kpis.max_row, column=2).number_format = PESOS
    _fit(kpis)

    if summary.portfolio is not None:
        buckets = book.create_sheet(t("export.sheet.dpd", lang))
        _header(buckets, [t("home.portfolio.bucket", lang), t("home.portfolio.contracts", lang),
                          t("home.portfolio.balance", lang)])
        labels = {label: format_bucket(label, lang) for label, _, _ in DPD_BUCKETS}
        for bucket in summary.portfolio.buckets:
            buckets.append([labels[bucket.bucket], bucket.contracts, _pesos(bucket.balance_centavos)])
            buckets.cell(row=buckets.max_row, column=3).number_format = PESOS
        _fit(buckets)

    if not summary.weekly.empty:
        weekly = book.create_sheet(t("export.sheet.weekly", lang))
        columns = [c for c in ("fleet", "revenue_centavos", "utilization", "on_time_rate", "par30", "average_soh")
                   if c in summary.weekly.columns]
        _header(weekly, [t("home.week", lang)] + [t(f"home.trend.{c.removesuffix('_centavos')}", lang) for c in columns])
        formats = {"revenue_centavos": PESOS, "utilization": SHARE, "on_time_rate": SHARE, "par30": SHARE_FINE}
        for record in summary.weekly.to_dict("records"):
            values = [record["week_start"]]
            for column in columns:
                value = record[column]
                if value != value:  # NaN: no data that week
                    value = None
                elif column == "revenue_centavos":
                    value = _pesos(value)
                values.append(value)
            weekly.append(values)
            for index, column in enumerate(columns, start=2):
                if column in formats:
                    weekly.cell(row=weekly.max_row, column=index).number_format = formats[column]
        _fit(weekly)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
