"""What the dispatch page shows, in the user's language: metrics, tables, the editable assignment
and conflicts in words, built from `service.DispatchBoard`. No Streamlit, no database. Times are
Mexico City "HH:MM" text; drivers appear by name only (no CURP, no phone)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd

from lafa_core.config import LOCAL_TZ
from lafa_core.dispatch.rules import Conflict, ConflictKind, Planned, is_ready, overlaps, shift_span
from lafa_core.dispatch.service import BoardShift, DispatchBoard
from lafa_core.i18n import format_date, format_percent, t
from lafa_core.tables import ShiftStatus

DRIVER, ZONE, VEHICLE, STARTS, ENDS = "driver", "zone", "vehicle", "starts", "ends"


def clock(moment: datetime | None, day: date, lang: str) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone(LOCAL_TZ)
    text = f"{local:%H:%M}"
    if local.date() > day:
        return t("dispatch.next_day", lang, time=text)
    if local.date() < day:
        return t("dispatch.day_before", lang, time=text)
    return text


def _busy(board: DispatchBoard) -> set[int]:
    return {b.vehicle_id for b in board.booked if b.vehicle_id is not None
            and overlaps(board.starts_at, board.ends_at, b.starts_at, b.ends_at)}


def ready_vehicles(board: DispatchBoard) -> list:
    busy = _busy(board)
    return [v for v in board.vehicles if v.vehicle_id not in busy and is_ready(v, board.target_soc)]


def metrics(board: DispatchBoard, lang: str) -> list[dict]:
    """The metrics row as st.metric keyword arguments."""
    confirmed = sum(s.status != ShiftStatus.WORKED.value for s in board.shifts)
    values = [("drivers", len(board.free_drivers), t("dispatch.metric.drivers_help", lang, total=len(board.drivers))),
              ("ready", len(ready_vehicles(board)), t("dispatch.metric.ready_help", lang, total=len(board.vehicles),
                                                       target=format_percent(board.target_soc, 0))),
              ("pairs", len(board.suggestion.pairs), t("dispatch.metric.pairs_help", lang)),
              ("waiting", len(board.suggestion.waiting), t("dispatch.metric.waiting_help", lang)),
              ("confirmed", confirmed, t("dispatch.metric.confirmed_help", lang))]
    return [{"label": t(f"dispatch.metric.{key}", lang), "value": f"{value:,}", "help": help_text}
            for key, value, help_text in values]


def context(board: DispatchBoard, lang: str) -> str:
    return t("dispatch.context", lang, depot=f"{board.depot.code} {board.depot.name}", zone=board.depot.zone,
             day=format_date(board.day, lang), start=clock(board.starts_at, board.day, lang),
             end=clock(board.ends_at, board.day, lang), target=format_percent(board.target_soc, 0),
             evening=format_date(board.day - timedelta(days=1), lang))


def vehicle_state(board: DispatchBoard, vehicle, busy: set[int], lang: str) -> str:
    if vehicle.in_workshop:
        key = "workshop"
    elif not vehicle.insured:
        key = "uninsured"
    elif vehicle.vehicle_id in busy:
        key = "busy"
    elif vehicle.soc_at_start is None:
        key = "not_planned"
    elif vehicle.soc_at_start < board.target_soc - 1e-6:
        key = "low"
    else:
        key = "ready"
    return t(f"dispatch.state.{key}", lang)


def vehicles_table(board: DispatchBoard, lang: str) -> pd.DataFrame:
    busy = _busy(board)
    rows = [(v.plate, board.models.get(v.vehicle_id, "—"),
             "—" if v.soc_at_start is None else format_percent(v.soc_at_start, 0), vehicle_state(board, v, busy, lang))
            for v in sorted(board.vehicles, key=lambda v: (-(v.soc_at_start or -1), v.plate))]
    columns = [t(f"dispatch.col.{key}", lang) for key in ("plate", "model", "soc_at_start", "state")]
    return pd.DataFrame(rows, columns=columns)


def no_vehicle(lang: str) -> str:
    return t("dispatch.no_vehicle", lang)


def vehicle_options(board: DispatchBoard, lang: str) -> list[str]:
    """The plates the editor offers: ready ones first (fullest first), then the rest; and "none"."""
    ready = {v.vehicle_id for v in ready_vehicles(board)}
    ordered = sorted(board.vehicles, key=lambda v: (v.vehicle_id not in ready, -(v.soc_at_start or -1), v.plate))
    return [no_vehicle(lang)] + [v.plate for v in ordered]


def column_names(lang: str) -> dict[str, str]:
    return {key: t(f"dispatch.col.{key}", lang) for key in (DRIVER, ZONE, VEHICLE, STARTS, ENDS)}


def assignment_frame(board: DispatchBoard, lang: str) -> pd.DataFrame:
    """The suggestion as an editable table, indexed by driver id (hidden): driver, zone, vehicle, times."""
    plates = {v.vehicle_id: v.plate for v in board.vehicles}
    names = {d.driver_id: d for d in board.drivers}
    start, end = board.starts_at.astimezone(LOCAL_TZ).time(), board.ends_at.astimezone(LOCAL_TZ).time()
    rows = [(p.driver_id, names[p.driver_id].full_name, names[p.driver_id].zone, plates[p.vehicle_id], start, end)
            for p in board.suggestion.pairs]
    rows += [(d, names[d].full_name, names[d].zone, no_vehicle(lang), start, end) for d in board.suggestion.waiting]
    names_ = column_names(lang)
    frame = pd.DataFrame(rows, columns=["id", *names_.values()]).set_index("id")
    frame.index.name = None
    return frame


def assignments_from(board: DispatchBoard, frame: pd.DataFrame, lang: str) -> list[Planned]:
    """The edited table back as planned shifts (rows without a vehicle are left out)."""
    ids = {v.plate: v.vehicle_id for v in board.vehicles}
    names = column_names(lang)
    default_start, default_end = board.starts_at.astimezone(LOCAL_TZ).time(), board.ends_at.astimezone(LOCAL_TZ).time()
    planned = []
    for driver_id, plate, start, end in zip(frame.index, frame[names[VEHICLE]], frame[names[STARTS]],
                                            frame[names[ENDS]]):
        vehicle = ids.get(plate)
        if vehicle is None:
            continue
        starts_at, ends_at = shift_span(board.day, start if isinstance(start, time) else default_start,
                                        end if isinstance(end, time) else default_end)
        planned.append(Planned(int(driver_id), vehicle, starts_at, ends_at))
    return planned


def conflict_texts(board: DispatchBoard, planned: list[Planned], conflicts: list[Conflict], lang: str) -> list[str]:
    """Each conflict as a sentence naming the driver or plate and the other shift's times."""
    names = {d.driver_id: d.full_name for d in board.drivers}
    plates = {v.vehicle_id: v.plate for v in board.vehicles}
    booked = {b.shift_id: b for b in board.booked}
    texts = []
    for c in conflicts:
        row = planned[c.row]
        other = planned[c.other_row] if c.other_row is not None else booked.get(c.other_shift_id)
        values = {"driver": names.get(c.driver_id, "—"), "plate": plates.get(c.vehicle_id, "—"),
                  "day": format_date(board.day, lang), "start": clock(row.starts_at, board.day, lang),
                  "end": clock(row.ends_at, board.day, lang)}
        if other is not None:
            values |= {"other_start": clock(other.starts_at, board.day, lang),
                       "other_end": clock(other.ends_at, board.day, lang),
                       "other_driver": names.get(other.driver_id, t("dispatch.another_driver", lang))}
        suffix = "_row" if c.other_row is not None else ""
        key = f"dispatch.conflict.{c.kind.value}{suffix if c.kind in (ConflictKind.DRIVER_OVERLAP, ConflictKind.VEHICLE_OVERLAP) else ''}"
        texts.append(t(key, lang, **values))
    return texts


def low_charge(board: DispatchBoard, planned: list[Planned]) -> list[str]:
    """Plates chosen below the target SOC at the shift's start (allowed, but said)."""
    facts = board.facts
    return sorted({facts[p.vehicle_id].plate for p in planned if p.vehicle_id in facts
                   and not facts[p.vehicle_id].in_workshop and facts[p.vehicle_id].insured
                   and (facts[p.vehicle_id].soc_at_start or 0.0) < board.target_soc - 1e-6})


def status_text(shift: BoardShift, day: date, lang: str) -> str:
    if shift.status == ShiftStatus.CHECKED_IN.value:
        return t("dispatch.status.checked_in", lang, time=clock(shift.checked_in_at, day, lang))
    if shift.status == ShiftStatus.WORKED.value and shift.checked_out_at is None:
        return t("dispatch.status.recorded", lang)
    return t(f"dispatch.status.{shift.status}", lang)


def shifts_table(shifts: tuple[BoardShift, ...], day: date, lang: str) -> pd.DataFrame:
    rows = [(s.full_name, s.plate or "—", clock(s.starts_at, day, lang), clock(s.ends_at, day, lang),
             status_text(s, day, lang)) for s in shifts]
    columns = [t(f"dispatch.col.{key}", lang) for key in ("driver", "vehicle", "starts", "ends", "status")]
    return pd.DataFrame(rows, columns=columns)


def open_shifts(shifts: tuple[BoardShift, ...]) -> list[BoardShift]:
    """The shifts a check-in or check-out can still move on."""
    return [s for s in shifts if s.status in (ShiftStatus.CONFIRMED.value, ShiftStatus.CHECKED_IN.value)]


def shift_label(shift: BoardShift, day: date, lang: str) -> str:
    return (f"{shift.full_name} · {shift.plate or '—'} · {clock(shift.starts_at, day, lang)}–"
            f"{clock(shift.ends_at, day, lang)} · {status_text(shift, day, lang)}")
