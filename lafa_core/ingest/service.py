"""Importing the company's own sheets (drivers, vehicles, contracts, payments): read, check every
row, then write all of it in one transaction or nothing.

`import_sheet(uow, kind, data, filename=…, dry_run=…)` reads the file (lafa_core.imports.sheet),
checks each cell with lafa_core.fields, the references (a contract's driver and vehicle, a payment's
contract, a vehicle's depot), duplicates within the file and the rows already stored, and returns an
`IngestReport`. With any problem, or with `dry_run`, nothing is written — not even an audit record.
Otherwise rows are matched on their natural key (CURP, VIN, contract number, payment reference):
new ones are added, changed ones updated, identical ones left alone, so importing the same file
twice changes nothing. A contract's terms (driver, vehicle, product, start, term, amounts) are not
changed by a sheet — only its status and end dates, each change audited with before and after; a
recorded payment is never changed. New payments settle their lease's schedule oldest installment
first (lafa_core.ledger.allocate_payment), audited per contract with every installment's before and
after. After a write the KPI rollup and the collections queue are rebuilt.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field as dataclass_field
from datetime import datetime, time

from lafa_core import fields
from lafa_core.bounds import InvalidInput
from lafa_core.config import LOCAL_TZ
from lafa_core.generate.geography import ZONES
from lafa_core.identity import acting
from lafa_core.imports import queries as import_queries
from lafa_core.imports.service import file_id, record as _audit
from lafa_core.imports.sheet import ImportReport, RowProblem, RowWarning, SheetError, cached_field, read_sheet, shown
from lafa_core.ingest import queries
from lafa_core.ingest.kinds import FIELDS, LTO_TERM_WEEKS, NATURAL_KEY, check_kind, columns, header
from lafa_core.fleet.rules import status_after_contract
from lafa_core.ledger import allocate_payment, lease_schedule
from lafa_core.tables import ContractKind, ContractStatus, Product
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action, PersonalData

# Who may import what: drivers and vehicles are the company's master data; contracts and payments
# are money (see lafa_core.users.roles).
ACTION = {"drivers": Action.DATA_IMPORT, "vehicles": Action.DATA_IMPORT,
          "contracts": Action.MONEY_IMPORT, "payments": Action.MONEY_IMPORT}
NOON = time(12, 0)  # a payment without its time of day
# Columns holding personal data (CURP, RFC, phone). The roles that import the drivers sheet
# (finance, the administrator) may not see it, so a problem on such a cell names its row and
# column and why, never the value or a piece of it: the person fixing the file has the file.
PERSONAL_FIELDS = frozenset(p.value for p in PersonalData)
HIDDEN = "•••"
MAX_AUDITED_IDS = 1_000
CONTRACT_TERMS = ("driver_id", "vehicle_id", "product", "start_on", "term_weeks", "weekly_rate_centavos",
                  "deposit_centavos", "purchase_option_centavos")
CONTRACT_STATE = ("status", "end_on", "defaulted_on")
_TERM_FIELD = {"driver_id": "driver", "vehicle_id": "vin"}
_ZONE_PLACE = {name: (lat, lon) for name, lat, lon, _ in ZONES}


_HEADER_KEYS = ("import.missing_column", "import.duplicate_column")


@dataclass
class IngestReport(ImportReport):
    """`written` = created + updated; `skipped_identical`: rows equal to what is stored."""

    created: int = 0
    updated: int = 0
    dry_run: bool = False
    refreshed: bool = False  # the KPI rollup and collections queue were rebuilt after the write
    ignored_columns: list[str] = dataclass_field(default_factory=list)
    vehicles_moved: int = 0  # vehicles whose status followed a contract written (contracts sheet)

    def summary(self, lang: str = "es") -> str:
        from lafa_core.i18n import t

        if self.problems:
            rows = len({p.row for p in self.problems if p.row})
            if all(p.row == 0 or p.key in _HEADER_KEYS for p in self.problems):  # the file, not its rows
                more = len(self.problems) - 1
                return t("ingest.refused_file", lang, reason=self.problems[0].text(lang)) + (
                    t("ingest.more", lang, count=more) if more else "")
            return t("ingest.refused", lang, count=len(self.problems), rows=rows)
        key = "ingest.preview_summary" if self.dry_run else "ingest.summary"
        return t(key, lang, read=self.read, created=self.created, updated=self.updated,
                 unchanged=self.skipped_identical, repeated=self.skipped_repeated, warnings=len(self.warnings)) + (
            t("ingest.vehicles_moved", lang, count=self.vehicles_moved) if self.vehicles_moved else "")


@dataclass
class _Row:
    number: int
    values: dict  # field name → value (None: an optional cell left blank, or a cell refused)
    bad: bool = False  # a cell was refused: its other cells are still checked, the row is never written


class _Check:
    """The problems and warnings of one file, each on a column as its header is written."""

    def __init__(self, kind: str, headers: dict[str, str], lang_headers: dict[str, str]):
        self.kind, self.headers, self.names = kind, headers, lang_headers
        self.problems: list[RowProblem] = []
        self.warnings: list[RowWarning] = []

    def column(self, name: str) -> str:
        spanish = self.names[name]
        return self.headers.get(spanish, spanish)

    def _note(self, kind: type, row: int, name: str, value, key: str, values: dict):
        column = self.column(name)
        if name in PERSONAL_FIELDS:
            value, values = HIDDEN, {k: HIDDEN if isinstance(v, str) else v for k, v in values.items()}
        return kind(row, column, shown(value), key, {"field": column, **values})

    def problem(self, row: int, name: str, value, key: str, **values) -> None:
        self.problems.append(self._note(RowProblem, row, name, value, key, values))

    def warning(self, row: int, name: str, value, key: str, **values) -> None:
        self.warnings.append(self._note(RowWarning, row, name, value, key, values))

    def unreadable(self, row: int, name: str, value, error: InvalidInput) -> None:
        """A cell its field refused (`fields.curp`, a date, a number…)."""
        self.problems.append(self._note(RowProblem, row, name, value, error.key, dict(error.values)))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_rows(kind: str, sheet, check: _Check) -> list[_Row]:
    readers = []
    for f in FIELDS[kind]:
        spanish = check.names[f.name]
        readers.append((f, spanish, cached_field(f.read, check.column(f.name))))
    rows = []
    for number, cells in sheet.rows:
        values, bad = {}, False
        for f, spanish, read in readers:
            raw = cells.get(spanish)
            values[f.name] = None
            if _blank(raw):
                if f.required:
                    check.problem(number, f.name, "", "field.required")
                    bad = True
                continue
            if isinstance(raw, str) and raw.startswith("'"):
                raw = raw[1:]  # Excel's "text, not a formula" mark, written out by some tools
            if isinstance(raw, str) and raw.lstrip().startswith("="):
                check.problem(number, f.name, raw, "ingest.formula")
                bad = True
                continue
            result = read(raw)
            if isinstance(result, InvalidInput):
                check.unreadable(number, f.name, raw, result)
                bad = True
                continue
            if f.name == "vin" and kind == "vehicles":
                result, doubts = result
                for doubt in doubts:
                    check.warnings.append(RowWarning(number, check.column(f.name), shown(raw), doubt.key,
                                                     {"field": check.column(f.name), **doubt.values}))
            values[f.name] = result
        rows.append(_Row(number, values, bad))
    return rows


def _distinct(kind: str, rows: list[_Row], check: _Check, report: IngestReport) -> list[_Row]:
    """One row per natural key: a row repeating an earlier one exactly is skipped; one giving the
    same key other values is a problem."""
    key = NATURAL_KEY[kind]
    first: dict = {}
    kept = []
    for row in rows:
        if row.values[key] is None:
            kept.append(row)
            continue
        earlier = first.get(row.values[key])
        if earlier is None:
            first[row.values[key]] = row
            kept.append(row)
        elif earlier.values == row.values:
            report.skipped_repeated += 1
        else:
            check.problem(row.number, key, row.values[key], "ingest.duplicate_in_file", first_row=earlier.number)
    return kept


def _differing(stored: dict, wanted: dict, names) -> list[str]:
    return [name for name in names if stored.get(name) != wanted.get(name)]


# --- drivers ----------------------------------------------------------------------------------------

def _drivers(session, rows: list[_Row], check: _Check, report: IngestReport, now: datetime):
    names = [f.name for f in FIELDS["drivers"] if f.name != "code"]
    stored = queries.rows_by_key(session=session, kind="drivers", key="curp", values=[r.values["curp"] for r in rows],
                                 columns=[*names, "code"])
    given_codes = {r.values["code"] for r in rows if r.values["code"]}
    code_owner = {code: found["curp"] for code, found in queries.rows_by_key(
        session=session, kind="drivers", key="code", values=given_codes, columns=["code", "curp"]).items()}
    in_file: dict[str, _Row] = {}
    inserts, updates = [], []
    for row in rows:
        v = row.values
        bad = row.bad
        code = v["code"]
        if code:
            owner = code_owner.get(code)
            if owner is not None and owner != v["curp"]:
                check.problem(row.number, "code", code, "ingest.code_taken", code=code)
                bad = True
            elif code in in_file:
                check.problem(row.number, "code", code, "ingest.duplicate_in_file", first_row=in_file[code].number)
                bad = True
            in_file.setdefault(code, row)
        if v["joined_on"] is not None and v["joined_on"] > now.date():
            check.problem(row.number, "joined_on", v["joined_on"], "ingest.future_date")
            bad = True
        if bad:
            continue
        v["birth_date"] = v["birth_date"] or fields.curp_birth_date(v["curp"])
        v["has_valid_licence"] = v["has_valid_licence"] != "no"
        existing = stored.get(v["curp"])
        if existing is None:
            lat, lon = _ZONE_PLACE[v["zone"]]
            inserts.append({**{n: v[n] for n in names}, "code": code, "home_lat": lat, "home_lon": lon})
            continue
        changed = _differing(existing, v, names + (["code"] if code else []))
        if changed:
            change = {n: v[n] for n in changed}
            if "zone" in change:
                change["home_lat"], change["home_lon"] = _ZONE_PLACE[v["zone"]]
            updates.append({"id": existing["id"], **change})
        else:
            report.skipped_identical += 1
    if inserts:
        taken = queries.driver_codes(session=session) | set(in_file)
        numbers = [int(c[4:]) for c in taken if c.startswith("DRV-") and c[4:].isdigit()]
        following = max(numbers, default=0) + 1
        for record in inserts:
            if not record["code"]:
                record["code"] = f"DRV-{following:06d}"
                following += 1

    def write(session, audit: list) -> list:
        queries.insert_rows(session=session, kind="drivers", rows=inserts)
        queries.update_rows(session=session, kind="drivers", rows=updates)
        return list(queries.ids_by(session=session, kind="drivers", key="curp",
                                   values=[r["curp"] for r in inserts]).values())
    return len(inserts), updates, write


# --- vehicles ---------------------------------------------------------------------------------------

def _vehicles(session, rows: list[_Row], check: _Check, report: IngestReport, now: datetime):
    names = ["vin", "oem", "model", "plate", "battery_kwh", "status", "depot_id", "in_service_on",
             "acquisition_cost_centavos", "odometer_km_at_service_start", "retired_on"]
    depots = queries.depot_ids(session=session)
    stored = queries.rows_by_key(session=session, kind="vehicles", key="vin", columns=names,
                                 values=[r.values["vin"] for r in rows if r.values["vin"]])
    plates = queries.plates_in_use(session=session, plates=[r.values["plate"] for r in rows if r.values["plate"]])
    plate_rows: dict[str, _Row] = {}
    inserts, updates = [], []
    for row in rows:
        v = row.values
        bad = row.bad
        depot_id = depots.get(v["depot"])
        if depot_id is None and v["depot"] is not None:
            check.problem(row.number, "depot", v["depot"], "ingest.unknown_depot", code=v["depot"])
            bad = True
        owner = plates.get(v["plate"])
        if owner is not None and owner != v["vin"]:
            check.problem(row.number, "plate", v["plate"], "ingest.plate_taken", plate=v["plate"])
            bad = True
        elif v["plate"] in plate_rows:
            check.problem(row.number, "plate", v["plate"], "ingest.duplicate_in_file",
                          first_row=plate_rows[v["plate"]].number)
            bad = True
        if v["plate"] is not None:
            plate_rows.setdefault(v["plate"], row)
        if v["retired_on"] is not None and v["in_service_on"] is not None and v["retired_on"] < v["in_service_on"]:
            check.problem(row.number, "retired_on", v["retired_on"], "ingest.date_before",
                          other=check.column("in_service_on"))
            bad = True
        if bad:
            continue
        record = {**{n: v[n] for n in names if n != "depot_id"}, "depot_id": depot_id}
        record["odometer_km_at_service_start"] = record["odometer_km_at_service_start"] or 0.0
        existing = stored.get(v["vin"])
        if existing is None:
            inserts.append(record)
        elif changed := _differing(existing, record, names):
            updates.append({"id": existing["id"], **{n: record[n] for n in changed}})
        else:
            report.skipped_identical += 1

    def write(session, audit: list) -> list:
        queries.insert_rows(session=session, kind="vehicles", rows=inserts)
        queries.update_rows(session=session, kind="vehicles", rows=updates)
        return list(queries.ids_by(session=session, kind="vehicles", key="vin",
                                   values=[r["vin"] for r in inserts]).values())
    return len(inserts), updates, write


# --- contracts --------------------------------------------------------------------------------------

def _contracts(session, rows: list[_Row], check: _Check, report: IngestReport, now: datetime):
    drivers = import_queries.driver_ids_by_code(session=session)
    vehicles = queries.ids_by(session=session, kind="vehicles", key="vin", values=[r.values["vin"] for r in rows])
    stored = queries.rows_by_key(session=session, kind="contracts", key="code", values=[r.values["code"] for r in rows],
                                 columns=["code", *CONTRACT_TERMS, *CONTRACT_STATE])
    taken = queries.active_contracts_on_vehicles(session=session, vehicle_ids=vehicles.values())
    leaving = {r.values["code"] for r in rows if r.values["status"] != ContractStatus.ACTIVE.value}
    active_in_file: dict[int, _Row] = {}
    inserts, updates, changes = [], [], []
    moved: dict[int, str] = {}  # vehicle id → the status of its contract written now
    for row in rows:
        v = row.values
        bad = row.bad
        driver_id, vehicle_id = drivers.get(v["driver"]), vehicles.get(v["vin"])
        if driver_id is None and v["driver"] is not None:
            check.problem(row.number, "driver", v["driver"], "import.unknown_driver", code=v["driver"])
            bad = True
        if vehicle_id is None and v["vin"] is not None:
            check.problem(row.number, "vin", v["vin"], "ingest.unknown_vehicle", vin=v["vin"])
            bad = True
        lease = v["product"] == Product.LTO.value
        term = v["term_weeks"] if v["term_weeks"] is not None else (LTO_TERM_WEEKS if lease else None)
        for name in ("end_on", "defaulted_on"):
            if v[name] is not None and v["start_on"] is not None and v[name] < v["start_on"]:
                check.problem(row.number, name, v[name], "ingest.date_before", other=check.column("start_on"))
                bad = True
        if v["start_on"] is not None and v["start_on"] > now.date():
            check.problem(row.number, "start_on", v["start_on"], "ingest.future_date")
            bad = True
        defaulted = v["status"] == ContractStatus.DEFAULTED.value
        if v["status"] is None or v["product"] is None:
            pass
        elif defaulted and not lease:
            check.problem(row.number, "status", v["status"], "ingest.default_needs_lease")
            bad = True
        elif defaulted and v["defaulted_on"] is None:
            check.problem(row.number, "defaulted_on", "", "ingest.default_needs_date")
            bad = True
        elif not defaulted and v["defaulted_on"] is not None:
            check.problem(row.number, "defaulted_on", v["defaulted_on"], "ingest.date_only_when_defaulted")
            bad = True
        if bad:
            continue
        record = {"code": v["code"], "driver_id": driver_id, "vehicle_id": vehicle_id, "product": v["product"],
                  "start_on": v["start_on"], "term_weeks": term, "weekly_rate_centavos": v["weekly_rate_centavos"],
                  "deposit_centavos": v["deposit_centavos"] or 0,
                  "purchase_option_centavos": v["purchase_option_centavos"] or 0,
                  "status": v["status"], "end_on": v["end_on"], "defaulted_on": v["defaulted_on"]}
        if v["status"] == ContractStatus.ACTIVE.value and vehicle_id is not None:
            holder = taken.get(vehicle_id)
            if holder is not None and holder != v["code"] and holder not in leaving:
                check.problem(row.number, "vin", v["vin"], "ingest.vehicle_taken", contract=holder)
                bad = True
            elif vehicle_id in active_in_file:
                check.problem(row.number, "vin", v["vin"], "ingest.duplicate_in_file",
                              first_row=active_in_file[vehicle_id].number)
                bad = True
            active_in_file.setdefault(vehicle_id, row)
        if bad:
            continue
        existing = stored.get(v["code"])
        if existing is None:
            inserts.append(record)
            continue
        terms = _differing(existing, record, CONTRACT_TERMS)
        if terms:
            shown_terms = ", ".join(check.column(_TERM_FIELD.get(name, name)) for name in terms)
            check.problem(row.number, "code", v["code"], "ingest.contract_terms_changed", code=v["code"],
                          columns=shown_terms)
            continue
        state = _differing(existing, record, CONTRACT_STATE)
        if not state:
            report.skipped_identical += 1
            continue
        updates.append({"id": existing["id"], **{n: record[n] for n in state}})
        changes.append(("ingest.contract_changed", "contract", existing["id"], {
            "before": {n: existing[n] for n in CONTRACT_STATE}, "after": {n: record[n] for n in CONTRACT_STATE}}))
        if "status" in state:
            moved[existing["vehicle_id"]] = record["status"]
    # The vehicles whose contract starts or changes status now (an older contract added as history
    # moves no car): each follows its latest contract (fleet.rules.status_after_contract).
    moved |= {r["vehicle_id"]: r["status"] for r in inserts if r["status"] == ContractStatus.ACTIVE.value}

    def write(session, audit: list) -> list:
        queries.insert_rows(session=session, kind="contracts", rows=inserts)
        queries.update_rows(session=session, kind="contracts", rows=updates)
        report.vehicles_moved = _move_vehicles(session, moved, audit)
        ids = queries.ids_by(session=session, kind="contracts", key="code", values=[r["code"] for r in inserts])
        schedules = [(ids[r["code"]], seq, due, amount, 0, None) for r in inserts if r["product"] == Product.LTO.value
                     for seq, due, amount in lease_schedule(r["start_on"], r["term_weeks"], r["weekly_rate_centavos"])]
        queries.insert_installments(session=session, records=schedules)
        audit.extend(changes)
        return list(ids.values())
    for record in inserts:
        record["kind"] = (ContractKind.LEASE if record["product"] == Product.LTO.value else ContractKind.EMPLOYMENT).value
    return len(inserts), updates, write


def _move_vehicles(session, moved: dict[int, str], audit: list) -> int:
    """Each vehicle of `moved` takes the status its contracts now call for (an active contract on
    it wins over the one that just ended); audited with before and after. Returns how many moved."""
    if not moved:
        return 0
    active = queries.active_contracts_on_vehicles(session=session, vehicle_ids=moved)
    current = queries.rows_by_key(session=session, kind="vehicles", key="id", values=moved, columns=["status"])
    changed = []
    for vehicle_id, contract_status in sorted(moved.items()):
        before = current[vehicle_id]["status"]
        after = status_after_contract(ContractStatus.ACTIVE.value if vehicle_id in active else contract_status, before)
        if after is not None and after != before:
            changed.append({"id": vehicle_id, "status": after})
            audit.append(("ingest.vehicle_status", "vehicle", vehicle_id, {"before": before, "after": after}))
    queries.update_rows(session=session, kind="vehicles", rows=changed)
    return len(changed)


# --- payments ---------------------------------------------------------------------------------------

def _payments(session, rows: list[_Row], check: _Check, report: IngestReport, now: datetime):
    contracts = queries.contracts_for(session=session, codes=[r.values["contract"] for r in rows])
    stored = queries.rows_by_key(session=session, kind="payments", key="reference",
                                 values=[r.values["reference"] for r in rows],
                                 columns=["reference", "contract_id", "paid_at", "amount_centavos", "method"])
    today = now.date()
    new = []
    for row in rows:
        v = row.values
        bad = row.bad
        found = contracts.get(v["contract"])
        if found is None and v["contract"] is not None:
            check.problem(row.number, "contract", v["contract"], "ingest.unknown_contract", code=v["contract"])
            bad = True
        elif found is not None and found[1] != Product.LTO.value:
            check.problem(row.number, "contract", v["contract"], "ingest.contract_not_lease", code=v["contract"])
            bad = True
        if v["paid_on"] is not None and v["paid_on"] > today:
            check.problem(row.number, "paid_on", v["paid_on"], "ingest.future_date")
            bad = True
        if bad:
            continue
        contract_id = found[0]
        paid_at = datetime.combine(v["paid_on"], v["paid_time"] or NOON, LOCAL_TZ)
        record = (row.number, contract_id, paid_at, v["paid_on"], v["amount_centavos"], v["method"], v["reference"])
        existing = stored.get(v["reference"])
        if existing is None:
            new.append(record)
            continue
        differing = [name for name, same in (
            ("contract", existing["contract_id"] == contract_id),
            ("paid_on", existing["paid_at"].astimezone(LOCAL_TZ).date() == v["paid_on"]),
            ("paid_time", v["paid_time"] is None or existing["paid_at"] == paid_at),
            ("amount_centavos", existing["amount_centavos"] == v["amount_centavos"]),
            ("method", existing["method"] == v["method"])) if not same]
        if differing:
            check.problem(row.number, "reference", v["reference"], "ingest.payment_changed", reference=v["reference"],
                          columns=", ".join(check.column(name) for name in differing))
        else:
            report.skipped_identical += 1
    changes, audit_records = _settle(session, new, check)

    def write(session, audit: list) -> list:
        queries.insert_payments(session=session, records=[record[1:] for record in new])
        queries.set_installments_paid(session=session, changes=changes)
        audit.extend(audit_records)
        return []
    return len(new), [], write


def _settle(session, new: list[tuple], check: _Check) -> tuple[list[tuple], list[tuple]]:
    """The installments the new payments settle (oldest first, ledger.allocate_payment): their new
    (id, paid_centavos, paid_on), and one audit record per contract with each one's before and after."""
    if not new:
        return [], []
    schedule: dict[int, list[list]] = defaultdict(list)  # contract → [id, seq, amount, paid, paid_on] unpaid
    for installment_id, contract_id, seq, amount, paid in queries.unpaid_installments(
            session=session, contract_ids={record[1] for record in new}):
        schedule[contract_id].append([installment_id, seq, amount, paid, None])
    before = {item[0]: (item[3], None) for items in schedule.values() for item in items}
    payments: dict[int, list[str]] = defaultdict(list)
    touched: dict[int, dict[int, list]] = defaultdict(dict)
    for number, contract_id, paid_at, paid_on, amount, method, reference in sorted(new, key=lambda r: (r[1], r[2], r[0])):
        unpaid = [item for item in schedule[contract_id] if item[4] is None]
        applied, left = allocate_payment((item[2] - item[3] for item in unpaid), amount)
        for item, part in zip(unpaid, applied):
            if part:
                item[3] += part
                if item[3] >= item[2]:
                    item[4] = paid_on
                touched[contract_id][item[0]] = item
        payments[contract_id].append(reference)
        if left:
            check.warning(number, "amount_centavos", amount / 100, "ingest.payment_beyond_schedule",
                          amount=f"${left / 100:,.2f}")
    changes, records = [], []
    for contract_id, items in sorted(touched.items()):
        detail = []
        for installment_id, item in sorted(items.items(), key=lambda pair: pair[1][1]):
            changes.append((installment_id, item[3], item[4]))
            paid_before, paid_on_before = before[installment_id]
            detail.append({"installment_id": installment_id, "seq": item[1],
                           "before": {"paid_centavos": paid_before, "paid_on": paid_on_before},
                           "after": {"paid_centavos": item[3], "paid_on": item[4]}})
        records.append(("ingest.installments_paid", "contract", contract_id,
                        {"payments": payments[contract_id], "installments": detail}))
    return changes, records


def _looks_binary(data: bytes) -> bool:
    """Neither a workbook nor text: a picture, a PDF or a program renamed .csv (text has no control
    characters but tabs and line ends)."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return b"\x00" in sample or controls > len(sample) // 100


PLANS = {"drivers": _drivers, "vehicles": _vehicles, "contracts": _contracts, "payments": _payments}


def sheet_names(kind: str) -> tuple[str, ...]:
    """The sheet's name in every language (a template downloaded in any of them is read back)."""
    from lafa_core.i18n import LANGUAGES, t

    return tuple(t(f"ingest.sheet.{kind}", lang) for lang in LANGUAGES)


def import_sheet(uow: UnitOfWork, kind: str, data: bytes, *, filename: str, dry_run: bool = False,
                 models_dir=None) -> IngestReport:
    """Check a sheet and, unless `dry_run` or any row has a problem, write it (see the module's
    docstring). The report says what was (or would be) created, updated and left alone. `models_dir`:
    where the collections roll model is kept (default LAFA_MODELS_DIR)."""
    check_kind(kind)
    actor = acting(uow.actor, ACTION[kind])
    report = IngestReport(kind=kind, filename=filename, dry_run=dry_run)
    names = {f.name: header(kind, f.name, "es") for f in FIELDS[kind]}
    with uow:
        session = uow.session
        try:
            if _looks_binary(data):
                raise SheetError([RowProblem(0, "", "", "ingest.unreadable")])
            sheet = read_sheet(data, columns(kind), filename=filename, sheet_names=sheet_names(kind))
        except SheetError as error:
            report.problems = error.problems
            return report
        report.read = len(sheet.rows)
        report.ignored_columns = list(sheet.ignored)
        check = _Check(kind, sheet.headers, names)
        rows = _distinct(kind, _read_rows(kind, sheet, check), check, report)
        created, updates, write = PLANS[kind](session, rows, check, report, uow.now())
        for column in sheet.ignored:
            check.warnings.append(RowWarning(sheet.header_row, column, column, "ingest.ignored_column",
                                             {"field": column}))
        place = {check.column(f.name): index for index, f in enumerate(FIELDS[kind])}
        in_order = lambda note: (note.row, place.get(note.column, len(place)))  # noqa: E731 - as the sheet reads
        report.warnings = sorted(check.warnings, key=in_order)
        if check.problems:
            report.problems = sorted(check.problems, key=in_order)
            report.skipped_identical = report.skipped_repeated = 0
            return report
        report.created, report.updated = created, len(updates)
        report.written = created + len(updates)
        if dry_run or not report.written:
            return report
        money: list[tuple] = []
        try:
            created_ids = write(session, money)
            queries.insert_audit(session=session, occurred_at=uow.now(), actor=actor.name, records=money)
            updated_ids = [u["id"] for u in updates]
            _audit(uow, "ingest", "ingest.imported", file_id(data), kind=kind, rows_read=report.read,
                   created=created, updated=len(updates), unchanged=report.skipped_identical,
                   repeated=report.skipped_repeated, warnings=len(report.warnings), money_records=len(money),
                   created_ids=sorted(created_ids)[:MAX_AUDITED_IDS],
                   updated_ids=sorted(updated_ids)[:MAX_AUDITED_IDS])
            uow.commit()
        except queries.TAKEN_MEANWHILE:  # a colleague imported the same rows meanwhile: nothing of it is kept
            uow.rollback()
            report.problems = [RowProblem(0, "", "", "ingest.changed_meanwhile")]
            report.created = report.updated = report.written = report.skipped_identical = 0
            report.skipped_repeated = 0
            return report
    report.refreshed = refresh_after_import(uow, kind, models_dir=models_dir)
    return report


def refresh_after_import(uow: UnitOfWork, kind: str, *, models_dir=None) -> bool:
    """Rebuild the weekly KPI rollup and (after contracts or payments) the collections queue, each
    in its own unit of work; False when a rebuild could not run (the import itself stands)."""
    from sqlalchemy.exc import SQLAlchemyError

    from lafa_core.errors import LocalizedError
    from lafa_core.kpis.rollup import refresh_weekly_rollup

    def fresh() -> UnitOfWork:
        return UnitOfWork(uow.engine, actor=uow.actor, clock=uow.clock)

    try:
        refresh_weekly_rollup(fresh())
        if kind in ("contracts", "payments"):
            from lafa_core.collections import refresh_queue, roll_model

            refresh_queue(fresh(), model=roll_model(fresh(), models_dir=models_dir))
    except (LocalizedError, SQLAlchemyError, ValueError, OSError):
        return False
    return True


def may_export(role, kind: str) -> bool:
    """Whoever may import a sheet may take its data out, except the drivers' sheet: it holds every
    driver's CURP, RFC and phone, so it also needs the right to see them."""
    from lafa_core.users.roles import PersonalData, can, sees

    return can(role, ACTION[kind]) and (kind != "drivers" or sees(role, PersonalData.CURP))


def export_sheet(uow: UnitOfWork, kind: str) -> list[dict]:
    """The stored rows of a sheet (field name → value), for the export workbook."""
    from lafa_core.users.roles import PermissionDenied

    check_kind(kind)
    actor = acting(uow.actor, ACTION[kind])
    if not may_export(actor.role, kind):
        raise PermissionDenied(f"{actor.name} may not take the drivers' personal data out", key="auth.denied",
                               action="drivers.export")
    return stored_rows(uow, kind)


def stored_rows(uow: UnitOfWork, kind: str) -> list[dict]:
    with uow:
        rows = queries.export_rows(session=uow.session, kind=kind)
    if kind == "drivers":
        for row in rows:
            row["has_valid_licence"] = "yes" if row["has_valid_licence"] else "no"
    elif kind == "payments":
        for row in rows:
            local = row.pop("paid_at").astimezone(LOCAL_TZ)
            row["paid_on"], row["paid_time"] = local.date(), local.time()
    return rows


__all__ = ["IngestReport", "export_sheet", "import_sheet", "may_export", "refresh_after_import", "stored_rows"]
