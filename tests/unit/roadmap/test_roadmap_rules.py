"""The ROI model reproduces the strategy's figures and follows its rules."""
from decimal import Decimal

import pytest

from lafa_core.roadmap import (
    RoadmapError,
    compute_roi,
    ecosystem,
    engineering_cost,
    load_strategy,
    milestone_status,
    round_millions,
    scaling,
    sensitivity,
    value_at_fleet,
)
from lafa_core.roadmap.rules import Range


def cents(r: Range) -> tuple[Decimal, Decimal]:
    return r.low.quantize(Decimal("0.01")), r.high.quantize(Decimal("0.01"))


@pytest.fixture(scope="module")
def strategy():
    return load_strategy()


@pytest.mark.parametrize("fleet", [500, 1000, 2000])
def test_totals_reproduce_the_strategys_stated_figures(strategy, fleet):
    total = compute_roi(strategy, fleet=fleet).total.value
    stated = strategy.stated_totals[fleet]
    assert (round_millions(total.low), round_millions(total.high)) == (round_millions(stated.low), round_millions(stated.high))


def test_stated_totals_are_the_ones_the_issue_quotes(strategy):
    quoted = {500: ("0.9", "2.3"), 1000: ("1.8", "4.5"), 2000: ("3.6", "9.1")}
    for fleet, (low, high) in quoted.items():
        total = compute_roi(strategy, fleet=fleet).total.value
        assert (round_millions(total.low), round_millions(total.high)) == (Decimal(low), Decimal(high))


def test_sixteen_projects_three_tracks_fifty_weeks(strategy):
    roi = compute_roi(strategy, fleet=1000)
    assert len(roi.projects) == 16
    assert set(roi.track_totals) == {"A", "B", "C"}
    assert roi.total.effort_weeks.low == 50
    assert sum(t.effort_weeks.low for t in roi.track_totals.values()) == 50


def test_value_is_exact_at_each_scenario(strategy):
    p4 = strategy.project("P4")
    assert value_at_fleet(p4.impact, 1000) == Range(Decimal(800000), Decimal(2000000))


def test_linear_scaling_between_scenarios(strategy):
    p3 = strategy.project("P3")  # 500: 115k-188k, 1000: 230k-375k, 2000: 460k-750k
    at_750 = value_at_fleet(p3.impact, 750)
    assert at_750 == Range(Decimal(172500), Decimal("281.5") * 1000)
    at_1500 = value_at_fleet(p3.impact, 1500)
    assert at_1500 == Range(Decimal(345000), Decimal("562500"))


def test_linear_scaling_beyond_and_below_is_proportional(strategy):
    p2 = strategy.project("P2")  # 2000: 255k-510k; 500: 64k-128k
    assert value_at_fleet(p2.impact, 4000) == Range(Decimal(510000), Decimal(1020000))
    assert value_at_fleet(p2.impact, 250) == Range(Decimal(32000), Decimal(64000))
    assert value_at_fleet(p2.impact, 0) == Range(Decimal(0), Decimal(0))
    with pytest.raises(RoadmapError, match="negative"):
        value_at_fleet(p2.impact, -1)


def test_payback_and_roi_arithmetic(strategy):
    # P3: 6 weeks at MXN 52,000/month = 6 * 52,000 * 12 / 52 = 72,000 exactly.
    roi = compute_roi(strategy, fleet=1000, engineer_monthly_cost=Decimal(52000))
    p3 = next(r for r in roi.projects if r.project.id == "P3").economics
    assert p3.cost == Range(Decimal("72000.00"), Decimal("72000.00"))
    # value 230k-375k: payback 72,000 * 12 / 375,000 = 2.304 months fastest, / 230,000 slowest
    assert p3.payback_months.low == Decimal("2.304")
    assert p3.payback_months.high.quantize(Decimal("0.0001")) == Decimal("3.7565")
    assert p3.roi.low == (Decimal(230000) - Decimal(72000)) / Decimal(72000)
    assert p3.value_per_engineer_week == Range(Decimal(230000) / 6, Decimal(375000) / 6)


def test_enablers_cost_but_have_no_value(strategy):
    roi = compute_roi(strategy, fleet=2000)
    p01 = next(r for r in roi.projects if r.project.id == "P0.1").economics
    assert p01.value is None and p01.roi is None and p01.payback_months is None
    assert p01.cost.low == engineering_cost(Decimal(3), Decimal(100000))
    # The total carries every project's cost, enablers included.
    assert roi.total.cost.high == sum(r.economics.cost.high for r in roi.projects)


def test_engineer_cost_must_be_positive(strategy):
    with pytest.raises(RoadmapError, match="engineer monthly cost"):
        compute_roi(strategy, fleet=500, engineer_monthly_cost=Decimal(0))


def test_an_assumption_moves_only_the_projects_it_drives(strategy):
    base = compute_roi(strategy, fleet=1000)
    doubled = compute_roi(strategy, fleet=1000, overrides={"dae_charging_cost": Decimal(600)})
    for before, after in zip(base.projects, doubled.projects):
        if before.project.id == "P5":
            assert after.economics.value == before.economics.value.scaled(Decimal(2))
        else:
            assert after.economics.value == before.economics.value


def test_sensitivity_endpoints(strategy):
    rows = {row.assumption.key: row for row in sensitivity(strategy, fleet=1000)}
    assert set(rows) == {"fleet", "lto_default_rate", "smart_charging_savings", "dae_charging_cost", "onboardings_per_month"}
    base = compute_roi(strategy, fleet=1000).total.value
    # Fleet across [500, 2000]: the totals at those fleet sizes.
    assert rows["fleet"].at_low == compute_roi(strategy, fleet=500).total.value
    assert rows["fleet"].at_high == compute_roi(strategy, fleet=2000).total.value
    # Default rate 5%..20% around a 12.5% base scales P2 (128k-255k at 1,000) by 0.4 and 1.6.
    p2 = Range(Decimal(128000), Decimal(255000))
    assert rows["lto_default_rate"].at_low == base + p2.scaled(Decimal("-0.6"))
    assert rows["lto_default_rate"].at_high == base + p2.scaled(Decimal("0.6"))
    # DaE charging cost 200..500 around 300 scales P5 (500k-1.6M at 1,000).
    p5 = Range(Decimal(500000), Decimal(1600000))
    expected = base + p5.scaled(Decimal(200) / Decimal(300))
    assert cents(rows["dae_charging_cost"].at_high) == cents(expected)
    # Widest swing first: the tornado's order.
    swings = [row.swing for row in sensitivity(strategy, fleet=1000)]
    assert swings == sorted(swings, reverse=True)


def test_milestones_against_a_fleet(strategy):
    status = milestone_status(strategy, 420)
    assert [(s.milestone.fleet, s.reached, s.is_next) for s in status] == [
        (300, True, False), (750, False, True), (1500, False, False), (2000, False, False)]
    assert status[1].milestone.needs == ("P4", "P1", "P3", "P5", "P6")
    assert not any(s.is_next for s in milestone_status(strategy, 2500))


def test_ecosystem_counts_match_the_strategy():
    summary = ecosystem()
    assert len(summary.items) == 67
    assert summary.in_roadmap == 53
    assert summary.gaps == 14
    assert round(summary.coverage * 100) == 79


def test_scaling_phase_lookup():
    stack = scaling()
    assert stack.phase_for(150).phase == 1
    assert stack.phase_for(1000).phase == 2
    assert stack.phase_for(12000).phase == 3
    assert [row["fleet"] for row in stack.tech_spend_by_fleet] == [500, 2000, 10000]


def test_app_coverage_counts_a_page_only_once_its_file_exists(tmp_path):
    from lafa_core.roadmap import app_coverage

    (tmp_path / "data").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "data" / "app_coverage.yaml").write_text(
        "projects:\n"
        "  P2: {pages: [pages/credit*.py], status: delivered}\n"
        "  P3: {pages: [pages/collections.py], status: partial}\n"
        "  P7: {pages: [pages/home.py, pages/credit*.py], status: partial}\n"
        "ecosystem: {}\n", encoding="utf-8")
    (tmp_path / "pages" / "credit_queue.py").write_text("", encoding="utf-8")
    coverage = app_coverage("projects", tmp_path / "data", tmp_path)
    assert (coverage["P2"].status, coverage["P2"].pages) == ("delivered", ("pages/credit_queue.py",))
    assert coverage["P3"].status == "in_progress"  # listed, but the page is not there yet
    assert coverage["P7"].status == "in_progress"  # one of its two pages is missing
    (tmp_path / "pages" / "collections.py").write_text("", encoding="utf-8")
    assert app_coverage("projects", tmp_path / "data", tmp_path)["P3"].status == "partial"
