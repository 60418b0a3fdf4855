"""Executive KPIs on the hand-built tiny company (see tests/factories.py), on both engines."""
from datetime import date

import pytest

from lafa_core.kpis import Period, data_as_of, executive_summary
from lafa_core.ledger.queries import portfolio_snapshot
from tests.factories import WEEK_END, WEEK_START, build_tiny_company, uow

WEEK = Period(WEEK_START, WEEK_END)


@pytest.fixture
def tiny(engine):
    build_tiny_company(engine)
    return engine


def test_data_as_of_is_the_newest_day_the_data_describes(tiny):
    assert data_as_of(uow(tiny)) == date(2026, 1, 11)


def test_whole_company_kpis_match_hand_computed_values(tiny):
    summary = executive_summary(uow(tiny), WEEK)
    assert summary.active_fleet == 4
    assert summary.utilization == pytest.approx(18 / 28)  # driven contract-days 6 + 7 + 5 of 28 vehicle-days
    assert summary.revenue_centavos == 6 * 120_000 + 300_000 + 4_050
    assert summary.revenue_by_source == {"dae_billing": 720_000, "lto_lease": 300_000, "lto_charging": 4_050}
    assert summary.on_time_rate == pytest.approx(0.5)  # C2 paid 01-05 on time, C3's 01-05 unpaid
    assert summary.average_soh == pytest.approx((98 + 97 + 95 + 89) / 4)
    assert summary.vehicles_below_soh_alert == 1
    assert summary.default_rate == 0.0
    assert summary.next_milestone.fleet == 300


def test_par30_and_dpd_buckets(tiny):
    summary = executive_summary(uow(tiny), WEEK)
    c2_balance = 300_000 * 208 - 5 * 300_000
    c3_balance = 250_000 * 208 - 250_000
    assert summary.portfolio.balance_centavos == c2_balance + c3_balance
    assert summary.par30 == pytest.approx(c3_balance / (c2_balance + c3_balance))
    buckets = {b.bucket: (b.contracts, b.balance_centavos) for b in summary.portfolio.buckets}
    assert buckets["current"] == (1, c2_balance)
    assert buckets["31-60"] == (1, c3_balance)  # oldest unpaid due 2025-12-08: 34 days past due
    assert sum(count for count, _ in buckets.values()) == 2
    assert summary.portfolio.contracts_behind == 1
    assert summary.portfolio.days_past_due_total == 34


def test_portfolio_as_of_an_earlier_day_uses_what_was_paid_then(tiny):
    with tiny.connect() as conn:
        snapshot = portfolio_snapshot(session=conn, as_of=date(2025, 12, 20))
    buckets = {b.bucket: b.contracts for b in snapshot.buckets}
    assert buckets["8-14"] == 1  # C3: 12-08 unpaid on 12-20 → 12 days
    assert buckets["current"] == 1
    assert snapshot.par30 == 0.0


def test_product_filters(tiny):
    dae = executive_summary(uow(tiny), WEEK, "DaE")
    assert (dae.active_fleet, dae.revenue_centavos) == (1, 720_000)
    assert dae.utilization == pytest.approx(6 / 7)
    assert dae.portfolio is None and dae.on_time_rate is None and dae.default_rate is None
    lto = executive_summary(uow(tiny), WEEK, "LTO")
    assert (lto.active_fleet, lto.revenue_centavos) == (2, 304_050)
    assert lto.utilization == pytest.approx(12 / 14)
    assert lto.average_soh == pytest.approx(96.0)


def test_weekly_trend_has_one_row_per_week(tiny):
    summary = executive_summary(uow(tiny), Period(date(2025, 12, 29), WEEK_END))
    trend = summary.weekly.set_index("week_start")
    assert trend.loc[WEEK_START, "revenue_centavos"] == 1_024_050
    assert trend.loc[date(2025, 12, 29), "revenue_centavos"] == 300_000  # C2's 12-29 payment only
    assert trend.loc[WEEK_START, "fleet"] == 4.0


def test_unknown_product_is_refused(tiny):
    with pytest.raises(ValueError, match="product"):
        executive_summary(uow(tiny), WEEK, "BUS")


def test_kpi_pack_holds_the_same_exact_figures(tiny):
    import io
    from decimal import Decimal

    from openpyxl import load_workbook

    from lafa_core.kpis.export import kpi_pack_workbook

    summary = executive_summary(uow(tiny), WEEK)
    book = load_workbook(io.BytesIO(kpi_pack_workbook(summary, "es")))
    values = {row[0].value: row[1] for row in book["KPIs"].iter_rows(min_row=4)}
    assert values["Flota activa"].value == 4
    revenue = values["Ingresos"]
    assert Decimal(str(revenue.value)) == Decimal("10240.50") and revenue.number_format == '"$"#,##0.00'
    assert values["PAR30"].value == pytest.approx(summary.par30)
    dpd = {row[0].value: (row[1].value, row[2].value) for row in book["Cartera por atraso"].iter_rows(min_row=2)}
    assert dpd["31-60 días"] == (1, pytest.approx(517_500.0))
    weekly = list(book["Tendencia semanal"].iter_rows(min_row=2, values_only=True))
    assert len(weekly) == 1 and weekly[0][1] == 4.0
    # It prints as a report: headers frozen and repeated, filters, one page wide, a format on every number.
    for sheet, header in ((book["KPIs"], 3), (book["Cartera por atraso"], 1), (book["Tendencia semanal"], 1)):
        assert sheet.freeze_panes == f"A{header + 1}" and sheet.auto_filter.ref.startswith(f"A{header}:")
        assert sheet.print_title_rows == f"${header}:${header}" and sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        numbers = [c for row in sheet.iter_rows(min_row=header + 1) for c in row
                   if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
        assert numbers and all(c.number_format != "General" for c in numbers), sheet.title
    assert values["SOH promedio de batería"].number_format == "0.00"
    assert book["Cartera por atraso"].cell(row=book["Cartera por atraso"].max_row, column=3).value.startswith("=SUM(")


def test_a_buckets_leases_are_the_ones_the_portfolio_counts(tiny):
    from lafa_core.kpis.service import bucket_contracts

    day = date(2026, 1, 11)
    late = bucket_contracts(uow(tiny), day, "31-60")
    assert late.to_dict("records") == [{"contract": "LTO-3", "plate": "AAA-03-00", "start_on": date(2025, 11, 24),
                                        "days_past_due": 34, "balance_centavos": 51_750_000}]
    assert bucket_contracts(uow(tiny), day, "current")["contract"].tolist() == ["LTO-2"]
    assert bucket_contracts(uow(tiny), day, "61+").empty
    with pytest.raises(ValueError):
        bucket_contracts(uow(tiny), day, "90+")
