"""All SQLModel tables of the domain, in one place.

Money is integer centavos (`*_centavos`, BigInteger) everywhere; timestamps where
time of day matters are `AwareDateTime` (UTC stored, America/Mexico_City read);
calendar days are plain dates. Allowed values of string codes live in the enums
below so services and the generator spell them one way.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Optional

from sqlalchemy import BigInteger, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from lafa_core.types import AwareDateTime


class Product(str, enum.Enum):
    DAE = "DaE"
    LTO = "LTO"


class DriverStatus(str, enum.Enum):
    APPLICANT = "applicant"
    ACTIVE = "active"
    INACTIVE = "inactive"  # left the company / contract ended
    DEFAULTED = "defaulted"


class VehicleStatus(str, enum.Enum):
    AVAILABLE = "available"  # at a depot, no contract
    ASSIGNED = "assigned"  # on a DaE or LTO contract
    MAINTENANCE = "maintenance"
    RECOVERY = "recovery"  # being recovered/refurbished after an LTO default
    RETIRED = "retired"


class ContractKind(str, enum.Enum):
    EMPLOYMENT = "employment"  # DaE
    LEASE = "lease"  # LTO


class ContractStatus(str, enum.Enum):
    ACTIVE = "active"
    COMPLETED = "completed"  # lease paid out / employment ended normally
    TERMINATED = "terminated"  # driver left before the end
    DEFAULTED = "defaulted"  # LTO written off, vehicle recovered


class PaymentMethod(str, enum.Enum):
    SPEI = "spei"
    CASH_OXXO = "cash_oxxo"
    CARD = "card"
    PAYROLL_DEDUCTION = "payroll_deduction"


class ApplicationStatus(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    DECLINED = "declined"


class TariffPeriod(str, enum.Enum):
    BASE = "base"
    INTERMEDIATE = "intermediate"
    PEAK = "peak"


class Depot(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    name: str = Field(max_length=120)
    zone: str = Field(max_length=60)  # alcaldía
    lat: float
    lon: float
    charger_count: int
    charger_kw: float


class Driver(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    full_name: str = Field(max_length=120)
    curp: str = Field(unique=True, max_length=18)
    rfc: str = Field(max_length=13)
    phone: str = Field(max_length=20)
    birth_date: date
    product: str = Field(max_length=3, index=True)  # Product: the driver's current product
    status: str = Field(max_length=16, index=True)  # DriverStatus
    zone: str = Field(max_length=60)  # home alcaldía
    home_lat: float
    home_lon: float
    joined_on: date
    has_valid_licence: bool = True
    # Collections contact rules (the debtor's own choices and legal blocks).
    opted_out_of_messages: bool = False
    do_not_contact: bool = False


class Vehicle(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    vin: str = Field(unique=True, max_length=17)
    oem: str = Field(max_length=16, index=True)  # Geely / JAC / GAC
    model: str = Field(max_length=40)
    plate: str = Field(unique=True, max_length=12)
    battery_kwh: float
    status: str = Field(max_length=16, index=True)  # VehicleStatus
    depot_id: int = Field(foreign_key="depot.id", index=True)
    in_service_on: date = Field(index=True)
    retired_on: Optional[date] = None
    acquisition_cost_centavos: int = Field(sa_type=BigInteger)
    odometer_km_at_service_start: float = 0.0


class CreditApplication(SQLModel, table=True):
    __tablename__ = "credit_application"

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    applicant_name: str = Field(max_length=120)
    curp: str = Field(max_length=18, index=True)
    phone: str = Field(max_length=20)
    submitted_at: datetime = Field(sa_type=AwareDateTime, index=True)
    status: str = Field(max_length=32, index=True)  # ApplicationStatus
    decided_at: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)
    # Application features: what an underwriter sees.
    age: int
    zone: str = Field(max_length=60)
    has_valid_licence: bool
    bureau_score: Optional[int] = None  # 0-999; None for a thin file
    thin_file: bool
    platform_weekly_earnings_centavos: int = Field(sa_type=BigInteger)
    platform_trips_per_week: int
    platform_rating: float
    platform_tenure_months: int
    declared_monthly_income_centavos: int = Field(sa_type=BigInteger)
    dependants: int
    # Warm start: an upgrading DaE driver's history with us.
    dae_driver_id: Optional[int] = Field(default=None, foreign_key="driver.id")
    dae_weeks_employed: int = 0
    dae_goal_met_rate: Optional[float] = None
    dae_incidents: int = 0
    requested_term_weeks: int
    requested_deposit_centavos: int = Field(sa_type=BigInteger)
    requested_weekly_rate_centavos: int = Field(sa_type=BigInteger)
    driver_id: Optional[int] = Field(default=None, foreign_key="driver.id")  # set once approved and signed


class Contract(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    vehicle_id: int = Field(foreign_key="vehicle.id", index=True)
    product: str = Field(max_length=3, index=True)  # Product
    kind: str = Field(max_length=16)  # ContractKind
    start_on: date = Field(index=True)
    end_on: Optional[date] = None  # actual end; None while running
    term_weeks: Optional[int] = None  # LTO: 208 (48 months)
    weekly_rate_centavos: int = Field(sa_type=BigInteger)  # LTO lease payment / DaE base wage
    deposit_centavos: int = Field(default=0, sa_type=BigInteger)
    purchase_option_centavos: int = Field(default=0, sa_type=BigInteger)
    status: str = Field(max_length=16, index=True)  # ContractStatus
    defaulted_on: Optional[date] = None
    application_id: Optional[int] = Field(default=None, foreign_key="credit_application.id")


class Installment(SQLModel, table=True):
    """One row of an LTO payment schedule. `paid_on` is the day it was fully paid."""

    __table_args__ = (
        UniqueConstraint("contract_id", "seq"),
        Index("ix_installment_due_paid", "due_on", "paid_on", "contract_id"),
        Index("ix_installment_paid_on", "paid_on", "contract_id", "paid_centavos"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    seq: int
    due_on: date
    amount_centavos: int = Field(sa_type=BigInteger)
    paid_centavos: int = Field(default=0, sa_type=BigInteger)
    paid_on: Optional[date] = None


class Payment(SQLModel, table=True):
    __table_args__ = (Index("ix_payment_paid_on_contract", "paid_on", "contract_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    paid_at: datetime = Field(sa_type=AwareDateTime)
    paid_on: date  # local calendar day of paid_at, for period queries
    amount_centavos: int = Field(sa_type=BigInteger)
    method: str = Field(max_length=20)  # PaymentMethod
    # The bank's or OXXO's folio: what a payments sheet is matched on (PAY-00000042 for payments
    # recorded before references existed, and for the demo company's).
    reference: Optional[str] = Field(default=None, max_length=40, unique=True, index=True)


class ShiftSource(str, enum.Enum):
    DISPATCH = "dispatch"  # planned on the dispatch board; check-in and check-out recorded in the app
    CHECKIN_SHEET = "checkin_sheet"  # HR's imported check-in sheet (no vehicle, no depot)


class ShiftStatus(str, enum.Enum):
    """Where a shift stands. Only a worked shift counts for payroll and the KPIs."""

    CONFIRMED = "confirmed"  # planned on the dispatch board and confirmed: starts_at/ends_at are the plan
    CHECKED_IN = "checked_in"  # the driver checked in (checked_in_at); not yet counted
    WORKED = "worked"  # checked out, imported or generated: starts_at/ends_at are check-in and check-out


class Shift(SQLModel, table=True):
    """A DaE driver's shift: worked (check-in `starts_at`, check-out `ends_at`) or, from the dispatch
    board, confirmed or in progress (`status`). Billing is what DiDi billed for it. Hours worked for
    payroll come from worked shifts only."""

    __table_args__ = (Index("ix_shift_work_date_driver", "work_date", "driver_id"),
                      Index("ix_shift_driver_starts", "driver_id", "starts_at"),
                      Index("ix_shift_depot_work_date", "depot_id", "work_date"))
    id: Optional[int] = Field(default=None, primary_key=True)
    driver_id: int = Field(foreign_key="driver.id")
    vehicle_id: Optional[int] = Field(default=None, foreign_key="vehicle.id", index=True)
    depot_id: Optional[int] = Field(default=None, foreign_key="depot.id")
    work_date: date
    starts_at: datetime = Field(sa_type=AwareDateTime)
    ends_at: datetime = Field(sa_type=AwareDateTime)
    hours: float
    trip_count: int
    billed_centavos: int = Field(sa_type=BigInteger)
    tips_centavos: int = Field(default=0, sa_type=BigInteger)
    source: str = Field(default=ShiftSource.DISPATCH.value, max_length=16)
    status: str = Field(default=ShiftStatus.WORKED.value, max_length=12,
                        sa_column_kwargs={"server_default": ShiftStatus.WORKED.value})
    checked_in_at: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)  # wall clock, dispatch only
    checked_out_at: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)


class Trip(SQLModel, table=True):
    """Trip-level detail as DiDi exports it. An imported trip gets its shift (and through it its
    vehicle) from the driver's shift covering its start; the DiDi file has neither vehicle nor km."""

    id: Optional[int] = Field(default=None, primary_key=True)
    trip_code: str = Field(unique=True, max_length=24)
    shift_id: Optional[int] = Field(default=None, foreign_key="shift.id", index=True)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    vehicle_id: Optional[int] = Field(default=None, foreign_key="vehicle.id")
    started_at: datetime = Field(sa_type=AwareDateTime, index=True)
    ended_at: datetime = Field(sa_type=AwareDateTime)
    km: Optional[float] = None
    fare_centavos: int = Field(sa_type=BigInteger)  # DiDi's "Cost": what counts toward the goal
    tip_centavos: int = Field(default=0, sa_type=BigInteger)  # the driver's in full, paid as its own line


class ChargingSession(SQLModel, table=True):
    __tablename__ = "charging_session"
    __table_args__ = (Index("ix_charging_session_day_vehicle", "charge_date", "vehicle_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    vehicle_id: int = Field(foreign_key="vehicle.id")
    depot_id: Optional[int] = Field(default=None, foreign_key="depot.id")
    driver_id: Optional[int] = Field(default=None, foreign_key="driver.id")
    product: str = Field(max_length=3)  # whose operation paid for it
    charge_date: date  # local day of started_at
    started_at: datetime = Field(sa_type=AwareDateTime)
    ended_at: datetime = Field(sa_type=AwareDateTime)
    energy_kwh: float
    tariff_period: str = Field(max_length=16)  # TariffPeriod at start
    cost_centavos: int = Field(sa_type=BigInteger)  # what the company paid CFE
    price_centavos: int = Field(default=0, sa_type=BigInteger)  # what an LTO driver was billed


class TelemetryDaily(SQLModel, table=True):
    """One vehicle-day summary from the telematics box."""

    __tablename__ = "telemetry_daily"
    __table_args__ = (Index("ix_telemetry_day_vehicle", "day", "vehicle_id"),)
    vehicle_id: int = Field(foreign_key="vehicle.id", primary_key=True)
    day: date = Field(primary_key=True)
    km: float
    odometer_km: float
    soc_end_pct: float
    soh_pct: float  # battery state of health, % of nominal capacity
    max_battery_temp_c: float
    lat: float
    lon: float


class MaintenanceRecord(SQLModel, table=True):
    """A work order: opened (the vehicle enters the workshop), closed and costed (it is back)."""

    __tablename__ = "maintenance_record"
    __table_args__ = (Index("ix_maintenance_record_vehicle_opened", "vehicle_id", "opened_on"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    vehicle_id: int = Field(foreign_key="vehicle.id", index=True)
    opened_on: date = Field(index=True)
    closed_on: Optional[date] = None
    kind: str = Field(max_length=20)  # preventive / corrective / tires / brakes / battery
    description: str = Field(max_length=200)
    odometer_km: float
    cost_centavos: int = Field(sa_type=BigInteger)
    next_service_km: Optional[float] = None


class Incident(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    vehicle_id: int = Field(foreign_key="vehicle.id", index=True)
    driver_id: Optional[int] = Field(default=None, foreign_key="driver.id")
    occurred_at: datetime = Field(sa_type=AwareDateTime, index=True)
    kind: str = Field(max_length=30)
    severity: str = Field(max_length=10)  # low / medium / high
    description: str = Field(max_length=200)
    lat: float
    lon: float
    estimated_cost_centavos: int = Field(sa_type=BigInteger)
    status: str = Field(max_length=16)  # open / closed
    # A typed address, or the depot or zone it was placed at
    place: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
    resolved_at: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)  # when it was closed


class InsurancePolicy(SQLModel, table=True):
    __tablename__ = "insurance_policy"
    id: Optional[int] = Field(default=None, primary_key=True)
    vehicle_id: int = Field(foreign_key="vehicle.id", index=True)
    insurer: str = Field(max_length=60)
    policy_number: str = Field(unique=True, max_length=30)
    starts_on: date
    ends_on: date = Field(index=True)
    premium_centavos: int = Field(sa_type=BigInteger)
    coverage: str = Field(max_length=30)


class InsuranceClaim(SQLModel, table=True):
    __tablename__ = "insurance_claim"
    __table_args__ = (Index("ux_insurance_claim_incident", "incident_id", unique=True,
                            sqlite_where=text("incident_id IS NOT NULL"),
                            postgresql_where=text("incident_id IS NOT NULL")),)
    id: Optional[int] = Field(default=None, primary_key=True)
    policy_id: int = Field(foreign_key="insurance_policy.id", index=True)
    incident_id: Optional[int] = Field(default=None, foreign_key="incident.id")
    filed_on: date
    status: str = Field(max_length=16)  # filed / approved / paid / rejected
    claimed_centavos: int = Field(sa_type=BigInteger)
    paid_centavos: int = Field(default=0, sa_type=BigInteger)
    closed_on: Optional[date] = None


class CollectionContact(SQLModel, table=True):
    """One attempt to reach a debtor, and what came of it. Append-only."""

    __tablename__ = "collection_contact"
    id: Optional[int] = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    driver_id: int = Field(foreign_key="driver.id")
    contacted_at: datetime = Field(sa_type=AwareDateTime, index=True)
    channel: str = Field(max_length=16)  # whatsapp / call / sms / visit
    agent: str = Field(max_length=60)
    stage: str = Field(max_length=30)  # escalation-ladder step
    days_past_due: int
    outcome: str = Field(max_length=30)
    promise_amount_centavos: Optional[int] = Field(default=None, sa_type=BigInteger)
    promise_due_on: Optional[date] = None
    notes: str = Field(default="", max_length=500)


class AuditLog(SQLModel, table=True):
    """Append-only trail of decisions and changes (database triggers refuse UPDATE/DELETE)."""

    __tablename__ = "audit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(sa_type=AwareDateTime, index=True)
    actor: str = Field(max_length=60)
    action: str = Field(max_length=60, index=True)
    entity: str = Field(max_length=40)
    entity_id: Optional[str] = Field(default=None, max_length=40)
    details: str = Field(default="{}", sa_type=Text)  # JSON


class KpiWeek(SQLModel, table=True):
    """Weekly rollup per product ('DaE', 'LTO', or 'idle' for vehicle-days with no
    contract), rebuilt in SQL by `lafa_core.kpis.refresh_weekly_rollup` after every
    load, so period KPIs and trends never rescan millions of telemetry rows."""

    __tablename__ = "kpi_week"
    week_start: date = Field(primary_key=True)  # Monday
    product: str = Field(primary_key=True, max_length=4)
    vehicle_days: int = 0
    driven_days: int = 0
    km: float = 0.0
    soh_sum: float = 0.0
    soh_days: int = 0
    shift_count: int = 0
    shift_hours: float = 0.0
    billed_centavos: int = Field(default=0, sa_type=BigInteger)
    lease_collected_centavos: int = Field(default=0, sa_type=BigInteger)
    installments_due: int = 0
    installments_on_time: int = 0
    charging_energy_kwh: float = 0.0
    charging_cost_centavos: int = Field(default=0, sa_type=BigInteger)
    charging_price_centavos: int = Field(default=0, sa_type=BigInteger)
    maintenance_cost_centavos: int = Field(default=0, sa_type=BigInteger)
    contracts_defaulted: int = 0
    # LTO portfolio as of the week's last day (Sunday).
    active_contracts: int = 0
    portfolio_balance_centavos: int = Field(default=0, sa_type=BigInteger)
    par30_balance_centavos: int = Field(default=0, sa_type=BigInteger)


# --- credit ---
class CreditDecision(SQLModel, table=True):
    """An analyst's decision on an LTO application, with what the model said at the time.
    Append-only (database triggers refuse UPDATE/DELETE); one per application."""

    __tablename__ = "credit_decision"
    id: Optional[int] = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="credit_application.id", unique=True)
    decided_at: datetime = Field(sa_type=AwareDateTime, index=True)
    analyst: str = Field(max_length=60)
    decision: str = Field(max_length=32)  # ApplicationStatus other than pending
    model_version: str = Field(max_length=80)
    score: int  # lafa_risk_score 0-1000, higher is safer
    probability_of_default: float
    band: str = Field(max_length=8)  # green / yellow / red
    rules_fired: str = Field(default="[]", sa_type=Text)  # JSON list of knock-out rule codes
    top_reasons: str = Field(default="[]", sa_type=Text)  # JSON list of {feature, value, contribution}
    conditions: str = Field(default="", max_length=300)  # for approvals with conditions
    override_reason: str = Field(default="", sa_type=Text)  # required when the decision contradicts the band


# --- collections ---
class CollectionQueueItem(SQLModel, table=True):
    """One account in the collections call queue, with its claim. Rebuilt by
    `lafa_core.collections.refresh_queue`; the claim columns (holder, held_until) are
    only ever changed by conditional updates so two agents never hold one account."""

    __tablename__ = "collection_queue_item"
    __table_args__ = (Index("ix_collection_queue_item_rank", "priority_centavos", "contract_id"),)
    contract_id: int = Field(foreign_key="contract.id", primary_key=True)
    driver_id: int = Field(foreign_key="driver.id")
    product: str = Field(max_length=3)
    days_past_due: int
    bucket: str = Field(max_length=8)
    stage: str = Field(max_length=30)
    amount_overdue_centavos: int = Field(sa_type=BigInteger)
    exposure_centavos: int = Field(sa_type=BigInteger)
    roll_probability: float
    broken_promises: int = 0
    # Expected loss avoided by working the account now, the queue's sort key.
    priority_centavos: int = Field(sa_type=BigInteger)
    # Account-specific contact block (promise window, caps, opt-out); NULL workable_from = never.
    blocked_reason: Optional[str] = Field(default=None, max_length=30)
    workable_from: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)
    refreshed_at: datetime = Field(sa_type=AwareDateTime)
    holder: Optional[str] = Field(default=None, max_length=60)
    held_until: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)


class RestructuringOffer(SQLModel, table=True):
    """A proposed new schedule for an LTO account; takes effect only once a supervisor approves."""

    __tablename__ = "restructuring_offer"
    id: Optional[int] = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    kind: str = Field(max_length=20)  # extend_term / reduce_payment / grace_period
    parameter: int  # extra weeks, new weekly payment in centavos, or grace weeks
    balance_centavos: int = Field(sa_type=BigInteger)
    schedule: str = Field(sa_type=Text)  # JSON list of {due_on, amount_centavos}
    proposed_by: str = Field(max_length=60)
    proposed_at: datetime = Field(sa_type=AwareDateTime)
    status: str = Field(max_length=16, index=True)  # pending / approved / rejected
    decided_by: Optional[str] = Field(default=None, max_length=60)
    decided_at: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)
    proposed_by_user_id: Optional[int] = None  # maker-checker compares ids when both are known
    decided_by_user_id: Optional[int] = None


class PayrollShortfall(SQLModel, table=True):
    """A DaE payday whose payroll deduction did not cover what the driver owed (e.g. a
    charging or damage charge); the only way a DaE account enters the collections queue."""

    __tablename__ = "payroll_shortfall"
    id: Optional[int] = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    due_on: date = Field(index=True)
    due_centavos: int = Field(sa_type=BigInteger)
    deducted_centavos: int = Field(default=0, sa_type=BigInteger)
    settled_on: Optional[date] = None


# Collections reads what is still owed on every queue build: a partial index over the unpaid
# installments only (a small slice of the full 208-week schedules), in due-date order. paid_on
# leads so that SQLite prefers it to ix_installment_paid_on for `paid_on IS NULL AND due_on <= ?`.
Index("ix_installment_unpaid_due", Installment.paid_on, Installment.due_on, Installment.contract_id, Installment.amount_centavos,
      Installment.paid_centavos, sqlite_where=Installment.paid_on.is_(None),
      postgresql_where=Installment.paid_on.is_(None))


# --- users and sign-in ------------------------------------------------------------------------
class AppUser(SQLModel, table=True):
    """A person who signs in. `username` is the identity written on every record they make; a
    provider's user (OpenID Connect issuer + subject) maps to one local user."""

    __tablename__ = "app_user"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True, index=True)
    display_name: str = Field(max_length=120)
    role: str = Field(max_length=30)  # lafa_core.users.roles.Role
    password_hash: Optional[str] = Field(default=None, max_length=200)  # Argon2id; None: provider sign-in only
    active: bool = True
    failed_attempts: int = 0  # consecutive failures since the last success
    locked_until: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)
    oidc_issuer: Optional[str] = Field(default=None, max_length=200)
    oidc_subject: Optional[str] = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_type=AwareDateTime)


class UserSession(SQLModel, table=True):
    """A signed-in browser session. The cookie carries only the signed id; role and expiry are
    read here on every page run, so nothing in the browser or session state can raise a role."""

    __tablename__ = "user_session"
    id: str = Field(primary_key=True, max_length=64)  # random, url-safe
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(sa_type=AwareDateTime)
    last_seen_at: datetime = Field(sa_type=AwareDateTime)
    ended_at: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)  # signed out or expired


# --- DaE payroll ---------------------------------------------------------------------------------
class PayrollRunStatus(str, enum.Enum):
    OPEN = "open"  # reopened, being corrected
    CLOSED = "closed"


class PayrollRun(SQLModel, table=True):
    """One version of one payroll week. Closing computes its payslips; reopening a closed week
    starts the next version (with the reason), so what was paid before stays as it was."""

    __tablename__ = "payroll_run"
    __table_args__ = (UniqueConstraint("week_start", "version"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    week_start: date = Field(index=True)  # the Monday of the payroll week
    version: int
    status: str = Field(max_length=8)  # PayrollRunStatus
    reason: str = Field(default="", max_length=500)  # why this version exists (reopenings)
    opened_at: datetime = Field(sa_type=AwareDateTime)
    opened_by: str = Field(max_length=60)
    closed_at: Optional[datetime] = Field(default=None, sa_type=AwareDateTime)
    closed_by: Optional[str] = Field(default=None, max_length=60)
    drivers: int = 0
    total_centavos: int = Field(default=0, sa_type=BigInteger)


class Payslip(SQLModel, table=True):
    """What one driver is paid for one closed payroll version, and every figure that explains it.
    Append-only: a correction is a new version of the week. Hours are kept to the minute."""

    __table_args__ = (UniqueConstraint("run_id", "driver_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="payroll_run.id", index=True)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    trips: int
    minutes_worked: int
    previous_week_minutes: Optional[int] = None  # None: the driver's first week
    weekdays_worked: int
    days_employed: int
    billed_centavos: int = Field(sa_type=BigInteger)
    tips_centavos: int = Field(sa_type=BigInteger)
    goal_met: bool
    support_centavos: int = Field(sa_type=BigInteger)
    base_centavos: int = Field(sa_type=BigInteger)
    bonus_centavos: int = Field(sa_type=BigInteger)
    overtime_minutes: int
    overtime_centavos: int = Field(sa_type=BigInteger)
    rule_total_centavos: int = Field(sa_type=BigInteger)
    minimum_wage_topup_centavos: int = Field(sa_type=BigInteger)
    total_centavos: int = Field(sa_type=BigInteger)  # rule + top-up (tips are paid on their own line)
    minutes_over_legal_limit: int = 0


class CreditModelRelease(SQLModel, table=True):
    """Which credit model is live: one row each time a model goes live — published by a credit lead
    other than its trainer, by the set-up on a database with none, or by a rollback to an earlier
    one. The newest row is the live model. Append-only (database triggers refuse UPDATE/DELETE)."""

    __tablename__ = "credit_model_release"
    id: Optional[int] = Field(default=None, primary_key=True)
    version: str = Field(max_length=80, index=True)  # the model artifact's version (models/credit-<version>.*)
    kind: str = Field(max_length=16)  # setup / publish / rollback
    published_at: datetime = Field(sa_type=AwareDateTime, index=True)
    published_by: str = Field(max_length=60)
    trained_by: str = Field(default="", max_length=60)
    previous_version: Optional[str] = Field(default=None, max_length=80)  # live until this row
    override_reason: str = Field(default="", sa_type=Text)  # why it went live despite a warning; a rollback's reason
    details: str = Field(default="{}", sa_type=Text)  # JSON: validation AUC, score shift, warnings overridden


# --- battery health ---
class BatteryDecision(SQLModel, table=True):
    """What fleet operations decided about a vehicle's battery (inspect, rotate out of ride-hailing,
    claim the warranty, keep as it is), with the figures it saw. Append-only: a newer decision on
    the same vehicle supersedes the older one, which stays."""

    __tablename__ = "battery_decision"
    id: Optional[int] = Field(default=None, primary_key=True)
    vehicle_id: int = Field(foreign_key="vehicle.id", index=True)
    action: str = Field(max_length=20)  # lafa_core.battery.rules.ACTIONS
    decided_at: datetime = Field(sa_type=AwareDateTime, index=True)
    decided_by: str = Field(max_length=60)  # the signed-in user's name
    data_day: date  # the data's as-of day the figures come from
    soh_pct: Optional[float] = None
    fade_ratio: Optional[float] = None  # times the fleet's fade at the same mileage
    note: str = Field(default="", max_length=300)
