"""Roles and permissions, in one place: who may open which page, run which action, and see
which personal data. Pages, services and exports all ask here."""
from __future__ import annotations

import enum

from lafa_core.errors import LocalizedError


class Role(str, enum.Enum):
    EXECUTIVE = "executive"
    COLLECTIONS_AGENT = "collections_agent"
    COLLECTIONS_SUPERVISOR = "collections_supervisor"
    CREDIT_ANALYST = "credit_analyst"
    CREDIT_LEAD = "credit_lead"
    FLEET_OPS = "fleet_ops"
    HR_PAYROLL = "hr_payroll"
    FINANCE = "finance"
    ADMIN = "admin"


class Action(str, enum.Enum):
    COLLECTIONS_WORK = "collections.work"  # claim, release, log contacts and promises, propose restructuring
    COLLECTIONS_DECIDE = "collections.decide_restructuring"
    COLLECTIONS_OUTBOUND = "collections.outbound_messages"  # names, phones and amounts owed leave the app
    COLLECTIONS_REPORT = "collections.report"  # the queue, contacts, promises and roll rates as a workbook
    CREDIT_DECIDE = "credit.decide"
    CREDIT_TRAIN = "credit.train"  # train a candidate model (changes nothing live)
    CREDIT_PUBLISH = "credit.publish"
    USERS_MANAGE = "users.manage"
    AUDIT_VIEW = "audit.view"
    PREVIEW_ROLES = "app.preview_roles"  # "view as": the admin's preview of another role's menu
    PAYROLL_IMPORT = "payroll.import"  # DiDi trip files and check-in sheets
    PAYROLL_CLOSE = "payroll.close"  # close a week, reopen it with a reason
    PAYROLL_EXPORT = "payroll.export"  # the payroll workbook and payslips leave the app
    CHARGING_PLAN = "charging.plan"  # plan a depot's night charging
    FINANCE_STATEMENTS = "finance.statements"  # LTO statements, lease documents, the loan book (they leave the app)
    DISPATCH = "dispatch.shifts"  # confirm tomorrow's shifts, check drivers in and out
    DATA_IMPORT = "data.import"  # the drivers and vehicles sheets: the company's master data
    MONEY_IMPORT = "data.import_money"  # the contracts and payments sheets: what drivers owe and paid
    BATTERY_DECIDE = "battery.decide"  # record what to do about a vehicle's battery (inspect, rotate, warranty)
    FLEET_MAINTAIN = "fleet.maintain"  # open, close and cost work orders (services and repairs)
    FLEET_INCIDENTS = "fleet.incidents"  # log incidents and resolve them
    INSURANCE_CLAIMS = "insurance.claims"  # file a claim on an incident, record its decision and payout


class Page(str, enum.Enum):
    HOME = "home"
    CREDIT = "credit"
    COLLECTIONS = "collections"
    COLLECTIONS_SUPERVISOR = "collections_supervisor"
    ROADMAP = "roadmap"
    PAYROLL = "payroll"
    CHARGING = "charging"
    FINANCE = "finance"
    DISPATCH = "dispatch"
    IMPORTS = "imports"  # Importar datos: templates, upload, preview, import
    BATTERY = "battery"  # Salud de baterías: degradation, anomalies, projections, residual value
    ADMIN = "admin"
    FLEET_MAP = "fleet_map"  # Mapa de la flota
    VEHICLE = "vehicle"  # Historia de un vehículo
    MAINTENANCE = "maintenance"
    INCIDENTS = "incidents"
    INSURANCE = "insurance"


class PersonalData(str, enum.Enum):
    CURP = "curp"
    RFC = "rfc"
    PHONE = "phone"
    ADDRESS = "address"
    LTO_POSITION = "lto_position"  # where a lessee's own car is


R = Role
PAGES: dict[Role, frozenset[Page]] = {
    R.EXECUTIVE: frozenset({Page.HOME, Page.COLLECTIONS_SUPERVISOR, Page.ROADMAP, Page.BATTERY}),
    R.COLLECTIONS_AGENT: frozenset({Page.HOME, Page.COLLECTIONS}),
    R.COLLECTIONS_SUPERVISOR: frozenset({Page.HOME, Page.COLLECTIONS, Page.COLLECTIONS_SUPERVISOR}),
    R.CREDIT_ANALYST: frozenset({Page.HOME, Page.CREDIT}),
    R.CREDIT_LEAD: frozenset({Page.HOME, Page.CREDIT}),
    R.FLEET_OPS: frozenset({Page.HOME, Page.CHARGING, Page.DISPATCH, Page.BATTERY, Page.FLEET_MAP, Page.VEHICLE,
                            Page.MAINTENANCE, Page.INCIDENTS, Page.INSURANCE}),
    R.HR_PAYROLL: frozenset({Page.HOME, Page.PAYROLL, Page.DISPATCH}),  # reads check-ins behind the hours
    R.FINANCE: frozenset({Page.HOME, Page.CREDIT, Page.ROADMAP, Page.PAYROLL, Page.CHARGING, Page.DISPATCH,
                          Page.FINANCE, Page.IMPORTS, Page.BATTERY, Page.INSURANCE}),
    # Every page but Finanzas: lessees' statements and documents are finance's, not the system's.
    R.ADMIN: frozenset(Page) - {Page.FINANCE},
}
ACTIONS: dict[Role, frozenset[Action]] = {
    R.EXECUTIVE: frozenset(),
    R.COLLECTIONS_AGENT: frozenset({Action.COLLECTIONS_WORK, Action.COLLECTIONS_OUTBOUND}),
    R.COLLECTIONS_SUPERVISOR: frozenset({Action.COLLECTIONS_WORK, Action.COLLECTIONS_DECIDE,
                                         Action.COLLECTIONS_OUTBOUND, Action.COLLECTIONS_REPORT}),
    R.CREDIT_ANALYST: frozenset({Action.CREDIT_DECIDE}),
    R.CREDIT_LEAD: frozenset({Action.CREDIT_DECIDE, Action.CREDIT_TRAIN, Action.CREDIT_PUBLISH}),
    R.FLEET_OPS: frozenset({Action.CHARGING_PLAN, Action.DISPATCH, Action.BATTERY_DECIDE, Action.FLEET_MAINTAIN,
                            Action.FLEET_INCIDENTS, Action.INSURANCE_CLAIMS}),
    R.HR_PAYROLL: frozenset({Action.PAYROLL_IMPORT, Action.PAYROLL_CLOSE, Action.PAYROLL_EXPORT}),
    R.FINANCE: frozenset({Action.PAYROLL_EXPORT, Action.FINANCE_STATEMENTS, Action.DATA_IMPORT,
                          Action.MONEY_IMPORT, Action.COLLECTIONS_REPORT, Action.INSURANCE_CLAIMS}),
    # The admin runs the system, not the business: users, audit, previews; no lending or collecting.
    # Loading the fleet and its drivers when the system is set up is running the system, so the admin
    # imports drivers and vehicles; contracts and payments change what drivers owe (installments paid,
    # a lease's status) and finance owns them: the person who manages the accounts and reads the audit
    # trail does not also write money, so the two duties stay apart.
    R.ADMIN: frozenset({Action.USERS_MANAGE, Action.AUDIT_VIEW, Action.PREVIEW_ROLES, Action.CREDIT_TRAIN,
                        Action.DATA_IMPORT}),
}
# Where each role starts after signing in (the home page's KPIs otherwise): its own work, not a
# page of figures it did not come for. A deep link still opens the page it names.
LANDING: dict[Role, Page] = {
    R.COLLECTIONS_AGENT: Page.COLLECTIONS,
    R.COLLECTIONS_SUPERVISOR: Page.COLLECTIONS_SUPERVISOR,
    R.CREDIT_ANALYST: Page.CREDIT,
    R.CREDIT_LEAD: Page.CREDIT,
    R.FLEET_OPS: Page.FLEET_MAP,
    R.HR_PAYROLL: Page.PAYROLL,
    R.FINANCE: Page.FINANCE,
}
# Personal data each role needs for its job; executives and finance work on aggregates.
PERSONAL_DATA: dict[Role, frozenset[PersonalData]] = {
    R.EXECUTIVE: frozenset(),
    R.COLLECTIONS_AGENT: frozenset({PersonalData.PHONE, PersonalData.ADDRESS, PersonalData.LTO_POSITION}),
    R.COLLECTIONS_SUPERVISOR: frozenset({PersonalData.PHONE, PersonalData.ADDRESS, PersonalData.LTO_POSITION}),
    R.CREDIT_ANALYST: frozenset({PersonalData.CURP, PersonalData.RFC, PersonalData.PHONE, PersonalData.ADDRESS}),
    R.CREDIT_LEAD: frozenset({PersonalData.CURP, PersonalData.RFC, PersonalData.PHONE, PersonalData.ADDRESS}),
    R.FLEET_OPS: frozenset({PersonalData.PHONE}),
    R.HR_PAYROLL: frozenset({PersonalData.CURP, PersonalData.RFC, PersonalData.PHONE, PersonalData.ADDRESS}),
    R.FINANCE: frozenset(),
    R.ADMIN: frozenset(),
}


class PermissionDenied(LocalizedError, PermissionError):
    """The acting user's role does not allow the action; nothing was done."""


def role_of(value) -> Role | None:
    """The Role for a stored or given value; None for anything that is not a role."""
    try:
        return Role(value)
    except ValueError:
        return None


def can(role, action: Action) -> bool:
    role = role_of(role)
    return role is not None and action in ACTIONS[role]


def can_open(role, page: Page) -> bool:
    role = role_of(role)
    return role is not None and page in PAGES[role]


def sees(role, data: PersonalData) -> bool:
    role = role_of(role)
    return role is not None and data in PERSONAL_DATA[role]


def require(actor, action: Action):
    """The actor when their role allows `action`; PermissionDenied otherwise (before any work)."""
    role = getattr(actor, "role", None)
    if not can(role, action):
        raise PermissionDenied(f"{getattr(actor, 'name', 'nobody')} ({role or 'no role'}) may not {action.value}",
                               key="auth.denied", action=action.value)
    return actor
