"""The synthetic company: deterministic, realistic, consistent — on both engines."""
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from lafa_core.db import make_engine
from lafa_core.generate import DatabaseNotEmpty, InvalidCompanySpec, build_company
from lafa_core.generate.__main__ import main as generate_cli
from lafa_core.generate.fingerprint import company_fingerprint
from lafa_core.ledger import lease_schedule
from lafa_core.reference import load_reference

END = date(2026, 11, 22)  # a Sunday
GENERATED_TABLES = ["vehicle", "driver", "contract", "installment", "payment", "shift", "trip", "charging_session",
                    "telemetry_daily", "maintenance_record", "incident", "insurance_policy", "insurance_claim",
                    "credit_application", "collection_contact", "payroll_shortfall", "kpi_week", "audit_log"]


def _build(url: str, vehicles=40, weeks=12, seed=7):
    engine = make_engine(url)
    build_company(engine, vehicles, weeks, seed, END)
    return engine


def test_same_seed_same_company_different_seed_different_company(tmp_path):
    first = company_fingerprint(_build(f"sqlite:///{tmp_path / 'a.db'}"), GENERATED_TABLES)
    again = company_fingerprint(_build(f"sqlite:///{tmp_path / 'b.db'}"), GENERATED_TABLES)
    other = company_fingerprint(_build(f"sqlite:///{tmp_path / 'c.db'}", seed=8), GENERATED_TABLES)
    assert first == again
    assert first["installment"] != other["installment"] and first["telemetry_daily"] != other["telemetry_daily"]


def test_postgresql_build_holds_the_same_figures_as_sqlite(tmp_path, postgres_engine):
    sqlite = company_fingerprint(_build(f"sqlite:///{tmp_path / 'a.db'}"), GENERATED_TABLES)
    build_company(postgres_engine, 40, 12, 7, END)
    assert company_fingerprint(postgres_engine, GENERATED_TABLES) == sqlite
    with postgres_engine.begin() as conn:  # sequences moved past the loaded ids: new rows still insert
        conn.execute(text("INSERT INTO depot (code, name, zone, lat, lon, charger_count, charger_kw) "
                          "VALUES ('DEP-NEW', 'Nuevo', 'Tlalpan', 19.3, -99.1, 4, 7.2)"))


def test_refuses_a_database_that_already_has_a_company(tmp_path):
    engine = _build(f"sqlite:///{tmp_path / 'a.db'}", vehicles=10, weeks=4)
    before = company_fingerprint(engine, ["vehicle", "contract"])
    with pytest.raises(DatabaseNotEmpty):
        build_company(engine, 10, 4, 99, END)
    assert company_fingerprint(engine, ["vehicle", "contract"]) == before


@pytest.mark.parametrize("vehicles, weeks, end, message", [
    (0, 12, END, "vehicles"), (10, 2, END, "weeks"), (10, 12, END - timedelta(days=1), "Sunday"),
])
def test_impossible_specs_are_refused_before_anything_is_written(tmp_path, vehicles, weeks, end, message):
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with pytest.raises(InvalidCompanySpec, match=message):
        build_company(engine, vehicles, weeks, 1, end)


def test_command_line_reports_problems_and_exit_codes(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    args = ["--vehicles", "12", "--weeks", "4", "--seed", "3", "--end", "2026-11-22", "--database-url", url]
    assert generate_cli(args) == 0
    out = capsys.readouterr().out
    assert "[100.0%]" in out and "Built" in out
    assert generate_cli(args) == 2
    assert "--replace" in capsys.readouterr().err
    assert generate_cli(args + ["--if-missing"]) == 0
    assert generate_cli(args[:-2] + ["--end", "2026-11-21", "--database-url", url, "--replace"]) == 2
    assert "Sunday" in capsys.readouterr().err


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    path = tmp_path_factory.mktemp("company") / "lafa.db"
    return _build(f"sqlite:///{path}", vehicles=300, weeks=52, seed=42)


def _scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def test_product_mix_moves_from_dae_toward_lto(company):
    def lto_share_of_active(day: date) -> float:
        return _scalar(company, "SELECT AVG(CASE WHEN product = 'LTO' THEN 1.0 ELSE 0.0 END) FROM contract "
                                "WHERE start_on <= :d AND (end_on IS NULL OR end_on > :d)", d=day)
    launch_quarter = lto_share_of_active(END - timedelta(weeks=39))
    assert lto_share_of_active(END - timedelta(weeks=51)) < 0.05  # LTO launched in December 2025
    assert launch_quarter < 0.5 < lto_share_of_active(END)


def test_share_of_leases_ever_30_days_past_due_is_plausible(company):
    share = _scalar(company, """
        SELECT AVG(CASE WHEN worst >= 30 THEN 1.0 ELSE 0.0 END) FROM (
            SELECT c.id, MAX(julianday(COALESCE(i.paid_on, :end)) - julianday(i.due_on)) AS worst
            FROM contract c JOIN installment i ON i.contract_id = c.id
            WHERE c.product = 'LTO' AND c.start_on <= :matured AND i.due_on <= :end
            GROUP BY c.id) t""", end=END, matured=END - timedelta(weeks=13))
    assert 0.05 <= share <= 0.40


def test_battery_health_sits_in_the_reference_band_with_a_few_fast_faders(company):
    band = load_reference("business")["battery"]["soh_by_year_gig_use"]
    lows = [1.0] + [band[y][0] for y in (1, 2, 3, 4)]
    highs = [1.0] + [band[y][1] for y in (1, 2, 3, 4)]
    with company.connect() as conn:
        rows = conn.execute(text("""
            SELECT t.soh_pct, julianday(:end) - julianday(v.in_service_on) AS age_days
            FROM telemetry_daily t JOIN vehicle v ON v.id = t.vehicle_id WHERE t.day = :end"""), {"end": END}).all()

    def bound(points, years):
        whole = min(int(years), 3)
        return 100 * (points[whole] + (points[whole + 1] - points[whole]) * min(years - whole, 1))

    inside = below = 0
    for soh, age_days in rows:
        years = age_days / 365
        if soh < bound(lows, years) - 1.0:
            below += 1
        elif soh <= bound(highs, years) + 1.0:
            inside += 1
    assert inside / len(rows) >= 0.85
    assert 0.005 <= below / len(rows) <= 0.08


def test_dae_weekly_billing_sits_around_the_6000_goal(company):
    with company.connect() as conn:
        weeks = [r[0] / 100 for r in conn.execute(text("""
            SELECT SUM(billed_centavos) FROM shift
            WHERE work_date BETWEEN :s AND :e GROUP BY driver_id HAVING COUNT(*) >= 5"""),
            {"s": END - timedelta(days=6), "e": END})]
    weeks.sort()
    median = weeks[len(weeks) // 2]
    missed = sum(w < 6000 for w in weeks) / len(weeks)
    assert 6_000 <= median <= 9_500
    assert 0.03 <= missed <= 0.40


def test_money_adds_up(company):
    assert _scalar(company, "SELECT SUM(amount_centavos) FROM payment") == \
        _scalar(company, "SELECT SUM(paid_centavos) FROM installment")
    mismatched = _scalar(company, """
        SELECT COUNT(*) FROM (SELECT s.id FROM shift s JOIN trip t ON t.shift_id = s.id
                              GROUP BY s.id, s.billed_centavos HAVING SUM(t.fare_centavos) != s.billed_centavos) x""")
    assert mismatched == 0
    assert _scalar(company, "SELECT COUNT(*) FROM trip") > 0


def test_every_generated_lease_is_billed_on_the_ledgers_own_schedule(company):
    """The generator lays schedules out in bulk, but by the same rule an imported lease gets
    (`ledger.lease_schedule`): weekly from a week after the start, at the lease's rate, in order."""
    with company.connect() as conn:
        leases = conn.execute(text("SELECT id, start_on, term_weeks, weekly_rate_centavos, status FROM contract "
                                   "WHERE product = 'LTO' ORDER BY id")).all()
        rows = conn.execute(text("SELECT contract_id, seq, due_on, amount_centavos FROM installment "
                                 "ORDER BY contract_id, seq")).all()
    by_lease = {}
    for contract_id, seq, due_on, amount in rows:
        by_lease.setdefault(contract_id, []).append((seq, date.fromisoformat(str(due_on)[:10]), amount))
    checked = 0
    for lease_id, start_on, term_weeks, weekly, status in leases:
        schedule = by_lease.get(lease_id, [])
        expected = lease_schedule(date.fromisoformat(str(start_on)[:10]), term_weeks, weekly)
        # a defaulted lease keeps its schedule up to the default; the rest was cancelled
        assert schedule == (expected if status != "defaulted" else expected[:len(schedule)]), lease_id
        checked += status != "defaulted"
    assert checked > 100


def test_everything_happens_inside_mexico_city(company):
    bbox = load_reference("business")["company"]["cdmx_bbox"]
    for table, lat, lon in [("depot", "lat", "lon"), ("driver", "home_lat", "home_lon"),
                            ("telemetry_daily", "lat", "lon"), ("incident", "lat", "lon")]:
        with company.connect() as conn:
            low_lat, high_lat, low_lon, high_lon = conn.execute(text(
                f"SELECT MIN({lat}), MAX({lat}), MIN({lon}), MAX({lon}) FROM {table}")).one()
        assert bbox["lat"][0] <= low_lat and high_lat <= bbox["lat"][1], table
        assert bbox["lon"][0] <= low_lon and high_lon <= bbox["lon"][1], table


def test_operations_queues_are_populated(company):
    assert _scalar(company, "SELECT COUNT(*) FROM credit_application WHERE status = 'pending'") >= 12
    assert _scalar(company, "SELECT COUNT(*) FROM credit_application WHERE status = 'declined'") > 0
    assert _scalar(company, "SELECT COUNT(*) FROM insurance_policy WHERE ends_on BETWEEN :s AND :e",
                   s=END, e=END + timedelta(days=90)) > 0
    assert _scalar(company, "SELECT COUNT(*) FROM contract WHERE status = 'defaulted'") > 0
    assert _scalar(company, "SELECT COUNT(DISTINCT oem) FROM vehicle") == 3


def test_dae_payroll_shortfalls_feed_collections(company):
    owed = _scalar(company, """SELECT COUNT(*) FROM payroll_shortfall s JOIN contract c ON c.id = s.contract_id
                               WHERE c.product = 'DaE' AND s.deducted_centavos < s.due_centavos""")
    assert owed > 0
    assert _scalar(company, "SELECT COUNT(*) FROM payroll_shortfall WHERE due_centavos > 300000") == 0


def test_command_line_says_what_to_do_when_the_database_is_unreachable(capsys):
    url = "postgresql://postgres@127.0.0.1:1/nowhere"
    assert generate_cli(["--vehicles", "10", "--weeks", "4", "--database-url", url]) == 2
    error = capsys.readouterr().err
    assert "cannot reach the database" in error and "LAFA_DATABASE_URL" in error
